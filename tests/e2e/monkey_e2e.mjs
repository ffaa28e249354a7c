// monkey_e2e.mjs: the page monkey (issue 14): a seeded random stream of input events (monkey.mjs:
// clicks, drags, keys, wheel, text, window resizes) over the page in headless Chromium. Passes when
// nothing crashed or aborted, no console error or page error appeared, state() and the full state
// file hold no NaN, infinity or null, and the wasm heap stayed bounded. The seed is printed first,
// so a failure replays with --seed S --events N.
//
// Two ways in: --input dom (the default) dispatches the events as DOM events (MouseEvent, WheelEvent,
// KeyboardEvent with key, code and keyCode, keypress for text) on the canvas and the window, where
// SDL's emscripten backend listens, --per-frame of them per animation frame, in batches (one page round trip per
// batch); --input cdp sends each as real input through Playwright (the browser's own input
// pipeline, but one round trip per event: about 1.5 events/s on a loaded two-core machine).
// Window resizes always go through Playwright (the viewport).
//
//   node monkey_e2e.mjs --site build/web/site --out tests/e2e/artifacts [--events 2000] [--seed S]
//                       [--input dom|cdp] [--per-frame 4] [--report figures.json] [--heap-limit-mb 160]
import fs from 'node:fs';
import path from 'node:path';
import { argument, startLab, test, expect, sleep, finish } from './harness.mjs';
import { events, allFinite } from './monkey.mjs';

const count = Number(argument('--events', '2000'));
const seed = argument('--seed', String(Math.floor(Math.random() * 2 ** 32)));
const report = argument('--report', '');
const heapLimit = Number(argument('--heap-limit-mb', '160')) * 2 ** 20;
const sampleEvery = Math.max(100, Math.floor(count / 40));
const input = argument('--input', 'dom');
const perFrame = Number(argument('--per-frame', '4'));  // dom: events dispatched per animation frame
console.log(`monkey page: seed ${seed}, ${count} events through ${input === 'dom' ? 'DOM events' : 'Playwright input'} ` +
            `(replay: --seed ${seed} --events ${count} --input ${input})`);

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

