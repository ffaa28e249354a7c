// fps_probe.mjs: frames per second of the page while training, for a viewport and pixel ratio
// (issue 11's speed figures). Counts requestAnimationFrame callbacks (the app draws once per
// animation frame) over --seconds after a warm-up.
//   node fps_probe.mjs --site build/web/site --width 1280 --height 800 --ratio 2 [--mobile] [--seconds 8] [--paused]
import { argument, serveStatic, launchChromium } from './harness.mjs';
import path from 'node:path';

const site = path.resolve(argument('--site', 'build/web/site'));
const width = Number(argument('--width', 1280)), height = Number(argument('--height', 800));
const ratio = Number(argument('--ratio', 1)), seconds = Number(argument('--seconds', 8));
const mobile = process.argv.includes('--mobile'), paused = process.argv.includes('--paused');
const { server, base } = await serveStatic(site);
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: ratio, isMobile: mobile, hasTouch: mobile });
const page = await context.newPage();
await page.goto(base);
await page.waitForFunction(() => window.relulab !== undefined || window.relulabFailed, null, { timeout: 120000 });
await page.evaluate((p) => (p ? relulab.pause() : relulab.play()), paused);
await new Promise((r) => setTimeout(r, 2000));
const r = await page.evaluate((seconds) => new Promise((resolve) => {
  let frames = 0;
  const t0 = performance.now();
  const tick = () => { ++frames; if (performance.now() - t0 < seconds * 1000) requestAnimationFrame(tick); else resolve({ frames, ms: performance.now() - t0 }); };
  requestAnimationFrame(tick);
}), seconds);
const s = await page.evaluate(() => relulab.state());
console.log(`${width}x${height} ratio ${ratio}${mobile ? ' mobile' : ''}${paused ? ' paused' : ''}: ${(r.frames / (r.ms / 1000)).toFixed(1)} fps ` +
            `(app frame_ms ${s.frame_ms.toFixed(1)}, ${Math.round(s.samples_per_second)} samples/s)`);
await browser.close();
server.close();
