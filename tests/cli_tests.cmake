# cli_tests.cmake: end-to-end tests of the headless CLI (native/cli.cpp), included by
# tests/CMakeLists.txt for native builds. Each test runs `relulab ...` through cli_check.cmake, which
# checks the exact exit code (0 success, 1 diverged/internal, 2 bad usage or input), a substring of
# the message (naming file, line and field for bad input) and, for --json output, numeric fields.
if(NOT TARGET relulab)
  return()
endif()

set(cli_data ${CMAKE_CURRENT_SOURCE_DIR}/data)
set(cli_out ${CMAKE_CURRENT_BINARY_DIR}/cli_out)
file(MAKE_DIRECTORY ${cli_out})

# relulab_cli_test(NAME CODE [TEXT t] [STDERR t] [JSON checks...] [FILE path] [FIXTURE_SETUP f]
#                  [FIXTURE_REQUIRED f] ARGS args...)
function(relulab_cli_test name code)
  cmake_parse_arguments(T "" "TEXT;STDERR;FILE;FIXTURE_SETUP;FIXTURE_REQUIRED" "JSON;ARGS" ${ARGN})
  set(defs -DEXPECT_CODE=${code})
  if(DEFINED T_TEXT)
    list(APPEND defs "-DEXPECT_TEXT=${T_TEXT}")
  endif()
  if(DEFINED T_STDERR)
    list(APPEND defs "-DEXPECT_STDERR=${T_STDERR}")
  endif()
  if(DEFINED T_FILE)
    list(APPEND defs "-DEXPECT_FILE=${T_FILE}")
  endif()
  if(T_JSON)
    string(REPLACE ";" "\\;" json_checks "${T_JSON}")
    list(APPEND defs "-DEXPECT_JSON=${json_checks}")
  endif()
  add_test(NAME cli_${name}
           COMMAND ${CMAKE_COMMAND} ${defs} -P ${CMAKE_CURRENT_SOURCE_DIR}/cli_check.cmake
                   -- $<TARGET_FILE:relulab> ${T_ARGS})
  set_tests_properties(cli_${name} PROPERTIES LABELS cli TIMEOUT 120)
  if(T_FIXTURE_SETUP)
    set_tests_properties(cli_${name} PROPERTIES FIXTURES_SETUP ${T_FIXTURE_SETUP})
  endif()
  if(T_FIXTURE_REQUIRED)
    set_tests_properties(cli_${name} PROPERTIES FIXTURES_REQUIRED ${T_FIXTURE_REQUIRED})
  endif()
endfunction()

# ---- usage --------------------------------------------------------------------------------------
relulab_cli_test(version 0 TEXT "relulab " ARGS --version)
relulab_cli_test(help 0 TEXT "regions" ARGS --help)
foreach(sub train regions eval bench)
  relulab_cli_test(help_${sub} 0 TEXT "Usage: relulab ${sub}" ARGS ${sub} --help)
endforeach()
relulab_cli_test(usage_missing_config 2 STDERR "--config is required" ARGS train)
relulab_cli_test(usage_unknown_option 2 STDERR "relulab train:" ARGS train --config x.json --frobnicate)
relulab_cli_test(usage_bad_steps 2 STDERR "--steps" ARGS train --config ${cli_data}/circle.json --steps many)
relulab_cli_test(usage_negative_steps 2 STDERR "--steps: -5 is out of range"
                 ARGS train --config ${cli_data}/circle.json --steps -5)

# ---- the happy path: train, then regions and eval on the written model -------------------------
# 200 Adam steps on a clean circle: the network must actually learn it (test accuracy >= 90%).
relulab_cli_test(train 0 FILE ${cli_out}/circle_model.json FIXTURE_SETUP cli_model
                 JSON "accuracy_test>=0.9" "steps==200"
                 ARGS train --config ${cli_data}/circle.json --steps 200 --out ${cli_out}/circle_model.json
                      --json --quiet)
