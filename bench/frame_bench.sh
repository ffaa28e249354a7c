#!/usr/bin/env bash
# bench/frame_bench.sh: the frame benchmark (issue 15): frames per second and idle CPU of the page in
# headless Chromium (SwiftShader, 1280x800) and of the desktop app under Xvfb (llvmpipe). Builds what
# is missing (the native and web presets' app targets only), installs playwright-core (npm ci in
# tests/e2e) if needed, then runs bench/frame_bench.mjs, which prints a table and writes
# bench/results/frame.md and frame.json.
#
#   bench/frame_bench.sh [--smoke] [--seconds N] [--only default,regions,...] [--skip-web] [--skip-native]
#
# --smoke: a few seconds per scenario, checks only that every measurement works (what CI runs);
# writes no results. Other options go to frame_bench.mjs (see its header for the scenarios).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export NODE_PATH=/usr/share/nodejs  # Debian's emscripten needs acorn from here
jobs=${BENCH_JOBS:-2}
log() { printf '\033[1m[frame bench]\033[0m %s\n' "$*" >&2; }
for a in "$@"; do
  case $a in -h|--help) sed -n 2,11p "$0"; exit 0 ;; esac
done
skip_web=0 skip_native=0
for a in "$@"; do
  case $a in --skip-web) skip_web=1 ;; --skip-native) skip_native=1 ;; esac
done

mkdir -p build
if ((!skip_native)) && [[ ! -x build/native/native/relulab ]]; then
  log "building the desktop app (native preset, target relulab)"
  { cmake --preset native && cmake --build --preset native -j"$jobs" --target relulab; } >build/frame-bench-native.log 2>&1 \
    || { tail -30 build/frame-bench-native.log >&2; exit 1; }
fi
if ((!skip_web)) && [[ ! -f build/web/site/index.html || ! -f build/web/site/relulab_app.wasm ]]; then
  log "building the page (web preset, target relulab_site)"
  { cmake --preset web && cmake --build --preset web -j"$jobs" --target relulab_site; } >build/frame-bench-web.log 2>&1 \
    || { tail -30 build/frame-bench-web.log >&2; exit 1; }
fi
if ((!skip_web)) && [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  log "installing playwright-core (npm ci in tests/e2e)"
  (cd tests/e2e && npm ci --no-audit --no-fund >/dev/null)
fi
exec node bench/frame_bench.mjs --site build/web/site --native build/native/native/relulab "$@"
