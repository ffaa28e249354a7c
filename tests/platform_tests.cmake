# platform_tests.cmake (included by tests/CMakeLists.txt): the UI smoke test, the boundary shader vs
# CPU grid agreement check, and the end-to-end tests: the desktop app under Xvfb (native build) and
# the page in headless Chromium (web build). Screenshots land in tests/e2e/artifacts/.
set(e2e_artifacts "${PROJECT_SOURCE_DIR}/tests/e2e/artifacts")

if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_smoke ui_smoke.cpp)
  target_link_libraries(relulab_ui_smoke PRIVATE relulab_ui)
  add_test(NAME ui_smoke COMMAND relulab_ui_smoke 120)

  add_executable(png_check tools/png_check.cpp)
  target_include_directories(png_check PRIVATE ${RELULAB_SYSINC})

  # Every Xvfb here runs with -noreset. Without it the server resets when its last client
  # disconnects, and a client connecting during the reset (the app starting while xdotool's
  # search closes, or SDL's probe connection closing) is refused: SDL then falls back to its
  # headless driver and the app runs with no window (the desktop monkey's "no window appeared",
  # about one start in twenty). The app now refuses that fallback; -noreset removes the race.
  find_program(XVFB_RUN xvfb-run)
  if(NOT XVFB_RUN)
    message(WARNING "xvfb-run not found (Debian package xvfb; run scripts/setup.sh): desktop end-to-end tests fail")
    set(XVFB_RUN xvfb-run)
  endif()
  add_test(NAME e2e_desktop
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/desktop_e2e.sh ${XVFB_RUN} $<TARGET_FILE:relulab>
                   $<TARGET_FILE:png_check> ${e2e_artifacts})
  add_test(NAME shader_check_desktop
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24 -noreset" $<TARGET_FILE:relulab> --frames 20 --shader-check)
  # every frame drawn only where it changed (ui/gfx/ui_renderer.h) equals the same frame drawn in
  # full, while training; and on a narrow window at UI scale 1.5 (the phone layout's size)
  add_test(NAME e2e_redraw_desktop
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24 -noreset" $<TARGET_FILE:relulab> --fresh --frames 90 --redraw-check)
  add_test(NAME e2e_redraw_desktop_narrow
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x1000x24 -noreset" $<TARGET_FILE:relulab> --fresh --frames 60 --redraw-check
                   --size 420x900 --ui-scale 1.5)
  # the linear-regions view: the edge overlay (ui/gfx/region_overlay.h) rebuilt as training moves
  add_test(NAME e2e_redraw_desktop_regions
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24 -noreset" $<TARGET_FILE:relulab> --fresh --frames 60 --redraw-check
                   --view regions)
  set_tests_properties(e2e_desktop shader_check_desktop e2e_redraw_desktop e2e_redraw_desktop_narrow
                       e2e_redraw_desktop_regions
                       PROPERTIES TIMEOUT 300 ENVIRONMENT "HOME=${CMAKE_BINARY_DIR}/test-home")
  # no window system at all: a clear exit, not an invisible app (SDL's headless fallback)
  add_test(NAME e2e_no_display_desktop
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/no_display_desktop.sh $<TARGET_FILE:relulab>
                   $<TARGET_FILE:png_check>)
  set_tests_properties(e2e_no_display_desktop PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
else()
  find_program(NODE node REQUIRED)
  add_test(NAME e2e_browser
           COMMAND ${NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/browser_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${e2e_artifacts})
  set_tests_properties(e2e_browser PROPERTIES TIMEOUT 600)
  # a lost WebGL context is reported and recovered, the model survives
  add_test(NAME e2e_context_loss
           COMMAND ${NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/context_loss_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${e2e_artifacts})
  set_tests_properties(e2e_context_loss PROPERTIES TIMEOUT 300)
  # the page draws only when something changes, and wakes at once on input
  add_test(NAME e2e_frames
           COMMAND ${NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/frames_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${e2e_artifacts})
  set_tests_properties(e2e_frames PROPERTIES TIMEOUT 600)
endif()

# the ReLU instruments (ui/lab.h) headless
include(${CMAKE_CURRENT_LIST_DIR}/lab_tests.cmake)
# every screen: HiDPI, UI scale, the phone layout and touch
include(${CMAKE_CURRENT_LIST_DIR}/screen_tests.cmake)

# autosave, undo, the monkey, bad input through the page
include(${CMAKE_CURRENT_LIST_DIR}/nothing_lost_tests.cmake)

# issue 10: two languages, the tour, classroom links
include(${CMAKE_CURRENT_LIST_DIR}/i18n_tests.cmake)

# issue 12: the exact linear regions drawn and explored
include(${CMAKE_CURRENT_LIST_DIR}/regions_tests.cmake)
