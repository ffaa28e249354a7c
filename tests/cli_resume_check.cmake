# cli_resume_check.cmake: `relulab train` resumes a saved run exactly (docs/model-format.md,
# "Progress"). Trains CONFIG for 100 steps into a.json, resumes a.json for 100 more into b.json, and
# trains CONFIG for 200 steps in one go into c.json; the resumed run's JSON results (steps, epoch,
# losses, accuracies, per-layer instruments) must equal the unbroken run's, and b.json must equal
# c.json byte for byte (weights, moments, minibatch order).
#   cmake -DRELULAB=path -DCONFIG=file.json -DOUT=dir -P cli_resume_check.cmake
file(MAKE_DIRECTORY "${OUT}")
file(REMOVE "${OUT}/a.json" "${OUT}/b.json" "${OUT}/c.json")

function(run_train out_var err_var)
  execute_process(COMMAND "${RELULAB}" train ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    string(REPLACE ";" " " shown "${ARGN}")
    message(FATAL_ERROR "relulab train ${shown}: exit code ${code}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
endfunction()

run_train(first first_err --config "${CONFIG}" --steps 100 --out "${OUT}/a.json" --json --quiet)
run_train(resumed resumed_err --config "${OUT}/a.json" --steps 100 --out "${OUT}/b.json" --json)
run_train(unbroken unbroken_err --config "${CONFIG}" --steps 200 --out "${OUT}/c.json" --json --quiet)

string(FIND "${resumed_err}" "resumed ${OUT}/a.json from step 100" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr of the resumed run does not say it resumed from step 100:\n${resumed_err}")
endif()
string(JSON from ERROR_VARIABLE no_from GET "${resumed}" resumed_from)
if(no_from OR NOT from EQUAL 100)
  message(FATAL_ERROR "the resumed run's JSON has no \"resumed_from\": 100:\n${resumed}")
endif()
string(JSON from ERROR_VARIABLE no_from GET "${unbroken}" resumed_from)
if(NOT no_from)
  message(FATAL_ERROR "a run from a config file claims to have resumed:\n${unbroken}")
endif()
string(JSON first_steps GET "${first}" steps)
if(NOT first_steps EQUAL 100)
  message(FATAL_ERROR "the first run took ${first_steps} steps, not 100")
endif()

# Every result field but the timings, the config path and the resume marker, compared as text.
foreach(key steps epoch loss_train loss_test accuracy_train accuracy_test confusion_test layers
        active_path_fraction diverged)
  string(JSON a ERROR_VARIABLE missing GET "${resumed}" ${key})
  string(JSON b GET "${unbroken}" ${key})
  if(missing)
    message(FATAL_ERROR "the resumed run's JSON has no '${key}':\n${resumed}")
  endif()
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "'${key}' differs: resumed ${a}, unbroken ${b}")
  endif()
endforeach()
string(JSON steps GET "${resumed}" steps)
if(NOT steps EQUAL 200)
  message(FATAL_ERROR "the resumed run reports ${steps} steps, expected 200 in total")
endif()

file(READ "${OUT}/b.json" b_text)
file(READ "${OUT}/c.json" c_text)
if(NOT b_text STREQUAL c_text)
  message(FATAL_ERROR "${OUT}/b.json (100 + 100 steps) differs from ${OUT}/c.json (200 steps)")
endif()
string(FIND "${b_text}" "\"progress\": {" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${OUT}/b.json has no progress section")
endif()
string(JSON loss GET "${resumed}" loss_train)
message(STATUS "resumed run equals the unbroken one: 200 steps, loss_train ${loss}")
