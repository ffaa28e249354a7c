# lab_tests.cmake (included by platform_tests.cmake): the ReLU instruments (sparsity, dead units, gradient flow, regions), headless
# natively, and end to end on the page in headless Chromium (data set, click-to-add, URL hash round
# trip, state save/load, bad input).
if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_lab_smoke ${CMAKE_CURRENT_LIST_DIR}/ui_lab_smoke.cpp)
  target_link_libraries(relulab_ui_lab_smoke PRIVATE relulab_ui)
  add_test(NAME ui_lab_smoke COMMAND relulab_ui_lab_smoke 20)
else()
  find_program(NODE node REQUIRED)
  add_test(NAME e2e_lab_browser
           COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/lab_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${PROJECT_SOURCE_DIR}/tests/e2e/artifacts)
  set_tests_properties(e2e_lab_browser PROPERTIES TIMEOUT 600)
endif()

# The frame schedule (ui/schedule.cpp): one shared budget, sleeping while nothing changes.
if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_schedule_test ${CMAKE_CURRENT_LIST_DIR}/ui_schedule_test.cpp)
  target_link_libraries(relulab_ui_schedule_test PRIVATE relulab_ui)
  add_test(NAME ui_schedule COMMAND relulab_ui_schedule_test)
  # the main view's raster: only what changed is uploaded and redrawn (gfx/view_raster.h)
  add_executable(relulab_ui_raster_test ${CMAKE_CURRENT_LIST_DIR}/ui_raster_test.cpp)
  target_link_libraries(relulab_ui_raster_test PRIVATE relulab_ui)
  add_test(NAME ui_raster COMMAND relulab_ui_raster_test)
  # the charts' axes end on round values: a new point extends a chart, it does not rescale it
  add_executable(relulab_ui_chart_test ${CMAKE_CURRENT_LIST_DIR}/ui_chart_test.cpp)
  target_link_libraries(relulab_ui_chart_test PRIVATE relulab_ui)
  add_test(NAME ui_chart COMMAND relulab_ui_chart_test)
endif()
