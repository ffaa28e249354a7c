// long_session.mjs: a long page session (issue 14, item 5) in headless Chromium: for --minutes
// (30 by default) a scripted person plays, switches the main view and the instrument tabs, changes
// data sets and networks, imports a CSV, saves and loads the state, undoes and starts fresh, clicks
// and drags over the page, with the wasm heap (malloc'd bytes in use, the linear memory's size) and
// the JS heap recorded every minute. Passes when the page never stopped, no console or page error
// appeared, and the heap in use after the warm-up (the first third) stays within --growth-mb of its
// warm-up peak. Figures go to --report (JSON) and a table on stdout (README, Reliability).
//
//   node long_session.mjs --site build/web/site [--minutes 30] [--report long_session.json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { argument, startLab, test, expect, sleep, finish } from './harness.mjs';
import { rng } from './monkey.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const points = path.join(here, '..', 'data', 'circle_points.csv');
const minutes = Number(argument('--minutes', '30'));
const report = argument('--report', '');
const growthLimit = Number(argument('--growth-mb', '16')) * 2 ** 20;
const seed = argument('--seed', '30');
console.log(`long session: ${minutes} min, seed ${seed}`);

const { out, base, browser } = await startLab('long session');
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: false });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('crash', () => problems.push('the page crashed'));
await page.goto(base);
await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 60000 });
await page.evaluate(() => window.relulab.ready);

const r = rng(seed);
const pick = (list) => list[Math.floor(r() * list.length)];
const kinds = ['circle', 'xor', 'gaussians', 'spiral', 'moons', 'checkerboard', 'blobs', 'spirals', 'reg_plane', 'reg_gaussians'];
const acts = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'gelu', 'relu_neg'];
const configFor = (kind) => ({
  data: { kind, noise: Math.round(r() * 30) / 100, points: 200 + Math.floor(r() * 800), classes: 3 },
  network: { hidden: Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({ units: 2 + Math.floor(r() * 14), activation: pick(acts) })),
             output: kind.startsWith('reg') ? 'linear_mse' : kind.startsWith('blobs') || kind === 'spirals' ? 'softmax_ce' : 'tanh_mse' },
});
let actions = 0, saved = null;

// One thing a person does, then a few seconds of watching it train.
async function act() {
  const what = r();
  if (what < 0.2) {
    await page.evaluate((c) => { try { window.relulab.load(c); } catch (e) { /* refused: a message */ } window.relulab.play(); }, configFor(pick(kinds)));
  } else if (what < 0.4) {
    await page.evaluate(([m, t]) => { try { window.relulab.view(m); } catch (e) { /* no unit */ } window.relulab.tab(t); },
                        [pick(['boundary', 'regions', 'unit']), Math.floor(r() * 8)]);
  } else if (what < 0.5) {
    saved = await page.evaluate(() => window.relulab.saveState());
  } else if (what < 0.58 && saved) {
    await page.evaluate((s) => { window.relulab.loadState(s); window.relulab.play(); }, saved);
  } else if (what < 0.63) {
    const chooser = page.waitForEvent('filechooser');
    await page.evaluate(() => window.relulab.openFile('csv'));
    await (await chooser).setFiles(points);
    await page.evaluate(() => window.relulab.play());
  } else if (what < 0.7) {
    await page.evaluate(() => { window.relulab.undo(); window.relulab.play(); });
  } else if (what < 0.73) {
    await page.evaluate(() => { window.relulab.startFresh(); window.relulab.play(); });
  } else {
    for (let k = 0; k < 5; ++k) {  // clicks and drags over the page
      const x = Math.floor(r() * 1280), y = Math.floor(r() * 800);
      if (r() < 0.7) await page.mouse.click(x, y);
      else { await page.mouse.move(x, y); await page.mouse.down(); await page.mouse.move(x + 40, y + 20, { steps: 4 }); await page.mouse.up(); }
    }
  }
  ++actions;
  await sleep(1500 + r() * 3000);
}

const samples = [];
async function sample(minute) {
  const s = await page.evaluate(() => {
    if (window.relulabFailed) return { failed: document.getElementById('status').textContent };
    return { memory: window.relulab.memory(), state: window.relulab.state(), status: window.relulab.status() };
  });
  if (s.failed) throw new Error(`minute ${minute}: the page stopped: ${s.failed}`);
  samples.push({ minute, actions, wasm_in_use: s.memory.wasm_in_use, wasm_memory: s.memory.wasm_memory,
                 js_used: s.memory.js_used, step: s.state.step, frame_ms: s.state.frame_ms,
                 undo_entries: s.status.undo_entries, autosaves: s.status.autosave.saves });
  const m = samples[samples.length - 1];
  console.log(`minute ${String(minute).padStart(2)}: wasm in use ${(m.wasm_in_use / 2 ** 20).toFixed(2)} MiB, ` +
              `memory ${(m.wasm_memory / 2 ** 20).toFixed(0)} MiB, JS ${m.js_used ? (m.js_used / 2 ** 20).toFixed(1) : '?'} MiB, ` +
              `${actions} actions, undo ${m.undo_entries}, ${m.autosaves} autosaves, frame ${m.frame_ms.toFixed(1)} ms`);
}

let failure = null;
const t0 = Date.now();
try {
  await sample(0);
  for (let minute = 1; minute <= minutes; ++minute) {
    while (Date.now() - t0 < minute * 60000) {
      await act();
      if (problems.length) throw new Error(problems[0]);
    }
    await sample(minute);
  }
} catch (e) {
  failure = e;
}
await page.screenshot({ path: path.join(out, 'long_session.png') }).catch(() => {});
const warm = samples.filter((s) => s.minute <= Math.max(1, minutes / 3));
const after = samples.filter((s) => s.minute > Math.max(1, minutes / 3));
const warmPeak = Math.max(...warm.map((s) => s.wasm_in_use));
const afterPeak = after.length ? Math.max(...after.map((s) => s.wasm_in_use)) : warmPeak;
if (report) fs.writeFileSync(report, JSON.stringify({ minutes, seed, actions, warm_peak: warmPeak, after_peak: afterPeak, samples }, null, 1));

await test(`${minutes} minutes, ${actions} actions: the page never stopped, no console or page error`, () => {
  if (failure) throw failure;
  expect(problems.length === 0, problems.join('; '));
});
await test(`the wasm heap in use stays within ${growthLimit / 2 ** 20} MiB of its warm-up peak`, () => {
  const mb = (b) => (b / 2 ** 20).toFixed(2);
  expect(afterPeak <= warmPeak + growthLimit, `peak ${mb(afterPeak)} MiB after warm-up, ${mb(warmPeak)} MiB in it`);
  return `warm-up peak ${mb(warmPeak)} MiB, later peak ${mb(afterPeak)} MiB, end ${mb(samples[samples.length - 1].wasm_in_use)} MiB`;
});
await context.close();
await finish('long session');
