# cli_state_weights_check.cmake: `relulab train --config STATE --steps 0 --out OUT` starts from the
# state file's weights (issue 14, item 7): OUT's "weights" (and "data", when STATE has custom
# points) are STATE's.
#   cmake -DRELULAB=... -DSTATE=file.json -DOUT=out.json -P cli_state_weights_check.cmake
file(REMOVE "${OUT}")
execute_process(COMMAND ${RELULAB} train --config ${STATE} --steps 0 --out ${OUT} --quiet
                RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "train --steps 0 failed (${code}): ${err}")
endif()
file(READ "${STATE}" given)
file(READ "${OUT}" written)
foreach(section weights data)
  string(JSON a ERROR_VARIABLE a_missing GET "${given}" ${section})
  string(JSON b ERROR_VARIABLE b_missing GET "${written}" ${section})
  if(a_missing AND b_missing)
    continue()
  endif()
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${OUT}: its \"${section}\" differs from ${STATE}'s: the file's ${section} were dropped")
  endif()
  message(STATUS "${section}: kept")
endforeach()
