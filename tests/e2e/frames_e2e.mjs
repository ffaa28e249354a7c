// frames_e2e.mjs: the page draws only when something changes (ui/app.h app_wants_frame, the main
// loop paused in web/main.cpp), in headless Chromium with SwiftShader.
//
//   node frames_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
//
// Paused with no input, the frame counter in state() stays put; a key or a pointer move while
// paused draws at once (within a few hundred milliseconds, a handful of SwiftShader frames); play
// draws continuously; the view drawn by the raster agrees with the dense evaluator (shaderCheck).
import { startLab, test, expect, sleep, finish } from './harness.mjs';

const { base, browser } = await startLab('frames e2e');
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(base);
await page.waitForFunction(() => window.relulab !== undefined || window.relulabFailed, null, { timeout: 90000 });
const state = () => page.evaluate(() => window.relulab.state());

// waits until `predicate(state)` holds or `ms` pass; returns the last state
async function waitState(predicate, ms) {
  const end = Date.now() + ms;
  let s = await state();
  while (!predicate(s) && Date.now() < end) {
    await sleep(25);
    s = await state();
  }
  return s;
}

await test('playing: the page draws continuously', async () => {
  await page.evaluate(() => window.relulab.play());
  const a = await state();
  await sleep(2000);
  const b = await state();
  expect(b.frames - a.frames >= 10, `${b.frames - a.frames} frames in 2 s while playing`);
  expect(b.step > a.step, 'training advanced');
  return `${((b.frames - a.frames) / 2).toFixed(1)} frames/s, view drawn by the ${b.view_path}`;
});

let settled;
await test('paused with no input: no frame is drawn', async () => {
  await page.evaluate(() => window.relulab.pause());
  await sleep(1500);  // the last frames after the pause settle
  const a = await state();
  await sleep(2500);
  settled = await state();
  expect(settled.frames === a.frames, `${settled.frames - a.frames} frames drawn in 2.5 s while paused`);
  return `frame counter stayed at ${settled.frames}`;
});

await test('a key while paused draws at once', async () => {
  const a = await state();
  const t0 = Date.now();
  await page.keyboard.press('Shift');
  const b = await waitState((s) => s.frames > a.frames, 3000);
  expect(b.frames > a.frames, 'no frame followed the key press');
  return `first frame after ${Date.now() - t0} ms`;
});

await test('a pointer move while paused draws at once, then the page sleeps again', async () => {
  await sleep(1500);
  const a = await state();
  const t0 = Date.now();
  await page.mouse.move(640, 20);
  await page.mouse.move(650, 24);
  const b = await waitState((s) => s.frames > a.frames, 3000);
  expect(b.frames > a.frames, 'no frame followed the pointer move');
  const took = Date.now() - t0;
  await sleep(1500);
  const c = await state();
  await sleep(1500);
  const d = await state();
  expect(c.frames === d.frames, `${d.frames - c.frames} frames drawn after the input settled`);
  return `first frame after ${took} ms`;
});

await test('space while paused starts training (the key reaches the app)', async () => {
  await page.mouse.click(640, 790);  // focus the canvas (bottom edge, no window there to catch it)
  await page.keyboard.press('Space');
  const s = await waitState((x) => x.playing, 3000);
  expect(s.playing, 'space did not start training');
  await page.evaluate(() => window.relulab.pause());
});

await test('the drawn view agrees with the dense evaluator', async () => {
  const r = await page.evaluate(() => window.relulab.shaderCheck(96));
  const raster = r.checks.filter((c) => c.name.startsWith('raster'));
  expect(raster.length > 0, 'no raster checks reported');
  const low = r.checks.filter((c) => c.agreement < 0.99);
  expect(low.length === 0, `low agreement: ${low.map((c) => `${c.name} ${c.agreement}`).join(', ')}`);
  return `${r.checks.length} checks, lowest ${(100 * r.min_agreement).toFixed(2)}%`;
});

await test('no page errors', async () => {
  expect(errors.length === 0, errors.join(' | '));
});

await finish('frames e2e');
