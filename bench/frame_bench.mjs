// frame_bench.mjs: frames per second and idle CPU of the page (headless Chromium, WebGL2 through
// SwiftShader, 1280x800) and of the desktop app (Xvfb, Mesa llvmpipe), issue 15. A benchmark, not a
// timed test: it prints a table and writes bench/results/frame.md (+ frame.json) and, after a run
// of every scenario, the table in README.md (between <!-- frame-bench:begin/end -->), with the machine's
// description; `--smoke` runs a few seconds and only checks that every measurement works (CI).
//
//   node bench/frame_bench.mjs [--site build/web/site] [--native build/native/native/relulab]
//                              [--out bench/results] [--seconds 10] [--only a,b,...] [--smoke]
//                              [--skip-web] [--skip-native]
//   (bench/frame_bench.sh builds what is missing, installs playwright-core, then runs this.)
//
// Scenarios (names for --only):
//   default       the page's default run and view, playing
//   playground    a TF Playground-like run (circle, 4-2 tanh, SGD 0.03, batch 10), playing
//   regions       2-16-16-16-1 ReLU on the spiral in the linear-regions view, playing
//                 (needs relulab.view('regions'); reported as missing otherwise)
//   largest       the largest net the app accepts, 12 hidden layers of 128 ReLU units, playing
//   idle          the default run paused, no input: CPU of the whole Chromium process tree
//   idle-largest  the same with the largest net
//   native        the desktop app under Xvfb, default run, playing (--frames N, two runs, differenced)
//   native-idle   the desktop app --paused, no input, no frame limit: CPU of the app and of Xvfb
//
// How each number is measured:
//   fps (rAF)     requestAnimationFrame callbacks counted in the page: the frames the browser
//                 presents. The app's main loop is driven by rAF, so while every frame draws this
//                 is its frame rate; frame intervals give the median, p95 and the longest one.
//   fps (app)     the app's own frame counter, state().frames, differenced over the window. Only this
//                 one tells drawn frames from skipped ones once the app sleeps; missing -> "n/a".
//   CPU           utime + stime from /proc/<pid>/stat over every process in the tree (Chromium:
//                 browser, renderer, GPU, utility processes; desktop: the app with its llvmpipe
//                 threads, and Xvfb separately), divided by wall time: 1.00 = one core busy.
//                 The idle scenarios run no rAF counter (a page with a rAF loop is never idle).
//   samples/s     state().samples_per_second (the app's 0.5 s window), and Δstep x batch / Δt.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// tests/e2e/harness.mjs (serving the site, launching Chromium) needs playwright-core from
// tests/e2e/node_modules: loaded only when the page is measured, so the desktop part runs without it.
const harness = () => import('../tests/e2e/harness.mjs');
function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const has = (flag) => process.argv.includes(flag);
const smoke = has('--smoke');
const seconds = Number(argument('--seconds', smoke ? '2' : '10'));
const warmup = smoke ? 1 : 3;
const site = path.resolve(argument('--site', path.join(root, 'build/web/site')));
const nativeBin = path.resolve(argument('--native', path.join(root, 'build/native/native/relulab')));
const outDir = path.resolve(argument('--out', path.join(root, 'bench/results')));
const allScenarios = ['default', 'playground', 'regions', 'largest', 'idle', 'idle-largest', 'native', 'native-idle'];
const only = argument('--only', smoke ? 'default,regions,idle,native,native-idle' : allScenarios.join(','))
  .split(',').map((s) => s.trim()).filter(Boolean);
for (const s of only) {
  if (!allScenarios.includes(s)) {
    console.error(`frame_bench: unknown scenario '${s}' (known: ${allScenarios.join(', ')})`);
    process.exit(2);
  }
}
const want = (name) => only.includes(name) &&
  !(has('--skip-web') && !name.startsWith('native')) && !(has('--skip-native') && name.startsWith('native'));
if (!Number.isFinite(seconds) || seconds <= 0) {
  console.error('frame_bench: --seconds wants a positive number');
  process.exit(2);
}

