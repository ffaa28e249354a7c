# regions_tests.cmake (included by platform_tests.cmake): issue 12's app half, the exact partition
# drawn and explored (ui/regions.h). Natively: headless against the CLI on the same trained spiral
# net (edges, hover, layer slider, state(), Export SVG), and the desktop app under Xvfb with the
# pointer over a region (screenshot). On the page, headless Chromium: the same, and the SVG download.
if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_regions_test ${CMAKE_CURRENT_LIST_DIR}/ui_regions_test.cpp)
  target_link_libraries(relulab_ui_regions_test PRIVATE relulab_ui)
  add_test(NAME ui_regions
           COMMAND relulab_ui_regions_test ${PROJECT_SOURCE_DIR}/bench/data/spiral_16x3.json $<TARGET_FILE:relulab>
                   ${CMAKE_CURRENT_BINARY_DIR})
  add_test(NAME e2e_regions_desktop
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/regions_desktop_e2e.sh ${XVFB_RUN} $<TARGET_FILE:relulab>
                   $<TARGET_FILE:png_check> ${PROJECT_SOURCE_DIR}/bench/data/spiral_16x3.json ${e2e_artifacts})
  set_tests_properties(e2e_regions_desktop PROPERTIES TIMEOUT 300)
else()
  add_test(NAME e2e_regions_browser
           COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/regions_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --model ${PROJECT_SOURCE_DIR}/bench/data/spiral_16x3.json --out ${e2e_artifacts})
  set_tests_properties(e2e_regions_browser PROPERTIES TIMEOUT 600)
endif()
