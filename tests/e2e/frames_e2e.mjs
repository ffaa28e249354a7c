// frames_e2e.mjs: the page draws only when something changes (ui/app.h app_wants_frame, the main
// loop paused in web/main.cpp), in headless Chromium with SwiftShader.
//
//   node frames_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
//
// Paused with no input, the frame counter in state() stays put; a key or a pointer move while
// paused draws (the first frame's delay is reported); play draws continuously; view(name) switches
// the main view; the view drawn by the raster agrees with the dense evaluator (shaderCheck); every
// frame drawn only where it changed (ui/gfx/ui_renderer.h) equals a full redraw (redrawCheck).
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

// Functional checks, not speed checks (bench/frame_bench.sh measures the frame rate): the waits
// are long enough for a loaded two-core machine, where a SwiftShader frame can take a second.
await test('playing: the page draws continuously', async () => {
  await page.evaluate(() => window.relulab.play());
  const a = await state();
  const t0 = Date.now();
  const b = await waitState((s) => s.frames - a.frames >= 5 && s.step > a.step, 60000);
  expect(b.frames - a.frames >= 5, `${b.frames - a.frames} frames in ${Date.now() - t0} ms while playing`);
  expect(b.step > a.step, 'training advanced');
  return `${(1000 * (b.frames - a.frames) / (Date.now() - t0)).toFixed(1)} frames/s, view drawn by the ${b.view_path}`;
});

// Waits (up to `ms`) for a window of `quiet` ms in which no frame is drawn; returns whether one came.
async function settles(quiet, ms) {
  const end = Date.now() + ms;
  let last = await state();
  let since = Date.now();
  while (Date.now() < end) {
    await sleep(100);
    const s = await state();
    if (s.frames !== last.frames) { last = s; since = Date.now(); }
    else if (Date.now() - since >= quiet) return true;
  }
  return false;
}

await test('paused with no input: the frames stop', async () => {
  await page.evaluate(() => window.relulab.pause());
  // an app that redraws while idle never has 3 s without a frame
  expect(await settles(3000, 60000), 'frames kept coming for 60 s after pause()');
  const a = await state();
  await sleep(2000);
  const b = await state();
  expect(b.frames === a.frames, `${b.frames - a.frames} frames drawn in 2 s while paused`);
  return `frame counter stayed at ${b.frames}`;
});

await test('a key while paused draws at once', async () => {
  const a = await state();
  const t0 = Date.now();
  await page.keyboard.press('Shift');
  const b = await waitState((s) => s.frames > a.frames, 30000);
  expect(b.frames > a.frames, 'no frame followed the key press');
  return `first frame after ${Date.now() - t0} ms`;
});

await test('a pointer move while paused draws at once, then the page sleeps again', async () => {
  expect(await settles(3000, 60000), 'frames kept coming after the key');
  const a = await state();
  const t0 = Date.now();
  await page.mouse.move(640, 20);
  await page.mouse.move(650, 24);
  const b = await waitState((s) => s.frames > a.frames, 30000);
  expect(b.frames > a.frames, 'no frame followed the pointer move');
  const took = Date.now() - t0;
  expect(await settles(3000, 60000), 'frames kept coming after the pointer move');
  return `first frame after ${took} ms`;
});