// ---- configurations ------------------------------------------------------------------------------
const relu = (units) => ({ units, activation: 'relu' });
const configs = {
  playground: { data: { kind: 'circle' },
                network: { hidden: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'tanh' }], output: 'tanh_mse' },
                train: { optimizer: 'sgd', learning_rate: 0.03, batch_size: 10 } },
  regions: { data: { kind: 'spiral' }, network: { hidden: [relu(16), relu(16), relu(16)] } },
  largest: { data: { kind: 'circle' }, network: { hidden: Array.from({ length: 12 }, () => relu(128)) } },
};

// ---- /proc CPU accounting ------------------------------------------------------------------------
const clockTicks = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { return 100; }
})();

// {pid: {ppid, ticks, comm}} for every process; a process that exits while read is skipped.
function processTable() {
  const table = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');  // fields[0] is field 3 (state)
    table.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]),
                               comm: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return table;
}

function descendants(table, rootPid) {
  const kids = new Map();
  for (const [pid, p] of table) {
    if (!kids.has(p.ppid)) kids.set(p.ppid, []);
    kids.get(p.ppid).push(pid);
  }
  const out = [];
  const stack = [...(kids.get(rootPid) || [])];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(kids.get(pid) || []));
  }
  return out;
}

// Chromium's process kind from its command line: browser, renderer, gpu-process, utility, zygote...
function chromiumKind(pid) {
  try {
    // Chromium rewrites its children's command lines into one space-separated string
    const type = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/--type=([\w-]+)/);
    return type ? type[1] : 'browser';
  } catch { return 'gone'; }
}

// A snapshot of CPU ticks of `pids()` (re-evaluated at each snapshot, so children born in between
// count whole). cpuShare(a, b) -> {total, byKind} in cores.
function cpuSnapshot(pids, kindOf = () => 'all') {
  const table = processTable();
  const ticks = new Map();
  for (const pid of pids(table)) {
    const p = table.get(pid);
    if (p) ticks.set(pid, { ticks: p.ticks, kind: kindOf(pid) });
  }
  return { time: performance.now(), ticks };
}

function cpuShare(a, b) {
  const wall = (b.time - a.time) / 1000;
  const byKind = {};
  let total = 0;
  for (const [pid, now] of b.ticks) {
    const before = a.ticks.get(pid);
    const d = (now.ticks - (before ? before.ticks : 0)) / clockTicks;
    total += d;
    byKind[now.kind] = (byKind[now.kind] || 0) + d;
  }
  for (const k of Object.keys(byKind)) byKind[k] /= wall;
  return { total: total / wall, byKind, wall };
}

// ---- reporting helpers ---------------------------------------------------------------------------
let passed = 0, failed = 0, skipped = 0;
const results = {};
function ok(name, note) { ++passed; console.log(`ok - ${name}${note ? ` (${note})` : ''}`); }
function notOk(name, why) { ++failed; console.log(`not ok - ${name}: ${why}`); }
function skip(name, why) { ++skipped; console.log(`skip - ${name}: ${why}`); }
const fmt = (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits));
const fmtK = (v) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a'
  : v >= 1e6 ? (v / 1e6).toFixed(2) + ' M' : v >= 1e3 ? (v / 1e3).toFixed(0) + ' k' : v.toFixed(0));
const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const notes = new Set();
const missingApi = new Set();

// ---- the page ------------------------------------------------------------------------------------
// A page whose frame takes longer than answerSeconds cannot answer page.evaluate (its main thread is
// inside the frame, or Chromium holds it back behind the GPU process): every call is bounded, and such
// a scenario is reported as frozen rather than hanging the benchmark.
const answerSeconds = Number(argument('--answer-timeout', smoke ? '30' : '120'));
class Frozen extends Error {}
function bounded(promise, what, secondsLimit = answerSeconds) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Frozen(`the page did not answer ${what} within ${secondsLimit} s ` +
                                               '(a frame takes longer than that, or the page hangs)')), secondsLimit * 1000);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
const ev = (page, what, fn, arg) => bounded(page.evaluate(fn, arg), what);

