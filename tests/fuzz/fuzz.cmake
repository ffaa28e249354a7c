# fuzz.cmake: fuzz targets and their corpus replay tests (included from tests/CMakeLists.txt,
# native builds only).
#
# Each tests/fuzz/fuzz_<name>.cpp defines LLVMFuzzerTestOneInput. It is always built as
# replay_<name> (with replay_main.cpp) and run by ctest over tests/fuzz/corpus/<name>/; with
# RELULAB_FUZZ=ON (the `fuzz` preset, clang) it is also built as the libFuzzer binary fuzz_<name>,
# which scripts/fuzz.sh runs.
set(fuzz_dir ${CMAKE_CURRENT_LIST_DIR})
set(fuzz_names csv config state url regions)

if(RELULAB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "RELULAB_FUZZ needs clang (libFuzzer): use the `fuzz` preset")
  endif()
  # Coverage instrumentation and the sanitizers for everything the targets link (core included);
  # the libFuzzer driver itself is linked only into the fuzz_<name> binaries.
  target_compile_options(relulab_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                 -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(relulab_flags INTERFACE -fsanitize=address,undefined)
endif()

foreach(name ${fuzz_names})
  if(NOT EXISTS ${fuzz_dir}/fuzz_${name}.cpp)
    continue()
  endif()
  add_executable(replay_${name} ${fuzz_dir}/fuzz_${name}.cpp ${fuzz_dir}/replay_main.cpp)
  target_link_libraries(replay_${name} PRIVATE relulab_core)
  add_test(NAME fuzz_replay_${name} COMMAND replay_${name} ${fuzz_dir}/corpus/${name})
  if(RELULAB_FUZZ)
    add_executable(fuzz_${name} ${fuzz_dir}/fuzz_${name}.cpp)
    target_link_libraries(fuzz_${name} PRIVATE relulab_core)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()