relulab_cli_test(train_table 0 TEXT "active input-to-output paths"
                 ARGS train --config ${cli_data}/circle.json --steps 50 --quiet)
relulab_cli_test(train_csv_data 0 JSON "accuracy_train>=0.85"
                 ARGS train --config ${cli_data}/circle.json --data ${cli_data}/circle_points.csv
                      --steps 300 --json --quiet)
# Two hidden layers of 8 ReLUs: more than one region, and far fewer than the 2^16 patterns.
# Exact by default (core/regions_exact.h); --resolution N gives the grid estimate.
relulab_cli_test(regions 0 FIXTURE_REQUIRED cli_model TEXT "\"method\": \"exact\""
                 JSON "regions>=2" "regions<=65536" "polygons>=2" "ms>=0" "regions_with_training_points>=1"
                 ARGS regions --model ${cli_out}/circle_model.json --json)
relulab_cli_test(regions_grid 0 FIXTURE_REQUIRED cli_model TEXT "\"method\": \"grid\""
                 JSON "regions>=2" "regions<=4096" "resolution==64"
                 ARGS regions --model ${cli_out}/circle_model.json --resolution 64 --json)
relulab_cli_test(regions_svg 0 FIXTURE_REQUIRED cli_model FILE ${cli_out}/regions.svg
                 ARGS regions --model ${cli_out}/circle_model.json --svg ${cli_out}/regions.svg --layer 1)
# The issue's trained spiral net (bench/data): a plausibility check of the exact count (1656 here,
# 1655 in the issue's table, where the 256 x 256 grid sees 1065), not a golden value.
relulab_cli_test(regions_spiral 0 TEXT "\"method\": \"exact\"" JSON "regions>=1600" "regions<=1720"
                 ARGS regions --model ${CMAKE_SOURCE_DIR}/bench/data/spiral_16x3.json --json)
# Smooth units: the grid estimate, labelled, with the reason.
relulab_cli_test(regions_smooth 0 TEXT "\"exact_unavailable\": \"hidden layer 1 is tanh"
                 JSON "regions>=1"
                 ARGS regions --model ${cli_data}/model_tanh.json --json)
relulab_cli_test(regions_smooth_svg 2 STDERR "--svg needs the exact partition"
                 ARGS regions --model ${cli_data}/model_tanh.json --svg ${cli_out}/tanh.svg)
relulab_cli_test(regions_table 0 TEXT "linear regions" FIXTURE_REQUIRED cli_model
                 ARGS regions --model ${cli_out}/circle_model.json --domain -3,3,-2,2)
relulab_cli_test(eval 0 FIXTURE_REQUIRED cli_model JSON "accuracy>=0.85" "points==200"
                 ARGS eval --model ${cli_out}/circle_model.json --data ${cli_data}/circle_points.csv --json)
relulab_cli_test(eval_fixture_model 0 TEXT "confusion"
                 ARGS eval --model ${cli_data}/model_circle.json --data ${cli_data}/circle_points.csv)
relulab_cli_test(bench_write_data 0 FILE ${cli_out}/bench_circle.csv
                 ARGS bench --write-data ${cli_out}/bench_circle.csv)
# The benchmark body runs end to end (a smoke test: its speed is the benchmark's business, not a
# test's; the peak is only checked to be a measured, positive number).
relulab_cli_test(bench_quick 0 STDERR "bench: measuring peak" JSON "peak_gflops>=0.1"
                 ARGS bench --quick --json)
set_tests_properties(cli_bench_quick PROPERTIES TIMEOUT 300 RUN_SERIAL ON)

# ---- divergence: exit 1, the step named, the last finite weights still written ------------------
relulab_cli_test(train_diverges 1 STDERR "diverged: step" FILE ${cli_out}/diverged.json
                 ARGS train --config ${cli_data}/diverge.json --steps 200 --out ${cli_out}/diverged.json --quiet)

