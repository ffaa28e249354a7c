#!/usr/bin/env bash
# Regenerates the figures and the measured numbers of docs/experiments.md.
#
#   scripts/regen_experiments.sh [extra options for every experiment, e.g. --seeds 5]
#
# Runs `relulab experiment NAME --json` for each of the five experiments with their default sizes,
# copies NAME.svg to docs/figures/, and rewrites the block between
# "<!-- BEGIN NAME -->" and "<!-- END NAME -->" in docs/experiments.md with the verdict line and
# the headline numbers. The CSVs (raw numbers, some large) stay in a temporary directory unless
# RELULAB_CSV_DIR names a directory to keep them in.
# The binary: $RELULAB_BIN, else build/native/native/relulab (cmake --preset native && cmake --build
# --preset native -j2).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${RELULAB_BIN:-$here/build/native/native/relulab}  # native/CMakeLists.txt builds it there
page=$here/docs/experiments.md
figures=$here/docs/figures

[[ -x $bin ]] || { echo "regen_experiments: '$bin' not found or not executable: build it" \
  "(cmake --preset native && cmake --build --preset native -j2) or set RELULAB_BIN" >&2; exit 2; }
[[ -f $page ]] || { echo "regen_experiments: $page is missing" >&2; exit 2; }
command -v node >/dev/null || { echo "regen_experiments: node is needed (Debian: nodejs)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
csv_dir=${RELULAB_CSV_DIR:-$tmp}
mkdir -p "$figures" "$csv_dir"

for name in sparsity depth mirror gradients regions; do
  echo "[regen] $name" >&2
  "$bin" experiment "$name" --out "$csv_dir" --json "$@" > "$tmp/$name.json"
  cp "$csv_dir/$name.svg" "$figures/$name.svg"
done

# Rewrite the marked blocks of the page from the JSON results.
node - "$page" "$tmp" "$@" <<'JS'
const fs = require('fs');
const [page, dir, ...extra] = process.argv.slice(2);
let md = fs.readFileSync(page, 'utf8');
const fmt = (v) => {
  if (v === null || v === undefined) return 'n/a';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return (a !== 0 && (a < 1e-3 || a >= 1e6)) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
};
for (const name of ['sparsity', 'depth', 'mirror', 'gradients', 'regions']) {
  const r = JSON.parse(fs.readFileSync(`${dir}/${name}.json`, 'utf8'));
  const cmd = ['relulab experiment', name, ...extra].join(' ');
  const rows = Object.entries(r.headline).map(([k, v]) => `| \`${k}\` | ${fmt(v)} |`).join('\n');
  const block = [
    `<!-- BEGIN ${name} -->`,
    `**Measured** (\`${cmd}\`, ${r.seconds.toFixed(1)} s natively on the 2-core build machine):`,
    '',
    `> ${r.verdict}`,
    '',
    '<details><summary>Headline numbers</summary>',
    '',
    '| quantity | value |',
    '|---|---|',
    rows,
    '',
    '</details>',
    `<!-- END ${name} -->`,
  ].join('\n');
  const re = new RegExp(`<!-- BEGIN ${name} -->[\\s\\S]*?<!-- END ${name} -->`);
  if (!re.test(md)) {
    console.error(`regen_experiments: no "<!-- BEGIN ${name} -->" block in ${page}`);
    process.exit(1);
  }
  md = md.replace(re, () => block);
}
fs.writeFileSync(page, md);
JS
echo "[regen] updated $page and $figures/*.svg" >&2
