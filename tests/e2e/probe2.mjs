import { serveStatic, launchChromium } from '/work/wt-screens/tests/e2e/harness.mjs';
const [site, w, h, r] = [process.argv[2], +process.argv[3], +process.argv[4], +process.argv[5]];
const { server, base } = await serveStatic(site);
const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: r });
const page = await ctx.newPage();
await page.goto(base);
await page.waitForFunction(() => window.relulab !== undefined, null, { timeout: 120000 });
for (const playing of [false, true]) {
  await page.evaluate((p) => (p ? relulab.play() : relulab.pause()), playing);
  await new Promise((res) => setTimeout(res, 3000));
  const a = await page.evaluate(() => relulab.state());
  const t0 = Date.now();
  await new Promise((res) => setTimeout(res, 6000));
  const b = await page.evaluate(() => relulab.state());
  console.log(`${w}x${h}@${r} playing=${playing}: app ${((b.frames - a.frames) / ((Date.now() - t0) / 1000)).toFixed(1)} fps, frame_ms ${b.frame_ms.toFixed(1)}, view ${b.view_path} pass ${b.view_pass_ms.toFixed(1)} ms, passes ${b.view_passes}`);
}
await browser.close(); server.close();
