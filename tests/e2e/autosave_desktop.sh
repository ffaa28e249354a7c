#!/usr/bin/env bash
# autosave_desktop.sh: the desktop app's autosave under Xvfb (issue 14), in a private
# XDG_STATE_HOME:
#   1. a run that closes leaves autosave.json, the same bytes as its full state file;
#   2. the next start restores it bit for bit (its state file is the same bytes), paused;
#   3. a crash (kill -9 while training) leaves a whole autosave from the periodic saves, which loads;
#   4. a corrupt autosave is reported, moved aside (autosave.json.unreadable-*) and the app starts
#      fresh with exit 0;
#   5. --fresh starts the default run and leaves the autosave alone while nothing changes.
#   autosave_desktop.sh XVFB_RUN RELULAB
set -euo pipefail
xvfb_run=$1 app=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state
save=$XDG_STATE_HOME/relulab/autosave.json
cd "$work"
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
run() { "$xvfb_run" -a -s "-screen 0 1280x800x24 -noreset" "$app" "$@"; }
field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" | head -1; }

# 1. a run that closes
run --frames 90 --save-state run1.json >out1.txt 2>err1.txt
step1=$(field step <out1.txt)
if [[ -f $save ]] && cmp -s "$save" run1.json; then ok "closing writes the autosave, the full state file (step $step1)"
else bad "closing writes the autosave (exists: $([[ -f $save ]] && echo yes || echo no))"; fi
[[ ${step1:-0} -gt 0 ]] && ok "the first run trained" || bad "the first run trained (step '${step1}')"
ls "$XDG_STATE_HOME/relulab" | grep -q '\.tmp$' && bad "a temporary file was left behind" || ok "no temporary file left"

# 2. the next start restores it
run --frames 3 --paused --save-state run2.json >out2.txt 2>err2.txt
if cmp -s run1.json run2.json; then ok "the next start restores the run bit for bit"
else bad "the next start restores the run bit for bit"; fi
grep -q "restored the last run" err2.txt && ok "and says so" || bad "says it restored: $(cat err2.txt)"
grep -q '"playing":false' out2.txt && ok "restored paused" || bad "restored paused"

# 3. a crash while training: the periodic saves leave a whole file
rm -f "$save"
"$xvfb_run" -a -s "-screen 0 1280x800x24 -noreset" bash -c 'echo $$ >app.pid; exec "$0" --fresh' "$app" >/dev/null 2>err3.txt &
wrapper=$!
for _ in $(seq 1 60); do [[ -f $save ]] && break; sleep 0.5; done
sleep 3
kill -KILL "$(cat app.pid)" 2>/dev/null || true
wait "$wrapper" 2>/dev/null || true
if [[ -f $save ]]; then
  run --frames 2 --paused >out3.txt 2>err3b.txt
  step3=$(field step <out3.txt)
  if grep -q "restored the last run" err3b.txt && [[ ${step3:-0} -gt 0 ]]; then
    ok "after kill -9 the autosave loads (step $step3)"
  else bad "after kill -9 the autosave loads: $(cat err3b.txt)"; fi
else
  bad "no autosave was written while training"
fi

# 4. a corrupt autosave
mkdir -p "$(dirname "$save")"
head -c 700 run1.json >"$save"
if run --frames 3 --paused >out4.txt 2>err4.txt; then ok "a corrupt autosave does not stop the start"
else bad "a corrupt autosave does not stop the start (exit $?)"; fi
grep -q "could not be read" err4.txt && ok "it is reported: $(head -c 160 err4.txt)" || bad "reported: $(cat err4.txt)"
aside=$(ls "$XDG_STATE_HOME"/relulab/autosave.json.unreadable-* 2>/dev/null | head -1)
if [[ -n $aside ]] && cmp -s "$aside" <(head -c 700 run1.json); then ok "and moved aside to $(basename "$aside")"
else bad "moved aside"; fi
[[ $(field step <out4.txt) == 0 ]] && ok "the app starts fresh" || bad "starts fresh"

# 5. --fresh
cp run1.json "$save"
run --fresh --frames 3 --paused >out5.txt 2>err5.txt
[[ $(field step <out5.txt) == 0 ]] && ok "--fresh starts the default run" || bad "--fresh starts the default run"
cmp -s "$save" run1.json && ok "--fresh leaves the autosave while nothing changes" || bad "--fresh leaves the autosave"

echo "autosave desktop: $fails failed"
exit $((fails > 0))
