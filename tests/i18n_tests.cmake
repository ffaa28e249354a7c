# i18n_tests.cmake (included by platform_tests.cmake): the two languages, the tour and classroom
# links of issue 10: the string table and glyph coverage headless, and end to end on the page
# (headless Chromium) and the desktop (Xvfb). Screenshots land in tests/e2e/artifacts/.
if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_i18n_test ${CMAKE_CURRENT_LIST_DIR}/ui_i18n_test.cpp)
  target_link_libraries(relulab_ui_i18n_test PRIVATE relulab_ui)
  target_include_directories(relulab_ui_i18n_test PRIVATE ${RELULAB_SYSINC})
  target_compile_definitions(relulab_ui_i18n_test PRIVATE RELULAB_TEST_DATA="${CMAKE_CURRENT_LIST_DIR}/data")
  add_test(NAME ui_i18n COMMAND relulab_ui_i18n_test)
  set_tests_properties(ui_i18n PROPERTIES TIMEOUT 300)
  add_test(NAME e2e_i18n_desktop
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/i18n_desktop_e2e.sh ${XVFB_RUN} $<TARGET_FILE:relulab>
                   ${PROJECT_SOURCE_DIR}/tests/e2e/artifacts)
  set_tests_properties(e2e_i18n_desktop PROPERTIES TIMEOUT 600)
else()
  find_program(NODE node REQUIRED)
  add_test(NAME e2e_i18n_browser
           COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/i18n_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${PROJECT_SOURCE_DIR}/tests/e2e/artifacts)
  set_tests_properties(e2e_i18n_browser PROPERTIES TIMEOUT 900)
endif()
