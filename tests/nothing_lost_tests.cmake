# nothing_lost_tests.cmake (included by platform_tests.cmake): issue 14, nothing lost. Natively: undo
# and autosave headless (ui_nothing_lost.cpp), the desktop autosave under Xvfb (restored bit for
# bit, a corrupt one set aside, --fresh), the desktop monkey's short run, and `relulab train
# --config` using a state file's weights and points. On the page (headless Chromium): reload
# restores the run bit for bit, the link wins, start fresh, storage errors; the fuzz corpus through
# the page's own load and import paths; the page monkey's short run.
set(nothing_lost_out ${CMAKE_CURRENT_BINARY_DIR}/nothing_lost)
file(MAKE_DIRECTORY ${nothing_lost_out})
if(NOT EMSCRIPTEN)
  add_executable(relulab_ui_nothing_lost ${CMAKE_CURRENT_LIST_DIR}/ui_nothing_lost.cpp)
  target_link_libraries(relulab_ui_nothing_lost PRIVATE relulab_ui)
  add_test(NAME ui_nothing_lost COMMAND relulab_ui_nothing_lost)
  set_tests_properties(ui_nothing_lost PROPERTIES TIMEOUT 300)
endif()