# ---- bad input: exit 2, the message names file, line / field -----------------------------------
relulab_cli_test(bad_missing_file 2 STDERR "no_such_file.json"
                 ARGS train --config ${cli_data}/no_such_file.json)
relulab_cli_test(bad_truncated_json 2 STDERR "bad_truncated.json: invalid JSON at byte"
                 ARGS train --config ${cli_data}/bad_truncated.json)
relulab_cli_test(bad_activation 2 STDERR "config.network.hidden[1].activation: \"relu2\" is not one of"
                 ARGS train --config ${cli_data}/bad_activation.json)
relulab_cli_test(bad_version 2 STDERR "bad_version.json: version: 2 is not supported"
                 ARGS train --config ${cli_data}/bad_version.json)
relulab_cli_test(bad_units 2 STDERR "config.network.hidden[0].units: 300 is out of range 1..128"
                 ARGS train --config ${cli_data}/bad_units.json)
relulab_cli_test(bad_config_as_model 2 STDERR "circle.json: weights: missing"
                 ARGS regions --model ${cli_data}/circle.json)
relulab_cli_test(bad_model_shape 2 STDERR "bad_model_shape.json: weights.layers[0].weights: 7 rows, expected 8"
                 ARGS regions --model ${cli_data}/bad_model_shape.json)
relulab_cli_test(bad_model_null 2 STDERR "bad_model_null.json: weights.layers[1].biases[0]"
                 ARGS eval --model ${cli_data}/bad_model_null.json --data ${cli_data}/circle_points.csv)
relulab_cli_test(bad_csv_field 2 STDERR "bad_field.csv:3: field 'x2': 'abc' is not a number"
                 ARGS eval --model ${cli_data}/model_circle.json --data ${cli_data}/bad_field.csv)
relulab_cli_test(bad_csv_nan 2 STDERR "bad_nan.csv:3: field 'x2'"
                 ARGS eval --model ${cli_data}/model_circle.json --data ${cli_data}/bad_nan.csv)
relulab_cli_test(bad_csv_missing 2 STDERR "bad_missing.csv:3: field 'label': missing"
                 ARGS eval --model ${cli_data}/model_circle.json --data ${cli_data}/bad_missing.csv)
relulab_cli_test(bad_csv_label 2 STDERR "bad_label.csv:2: field 'label': 7 is not a class index"
                 ARGS eval --model ${cli_data}/model_circle.json --data ${cli_data}/bad_label.csv)
relulab_cli_test(bad_train_csv 2 STDERR "bad_field.csv:3: field 'x2'"
                 ARGS train --config ${cli_data}/circle.json --data ${cli_data}/bad_field.csv)
relulab_cli_test(bad_domain_order 2 STDERR "--domain: want X0 < X1 and Y0 < Y1"
                 ARGS regions --model ${cli_data}/model_circle.json --domain 1,0,0,1)
relulab_cli_test(bad_domain_count 2 STDERR "--domain: want four numbers"
                 ARGS regions --model ${cli_data}/model_circle.json --domain 1,2,3)
relulab_cli_test(bad_domain_number 2 STDERR "--domain: 'x' is not a finite number"
                 ARGS regions --model ${cli_data}/model_circle.json --domain -1,1,x,2)
relulab_cli_test(bad_resolution 2 STDERR "--resolution: 0 is out of range 1..2048"
                 ARGS regions --model ${cli_data}/model_circle.json --resolution 0)
relulab_cli_test(bad_out_dir 2 STDERR "no_such_dir/model.json: cannot write"
                 ARGS train --config ${cli_data}/circle.json --steps 5 --out ${cli_out}/no_such_dir/model.json)

