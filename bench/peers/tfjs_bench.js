// tfjs_bench.js: the ReLU Lab benchmark nets trained and evaluated by TensorFlow.js 4.x with its
// WebAssembly backend (SIMD, one thread), in node. The peer row for bench/run_all.sh.
//
// Same nets, same data, same measures as bench/bench_core.cpp:
//   training: forward + backward + Adam update (lr 0.01), sigmoid output with binary cross-entropy,
//             minibatches cut from the circle data set; samples/s = batch * steps / seconds,
//             best of several repetitions after a warm-up (medians too);
//   grid:     predict on the 256 x 256 cell centres of [-6, 6]^2 and read the result back
//             (dataSync), best ms (and median). The grid input tensor is built once, untimed.
// Two variants: 'core', the low-level API (variables, fused matMul+bias+activation, minimize), TensorFlow.js at
// its fastest; and 'layers', the Layers API (tf.sequential, trainOnBatch, predict), the way most
// TensorFlow.js code is written. Ratios in run_all.sh are taken against the faster one.
//
//   node tfjs_bench.js [--data circle.csv] [--quick] [--json]
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const as_json = args.includes('--json');
const data_arg = args.indexOf('--data');
const data_file = data_arg >= 0 ? args[data_arg + 1] : null;

const nets = [
  {name: '2-16-16-1 relu', sizes: [2, 16, 16, 1], act: 'relu', batch: 1024},
  {name: '2-64-64-64-1 relu', sizes: [2, 64, 64, 64, 1], act: 'relu', batch: 256},
  {name: '2-16-16-1 tanh', sizes: [2, 16, 16, 1], act: 'tanh', batch: 1024},
];

// Circle data: rows of [x1, x2, label] from the CSV our `relulab bench --write-data` wrote, else
// the TensorFlow Playground's circle (radius 5, label 1 inside radius 2.5), seeded.
function load_points() {
  if (data_file) {
    const rows = fs.readFileSync(data_file, 'utf8').trim().split('\n');
    const pts = [];
    for (const line of rows) {
      const f = line.split(',').map(Number);
      if (f.length === 3 && f.every(Number.isFinite)) pts.push(f);
    }
    if (pts.length === 0) throw new Error(`${data_file}: no points`);
    return pts;
  }
  let s = 12345;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const pts = [];
  for (let i = 0; i < 4096; i++) {
    const r = i % 2 ? rand() * 2.5 : 3.5 + rand() * 1.5, a = rand() * 2 * Math.PI;
    pts.push([r * Math.sin(a), r * Math.cos(a), i % 2]);
  }
  return pts;
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function now_ms() { return Number(process.hrtime.bigint()) / 1e6; }

// He-normal weights (in, out) and zero biases, as our default init.
function make_params(sizes) {
  const params = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const std = Math.sqrt(2 / sizes[l]);
    params.push({
      W: tf.variable(tf.randomNormal([sizes[l], sizes[l + 1]], 0, std, 'float32', 7 + l)),
      b: tf.variable(tf.zeros([sizes[l + 1]])),
    });
  }
  return params;
}

// X: (n, 2) -> logits (n, 1)
function logits(params, act, X) {
  let h = X;
  for (let l = 0; l < params.length; l++) {
    const hidden = l + 1 < params.length;
    // tanh is not a fused activation: apply it separately
    h = tf.fused.matMul({a: h, b: params[l].W, bias: params[l].b,
                         activation: hidden && act === 'relu' ? 'relu' : 'linear'});
    if (hidden && act === 'tanh') h = tf.tanh(h);
  }
  return h;
}

// A training step and a grid predictor for either API variant.
function make_core(net) {
  const params = make_params(net.sizes);
  const opt = tf.train.adam(0.01);
  return {
    step: async (b) => opt.minimize(
        () => tf.losses.sigmoidCrossEntropy(b.Y, logits(params, net.act, b.X)), true),
    predict: (G) => tf.tidy(() => tf.sigmoid(logits(params, net.act, G))),
    dispose: () => { for (const p of params) { p.W.dispose(); p.b.dispose(); } opt.dispose(); },
  };
}