async function openPage(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.benchErrors = errors;
  await bounded(page.goto(base), 'loading', 120);
  await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 120000 });
  await ev(page, 'relulab.ready', () => window.relulab.ready);
  return page;
}

// The measurement window's ends. begin() reads state() and starts counting requestAnimationFrame
// callbacks (timestamps kept for the intervals); end() stops counting and reads state() again.
// state() may measure first (a fresh region count: up to seconds on the largest net), so the window
// runs from just after the first call to just before the second.
const begin = (page, countFrames) => ev(page, 'state() at the start', (raf) => {
  const state = window.relulab.state();
  const after = performance.now();
  if (raf) {
    const b = window.__frameBench = { stamps: [], on: true };
    const tick = (t) => { if (!b.on) return; b.stamps.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  }
  return { state, after };
}, countFrames);
const end = (page) => ev(page, 'state() at the end', () => {
  const b = window.__frameBench;
  if (b) b.on = false;
  const before = performance.now();
  return { state: window.relulab.state(), before, stamps: b ? b.stamps : [] };
});

// What the page's API offers that the benchmark uses (and what it lacks).
const pageApi = (page) => ev(page, 'its API', () => ({ view: typeof window.relulab.view === 'function',
                                                       frames: typeof window.relulab.state().frames === 'number' }));
function noteFrames(api) {
  if (!api.frames) missingApi.add("state().frames: the app's count of frames drawn (not of rAF ticks); stays put while nothing is drawn");
}

async function setView(page, name) {
  const api = await pageApi(page);
  if (!api.view) {
    missingApi.add("relulab.view(name): switch the main view ('boundary' | 'regions' | 'unit'), return the view now shown");
    throw new Error("the page has no relulab.view(name): the linear-regions view is reached only by a click in the Lab window");
  }
  const shown = await ev(page, `relulab.view('${name}')`, (n) => window.relulab.view(n), name);
  if (shown !== undefined && shown !== name) throw new Error(`relulab.view('${name}') returned '${shown}'`);
}

const chromiumTree = () => descendants(processTable(), process.pid);

// One playing scenario: load, set the view, play, warm up, measure `seconds`.
async function measurePlaying(page, name, config, view) {
  if (config) await ev(page, 'relulab.load()', (c) => window.relulab.load(c), config);
  if (view) await setView(page, view);
  const api = await pageApi(page);
  noteFrames(api);
  const batch = (await ev(page, 'config()', () => window.relulab.config())).config.train.batch_size;
  await ev(page, 'play()', () => window.relulab.play());
  await sleep(warmup * 1000);
  const s0 = await begin(page, true);
  const c0 = cpuSnapshot(chromiumTree, chromiumKind);
  await sleep(seconds * 1000);
  const c1 = cpuSnapshot(chromiumTree, chromiumKind);
  const s1 = await end(page);
  await ev(page, 'pause()', () => window.relulab.pause());
  const stamps = s1.stamps;
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]);
  const dt = (s1.before - s0.after) / 1000;
  const cpu = cpuShare(c0, c1);
  return {
    // frames over the whole window (a slow page may answer late: the window grows, the count is right)
    fps_raf: stamps.length / dt,
    fps_app: api.frames ? (s1.state.frames - s0.state.frames) / dt : null,
    frame_ms_median: quantile(intervals, 0.5),
    frame_ms_p95: quantile(intervals, 0.95),
    frame_ms_max: intervals.length ? Math.max(...intervals) : NaN,
    app_frame_ms: s1.state.frame_ms,
    samples_per_second: s1.state.samples_per_second,
    samples_per_second_steps: (s1.state.step - s0.state.step) * batch / dt,
    cpu_cores: cpu.total,
    cpu_by_process: cpu.byKind,
    // CPU time of all Chromium processes per frame: steadier than fps on a busy machine
    cpu_ms_per_frame: cpu.total * dt * 1000 / Math.max(1, api.frames ? s1.state.frames - s0.state.frames : stamps.length),
    seconds: dt,
    errors: page.benchErrors.slice(0, 5),
  };
}