# ---- resuming a saved run (docs/model-format.md, "Progress") -------------------------------------
# train 100 steps --out a.json, then --config a.json 100 more --out b.json, equals one 200-step run:
# the JSON results and the written files (weights, moments, minibatch order) compared in the script.
add_test(NAME cli_resume_equals_unbroken
         COMMAND ${CMAKE_COMMAND} -DRELULAB=$<TARGET_FILE:relulab> -DCONFIG=${cli_data}/resume.json
                 -DOUT=${cli_out}/resume -P ${CMAKE_CURRENT_SOURCE_DIR}/cli_resume_check.cmake)
set_tests_properties(cli_resume_equals_unbroken PROPERTIES LABELS cli TIMEOUT 120)
relulab_cli_test(resume_table 0 TEXT "resumed from step 200; trained 250 steps" FIXTURE_REQUIRED cli_model
                 ARGS train --config ${cli_out}/circle_model.json --steps 50 --quiet)
relulab_cli_test(resume_stderr 0 STDERR "resumed ${cli_out}/circle_model.json from step 200 (epoch 32.00)"
                 FIXTURE_REQUIRED cli_model JSON "steps==201" "resumed_from==200" "steps_requested==1"
                 ARGS train --config ${cli_out}/circle_model.json --steps 1 --json)
relulab_cli_test(resume_bad_seed 2 STDERR "--seed: ${cli_out}/circle_model.json holds a run's progress"
                 FIXTURE_REQUIRED cli_model
                 ARGS train --config ${cli_out}/circle_model.json --steps 5 --seed 3)
relulab_cli_test(resume_bad_data 2 STDERR "--data: ${cli_out}/circle_model.json holds a run's progress"
                 FIXTURE_REQUIRED cli_model
                 ARGS train --config ${cli_out}/circle_model.json --steps 5 --data ${cli_data}/circle_points.csv)
relulab_cli_test(resume_bad_progress 2
                 STDERR "bad_progress.json: progress.order[5]: 4 appears twice (the order is a permutation of 0..5)"
                 ARGS train --config ${cli_data}/bad_progress.json --steps 5 --out ${cli_out}/never.json)
relulab_cli_test(eval_checks_progress 2 STDERR "bad_progress.json: progress.order[5]: 4 appears twice"
                 ARGS eval --model ${cli_data}/bad_progress.json --data ${cli_data}/circle_points.csv)

# The desktop app opens a state file (--state): under Xvfb, paused, it shows the saved step; a
# malformed file is refused with its message (exit 2). Named e2e_ like the other Xvfb tests, which
# the sanitizer stage of scripts/test.sh leaves out (Mesa's and D-Bus's allocations are not ours).
# Without xvfb-run the tests are still registered, and fail, as platform_tests.cmake's do: a missing
# Xvfb must not drop them silently.
find_program(XVFB_RUN xvfb-run)
if(NOT XVFB_RUN)
  message(WARNING "xvfb-run not found (Debian package xvfb; run scripts/setup.sh): the desktop state tests fail")
  set(XVFB_RUN xvfb-run)
endif()
foreach(case "ok;0;step==200;\"playing\":false;${cli_out}/circle_model.json"
              "bad;2;;bad_progress.json: progress.order[5];${cli_data}/bad_progress.json")
  list(GET case 0 name)
  list(GET case 1 code)
  list(GET case 2 json_check)
  list(GET case 3 text)
  list(GET case 4 file)
  set(defs -DEXPECT_CODE=${code} "-DEXPECT_TEXT=${text}")
  if(json_check)
    list(APPEND defs "-DEXPECT_JSON=${json_check}")
  endif()
  add_test(NAME e2e_desktop_state_${name}
           COMMAND ${CMAKE_COMMAND} ${defs} -P ${CMAKE_CURRENT_SOURCE_DIR}/cli_check.cmake
                   -- ${XVFB_RUN} -a -s "-screen 0 1280x800x24 -noreset" $<TARGET_FILE:relulab> --state ${file}
                      --paused --frames 3)
  set_tests_properties(e2e_desktop_state_${name} PROPERTIES LABELS cli TIMEOUT 120 FIXTURES_REQUIRED cli_model)
endforeach()
