#!/usr/bin/env bash
# no_display_desktop.sh: the desktop app started where no window system answers (DISPLAY names a
# server that does not exist, no Wayland) exits 1 at once with a message naming the display,
# instead of training invisibly on SDL's headless fallback driver; a --screenshot run (a file, not
# a window) still works there. Skipped (77) where SDL could reach a console display (/dev/dri).
#   no_display_desktop.sh RELULAB PNG_CHECK
set -uo pipefail
app=$(realpath "$1") png_check=$(realpath "$2")
if compgen -G '/dev/dri/card*' >/dev/null; then
  echo "skip: /dev/dri present, SDL could open a console display here"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export XDG_STATE_HOME="$work/state" HOME="$work"
unset WAYLAND_DISPLAY SDL_VIDEODRIVER
status=0
# a free display number: no socket, no lock
n=190
while [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]]; do n=$((n + 1)); done
export DISPLAY=:$n

timeout 60 "$app" --fresh >out.txt 2>err.txt
code=$?
if [[ $code -eq 1 ]] && grep -q "no window system to open a window on (DISPLAY=:$n" err.txt; then
  echo "ok - with DISPLAY=:$n and no server the app exits 1 and says: $(grep -m1 "^relulab:" err.txt)"
else
  echo "not ok - with DISPLAY=:$n and no server the app gave exit $code (124 = still running after 60 s); stderr: $(tail -c 400 err.txt)"
  status=1
fi

timeout 120 "$app" --fresh --frames 20 --screenshot shot.png >out2.txt 2>err2.txt
code=$?
if [[ $code -eq 0 ]] && "$png_check" shot.png >check.txt 2>&1; then
  echo "ok - a --screenshot run needs no window system: $(tail -1 check.txt)"
else
  echo "not ok - a --screenshot run without a window system: exit $code, $(tail -c 300 err2.txt) $(tail -c 300 check.txt)"
  status=1
fi
exit $status
