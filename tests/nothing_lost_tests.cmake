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

# ---- item 7: a state file's weights and points are used by `relulab train --config`, or refused ----
if(NOT EMSCRIPTEN AND TARGET relulab AND COMMAND relulab_cli_test)
  foreach(state model_circle custom_weights)
    add_test(NAME cli_state_weights_kept_${state}
             COMMAND ${CMAKE_COMMAND} -DRELULAB=$<TARGET_FILE:relulab> -DSTATE=${cli_data}/${state}.json
                     -DOUT=${nothing_lost_out}/${state}_step0.json -P ${CMAKE_CURRENT_LIST_DIR}/cli_state_weights_check.cmake)
    set_tests_properties(cli_state_weights_kept_${state} PROPERTIES LABELS cli TIMEOUT 60)
  endforeach()
  relulab_cli_test(state_weights_step0 0 STDERR "training starts from its weights at step 0 (fresh optimiser moments), on its 40 custom points"
                   JSON "steps==5" ARGS train --config ${cli_data}/custom_weights.json --steps 5 --json)
  relulab_cli_test(state_points_only 0 STDERR "training fresh weights on its 40 custom points"
                   ARGS train --config ${cli_data}/custom_points.json --steps 5 --seed 4)
  relulab_cli_test(state_weights_bad_seed 2 STDERR "--seed: ${cli_data}/model_circle.json holds a model's weights"
                   ARGS train --config ${cli_data}/model_circle.json --steps 5 --seed 3)
  relulab_cli_test(state_weights_bad_data 2 STDERR "--data: ${cli_data}/custom_weights.json holds weights and custom points"
                   ARGS train --config ${cli_data}/custom_weights.json --data ${cli_data}/circle_points.csv)
endif()

# ---- the desktop's autosave under Xvfb ----
if(NOT EMSCRIPTEN)
  find_program(XVFB_RUN xvfb-run)
  if(XVFB_RUN)
    add_test(NAME e2e_autosave_desktop
             COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/autosave_desktop.sh ${XVFB_RUN} $<TARGET_FILE:relulab>)
    set_tests_properties(e2e_autosave_desktop PROPERTIES TIMEOUT 300)
  endif()
endif()

# ---- the monkey's short run (the long one: scripts/monkey.sh), seed fixed so CI replays ----
set(monkey_short_events 2000)
set(monkey_seed 20140)
if(NOT EMSCRIPTEN)
  find_program(XDOTOOL xdotool)
  find_program(NODE node)
  if(XVFB_RUN AND XDOTOOL AND NODE)
    add_test(NAME e2e_monkey_desktop
             COMMAND ${XVFB_RUN} -a -s "-screen 0 1920x1200x24 -noreset" ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/monkey_desktop.mjs
                     --app $<TARGET_FILE:relulab> --events ${monkey_short_events} --seed ${monkey_seed}
                     --report ${nothing_lost_out}/monkey_desktop.json)
    set_tests_properties(e2e_monkey_desktop PROPERTIES TIMEOUT 900)
  else()
    message(WARNING "xvfb-run, xdotool or node missing (scripts/setup.sh installs them): no desktop monkey test")
  endif()
else()
  find_program(NODE node REQUIRED)
  foreach(script autosave bad_input)
    add_test(NAME e2e_${script}_browser
             COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/${script}_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                     --out ${PROJECT_SOURCE_DIR}/tests/e2e/artifacts)
    set_tests_properties(e2e_${script}_browser PROPERTIES TIMEOUT 900)
  endforeach()
  add_test(NAME e2e_monkey_browser
           COMMAND ${NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/monkey_e2e.mjs --site ${CMAKE_BINARY_DIR}/site
                   --out ${PROJECT_SOURCE_DIR}/tests/e2e/artifacts --events ${monkey_short_events}
                   --seed ${monkey_seed} --per-frame 8 --report ${nothing_lost_out}/monkey_page.json)
  set_tests_properties(e2e_monkey_browser PROPERTIES TIMEOUT 900)
endif()