function make_layers(net) {
  const model = tf.sequential();
  for (let l = 1; l < net.sizes.length; l++) {
    const last = l + 1 === net.sizes.length;
    model.add(tf.layers.dense({units: net.sizes[l], inputShape: l === 1 ? [net.sizes[0]] : undefined,
                               activation: last ? 'sigmoid' : net.act,
                               kernelInitializer: 'heNormal', biasInitializer: 'zeros'}));
  }
  model.compile({optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy'});
  return {
    step: async (b) => tf.scalar(await model.trainOnBatch(b.X, b.Y)),
    predict: (G) => tf.tidy(() => model.predictOnBatch(G)),
    dispose: () => model.dispose(),
  };
}

async function bench_net(net, pts, variant) {
  const impl = variant === 'layers' ? make_layers(net) : make_core(net);
  const n_batches = Math.max(1, Math.floor(pts.length / net.batch));
  const batches = [];
  for (let i = 0; i < n_batches; i++) {
    const rows = pts.slice(i * net.batch, (i + 1) * net.batch);
    batches.push({
      X: tf.tensor2d(rows.map(r => [r[0], r[1]])),
      Y: tf.tensor2d(rows.map(r => [r[2] > 0.5 ? 1 : 0])),
    });
  }
  let k = 0;
  const step = () => impl.step(batches[k++ % batches.length]);
  // Warm up until the speed is steady (as bench_core.cpp: at least 0.5 s, 0.2 s quick, and two
  // consecutive chunks within 10%, at most 8 s); then size a repetition to roughly 0.3 s (0.1 s
  // quick) from the last chunk.
  const warm_ms = quick ? 200 : 500;
  let last = null, per_step = 0, last_per_step = 0, chunk = 4;
  const warm_start = now_ms();
  for (;;) {
    const c0 = now_ms();
    for (let i = 0; i < chunk; i++) { if (last) last.dispose(); last = await step(); }
    last.dataSync();
    const ms = now_ms() - c0;
    per_step = ms / chunk;
    const steady = ms > 20 && last_per_step > 0 && Math.abs(per_step / last_per_step - 1) < 0.1;
    const elapsed = now_ms() - warm_start;
    if ((elapsed > warm_ms && steady) || elapsed > 8000) break;
    last_per_step = ms > 20 ? per_step : 0;
    if (ms < 50) chunk *= 2;
  }
  last.dispose(); last = null;
  let t0;
  const steps = Math.max(5, Math.round((quick ? 100 : 300) / per_step));
  const reps = quick ? 3 : 7;
  const rates = [];
  for (let r = 0; r < reps; r++) {
    t0 = now_ms();
    for (let i = 0; i < steps; i++) { if (last) last.dispose(); last = await step(); }
    last.dataSync();  // wait for the queue (the wasm backend is synchronous, this is a no-op)
    const s = (now_ms() - t0) / 1000;
    rates.push(steps * net.batch / s);
  }
  if (last) last.dispose();

  // grid: 256 x 256 cell centres of [-6, 6]^2
  const W = 256, H = 256, g = new Float32Array(W * H * 2);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      g[2 * (r * W + c)] = -6 + 12 * (c + 0.5) / W;
      g[2 * (r * W + c) + 1] = 6 - 12 * (r + 0.5) / H;
    }
  const G = tf.tensor2d(g, [W * H, 2]);
  const grid_once = () => { const p = impl.predict(G); p.dataSync(); p.dispose(); };
  const grid_warm = now_ms();
  for (let last_ms = 0; ;) {
    t0 = now_ms();
    grid_once();
    const ms = now_ms() - t0, elapsed = now_ms() - grid_warm;
    const steady = last_ms > 0 && Math.abs(ms / last_ms - 1) < 0.1;
    if ((elapsed > warm_ms / 2 && steady) || elapsed > 8000) break;
    last_ms = ms;
  }
  const grid_ms = [];
  for (let r = 0; r < (quick ? 5 : 15); r++) {
    t0 = now_ms();
    grid_once();
    grid_ms.push(now_ms() - t0);
  }
  G.dispose();
  for (const b of batches) { b.X.dispose(); b.Y.dispose(); }
  impl.dispose();
  return {variant, net: net.name, batch: net.batch, train_samples_per_s: Math.max(...rates),
          train_samples_per_s_median: median(rates), grid_ms: Math.min(...grid_ms),
          grid_median_ms: median(grid_ms), steps_per_rep: steps, reps};
}

async function main() {
  wasm.setThreadsCount(1);
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  await tf.setBackend('wasm');
  await tf.ready();
  const pts = load_points();
  const results = [];
  for (const variant of ['core', 'layers'])
    for (const n of nets) results.push(await bench_net(n, pts, variant));
  const info = {peer: 'tfjs-wasm', version: tf.version.tfjs, backend: tf.getBackend(),
                simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: wasm.getThreadsCount(),
                node: process.version, points: pts.length, results};
  if (as_json) {
    console.log(JSON.stringify(info, null, 2));
  } else {
    console.log(`TensorFlow.js ${info.version}, backend ${info.backend}, simd ${info.simd}, ` +
                `threads ${info.threads}, node ${info.node}`);
    for (const r of results)
      console.log(`${r.variant.padEnd(7)} ${r.net.padEnd(20)} batch ${String(r.batch).padStart(4)}  train ` +
                  `${(r.train_samples_per_s / 1e6).toFixed(3)} M samples/s  grid ${r.grid_ms.toFixed(2)} ms`);
  }
}

main().catch(e => { console.error(e); process.exit(1); });
