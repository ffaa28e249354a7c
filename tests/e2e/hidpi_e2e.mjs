// hidpi_e2e.mjs: the page at devicePixelRatio 1, 2 and 3 in headless Chromium.
//
//   node hidpi_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
//
// At each ratio: the canvas backing store is the CSS size times the ratio, the app's pixel scale is
// the ratio, the plot's offscreen target is its side in device pixels (the boundary exact per
// device pixel) and the UI font keeps its CSS size. A text row (the controls window's title bar)
// at ratio 2 and 3 has sharper glyph edges than the same row at ratio 1 upscaled (what the page
// showed before: a 1x backing store stretched by the browser). Frame rate while training, at ratio
// 1 and 2 on 1280x800, is measured and printed (four times the pixels at ratio 2). Screenshots:
// hidpi-<ratio>.png and hidpi-text-<ratio>.png in --out.
import path from 'node:path';
import { startLab, test, expect, sleep, finish } from './harness.mjs';

const { out, base, browser } = await startLab('hidpi e2e');

// Edge sharpness of a PNG's luminance: sum(g^2) / sum(g) over horizontal and vertical neighbour
// differences g. A step edge of height H spread over w pixels scores H / w: a crisp edge scores about
// twice what the same edge stretched 2x does. `upscale`: first stretch the image by that factor
// with bilinear filtering (the browser's canvas upscaling).
async function sharpness(page, png, upscale = 1) {
  return page.evaluate(async ({ b64, upscale }) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width * upscale; c.height = img.height * upscale;
    const ctx = c.getContext('2d');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low';
    ctx.drawImage(img, 0, 0, c.width, c.height);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const lum = (i) => 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
    let s1 = 0, s2 = 0;
    for (let y = 0; y + 1 < c.height; ++y)
      for (let x = 0; x + 1 < c.width; ++x) {
        const i = (y * c.width + x) * 4;
        for (const j of [i + 4, i + c.width * 4]) {
          const g = Math.abs(lum(i) - lum(j));
          s1 += g; s2 += g * g;
        }
      }
    return s1 > 0 ? s2 / s1 : 0;
  }, { b64: png.toString('base64'), upscale });
}

// Frames the app drew per second over `seconds` while training (its own frame counter).
async function measureFps(page, seconds) {
  const a = await page.evaluate(() => ({ frames: relulab.screen().frames, t: performance.now() }));
  await sleep(seconds * 1000);
  const b = await page.evaluate(() => ({ frames: relulab.screen().frames, t: performance.now() }));
  return (b.frames - a.frames) / ((b.t - a.t) / 1000);
}

// Polls `probe` until `ok(value)` or `ms` pass (the page draws only when something changes).
async function until(probe, ok, ms = 20000) {
  const deadline = Date.now() + ms;
  let v = await probe();
  while (!ok(v) && Date.now() < deadline) {
    await sleep(150);
    v = await probe();
  }
  return v;
}

async function open(ratio) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: ratio });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  await page.waitForFunction(() => window.relulab !== undefined || window.relulabFailed, null, { timeout: 90000 });
  expect(await page.evaluate(() => !window.relulabFailed), 'the page shows an error');
  await page.evaluate(() => relulab.pause());
  return { context, page, errors };
}

const textRows = {};
const fps = {};
for (const ratio of [1, 2, 3]) {
  let opened;
  await test(`ratio ${ratio}: backing store = CSS size x ${ratio}, plot target in device pixels`, async () => {
    opened = await open(ratio);
    const s = await until(() => opened.page.evaluate(() => relulab.screen()),
                          (v) => v.plot.target_width > 0 && v.backing_width === 1280 * ratio);
    expect(s.layout === 'desktop', `layout ${s.layout}`);
    expect(s.backing_width === 1280 * ratio && s.backing_height === 800 * ratio,
           `backing ${s.backing_width}x${s.backing_height}`);
    expect(Math.abs(s.pixel_scale - ratio) < 1e-3, `pixel scale ${s.pixel_scale}`);
    expect(Math.abs(s.plot.target_width - Math.round(s.plot.side * ratio)) <= 1 && s.plot.target_width === s.plot.target_height,
           `plot ${s.plot.side} CSS px -> target ${s.plot.target_width}x${s.plot.target_height}`);
    expect(s.em_px >= 12.5 && s.em_px <= 13.5, `UI em ${s.em_px} CSS px`);
    return `backing ${s.backing_width}x${s.backing_height}, plot ${s.plot.side} CSS px -> ${s.plot.target_width} px, em ${s.em_px.toFixed(1)}`;
  });
  if (!opened) continue;
  const { page, context, errors } = opened;
  if (ratio <= 2) {
    await test(`ratio ${ratio}: frame rate while training (1280x800)`, async () => {
      await page.evaluate(() => relulab.play());
      await sleep(2000);
      fps[ratio] = await measureFps(page, 6);
      const s = await page.evaluate(() => relulab.state());
      await page.evaluate(() => relulab.pause());
      expect(s.playing && fps[ratio] > 0, 'no frames');
      return `${fps[ratio].toFixed(1)} fps, view by the ${s.view_path}, ${Math.round(s.samples_per_second)} samples/s`;
    });
  }
  await test(`ratio ${ratio}: screenshot and a text row`, async () => {
    // the same frame content at every ratio: paused, fresh run
    await page.evaluate(() => { relulab.pause(); relulab.load(relulab.config()); });
    await until(() => page.evaluate(() => relulab.state()), (v) => v.step === 0 && v.view_passes > 0);
    await sleep(1500);
    await page.screenshot({ path: path.join(out, `hidpi-${ratio}.png`) });
    const s = await page.evaluate(() => relulab.screen());
    const controls = s.windows.find((w) => w.name === 'ReLU Lab');
    expect(controls, 'no controls window');
    // the title bar: the window's name in the UI font, never changing
    const clip = { x: controls.x, y: controls.y, width: 160, height: Math.round(s.frame_height) };
    textRows[ratio] = await page.screenshot({ clip, path: path.join(out, `hidpi-text-${ratio}.png`) });
    return `saved hidpi-${ratio}.png, hidpi-text-${ratio}.png`;
  });
  await test(`ratio ${ratio}: no page errors`, async () => { expect(errors.length === 0, errors.join(' | ')); });
  await context.close();
}

for (const ratio of [2, 3]) {
  await test(`ratio ${ratio}: text sharper than ratio 1 upscaled`, async () => {
    expect(textRows[1] && textRows[ratio], 'missing text rows');
    const page = await browser.newPage();
    const native = await sharpness(page, textRows[ratio]);
    const upscaled = await sharpness(page, textRows[1], ratio);
    await page.close();
    expect(native > 1.4 * upscaled, `edge sharpness ${native.toFixed(1)} vs upscaled ${upscaled.toFixed(1)}`);
    return `edge sharpness ${native.toFixed(1)} vs ${upscaled.toFixed(1)} upscaled (x${(native / upscaled).toFixed(2)})`;
  });
}

if (fps[1] && fps[2]) console.log(`# frame rate 1280x800 while training: ratio 1 ${fps[1].toFixed(1)} fps, ratio 2 ` +
                                  `${fps[2].toFixed(1)} fps (x${(fps[1] / fps[2]).toFixed(2)} slower at 4x the pixels)`);
await finish('hidpi e2e');