// Paused, no input, no rAF counter: CPU of the whole Chromium tree, and the app's frame counter.
async function measureIdle(page, name, config) {
  await ev(page, 'pause()', () => window.relulab.pause());
  const api = await pageApi(page);
  noteFrames(api);
  if (config) await ev(page, 'relulab.load()', (c) => window.relulab.load(c), config);
  await sleep(warmup * 1000);
  // A freshly loaded net is drawn and its regions counted over frames (the largest: seconds of
  // work, drawn as it goes, which is not idling): wait until no frame comes for 2 s (at most 90 s).
  const settleStart = Date.now();
  let settled = null;
  if (api.frames) {
    let last = -1, since = Date.now();
    while (Date.now() - settleStart < 90000) {
      const f = await bounded(ev(page, 'state()', () => window.relulab.state().frames), 'state()', 20).catch(() => null);
      if (f !== last) { last = f; since = Date.now(); }
      else if (Date.now() - since >= 2000) { settled = (since - settleStart) / 1000; break; }
      await sleep(200);
    }
  }
  // CPU needs no answer from the page: one too busy to answer (a frame longer than 20 s) still counts
  const late = (e) => { if (e instanceof Frozen) return null; throw e; };
  const s0 = await bounded(begin(page, false), 'state()', 20).catch(late);
  const c0 = cpuSnapshot(chromiumTree, chromiumKind);
  await sleep(seconds * 1000);
  const c1 = cpuSnapshot(chromiumTree, chromiumKind);
  const s1 = s0 ? await bounded(end(page), 'state()', 20).catch(late) : null;
  const cpu = cpuShare(c0, c1);
  return {
    cpu_cores: cpu.total,
    cpu_by_process: cpu.byKind,
    frames_while_paused: api.frames && s0 && s1 ? s1.state.frames - s0.state.frames : null,
    settled_after_s: settled === null ? null : warmup + settled,  // the load's work (drawing, counting) done
    app_frame_ms: s1 ? s1.state.frame_ms : null,
    answered: Boolean(s0 && s1),
    seconds: cpu.wall,
    errors: page.benchErrors.slice(0, 5),
  };
}

