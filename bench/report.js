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
  const value = key === 'grid_ms' ? grid_of : train_of;
  return rows.reduce((a, b) => (better(value(b), value(a)) ? b : a));
};
const torch_row = (name) => torch && torch.results.find(r => r.net === name);

// Medians of the timed repetitions (the machine is shared; the best repetition is kept in the JSON
// too). Peak fractions in the JSON are for the best repetition, so they are scaled to the median.
const train_of = (r) => r && (r.train_samples_per_s_median ?? r.train_samples_per_s);
const grid_of = (r) => r && (r.grid_median_ms ?? r.grid_ms);
const train_peak_of = (r) => r && r.train_peak_fraction * train_of(r) / r.train_samples_per_s;
// The dense pass (older JSON without grid_dense_* timed only the dense pass, as grid_*).
const dense_of = (r) => r && (r.grid_dense_median_ms ?? r.grid_dense_ms ?? grid_of(r));
const grid_peak_of = (r) => r && r.grid_peak_fraction * (r.grid_dense_ms ?? r.grid_ms) / dense_of(r);

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
  out(`| ${name} | ${batch || '–'} | ${msps(train_of(n))} | ${pct(train_peak_of(n))} ` +
      `| ${msps(train_of(w))} | ${pct(train_peak_of(w))} ` +
      `| ${msps(train_of(t))}${t ? ` (${t.variant})` : ''} | ${msps(train_of(p))} ` +
      `| ${ratio(train_of(w), train_of(t))} ` +
      `| ${ratio(train_of(n), train_of(p))} |`);
}
out();
out('### 256 × 256 grid evaluation (ms, network output per cell; lower is better)');
out();
out('Ours by both evaluators: the dense forward pass over every cell, and the default, a scanline sweep ' +
    'that evaluates a piecewise-linear net as affine pieces along each row (dense for smooth units). ' +
    'Nets as the benchmark leaves them after training; "% of peak" is for the dense pass.');
out();
out('| net | regions | ours native dense | % of peak | ours native sweep | ours wasm dense | % of peak | ours wasm sweep | TF.js wasm | libtorch | TF.js ÷ ours wasm | libtorch ÷ ours native |');
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const name of net_names) {
  const n = ours(native, name), w = ours(wasm, name);
  const t = tfjs_best(name, 'grid_ms', (a, b) => a < b), p = torch_row(name);
  const sweep = (r) => (r && r.grid_method && r.grid_method.startsWith('sweep') ? fmt(grid_of(r), 2) : '–');
  out(`| ${name} | ${(n || w || {}).grid_regions ?? '–'} | ${fmt(dense_of(n), 2)} | ${pct(grid_peak_of(n))} ` +
      `| ${sweep(n)} | ${fmt(dense_of(w), 2)} | ${pct(grid_peak_of(w))} | ${sweep(w)} ` +
      `| ${fmt(grid_of(t), 2)}${t ? ` (${t.variant})` : ''} ` +
      `| ${fmt(grid_of(p), 2)} | ${ratio(grid_of(t), grid_of(w))} | ${ratio(grid_of(p), grid_of(n))} |`);
}
out();
if ((native && native.nets.some(r => r.grid_fresh_ms)) || (wasm && wasm.nets.some(r => r.grid_fresh_ms))) {
  out('Freshly initialised nets (fewer linear regions than trained ones), ms:');
  out();
  out('| net | regions | ours native dense | ours native sweep | ours wasm dense | ours wasm sweep |');
  out('|---|---:|---:|---:|---:|---:|');
  for (const name of net_names) {
    const n = ours(native, name), w = ours(wasm, name);
    const fresh = (r, k) => r && (r[k + '_median_ms'] ?? r[k + '_ms']);
    out(`| ${name} | ${(n || w || {}).grid_fresh_regions ?? '–'} | ${fmt(fresh(n, 'grid_fresh_dense'), 2)} ` +
        `| ${fmt(fresh(n, 'grid_fresh'), 2)} | ${fmt(fresh(w, 'grid_fresh_dense'), 2)} | ${fmt(fresh(w, 'grid_fresh'), 2)} |`);
  }
  out();
}

// The performance targets (README "Benchmarks"), for 2-16-16-1 ReLU.
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
out(check('wasm training vs TF.js wasm', w && t_train && train_of(w) / train_of(t_train), 30, '×'));
out(check('native training vs libtorch', n && p && train_of(n) / train_of(p), 10, '×'));
out(check('wasm training, fraction of measured peak', train_peak_of(w), 40, '%'));
out(check('native training, fraction of measured peak', train_peak_of(n), 50, '%'));
out(check('wasm grid vs TF.js wasm (speed-up)', w && t_grid && grid_of(t_grid) / grid_of(w), 4, '×'));
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
    '8192-point circle data set. Each number is the median of the timed repetitions after a warm-up that ' +
    'runs until the speed is steady (the machine may be shared); the best repetitions are in ' +
    'the JSON files. The grid is the 256 × 256 cell centres of [-6, 6]²; peers get their grid input prebuilt, ours ' +
    'computes it. Peers\' training batches are prebuilt tensors; ours gathers each minibatch from the shuffled set.');
if (native) out(`- ${native.flops_formula}`);
process.stdout.write(lines.join('\n') + '\n');
