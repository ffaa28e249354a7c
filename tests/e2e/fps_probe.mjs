// fps_probe.mjs: the page's frame rate while training, at a viewport and pixel ratio (the README's
// speed figures), beside the ceiling of the same browser: an empty WebGL2 page that only clears its
// canvas every animation frame at the same size.
//   node fps_probe.mjs --site build/web/site --width 390 --height 844 --ratio 3 [--mobile] [--seconds 8]
// --mobile makes the context a phone's (isMobile, hasTouch), which headless Chromium composites much
// more slowly than the same pixels on a desktop context.
import { argument, serveStatic, launchChromium } from './harness.mjs';
import path from 'node:path';

const site = path.resolve(argument('--site', 'build/web/site'));
const width = Number(argument('--width', 1280)), height = Number(argument('--height', 800));
const ratio = Number(argument('--ratio', 1)), seconds = Number(argument('--seconds', 8));
const mobile = process.argv.includes('--mobile');
const { server, base } = await serveStatic(site);
const browser = await launchChromium();
const options = { viewport: { width, height }, deviceScaleFactor: ratio, isMobile: mobile, hasTouch: mobile };

const context = await browser.newContext(options);
const page = await context.newPage();
await page.goto(base);
await page.waitForFunction(() => window.relulab !== undefined || window.relulabFailed, null, { timeout: 120000 });
await page.evaluate(() => relulab.play());
await new Promise((r) => setTimeout(r, 3000));
const a = await page.evaluate(() => ({ s: relulab.state(), t: performance.now() }));
await new Promise((r) => setTimeout(r, seconds * 1000));
const b = await page.evaluate(() => ({ s: relulab.state(), t: performance.now() }));
const fps = (b.s.frames - a.s.frames) / ((b.t - a.t) / 1000);
await context.close();

const empty = await browser.newContext(options);
const blank = await empty.newPage();
await blank.setContent('<canvas id=c style="position:fixed;left:0;top:0;width:100%;height:100%"></canvas>');
const ceiling = await blank.evaluate((seconds) => new Promise((resolve) => {
  const c = document.getElementById('c');
  c.width = innerWidth * devicePixelRatio; c.height = innerHeight * devicePixelRatio;
  const gl = c.getContext('webgl2');
  let n = 0;
  const t0 = performance.now();
  const tick = () => {
    gl.clearColor(n % 2, 0.1, 0.2, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    ++n;
    if (performance.now() - t0 < seconds * 1000) requestAnimationFrame(tick);
    else resolve(n / ((performance.now() - t0) / 1000));
  };
  requestAnimationFrame(tick);
}), Math.min(seconds, 4));
await empty.close();
console.log(`${width}x${height} ratio ${ratio}${mobile ? ' mobile' : ''}: ${fps.toFixed(1)} fps while training ` +
            `(view by the ${b.s.view_path}, ${Math.round(b.s.samples_per_second)} samples/s); ` +
            `empty WebGL2 page ${ceiling.toFixed(1)} fps`);
await browser.close();
server.close();