async function runPage() {
  if (!fs.existsSync(path.join(site, 'index.html'))) {
    notOk('page', `${site}/index.html not found (build the web preset: cmake --build --preset web --target relulab_site)`);
    return;
  }
  let launchChromium, serveStatic;
  try {
    ({ launchChromium, serveStatic } = await harness());
  } catch (e) {
    notOk('page', `tests/e2e/harness.mjs did not load (npm ci in tests/e2e installs playwright-core): ${e.message}`);
    return;
  }
  const { server, base } = await serveStatic(site);
  let browser = await launchChromium();
  results.browser_version = browser.version();
  // Each scenario in a fresh page; a page that cannot be closed takes the browser with it.
  // After a frozen page the browser goes too: its GPU process may be minutes into one draw call.
  async function scenario(name, body) {
    let page = null, fresh = false;
    try {
      page = await openPage(browser, base);
      results[name] = await body(page);
      return results[name];
    } catch (e) {
      fresh = e instanceof Frozen;
      throw e;
    } finally {
      if (page && !fresh) fresh = !(await bounded(page.close({ runBeforeUnload: false }), 'close', 20).then(() => true, () => false));
      if (fresh) {
        await bounded(browser.close(), 'browser close', 30).catch(() => {});
        browser = await launchChromium();
      }
    }
  }
  const why = (e) => (e && e.message ? e.message : String(e));
  try {
    // the largest net last: its frames take minutes in SwiftShader today
    const order = [['default', null, null], ['playground', configs.playground, null],
                   ['regions', configs.regions, 'regions'], ['idle', null], ['largest', configs.largest, null],
                   ['idle-largest', configs.largest]];
    for (const [name, config, view] of order) {
      if (!want(name)) continue;
      if (name.startsWith('idle')) {
        try {
          const r = await scenario(name, (page) => measureIdle(page, name, config));
          if (!Number.isFinite(r.cpu_cores)) notOk(`page ${name}`, JSON.stringify(r));
          else ok(`page ${name}`, `${fmt(r.cpu_cores, 3)} cores paused, app frames while paused: ` +
                  `${r.frames_while_paused ?? 'n/a'}${r.answered ? '' : ' (the page did not answer within 20 s)'}`);
        } catch (e) {
          results[name] = { error: why(e), frozen: e instanceof Frozen };
          if (e instanceof Frozen && !smoke) ok(`page ${name}`, `measured as frozen: ${why(e)}`);
          else notOk(`page ${name}`, why(e));
        }
        continue;
      }
      try {
        const r = await scenario(name, (page) => measurePlaying(page, name, config, view));
        const bad = !(r.fps_raf >= 0) || !Number.isFinite(r.cpu_cores) || typeof r.samples_per_second !== 'number';
        if (bad) notOk(`page ${name}`, JSON.stringify(r));
        else if (r.errors.length) notOk(`page ${name}`, 'page errors: ' + r.errors.join('; '));
        else ok(`page ${name}`, `${fmt(r.fps_raf)} fps (rAF), app ${fmt(r.fps_app)} fps, ` +
                `${fmt(r.cpu_cores, 2)} cores, ${fmtK(r.samples_per_second)} samples/s`);
      } catch (e) {
        results[name] = { error: why(e), frozen: e instanceof Frozen };
        if (why(e).includes('relulab.view')) skip(`page ${name}`, why(e));  // an API the page lacks
        else if (e instanceof Frozen && !smoke) ok(`page ${name}`, `measured as frozen: ${why(e)}`);
        else notOk(`page ${name}`, why(e));
      }
    }
  } finally {
    await bounded(browser.close(), 'browser close', 30).catch(() => {});
    server.close();
  }
}

// ---- the desktop app under Xvfb ------------------------------------------------------------------
async function startXvfb() {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'],
                     { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  xvfb.stderr.on('data', (d) => { stderr += d; });
  const display = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('Xvfb gave no display number in 20 s: ' + stderr)), 20000);
    xvfb.stdio[3].on('data', (d) => {
      text += d;
      if (text.includes('\n')) { clearTimeout(timer); resolve(':' + text.trim()); }
    });
    xvfb.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${code}): ${stderr}`)); });
  });
  return { xvfb, display };
}

// CPU seconds of this process's waited-for children (cutime + cstime): a finished app's CPU time.
function childrenCpu() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / clockTicks;
}

function runApp(display, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now(), cpu0 = childrenCpu();
    const child = spawn(nativeBin, args, { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out after ${timeoutMs} ms`)); }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wall = (performance.now() - t0) / 1000;
      const cpu = childrenCpu() - cpu0;
      if (code !== 0) return reject(new Error(`relulab ${args.join(' ')} exited ${code ?? signal}: ${err.slice(-400)}`));
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      let state = null;
      try { state = JSON.parse(line); } catch { return reject(new Error('no state JSON on stdout: ' + out.slice(-300))); }
      resolve({ wall, cpu, state });
    });
  });
}

