# cli_experiment_tests.cmake: `relulab experiment` end to end (native/cli_experiment.cpp), included
# by tests/CMakeLists.txt after cli_tests.cmake, whose relulab_cli_test() it uses. Bad input exits 2
# with the valid choices named and before any work; each experiment's quick form runs, writes its
# SVG and reports numbers within docs/science.md's ranges (a verdict starting "Confirmed:").
if(NOT TARGET relulab OR NOT COMMAND relulab_cli_test)
  return()
endif()

set(experiment_out ${CMAKE_CURRENT_BINARY_DIR}/cli_out/experiments)
relulab_cli_test(experiment_help 0 TEXT "Usage: relulab experiment" ARGS experiment --help)
relulab_cli_test(experiment_unknown 2 STDERR "valid: sparsity, depth, mirror, gradients, regions"
                 ARGS experiment sparse --out ${experiment_out})
relulab_cli_test(experiment_missing_name 2 STDERR "missing the experiment name (valid: sparsity"
                 ARGS experiment)
relulab_cli_test(experiment_seeds_zero 2 STDERR "--seeds: 0 is out of range"
                 ARGS experiment depth --seeds 0 --out ${experiment_out})
relulab_cli_test(experiment_seeds_big 2 STDERR "--seeds: 1001 is out of range 1..1000"
                 ARGS experiment depth --seeds 1001 --out ${experiment_out})
relulab_cli_test(experiment_grid_small 2 STDERR "--grid: 3 is out of range 8..1024"
                 ARGS experiment regions --grid 3 --out ${experiment_out})
relulab_cli_test(experiment_out_is_file 2 STDERR "is not a directory"
                 ARGS experiment depth --out ${CMAKE_CURRENT_SOURCE_DIR}/cli_experiment_tests.cmake)
foreach(name sparsity depth mirror gradients regions)
  relulab_cli_test(experiment_${name}_quick 0 TEXT "Confirmed:"
                   FILE ${experiment_out}/${name}.svg
                   ARGS experiment ${name} --quick --json --out ${experiment_out})
endforeach()
