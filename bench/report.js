// report.js: joins the JSON results of bench/run_all.sh into one markdown report.
//
//   node bench/report.js RESULTS_DIR > latest.md
//
// Inputs (any may be missing): ours_native.json, ours_wasm.json (bench_core.cpp's --json),
// tfjs.json (peers/tfjs_bench.js, two API variants; the faster one per measure is compared),
// torch.json (peers/torch_bench.cpp). Ratios are ours over the peer for throughput, the peer's time
// over ours for the grid, so above 1 means ours is faster.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = process.argv[2] || path.join(__dirname, 'results');
const load = (f) => {
  try { return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch (e) { return null; }
};
const native = load('ours_native.json'), wasm = load('ours_wasm.json');
const tfjs = load('tfjs.json'), torch = load('torch.json');

const net_names = ['2-16-16-1 relu', '2-64-64-64-1 relu', '2-16-16-1 tanh'];
const ours = (r, name) => r && r.nets.find(n => n.net === name);
const tfjs_best = (name, key, better) => {
  if (!tfjs) return null;
  const rows = tfjs.results.filter(r => r.net === name);
  if (!rows.length) return null;
  return rows.reduce((a, b) => (better(b[key], a[key]) ? b : a));
};
const torch_row = (name) => torch && torch.results.find(r => r.net === name);

const fmt = (v, d) => (v == null || !isFinite(v) ? '–' : v.toFixed(d));
const msps = (v) => fmt(v == null ? null : v / 1e6, v != null && v < 1e6 ? 3 : 2);
const pct = (v) => (v == null ? '–' : (100 * v).toFixed(0) + '%');
const ratio = (a, b) => (a == null || b == null || !b ? '–' : (a / b).toFixed(1) + '×');

const lines = [];
const out = (s = '') => lines.push(s);

out('### Training throughput (M samples/s, forward + backward + Adam; higher is better)');
out();
out('| net | batch | ours native | % of peak | ours wasm | % of peak | TF.js wasm | libtorch | ours wasm ÷ TF.js | ours native ÷ libtorch |');
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const name of net_names) {
  const n = ours(native, name), w = ours(wasm, name);
  const t = tfjs_best(name, 'train_samples_per_s', (a, b) => a > b), p = torch_row(name);
  const batch = (n || w || t || p || {}).batch;
  out(`| ${name} | ${batch || '–'} | ${msps(n && n.train_samples_per_s)} | ${pct(n && n.train_peak_fraction)} ` +
      `| ${msps(w && w.train_samples_per_s)} | ${pct(w && w.train_peak_fraction)} ` +
      `| ${msps(t && t.train_samples_per_s)}${t ? ` (${t.variant})` : ''} | ${msps(p && p.train_samples_per_s)} ` +
      `| ${ratio(w && w.train_samples_per_s, t && t.train_samples_per_s)} ` +
      `| ${ratio(n && n.train_samples_per_s, p && p.train_samples_per_s)} |`);
}
out();
out('### 256 × 256 grid evaluation (ms, network output per cell; lower is better)');
out();
out('| net | ours native | % of peak | ours wasm | % of peak | TF.js wasm | libtorch | TF.js ÷ ours wasm | libtorch ÷ ours native |');
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const name of net_names) {
  const n = ours(native, name), w = ours(wasm, name);
  const t = tfjs_best(name, 'grid_ms', (a, b) => a < b), p = torch_row(name);
  out(`| ${name} | ${fmt(n && n.grid_ms, 2)} | ${pct(n && n.grid_peak_fraction)} | ${fmt(w && w.grid_ms, 2)} ` +
      `| ${pct(w && w.grid_peak_fraction)} | ${fmt(t && t.grid_ms, 2)}${t ? ` (${t.variant})` : ''} ` +
      `| ${fmt(p && p.grid_ms, 2)} | ${ratio(t && t.grid_ms, w && w.grid_ms)} | ${ratio(p && p.grid_ms, n && n.grid_ms)} |`);
}
out();

