#!/usr/bin/env bash
# desktop_ui_scale_e2e.sh: the desktop app under Xvfb with --ui-scale 2 in a 2560x1600
# window (a HiDPI laptop's pixels, where X11 reports no scale of its own), 60 frames, a screenshot,
# and png_check deciding the window shows a drawn plot. The screenshot is looked at by a person.
#   desktop_ui_scale_e2e.sh XVFB_RUN RELULAB PNG_CHECK OUT_DIR
set -euo pipefail
xvfb_run=$1 app=$2 png_check=$3 out=$4
mkdir -p "$out"
shot="$out/desktop-ui-scale-2.png"
rm -f "$shot"
"$xvfb_run" -a -s "-screen 0 2560x1600x24 -noreset" "$app" --frames 60 --ui-scale 2 --size 2560x1600 --screenshot "$shot" >/dev/null
"$png_check" "$shot"
