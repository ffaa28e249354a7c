#!/usr/bin/env bash
# test.sh: the whole test suite (the README's second command; .ci/run calls it).
#
# Installs what is missing (scripts/setup.sh), configures and builds the native and web presets,
# then runs ctest in both: native unit tests, the headless UI smoke test, the boundary shader vs
# CPU grid check and the desktop end-to-end test under Xvfb; the same unit tests as WebAssembly
# under node, and the page end to end in headless Chromium. A build that fails counts as one
# failed test. The last line is "N passed, M failed"; the exit status is non-zero if M > 0.
#
# scripts/test.sh --quick: the quick loop while changing core/: configures and builds the `core`
# preset (core/ and its tests only, in build/core) and runs its unit tests and fuzz-corpus replays;
# about a minute once built. No setup, no app, no web build.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export NODE_PATH=/usr/share/nodejs
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))
passed=0 failed=0
log() { printf '\033[1m[test]\033[0m %s\n' "$*" >&2; }

quick=0
[[ ${1:-} == --quick ]] && quick=1

if ((!quick)) && ! scripts/setup.sh; then
  log "setup failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# run_preset NAME [CTEST ARGS...]: configure, build, ctest; adds ctest's counts (or one failure for a
# broken build).
run_preset() {
  local preset=$1 start=$SECONDS
  shift
  log "configure + build: $preset"
  mkdir -p build
  if ! cmake --preset "$preset" >"build/$preset.log" 2>&1 || ! cmake --build --preset "$preset" -j"$jobs" >>"build/$preset.log" 2>&1; then
    tail -40 "build/$preset.log" >&2
    log "$preset build FAILED (full log: build/$preset.log)"
    failed=$((failed + 1))
    return
  fi
  log "ctest: $preset (built in $((SECONDS - start)) s)"
  ctest --test-dir "build/$preset" --output-on-failure "$@" 2>&1 | tee "build/$preset-ctest.log"
  local summary
  summary=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "build/$preset-ctest.log" | tail -1)
  if [[ -z $summary ]]; then
    log "ctest in build/$preset gave no summary"
    failed=$((failed + 1))
    return
  fi
  local bad total
  bad=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  log "$preset: $((total - bad)) passed, $bad failed ($((SECONDS - start)) s)"
}

if ((quick)); then
  run_preset core
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit
fi

run_preset native
run_preset web
# Sanitizers (README "Reliability"): the native unit tests, fuzz corpus replays, UI smoke
# tests and CLI tests again under AddressSanitizer + UndefinedBehaviorSanitizer (the asan preset;
# any report fails its test: UBSan aborts, ASan/LSan exit 86). The Xvfb end-to-end tests are left
# to the release build above (Mesa's own allocations are not ours to check). About 5 min on 2 cores.
export ASAN_OPTIONS=exitcode=86:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run_preset asan -E '^(e2e_|shader_check_)'
unset ASAN_OPTIONS UBSAN_OPTIONS
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