async function runNative() {
  if (!fs.existsSync(nativeBin)) {
    notOk('desktop', `${nativeBin} not found (build the native preset: cmake --build --preset native --target relulab)`);
    return;
  }
  let x;
  try { x = await startXvfb(); } catch (e) { notOk('desktop', e.message); return; }
  const { xvfb, display } = x;
  try {
    try {
      results.gl_renderer = execFileSync('glxinfo', ['-B'], { env: { ...process.env, DISPLAY: display } })
        .toString().split('\n').find((l) => l.includes('OpenGL renderer string'))?.split(':').slice(1).join(':').trim();
    } catch { results.gl_renderer = 'unknown (glxinfo failed)'; }
    if (want('native')) {
      try {
        // Two runs of different lengths, differenced: start-up (window, GL, shaders) cancels out.
        const base = smoke ? 3 : 10;
        const a = await runApp(display, ['--no-layout', '--frames', String(base)], 300000);
        const estimate = a.state.frame_ms > 0 ? a.state.frame_ms : 100;
        const extra = smoke ? 5 : Math.max(20, Math.min(3000, Math.round(seconds * 1000 / estimate)));
        const b = await runApp(display, ['--no-layout', '--frames', String(base + extra)], 600000);
        const fps = extra / Math.max(1e-6, b.wall - a.wall);
        results.native = { fps, frames: extra, seconds: b.wall - a.wall, app_frame_ms: b.state.frame_ms,
                           cpu_cores: (b.cpu - a.cpu) / Math.max(1e-6, b.wall - a.wall),
                           cpu_ms_per_frame: (b.cpu - a.cpu) * 1000 / extra,
                           startup_seconds: a.wall - base * a.state.frame_ms / 1000,
                           samples_per_second: b.state.samples_per_second,
                           app_frames: typeof b.state.frames === 'number' ? b.state.frames : null };
        if (!(fps > 0)) notOk('desktop playing', JSON.stringify(results.native));
        else ok('desktop playing', `${fmt(fps)} fps over ${extra} frames, app frame_ms ${fmt(b.state.frame_ms)}`);
      } catch (e) {
        results.native = { error: e.message };
        notOk('desktop playing', e.message);
      }
    }
    if (want('native-idle')) {
      const child = spawn(nativeBin, ['--no-layout', '--paused'], { env: { ...process.env, DISPLAY: display },
                                                                    stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      let exited = null;
      const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = code ?? signal; resolve(); }));
      try {
        await sleep(warmup * 1000 + 1000);  // window, GL context, shaders
        if (exited !== null) throw new Error(`relulab --paused exited early (${exited}): ${err.slice(-300)}`);
        const pids = () => [child.pid];
        const kind = () => 'app';
        const a0 = cpuSnapshot(pids, kind), x0 = cpuSnapshot(() => [xvfb.pid], () => 'xvfb');
        await sleep(seconds * 1000);
        const a1 = cpuSnapshot(pids, kind), x1 = cpuSnapshot(() => [xvfb.pid], () => 'xvfb');
        if (exited !== null) throw new Error(`relulab --paused exited during the measurement (${exited})`);
        const app = cpuShare(a0, a1), server = cpuShare(x0, x1);
        results['native-idle'] = { cpu_cores: app.total, xvfb_cores: server.total, seconds: app.wall };
        ok('desktop idle', `${fmt(app.total, 3)} cores (app), ${fmt(server.total, 3)} (Xvfb)`);
      } catch (e) {
        results['native-idle'] = { error: e.message };
        notOk('desktop idle', e.message);
      } finally {
        if (exited === null) {
          child.kill('SIGTERM');  // SDL turns it into SDL_QUIT: a clean exit
          const t = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exit;
          clearTimeout(t);
        }
      }
    }
  } finally {
    xvfb.kill('SIGTERM');
  }
}

