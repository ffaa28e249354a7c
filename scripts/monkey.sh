#!/usr/bin/env bash
# The monkey's long run (issue 14): a seeded random stream of input events (clicks, drags, keys,
# wheel, text, window resizes; tests/e2e/monkey.mjs) over the page in headless Chromium and over the
# desktop app under Xvfb (xdotool). Prints the seed first; a failure replays with the same seed.
# Figures (events/s, heap or RSS over the run) go to build/monkey/*.json. The short run is in ctest
# (e2e_monkey_browser, e2e_monkey_desktop).
#
#   scripts/monkey.sh [page|desktop|all] [EVENTS (20000)] [SEED (random)]
#
# The page gets its events as DOM events, MONKEY_PER_FRAME (12) per animation frame: a loaded
# two-core machine draws a SwiftShader frame in about a second.
#
# Needs the built page (build/web/site: cmake --build --preset web --target relulab_web relulab_site)
# and desktop app (build/native/native/relulab), and tests/e2e/node_modules (scripts/setup.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
events=${2:-20000}
seed=${3:-$(( (RANDOM << 15 | RANDOM) ))}
[[ $which == page || $which == desktop || $which == all ]] || { sed -n 2,11p "$0" >&2; exit 2; }
out=$here/build/monkey
mkdir -p "$out"
echo "monkey: $events events, seed $seed"
status=0
if [[ $which == page || $which == all ]]; then
  node "$here/tests/e2e/monkey_e2e.mjs" --site "$here/build/web/site" --out "$out" --events "$events" \
    --seed "$seed" --per-frame "${MONKEY_PER_FRAME:-12}" --report "$out/page-$seed.json" || status=1
fi
if [[ $which == desktop || $which == all ]]; then
  ulimit -c unlimited  # a crash leaves a core in the kept scratch directory (--keep)
  xvfb-run -a -s "-screen 0 1920x1200x24 -noreset" node "$here/tests/e2e/monkey_desktop.mjs" \
    --app "$here/build/native/native/relulab" --events "$events" --seed "$seed" \
    --report "$out/desktop-$seed.json" --keep || status=1
fi
exit $status
