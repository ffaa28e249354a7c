#!/usr/bin/env bash
# desktop_e2e.sh: the desktop app under Xvfb for 120 frames (training from the default run), a
# screenshot of the last frame, and png_check deciding the window shows a drawn plot.
#   desktop_e2e.sh XVFB_RUN RELULAB PNG_CHECK OUT_DIR
set -euo pipefail
xvfb_run=$1 app=$2 png_check=$3 out=$4
mkdir -p "$out"
shot="$out/desktop.png"
rm -f "$shot"
"$xvfb_run" -a -s "-screen 0 1280x800x24 -noreset" "$app" --frames 120 --screenshot "$shot"
"$png_check" "$shot"
