#!/usr/bin/env bash
# Soak run: one million training steps with every instrument on, memory at start and end
# (bench/soak.cpp), natively and as WebAssembly under node.
#
#   scripts/soak.sh [native|wasm|all] [relulab_soak options, e.g. --steps 200000]
#
# Builds the relulab_soak target in build/soak-native (Release) and build/soak-web (Emscripten)
# and runs it. Exits non-zero when the heap in use grew after warm-up (see bench/soak.cpp).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
[[ $which == native || $which == wasm || $which == all ]] || { sed -n 2,8p "$0" >&2; exit 2; }
(($# > 0)) && shift

status=0
if [[ $which == native || $which == all ]]; then
  b=$here/build/soak-native
  [[ -f $b/CMakeCache.txt ]] || cmake -S "$here" -B "$b" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$b" -j2 --target relulab_soak >"$b/soak-build.log" 2>&1 \
    || { tail -20 "$b/soak-build.log" >&2; echo "soak: native build failed" >&2; exit 1; }
  echo "== native" && "$b/bench/relulab_soak" "$@" || status=1
fi
if [[ $which == wasm || $which == all ]]; then
  export NODE_PATH=/usr/share/nodejs
  b=$here/build/soak-web
  [[ -f $b/CMakeCache.txt ]] || cmake -S "$here" -B "$b" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null
  cmake --build "$b" -j2 --target relulab_soak >"$b/soak-build.log" 2>&1 \
    || { tail -20 "$b/soak-build.log" >&2; echo "soak: wasm build failed" >&2; exit 1; }
  echo "== wasm (node)" && node --no-experimental-fetch "$b/bench/relulab_soak.js" "$@" || status=1
fi
exit $status