// ---- the machine and the table -------------------------------------------------------------------
function machine() {
  let model = os.cpus()[0]?.model || 'unknown';
  try {
    const l = execFileSync('lscpu').toString().split('\n').find((s) => s.startsWith('Model name'));
    if (l) model = l.split(':').slice(1).join(':').trim();
  } catch { /* os.cpus() it is */ }
  let commit = '';
  try { commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD']).toString().trim(); } catch { /* not a checkout */ }
  return { cpu: model, cores: os.cpus().length, load: os.loadavg().map((v) => v.toFixed(2)).join(' '),
           memory_gib: (os.totalmem() / 2 ** 30).toFixed(1), kernel: os.release(), commit,
           date: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
}

// The issue-15 goals, and TF Playground's figures from the issue (no npm package carries the
// Playground: `npm view tensorflow-playground` and `@tensorflow/playground` are 404, and the
// machines reach no other network, so it is not measured here).
const goal = { default: 55, regions: 30, largest: 20, idle: 0.02, native: 40, 'native-idle': 0.02, samples: 1e6 };
const tfp = { fps: '60', idle: '0.007', samples: '15 k' };

function table(m) {
  const r = (k) => results[k] || {};
  const verdict = (value, target, lower) => (value === null || value === undefined || !Number.isFinite(value) ? ''
    : (lower ? value <= target : value >= target) ? ' ✓' : ' ✗');
  const fpsCell = (k) => {
    const x = r(k);
    if (x.frozen) return `frozen, under ${fmt(1 / answerSeconds, 3)} fps: ${x.error}`;
    if (x.error) return `not measured: ${x.error}`;
    if (x.fps_raf === undefined) return '';
    return `${fmt(x.fps_raf)} (app ${fmt(x.fps_app)}; frame median ${fmt(x.frame_ms_median, 0)} ms, ` +
           `p95 ${fmt(x.frame_ms_p95, 0)}, max ${fmt(x.frame_ms_max, 0)}; ${fmt(x.cpu_ms_per_frame, 0)} CPU-ms a frame)`;
  };
  const rows = [];
  const row = (what, ours, target, peer) => rows.push(`| ${what} | ${ours} | ${target} | ${peer} |`);
  const fpsRow = (k, label, target) => {
    if (!results[k]) return;
    row(label, fpsCell(k) + verdict(r(k).fps_app ?? r(k).fps_raf, target), `>= ${target}`, k === 'default' ? tfp.fps : '');
  };
  fpsRow('default', 'page, default view, playing: fps', goal.default);
  fpsRow('playground', 'page, TF Playground-like run (circle, 4-2 tanh, SGD, batch 10), playing: fps', goal.default);
  fpsRow('regions', 'page, 2-16-16-16-1 ReLU spiral, linear-regions view, playing: fps', goal.regions);
  fpsRow('largest', 'page, 12 x 128 ReLU, playing: fps', goal.largest);
  if (results.default && !results.default.error) {
    const d = r('default');
    row('page, default run: training samples/s while playing',
        `${fmtK(d.samples_per_second)} (Δstep: ${fmtK(d.samples_per_second_steps)}) at ${fmt(d.fps_raf)} fps` +
        verdict(d.samples_per_second, goal.samples), '>= 1 M at >= 55 fps', tfp.samples);
    row('page, default run: CPU while playing (cores)', fmt(d.cpu_cores, 2), '', '');
  }
  for (const [k, label] of [['idle', 'page, paused, no input: CPU (cores)'], ['idle-largest', 'page, 12 x 128 paused, no input: CPU (cores)']]) {
    if (!results[k]) continue;
    const x = r(k);
    const parts = Object.entries(x.cpu_by_process || {}).sort((a, b) => b[1] - a[1])
      .map(([kind, v]) => `${kind} ${fmt(v, 3)}`).join(', ');
    const settled = x.settled_after_s === null || x.settled_after_s === undefined ? '; frames never stopped in 90 s'
      : x.settled_after_s > warmup + 0.5 ? `; measured once the load's work was done (${fmt(x.settled_after_s, 1)} s)` : '';
    row(label, x.error ? `not measured: ${x.error}` : `${fmt(x.cpu_cores, 3)} (${parts}); app frames drawn: ${x.frames_while_paused ?? 'n/a'}${settled}` +
        (x.answered === false ? '; the page did not answer state() for 20 s' : '') +
        verdict(x.cpu_cores, goal.idle, true), `<= ${goal.idle}`, k === 'idle' ? tfp.idle : '');
  }
  if (results.native) {
    const x = r('native');
    row('desktop (Xvfb, llvmpipe), default view, playing: fps', x.error ? `not measured: ${x.error}` :
        `${fmt(x.fps)} (app frame_ms ${fmt(x.app_frame_ms)}; ${fmt(x.cpu_ms_per_frame, 0)} CPU-ms a frame, ` +
        `${fmt(x.cpu_cores, 2)} cores)` + verdict(x.fps, goal.native), `>= ${goal.native}`, '');
  }
  if (results['native-idle']) {
    const x = r('native-idle');
    row('desktop --paused, no input: CPU (cores)', x.error ? `not measured: ${x.error}` :
        `${fmt(x.cpu_cores, 3)} app + ${fmt(x.xvfb_cores, 3)} Xvfb` + verdict(x.cpu_cores + x.xvfb_cores, goal['native-idle'], true),
        `<= ${goal['native-idle']}`, '');
  }
  const lines = [
    '### Frames and idle CPU (bench/frame_bench.sh, issue 15)',
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Linux ${m.kernel}; load average at start ${m.load}. ` +
    `${results.browser_version ? `Chromium ${results.browser_version} headless, WebGL2 through SwiftShader, 1280x800. ` : ''}` +
    `${results.gl_renderer ? `Desktop: Xvfb 1280x800, ${results.gl_renderer}. ` : ''}` +
    `Commit ${m.commit || '?'}, ${m.date}; ${seconds} s per measurement after ${warmup} s of warm-up.`,
    '',
    '| | ReLU Lab | goal | TF Playground (issue 15) |',
    '|---|---|---:|---:|',
    ...rows,
    '',
    'fps: requestAnimationFrame callbacks counted in the page (app: the app\'s own frame counter, `state().frames`). ' +
    'CPU: utime+stime of every Chromium process (browser, renderer, GPU, utility) from /proc over wall time; 1.00 = one core. ' +
    'TF Playground is not measured here: no npm package carries it and the machines reach no other network; its column ' +
    'quotes issue 15 (same browser, same machine kind).',
  ];
  if (missingApi.size) {
    lines.push('', 'The page lacks, for this benchmark:', ...[...missingApi].map((a) => `- \`${a.split(':')[0]}\`:${a.split(':').slice(1).join(':')}`));
  }
  const load = Math.max(...[m.load, m.load_end].map((l) => Number(String(l).split(' ')[0])));
  if (load > 0.75 * m.cores) {
    lines.push('', `The machine was busy (1-minute load average up to ${load.toFixed(1)} on ${m.cores} cores, ` +
               `${m.load_end} at the end): other processes took CPU, so fps here are lower than on a quiet machine; ` +
               'CPU-ms a frame is the steadier figure.');
  }
  for (const n of notes) lines.push('', n);
  return lines.join('\n') + '\n';
}

