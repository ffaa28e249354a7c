# lab_tests.cmake (included by platform_tests.cmake): the ReLU instruments of issue 4 run headless.
if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_lab_smoke ${CMAKE_CURRENT_LIST_DIR}/ui_lab_smoke.cpp)
  target_link_libraries(relulab_ui_lab_smoke PRIVATE relulab_ui)
  add_test(NAME ui_lab_smoke COMMAND relulab_ui_lab_smoke 20)
endif()