await test('space while paused starts training (the key reaches the app)', async () => {
  // Focus the canvas with a click on no window. ImGui reacts to a press within 4 px of a window
  // (its resize border): such a click makes an item active until the release is drawn, and a key
  // that arrives meanwhile belongs to ImGui, not to the app's shortcut. (A click at y = 790 hit the
  // Network window, whose bottom is at 794, and Space was lost about one run in five.)
  const sc = await page.evaluate(() => window.relulab.screen());
  const clear = (x, y) => sc.windows.every((w) => x < w.x - 4 || x > w.x + w.w + 4 || y < w.y - 4 || y > w.y + w.h + 4);
  let spot = null;
  for (let y = sc.height - 1; y >= 0 && !spot; y -= 1)
    for (let x = 1; x < sc.width && !spot; x += 2) if (clear(x, y)) spot = { x, y };
  expect(spot, `no point of the ${sc.width}x${sc.height} canvas is clear of every window: ${JSON.stringify(sc.windows)}`);
  const a = await state();
  await page.mouse.click(spot.x, spot.y);
  // the press and the release drawn (wake_frames), so nothing is active when the key comes
  expect(await settles(300, 30000), 'frames kept coming after the click');
  expect(!(await state()).playing, 'the click on no window started training');
  await page.keyboard.press('Space');
  const s = await waitState((x) => x.playing, 30000);
  expect(s.playing, 'space did not start training');
  await page.evaluate(() => window.relulab.pause());
  return `clicked (${spot.x}, ${spot.y}), frame ${a.frames}, then Space`;
});

await test('view(name) switches the main view, redraws once, and refuses an unknown name', async () => {
  const a = await state();
  expect((await page.evaluate(() => window.relulab.view('regions'))) === 'regions', 'view() did not return regions');
  const b = await waitState((s) => s.view_passes > a.view_passes && s.frames > a.frames, 60000);
  expect(b.view === 'regions' && b.view_passes > a.view_passes, 'the regions view was not drawn');
  const bad = await page.evaluate(() => { try { window.relulab.view('nonsense'); return ''; } catch (e) { return e.message; } });
  expect(/unknown view 'nonsense'/.test(bad), `bad name answered: ${bad}`);
  expect((await state()).view === 'regions', 'a refused name changed the view');
  await page.evaluate(() => window.relulab.view('boundary'));
});

await test('the drawn view agrees with the dense evaluator', async () => {
  const r = await page.evaluate(() => window.relulab.shaderCheck(96));
  const raster = r.checks.filter((c) => c.name.startsWith('raster'));
  expect(raster.length > 0, 'no raster checks reported');
  const low = r.checks.filter((c) => c.agreement < 0.99);
  expect(low.length === 0, `low agreement: ${low.map((c) => `${c.name} ${c.agreement}`).join(', ')}`);
  return `${r.checks.length} checks, lowest ${(100 * r.min_agreement).toFixed(2)}%`;
});

await test('frames drawn where they changed equal full redraws (training, hover, a view switch)', async () => {
  await page.evaluate(() => window.relulab.redrawCheck(1000));
  await page.evaluate(() => window.relulab.play());
  // the pointer over the plot (probe tooltip), over the diagram, then the regions view and back
  const path = [[560, 200], [600, 260], [620, 300], [520, 620], [600, 640], [700, 40]];
  for (const [x, y] of path) {
    const a = await state();
    await page.mouse.move(x, y);
    await waitState((s) => s.frames >= a.frames + 2, 30000);
  }
  for (const v of ['regions', 'boundary']) {
    const a = await state();
    await page.evaluate((name) => window.relulab.view(name), v);
    await waitState((s) => s.frames >= a.frames + 3, 30000);
  }
  await page.evaluate(() => window.relulab.pause());
  const c = (await state()).redraw_check;
  await page.evaluate(() => window.relulab.redrawCheck(0));
  expect(c.frames >= 15, `only ${c.frames} frames checked`);
  expect(c.frames_differing === 0, `${c.frames_differing} of ${c.frames} frames differ (${c.pixels_differing} pixels); ${c.first}`);
  expect(c.mean_share < 0.9, `frames redrew ${(100 * c.mean_share).toFixed(0)}% of the pixels on average: the damage tracking is not saving anything`);
  return `${c.frames} frames, ${(100 * c.mean_share).toFixed(0)}% of the pixels redrawn on average, none differ`;
});

await test('no page errors', async () => {
  expect(errors.length === 0, errors.join(' | '));
});

await finish('frames e2e');
