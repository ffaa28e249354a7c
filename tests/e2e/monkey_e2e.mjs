// monkey_e2e.mjs: the page monkey (issue 14): a seeded random stream of input events (monkey.mjs:
// clicks, drags, keys, wheel, text, window resizes) over the page in headless Chromium. Passes when
// nothing crashed or aborted, no console error or page error appeared, state() and the full state
// file hold no NaN, infinity or null, and the wasm heap stayed bounded. The seed is printed first,
// so a failure replays with --seed S --events N.
//
//   node monkey_e2e.mjs --site build/web/site --out tests/e2e/artifacts [--events 2000] [--seed S]
//                       [--report figures.json] [--heap-limit-mb 160]
import fs from 'node:fs';
import path from 'node:path';
import { argument, startLab, test, expect, sleep, finish } from './harness.mjs';
import { events, allFinite } from './monkey.mjs';

const count = Number(argument('--events', '2000'));
const seed = argument('--seed', String(Math.floor(Math.random() * 2 ** 32)));
const report = argument('--report', '');
const heapLimit = Number(argument('--heap-limit-mb', '160')) * 2 ** 20;
const sampleEvery = Math.max(100, Math.floor(count / 40));
console.log(`monkey page: seed ${seed}, ${count} events (replay: --seed ${seed} --events ${count})`);

const { base, browser, out } = await startLab('monkey page');
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: false });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('crash', () => problems.push('the page crashed'));
page.on('filechooser', () => {});  // Load state / Import CSV pressed: the picker is dismissed

await page.goto(base);
await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 60000 });
await page.evaluate(() => window.relulab.ready);

const samples = [];
async function sample(n) {
  const s = await page.evaluate(() => {
    if (window.relulabFailed) return { failed: document.getElementById('status').textContent };
    const state = JSON.stringify(window.relulab.state());
    const file = window.relulab.saveState();
    return { state, bad_state: null, file_bytes: file.length, bad_file: file.includes('null') ? 'null' : null,
             memory: window.relulab.memory(), status: window.relulab.status() };
  });
  if (s.failed) throw new Error(`after ${n} events the page stopped: ${s.failed}`);
  const bad = allFinite(s.state) || s.bad_file;
  if (bad) throw new Error(`after ${n} events: non-finite value (${bad}) in ${bad === 'null' ? 'the state file' : 'state()'}`);
  const st = JSON.parse(s.state);
  samples.push({ events: n, t: Date.now(), wasm_in_use: s.memory.wasm_in_use, wasm_memory: s.memory.wasm_memory,
                 js_used: s.memory.js_used, step: st.step, undo_entries: s.status.undo_entries,
                 state_file_bytes: s.file_bytes });
}

const t0 = Date.now();
let sent = 0;
let failure = null;
try {
  await sample(0);
  for (const e of events(seed, count, { width: 1280, height: 800 })) {
    switch (e.kind) {
      case 'move': await page.mouse.move(e.x, e.y); break;
      case 'click':
        if (e.modifier) await page.keyboard.down(e.modifier);
        await page.mouse.click(e.x, e.y);
        if (e.modifier) await page.keyboard.up(e.modifier);
        break;
      case 'right': await page.mouse.click(e.x, e.y, { button: 'right' }); break;
      case 'double': await page.mouse.dblclick(e.x, e.y); break;
      case 'drag':
        await page.mouse.move(e.x, e.y);
        await page.mouse.down();
        for (const p of e.path) await page.mouse.move(p.x, p.y, { steps: 2 });
        await page.mouse.up();
        break;
      case 'wheel': await page.mouse.move(e.x, e.y); await page.mouse.wheel(0, e.dy * 100); break;
      case 'key': await page.keyboard.press(e.key.page); break;
      case 'text': await page.keyboard.type(e.text); break;
      case 'resize': await page.setViewportSize({ width: e.width, height: e.height }); break;
      default: await sleep(e.ms);
    }
    ++sent;
    if (problems.length) throw new Error(problems[0]);
    if (sent % sampleEvery === 0) await sample(sent);
  }
  await sleep(200);
  await sample(sent);
} catch (e) {
  failure = e;
}
const seconds = (Date.now() - t0) / 1000;

const peak = Math.max(...samples.map((s) => s.wasm_in_use));
const warm = samples.filter((s) => s.events <= count / 4);
const warmPeak = Math.max(...warm.map((s) => s.wasm_in_use));
const last = samples[samples.length - 1] || {};
const figures = { seed, events: count, sent, seconds, events_per_s: sent / seconds,
                  wasm_in_use_peak: peak, wasm_in_use_after_warmup_peak: warmPeak, wasm_in_use_end: last.wasm_in_use,
                  wasm_memory_end: last.wasm_memory, js_used_end: last.js_used, step_end: last.step, samples };
if (report) fs.writeFileSync(report, JSON.stringify(figures, null, 1));
await page.screenshot({ path: path.join(out, 'monkey_page.png') }).catch(() => {});

await test(`${sent} of ${count} events, no crash, no console error, finite state (seed ${seed})`, () => {
  if (failure) throw new Error(`${failure.message} (seed ${seed}, after ${sent} events)`);
  expect(problems.length === 0, problems.join('; '));
  return `${seconds.toFixed(0)} s, ${(sent / seconds).toFixed(0)} events/s, step ${last.step}`;
});
await test('the wasm heap stays bounded', () => {
  const mb = (b) => (b / 2 ** 20).toFixed(1);
  expect(peak <= heapLimit, `in use peaked at ${mb(peak)} MiB, over ${mb(heapLimit)} MiB`);
  return `in use: ${mb(warm[0] ? warm[0].wasm_in_use : 0)} MiB at start, peak ${mb(peak)} MiB, end ${mb(last.wasm_in_use)} MiB; ` +
         `memory ${mb(last.wasm_memory)} MiB; JS heap ${last.js_used ? mb(last.js_used) + ' MiB' : 'n/a'}`;
});
await context.close();
await finish('monkey page');
