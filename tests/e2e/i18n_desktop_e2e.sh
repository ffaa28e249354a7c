#!/usr/bin/env bash
# i18n_desktop_e2e.sh: the desktop app's two languages, tour and hidden panels under Xvfb (issue 10):
# --lang zh and LANG=zh_CN render Chinese (screenshots), every tour step opened with --tour N and its
# action done half way (--tour-do) reports a measured verdict, --hide hides panels, and malformed
# --lang, --tour and --hide values are refused with a message (exit 2).
#   i18n_desktop_e2e.sh XVFB_RUN RELULAB OUT_DIR
set -uo pipefail
xvfb_run=$1 app=$2 out=$3
mkdir -p "$out"
export XDG_STATE_HOME=$(mktemp -d)  # runs without --screenshot autosave: not into the real one
trap 'rm -rf "$XDG_STATE_HOME"' EXIT
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }
run() { "$xvfb_run" -a -s "-screen 0 1280x800x24 -noreset" "$app" "$@"; }
# field PATH (a Python expression on the state JSON `s`) of the last line of stdin
field() { python3 -c "import json,sys; s=json.loads(sys.stdin.read().strip().splitlines()[-1]); print($1)"; }

state=$(LANG=C run --lang zh --frames 40 --screenshot "$out/desktop_zh.png")
if [[ $(field 's["lang"]' <<<"$state") == zh && -s $out/desktop_zh.png ]]; then ok "--lang zh renders Chinese"
else not_ok "--lang zh renders Chinese" "$(tail -c 300 <<<"$state")"; fi

state=$(LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= run --frames 10)
if [[ $(field 's["lang"]' <<<"$state") == zh ]]; then ok "LANG=zh_CN.UTF-8 picks Chinese"
else not_ok "LANG=zh_CN.UTF-8 picks Chinese" "$(tail -c 300 <<<"$state")"; fi

state=$(LANG=zh_CN.UTF-8 LC_ALL= run --lang en --frames 10)
if [[ $(field 's["lang"]' <<<"$state") == en ]]; then ok "--lang en overrides LANG"
else not_ok "--lang en overrides LANG" "$(tail -c 300 <<<"$state")"; fi

for n in 1 2 3 4 5 6; do
  state=$(LANG=C run --lang zh --tour $n --tour-do --frames 160 --screenshot "$out/desktop_tour_zh_step$n.png")
  verdict=$(field '"%s|%s|%s|%s" % (s["tour"]["step"], s["tour"]["action_done"], s["tour"]["verdict_ready"], s["tour"]["verdict"][:60])' <<<"$state" 2>&1)
  if [[ $verdict == "$n|True|True|"* ]]; then ok "tour step $n: action done, verdict ($verdict)"
  else not_ok "tour step $n" "$verdict"; fi
done

state=$(LANG=C run --hide network,instruments --frames 10 --screenshot "$out/desktop_hidden.png")
if [[ $(field 's["hidden"]' <<<"$state") == network,instruments ]]; then ok "--hide network,instruments"
else not_ok "--hide network,instruments" "$(tail -c 300 <<<"$state")"; fi

for bad in "--lang fr" "--tour 9" "--tour x" "--hide bogus" "--lang zh&tour=2"; do
  # shellcheck disable=SC2086
  message=$(LANG=C run $bad --frames 5 2>&1 >/dev/null); code=$?
  if [[ $code -eq 2 && -n $message ]]; then ok "malformed $bad refused: ${message%%$'\n'*}"
  else not_ok "malformed $bad refused" "exit $code: $message"; fi
done

echo "i18n desktop e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
