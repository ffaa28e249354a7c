#!/usr/bin/env bash
# regions_desktop_e2e.sh: the exact linear regions in the desktop app under Xvfb (issue 12), on a
# trained 2-16-16-16-1 ReLU spiral net in the linear-regions view with the pointer over the plot:
# the edges drawn (and their texture holding exactly the pixels rasterised), the region under the
# pointer described, the layer slider at layer 2 (cells filled, edges coloured by layer), and a tanh
# net (no exact partition: the grid estimate, nothing drawn, no crash). Screenshots in OUT_DIR.
#   regions_desktop_e2e.sh XVFB_RUN RELULAB PNG_CHECK MODEL.json OUT_DIR
set -uo pipefail
xvfb_run=$1 app=$2 png_check=$3 model=$4 out=$5
mkdir -p "$out"
tanh_model=$(dirname "$0")/../data/model_tanh.json
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }
run() { "$xvfb_run" -a -s "-screen 0 1280x800x24 -noreset" "$app" "$@"; }
# a Python expression on the state JSON `s` (the last line of stdin) and `r` = s["regions_partition"]
field() { python3 -c "import json,sys; s=json.loads(sys.stdin.read().strip().splitlines()[-1]); r=s['regions_partition']; print($1)"; }
# the pointer over the plot (1280x800's layout puts the plot at about x 406..813, y 36..443)
pointer=560,250

state=$(run --state "$model" --view regions --paused --tab 3 --pointer $pointer --frames 40 \
            --screenshot "$out/desktop_regions.png")
got=$(field '"%s|%s|%s|%s|%s" % (s["regions_method"], r["regions"], r["edges"]["shown"], r["edges"]["segments"] > 1000, r["current"])' <<<"$state" 2>&1)
if [[ $got == exact\|*\|True\|True\|True ]]; then ok "exact partition kept, edges drawn ($got)"
else not_ok "exact partition kept, edges drawn" "$got"; fi
got=$(field '"%s|%d|%d|%s" % (r["hover"] is not None, len(r["hover"]["pattern"].split()), len(r["hover"]["map"]), r["hover"]["area_pixels"] > 0)' <<<"$state" 2>&1)
if [[ $got == "True|3|3|True" ]]; then ok "the region under the pointer: pattern of 3 layers, affine map, area"
else not_ok "the region under the pointer" "$got"; fi
if [[ -s $out/desktop_regions.png ]]; then ok "screenshot $out/desktop_regions.png"
else not_ok "screenshot" "no $out/desktop_regions.png"; fi

state=$(run --state "$model" --view regions --paused --tab 3 --region-layer 2 --pointer $pointer --frames 40 \
            --screenshot "$out/desktop_regions_layer2.png")
got=$(field '"%s|%s|%s|%s|%s" % (r["layer"], r["edges"]["by_layer"], r["edges"]["fill"], r["hover"]["layers"], r["regions_after_layer"][1])' <<<"$state" 2>&1)
if [[ $got == 2\|True\|True\|2\|* ]]; then ok "layer slider at 2: cells filled, coloured by layer ($got)"
else not_ok "layer slider at 2" "$got"; fi

# the overlay's texture holds the pixels rasterised on the CPU (read back through a framebuffer)
check=$(run --state "$model" --view regions --paused --frames 20 --shader-check 2>&1)
line=$(grep "region edges overlay" <<<"$check")
if [[ $line == *"agreement 100.000%"* ]]; then ok "edges texture = the rasterised edges"
else not_ok "edges texture = the rasterised edges" "${line:-no check line}"; fi

# the boundary view with the probe, edges off by default there
state=$(run --state "$model" --view boundary --paused --pointer $pointer --frames 30 --screenshot "$out/desktop_boundary.png")
got=$(field '"%s|%s" % (r["edges"]["shown"], r["hover"])' <<<"$state" 2>&1)
if [[ $got == "False|None" ]] && "$png_check" "$out/desktop_boundary.png" >/dev/null; then ok "boundary view: no edges by default, plot drawn"
else not_ok "boundary view" "$got"; fi

# smooth units: the grid estimate, labelled; nothing drawn; no crash
state=$(run --state "$tanh_model" --view regions --paused --tab 3 --pointer $pointer --frames 30 \
            --screenshot "$out/desktop_regions_tanh.png")
got=$(field '"%s|%s|%s" % (s["regions_method"], r, s["regions_exact_unavailable"][:40])' <<<"$state" 2>&1)
if [[ $got == "grid|None|hidden layer 1 is tanh"* ]]; then ok "tanh: grid estimate, no partition ($got)"
else not_ok "tanh: grid estimate, no partition" "$got"; fi

echo "regions desktop e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
