#!/usr/bin/env bash
# bench/run_all.sh: ReLU Lab's throughput against its peers, in one session on one machine.
#
# Builds what is needed, then runs, one after another and single-threaded:
#   ours, native         relulab_bench            (the body of `relulab bench`)
#   ours, WebAssembly    relulab_bench.js         (the same code, SIMD128, under node)
#   TensorFlow.js 4.x    bench/peers/tfjs_bench.js (its WebAssembly backend, SIMD, one thread)
#   libtorch             bench/peers/torch_bench  (Debian's libtorch-dev, at::set_num_threads(1))
# on the same nets and the same circle data (written once by relulab_bench --write-data), and
# prints one markdown table, also written to bench/results/latest.md (raw JSON alongside).
#
#   bench/run_all.sh [--quick]
#
# Peers need `scripts/setup.sh --peers` (libtorch-dev, npm ci in bench/peers); a missing peer is
# reported as such and its columns stay empty. Build directories: build/bench-native,
# build/bench-web, build/bench-peers (override with BENCH_BUILD_PREFIX=dir/prefix).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
quick=()
for a in "$@"; do
  case $a in
    --quick) quick=(--quick) ;;
    -h|--help) sed -n 2,17p "$0"; exit 0 ;;
    *) echo "run_all.sh: unknown option '$a' (try --help)" >&2; exit 2 ;;
  esac
done

prefix=${BENCH_BUILD_PREFIX:-$here/build/bench}
results=$here/bench/results
mkdir -p "$results"
jobs=${BENCH_JOBS:-2}
export NODE_PATH=/usr/share/nodejs  # Debian's emscripten needs acorn from here
log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

# ---- build --------------------------------------------------------------------------------------
log "building relulab_bench (native, Release) in $prefix-native"
cmake -S . -B "$prefix-native" -DCMAKE_BUILD_TYPE=Release >"$results/build-native.log" 2>&1 \
  || { cat "$results/build-native.log" >&2; exit 1; }
cmake --build "$prefix-native" --target relulab_bench -j"$jobs" >>"$results/build-native.log" 2>&1 \
  || { tail -40 "$results/build-native.log" >&2; exit 1; }

have_wasm=0
if command -v emcmake >/dev/null; then
  log "building relulab_bench.js (WebAssembly SIMD128) in $prefix-web"
  if emcmake cmake -S . -B "$prefix-web" -DCMAKE_BUILD_TYPE=Release >"$results/build-web.log" 2>&1 &&
     cmake --build "$prefix-web" --target relulab_bench -j"$jobs" >>"$results/build-web.log" 2>&1; then
    have_wasm=1
  else
    log "WebAssembly build failed (see $results/build-web.log); its column stays empty"
  fi
else
  log "emscripten not installed: no WebAssembly column"
fi

have_torch=0
if [[ -f /usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake || -f /usr/lib/cmake/Torch/TorchConfig.cmake ]]; then
  log "building the libtorch peer in $prefix-peers"
  if cmake -S bench/peers -B "$prefix-peers" -DCMAKE_BUILD_TYPE=Release >"$results/build-peers.log" 2>&1 &&
     cmake --build "$prefix-peers" -j"$jobs" >>"$results/build-peers.log" 2>&1; then
    have_torch=1
  else
    log "libtorch peer failed to build (see $results/build-peers.log)"
  fi
else
  log "libtorch-dev not installed (scripts/setup.sh --peers): no libtorch column"
fi

have_tfjs=0
if [[ -d bench/peers/node_modules/@tensorflow/tfjs-backend-wasm ]]; then
  have_tfjs=1
elif [[ -f bench/peers/package-lock.json ]] && command -v npm >/dev/null; then
  log "installing TensorFlow.js (npm ci in bench/peers)"
  (cd bench/peers && npm ci --no-audit --no-fund >/dev/null 2>&1) && have_tfjs=1 \
    || log "npm ci in bench/peers failed: no TensorFlow.js column"
fi

# ---- run, one at a time ------------------------------------------------------------------------
data=$results/circle.csv
"$prefix-native/bench/relulab_bench" --write-data "$data"
rm -f "$results"/ours_native.json "$results"/ours_wasm.json "$results"/tfjs.json "$results"/torch.json

log "ours, native"
"$prefix-native/bench/relulab_bench" --json "${quick[@]}" >"$results/ours_native.json"
if ((have_wasm)); then
  log "ours, WebAssembly under node"
  node --no-experimental-fetch "$prefix-web/bench/relulab_bench.js" --json "${quick[@]}" >"$results/ours_wasm.json"
fi
if ((have_tfjs)); then
  log "TensorFlow.js, wasm backend"
  node bench/peers/tfjs_bench.js --data "$data" --json "${quick[@]}" >"$results/tfjs.json"
fi
if ((have_torch)); then
  log "libtorch, one thread"
  "$prefix-peers/torch_bench" --data "$data" --json "${quick[@]}" >"$results/torch.json"
fi

# ---- one table ---------------------------------------------------------------------------------
node bench/report.js "$results" >"$results/latest.md"
cat "$results/latest.md"
log "written: bench/results/latest.md (raw JSON in bench/results/)"
