// context_loss_e2e.mjs: a lost WebGL context on the page, simulated with the
// WEBGL_lose_context extension in headless Chromium.
//
//   node context_loss_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
//
// While the context is lost the page must say so, training pauses, and the model survives:
// window.relulab.state() still answers with the same step and epoch, and step(n) still trains.
// After restoreContext() the notice goes away, the GL resources are rebuilt (the boundary shader
// agrees with the CPU grid evaluator again) and the canvas shows the plot. Server, browser and
// test counting from harness.mjs. Prints "context loss e2e: N passed, M failed".
import path from 'node:path';
import { startLab, test, expect, sleep, finish, measurePng } from './harness.mjs';

const { out, base, browser } = await startLab('context loss e2e');
const notice = (p) => p.evaluate(() => {
  const s = document.getElementById('status');
  return { visible: !s.hidden, text: s.textContent, error: s.className === 'error' };
});

const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
await page.goto(base);
await page.waitForFunction(() => window.relulab !== undefined || window.relulabFailed, null, { timeout: 90000 });

let before = null;
await test('losing the WebGL context shows a notice and pauses training', async () => {
  before = await page.evaluate(() => { relulab.play(); return null; });
  await sleep(800);
  await page.evaluate(() => {
    window.loseContextExt = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
    window.loseContextExt.loseContext();
  });
  await page.waitForFunction(() => !document.getElementById('status').hidden, null, { timeout: 10000 });
  const n = await notice(page);
  expect(!n.error && /context was lost/.test(n.text), `notice "${n.text}"`);
  before = await page.evaluate(() => relulab.state());
  await sleep(1000);
  const later = await page.evaluate(() => relulab.state());
  expect(later.step === before.step && later.epoch === before.epoch,
         `training went on while lost: step ${before.step} -> ${later.step}`);
  return `paused at step ${before.step}, epoch ${before.epoch.toFixed(3)}`;
});

await test('the model survives: state() answers and step(n) trains while the context is lost', async () => {
  const s = await page.evaluate(() => relulab.state());
  expect(s.step === before.step && s.loss_train === before.loss_train, 'state changed');
  const after = await page.evaluate(() => relulab.step(10));
  expect(after.step === before.step + 10, `step ${before.step} -> ${after.step}`);
  expect(Number.isFinite(after.loss_train), `loss ${after.loss_train}`);
  before = after;
});

await test('after restoreContext() the notice goes and the plot renders again', async () => {
  await page.evaluate(() => window.loseContextExt.restoreContext());
  await page.waitForFunction(() => document.getElementById('status').hidden, null, { timeout: 10000 });
  const s = await page.evaluate(() => relulab.state());
  // play resumes where it stopped (it was playing before the loss): no reset to step 0
  expect(s.step >= before.step && s.playing, `after restore: step ${before.step} -> ${s.step}, playing ${s.playing}`);
  const r = await page.evaluate(() => relulab.shaderCheck(64));
  expect(r.checks.length > 0 && r.min_agreement >= 0.99,
         `shader vs CPU agreement ${(100 * r.min_agreement).toFixed(2)}% after restore`);
  await page.evaluate(() => relulab.pause());
  await sleep(500);
  const png = await page.screenshot({ path: path.join(out, 'context_restored.png') });
  const spread = (await measurePng(page, png)).sd;
  expect(spread > 12, `screenshot luminance sd ${spread.toFixed(1)}: blank`);
  return `agreement ${(100 * r.min_agreement).toFixed(2)}%, luminance sd ${spread.toFixed(1)}`;
});

await test('no page errors through loss and restore', async () => {
  expect(pageErrors.length === 0, pageErrors.join(' | '));
});

await finish('context loss e2e');
