#!/usr/bin/env bash
# run.sh: installs what is missing, builds, and starts ReLU Lab (the README's first command).
#   scripts/run.sh              the page: WebAssembly build, served on http://127.0.0.1:8000/
#   scripts/run.sh --desktop    the desktop app (SDL2 + OpenGL 3.3); other flags go to the app
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten needs acorn from here
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))

if [[ ${1:-} == --desktop ]]; then
  shift
  scripts/setup.sh --native-only
  cmake --preset native >/dev/null
  cmake --build --preset native -j"$jobs" --target relulab
  exec build/native/native/relulab "$@"
fi
[[ $# -eq 0 ]] || { echo "run: unknown option '$1' (use --desktop for the desktop app)" >&2; exit 2; }
scripts/setup.sh
cmake --preset web >/dev/null
cmake --build --preset web -j"$jobs" --target relulab_site
exec scripts/serve.sh build/web/site