// ---- main ----------------------------------------------------------------------------------------
const m = machine();
console.log(`frame bench${smoke ? ' (smoke)' : ''}: ${m.cpu}, ${m.cores} cores, load ${m.load}; ` +
            `${seconds} s per measurement; scenarios: ${only.join(', ')}`);
if (only.some((s) => !s.startsWith('native') && want(s))) await runPage();
if (only.some((s) => s.startsWith('native') && want(s))) await runNative();
m.load_end = os.loadavg().map((v) => v.toFixed(2)).join(' ');
const md = table(m);
console.log('\n' + md);
if (!smoke) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'frame.md'), md);
  fs.writeFileSync(path.join(outDir, 'frame.json'), JSON.stringify({ machine: m, seconds, warmup, results,
                                                                      missing_api: [...missingApi] }, null, 2) + '\n');
  console.log(`written: ${path.relative(process.cwd(), path.join(outDir, 'frame.md'))} (raw: frame.json)`);
  // the README's table: between its frame-bench markers, a full run (every scenario) replaces it
  const readme = path.join(root, 'README.md');
  const begin = '<!-- frame-bench:begin -->', end = '<!-- frame-bench:end -->';
  const text = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : '';
  const i = text.indexOf(begin), j = text.indexOf(end);
  if (only.length === allScenarios.length && !has('--skip-web') && !has('--skip-native') && i >= 0 && j > i) {
    fs.writeFileSync(readme, text.slice(0, i + begin.length) + '\n' + md.replace(/^#+ .*\n\n/, '') + text.slice(j));
    console.log('written: the table in README.md (between its frame-bench markers)');
  } else if (i >= 0) {
    console.log('README.md left as it was (only a run of every scenario replaces its table)');
  }
}
console.log(`frame bench${smoke ? ' smoke' : ''}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
