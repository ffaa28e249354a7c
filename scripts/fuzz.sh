#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz/fuzz_*.cpp) for a given time each.
#
#   scripts/fuzz.sh TARGET|all SECONDS [extra libFuzzer flags]
#   scripts/fuzz.sh csv 600            # fuzz read_csv for 10 minutes
#   scripts/fuzz.sh all 120            # each of csv, config, state, url, regions for 2 minutes, one by one
#
# Builds the `fuzz` preset (clang, -fsanitize=fuzzer + ASan + UBSan; needs scripts/setup.sh --fuzz)
# in build/fuzz with core only. Each run starts from the committed corpus tests/fuzz/corpus/<target>
# and writes new inputs to build/fuzz/corpus/<target> (not committed); a crash, leak, timeout or
# out-of-memory input is written to build/fuzz/artifacts/<target>/ and the script exits non-zero.
# Prints one line per target: executions, exec/s, corpus size. Limits per input: -timeout=10 s,
# -rss_limit_mb=2048, -max_len per target (big enough for over-long lines and deep nesting).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${RELULAB_FUZZ_BUILD:-$here/build/fuzz}
all_targets=(csv config state url regions)

if (($# < 2)); then
  sed -n 2,13p "$0" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
if [[ $target == all ]]; then targets=("${all_targets[@]}"); else targets=("$target"); fi
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "fuzz: unknown target '$t' (${all_targets[*]} or all)" >&2; exit 2; }
done
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a whole number, got '$seconds'" >&2; exit 2; }
command -v clang++ >/dev/null && compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null \
  || { echo "fuzz: clang or libFuzzer missing: run scripts/setup.sh --fuzz" >&2; exit 2; }

max_len() {
  case $1 in
    csv) echo 16384 ;;    # over-long lines (> 4096 characters) fit
    state) echo 32768 ;;  # a few layers of weights
    config) echo 8192 ;;
    url) echo 6000 ;;     # beyond max_url_length (4096)
    regions) echo 512 ;;  # a few layers of weights, one byte each
  esac
}

if [[ ! -f $build/CMakeCache.txt ]]; then
  (cd "$here" && cmake --preset fuzz -B "$build" -DRELULAB_CORE_ONLY=ON >/dev/null)
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}" >"$build/build.log" 2>&1 \
  || { tail -30 "$build/build.log" >&2; echo "fuzz: build failed (log $build/build.log)" >&2; exit 1; }

status=0
for t in "${targets[@]}"; do
  work=$build/corpus/$t art=$build/artifacts/$t/
  mkdir -p "$work" "$art"
  log=$build/fuzz_$t.log
  echo "fuzz: $t for ${seconds}s (log $log)" >&2
  set +e
  "$build/tests/fuzz_$t" "$work" "$here/tests/fuzz/corpus/$t" -max_total_time="$seconds" \
    -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art" "$@" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  corpus=$(find "$work" -type f | wc -l)
  if ((rc == 0)); then
    echo "$t: $runs executions in ${seconds}s ($rate exec/s), corpus $corpus, no crash/leak/timeout"
  else
    echo "$t: FAILED after $runs executions (exit $rc); see $log and $art"
    grep -m3 -E 'ERROR|invariant failed|SUMMARY' "$log" || true
    status=1
  fi
done
exit $status
