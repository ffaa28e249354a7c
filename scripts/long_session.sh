#!/usr/bin/env bash
# The long page session (issue 14): a scripted person plays, switches views, data sets and networks,
# imports, saves and loads, undoes and starts fresh for MINUTES (30) in headless Chromium, with the
# wasm and JS heaps recorded every minute (tests/e2e/long_session.mjs). Exits non-zero if the page
# stopped, logged an error, or its heap in use grew after the warm-up. Figures: build/long_session.json.
#
#   scripts/long_session.sh [MINUTES]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
node "$here/tests/e2e/long_session.mjs" --site "$here/build/web/site" --out "$here/build" \
  --minutes "${1:-30}" --report "$here/build/long_session.json"
