#!/usr/bin/env bash
# serve.sh: serves a static directory (default: the built page, build/web/site) on 127.0.0.1 only.
#   scripts/serve.sh [DIR]       PORT=8000 by default; the next free port up to PORT+20 is taken
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$here/build/web/site}
[[ -f $dir/index.html ]] || { echo "serve: $dir/index.html not found (build the page: scripts/run.sh)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "serve: python3 not found (apt-get install python3)" >&2; exit 1; }
port=${PORT:-8000}
for ((p = port; p <= port + 20; ++p)); do
  if python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', $p))" 2>/dev/null; then
    echo "ReLU Lab: open http://127.0.0.1:$p/ (Ctrl+C to stop)"
    exec python3 -m http.server "$p" --bind 127.0.0.1 --directory "$dir"
  fi
done
echo "serve: no free port in $port..$((port + 20)); set PORT" >&2
exit 1