// The issue's targets, for 2-16-16-1 ReLU.
const key = '2-16-16-1 relu';
const n = ours(native, key), w = ours(wasm, key);
const t_train = tfjs_best(key, 'train_samples_per_s', (a, b) => a > b);
const t_grid = tfjs_best(key, 'grid_ms', (a, b) => a < b);
const p = torch_row(key);
const check = (label, value, target, unit) => {
  if (value == null || !isFinite(value)) return `| ${label} | ${target}${unit} | – | not measured |`;
  const shown = unit === '%' ? (100 * value).toFixed(0) : value.toFixed(1);
  const ok = unit === '%' ? 100 * value >= target : value >= target;
  return `| ${label} | ${target}${unit} | ${shown}${unit} | ${ok ? 'met' : 'missed'} |`;
};
out('### Targets (2-16-16-1 ReLU)');
out();
out('| target | wanted | measured | |');
out('|---|---:|---:|---|');
out(check('wasm training vs TF.js wasm', w && t_train && w.train_samples_per_s / t_train.train_samples_per_s, 30, '×'));
out(check('native training vs libtorch', n && p && n.train_samples_per_s / p.train_samples_per_s, 10, '×'));
out(check('wasm training, fraction of measured peak', w && w.train_peak_fraction, 40, '%'));
out(check('native training, fraction of measured peak', n && n.train_peak_fraction, 50, '%'));
out(check('wasm grid vs TF.js wasm (speed-up)', w && t_grid && t_grid.grid_ms / w.grid_ms, 4, '×'));
out();

out('### Setup');
out();
const cpu = os.cpus()[0];
out(`- Machine: ${cpu ? cpu.model : 'unknown CPU'}, ${os.cpus().length} logical CPUs; load average at report time ` +
    `${os.loadavg().map(v => v.toFixed(2)).join(', ')}. Every run is single-threaded and they run one after another.`);
if (native)
  out(`- Ours native (${native.platform}): measured peak ${native.peak_gflops.toFixed(1)} GFLOP/s (${native.peak_kernel}); ` +
      'all loop shapes: ' + native.peak_shapes.map(p => `${p.loop} ${p.gflops.toFixed(1)}`).join('; ') + '.');
if (wasm)
  out(`- Ours wasm (${wasm.platform}, node ${process.version}): measured peak ${wasm.peak_gflops.toFixed(1)} GFLOP/s (${wasm.peak_kernel}); ` +
      'all loop shapes: ' + wasm.peak_shapes.map(p => `${p.loop} ${p.gflops.toFixed(1)}`).join('; ') + '.');
if (tfjs)
  out(`- TensorFlow.js ${tfjs.version}, backend ${tfjs.backend}, SIMD ${tfjs.simd}, ${tfjs.threads} thread; ` +
      'two variants, the faster one shown per measure: core (variables, fused matMul+bias+ReLU, optimizer.minimize) ' +
      'and layers (tf.sequential, trainOnBatch, predictOnBatch).');
if (torch) out(`- libtorch ${torch.version} (Debian libtorch-dev), ${torch.threads} thread, torch::nn::Sequential, torch::optim::Adam.`);
out('- All: sigmoid output with binary cross-entropy, Adam (lr 0.01), He-normal init, minibatches from the same ' +
    '8192-point circle data set. Each number is the best of 7 timed repetitions (grid: 15) after a warm-up that ' +
    'runs until the speed is steady, the same rule as the peak loop (the machine may be shared); medians are in ' +
    'the JSON files. The grid is the 256 × 256 cell centres of [-6, 6]²; peers get their grid input prebuilt, ours ' +
    'computes it. Peers\' training batches are prebuilt tensors; ours gathers each minibatch from the shuffled set.');
if (native) out(`- ${native.flops_formula}`);
process.stdout.write(lines.join('\n') + '\n');