// dom: dispatches a batch of events inside the page, perFrame of them per animation frame.
async function dispatch(batch) {
  await page.evaluate(async ([batch, perFrame]) => {
    const canvas = document.getElementById('canvas');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const mods = { shift: false, ctrl: false };
    const mouse = (type, x, y, button = 0) => {
      const buttons = type === 'mouseup' ? 0 : type === 'mousedown' ? [1, 4, 2][button] : mouse.held;
      if (type === 'mousedown') mouse.held = buttons;
      if (type === 'mouseup') mouse.held = 0;
      const target = type === 'mouseup' ? document : canvas;
      target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: x, clientY: y,
        screenX: x, screenY: y, button, buttons, shiftKey: mods.shift, ctrlKey: mods.ctrl }));
    };
    mouse.held = 0;
    const keyInfo = (name) => {
      const named = { Space: [' ', 'Space', 32], Tab: ['Tab', 'Tab', 9], Enter: ['Enter', 'Enter', 13],
        Escape: ['Escape', 'Escape', 27], ArrowUp: ['ArrowUp', 'ArrowUp', 38], ArrowDown: ['ArrowDown', 'ArrowDown', 40],
        ArrowLeft: ['ArrowLeft', 'ArrowLeft', 37], ArrowRight: ['ArrowRight', 'ArrowRight', 39],
        Backspace: ['Backspace', 'Backspace', 8], Delete: ['Delete', 'Delete', 46], Home: ['Home', 'Home', 36],
        End: ['End', 'End', 35], PageUp: ['PageUp', 'PageUp', 33], PageDown: ['PageDown', 'PageDown', 34],
        Control: ['Control', 'ControlLeft', 17], Shift: ['Shift', 'ShiftLeft', 16], '-': ['-', 'Minus', 189],
        '.': ['.', 'Period', 190], ' ': [' ', 'Space', 32] };
      if (named[name]) return named[name];
      if (/^[a-z]$/i.test(name)) return [name, 'Key' + name.toUpperCase(), name.toUpperCase().charCodeAt(0)];
      if (/^[0-9]$/.test(name)) return [name, 'Digit' + name, name.charCodeAt(0)];
      return [name, '', 0];
    };
    const key = (type, name, extra = {}) => {
      const [k, code, keyCode] = keyInfo(name);
      window.dispatchEvent(new KeyboardEvent(type, { bubbles: true, cancelable: true, key: k, code, keyCode,
        which: keyCode, charCode: extra.charCode || 0, shiftKey: mods.shift, ctrlKey: mods.ctrl }));
    };
    const press = (combo) => {
      const parts = combo.split('+');
      const main = parts.pop();
      for (const m of parts) { key('keydown', m); mods[m === 'Control' ? 'ctrl' : 'shift'] = true; }
      key('keydown', main);
      if (main.length === 1 && !mods.ctrl) key('keypress', main, { charCode: main.charCodeAt(0) });
      key('keyup', main);
      for (const m of parts.reverse()) { mods[m === 'Control' ? 'ctrl' : 'shift'] = false; key('keyup', m); }
    };
    let n = 0;
    for (const e of batch) {
      switch (e.kind) {
        case 'move': mouse('mousemove', e.x, e.y); break;
        case 'click':
          if (e.modifier) { key('keydown', e.modifier); mods[e.modifier === 'Control' ? 'ctrl' : 'shift'] = true; }
          mouse('mousemove', e.x, e.y); mouse('mousedown', e.x, e.y); mouse('mouseup', e.x, e.y);
          if (e.modifier) { mods[e.modifier === 'Control' ? 'ctrl' : 'shift'] = false; key('keyup', e.modifier); }
          break;
        case 'right': mouse('mousemove', e.x, e.y); mouse('mousedown', e.x, e.y, 2); mouse('mouseup', e.x, e.y, 2); break;
        case 'double':
          mouse('mousemove', e.x, e.y);
          for (let k = 0; k < 2; ++k) { mouse('mousedown', e.x, e.y); mouse('mouseup', e.x, e.y); await frame(); }
          break;
        case 'drag':
          mouse('mousemove', e.x, e.y); mouse('mousedown', e.x, e.y); await frame();
          for (const p of e.path) { mouse('mousemove', p.x, p.y); await frame(); }
          mouse('mouseup', e.path[e.path.length - 1].x, e.path[e.path.length - 1].y);
          break;
        case 'wheel':
          canvas.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: e.x, clientY: e.y,
                                                         deltaY: e.dy * 100, deltaMode: 0 }));
          break;
        case 'key': press(e.key.page); break;
        case 'text': for (const ch of e.text) press(ch === ' ' ? 'Space' : ch); break;
        default: await new Promise((r) => setTimeout(r, e.ms));
      }
      if (++n % perFrame === 0) await frame();
    }
    await frame();
  }, [batch, perFrame]);
}

const t0 = Date.now();
let sent = 0;
let failure = null;
try {
  await sample(0);
  let batch = [];
  const flush = async () => { if (batch.length) await dispatch(batch); batch = []; };
  for (const e of events(seed, count, { width: 1280, height: 800 })) {
    if (input === 'dom') {
      if (e.kind === 'resize') {
        await flush();
        await page.setViewportSize({ width: e.width, height: e.height });
      } else {
        batch.push(e);
      }
      ++sent;
      if (batch.length >= 40) await flush();
      if (sent % sampleEvery === 0) { await flush(); await sample(sent); }
      if (problems.length) throw new Error(problems[0]);
      continue;
    }
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
  if (input === 'dom') await flush();
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
  expect(samples.length > 0, 'no heap sample was taken (the run stopped before its first sample)');
  expect(peak <= heapLimit, `in use peaked at ${mb(peak)} MiB, over ${mb(heapLimit)} MiB`);
  return `in use: ${mb(warm[0] ? warm[0].wasm_in_use : 0)} MiB at start, peak ${mb(peak)} MiB, end ${mb(last.wasm_in_use)} MiB; ` +
         `memory ${mb(last.wasm_memory)} MiB; JS heap ${last.js_used ? mb(last.js_used) + ' MiB' : 'n/a'}`;
});
await context.close();
await finish('monkey page');
