# screen_tests.cmake (included by platform_tests.cmake): every screen. Natively: the
# font pipeline, layouts and touch gestures headless, and the desktop app under Xvfb at UI scale 2
# (screenshot). On the page, headless Chromium: devicePixelRatio 2 and 3 (backing store, sharp
# text, frame rate) and a phone (390x844, ratio 3, touch: tabs, tap, long press, play/pause).
if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_screen_smoke ${CMAKE_CURRENT_LIST_DIR}/ui_screen_smoke.cpp)
  target_link_libraries(relulab_ui_screen_smoke PRIVATE relulab_ui)
  add_test(NAME ui_screen_smoke COMMAND relulab_ui_screen_smoke)
  add_test(NAME e2e_desktop_ui_scale
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/desktop_ui_scale_e2e.sh ${XVFB_RUN} $<TARGET_FILE:relulab>
                   $<TARGET_FILE:png_check> ${e2e_artifacts})
  set_tests_properties(e2e_desktop_ui_scale PROPERTIES TIMEOUT 300)
else()
  add_test(NAME e2e_hidpi_browser
           COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/hidpi_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${e2e_artifacts})
  add_test(NAME e2e_phone_browser
           COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/phone_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${e2e_artifacts})
  set_tests_properties(e2e_hidpi_browser e2e_phone_browser PROPERTIES TIMEOUT 600)
endif()
