// browser_e2e.mjs: the page end to end in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core), through the window.relulab API and the pixels on screen.
//
//   node browser_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
//
// Serves the static site on 127.0.0.1 (a free port), loads it with WebGL2 on SwiftShader, then:
// the API appears and no error box shows; a fresh run's training loss falls after play(); per-layer
// sparsity numbers appear; step(n) takes exactly n steps; bad input to load() is refused with a
// message and leaves the run untouched; the boundary shader agrees with the CPU grid evaluator;
// the screen is not blank and shows both class colours (screenshot saved); and a browser without
// WebGL2 or without wasm SIMD (simulated) gets a readable error instead of a blank canvas.
// Prints one line per test and "browser e2e: N passed, M failed"; exits non-zero on any failure.
import path from 'node:path';
import { startLab, test, expect, sleep, finish, measurePng } from './harness.mjs';

const { out, base, browser } = await startLab('browser e2e');

const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });

await test('page loads and installs window.relulab', async () => {
  await page.goto(base);
  await page.waitForFunction(() => window.relulab !== undefined || window.relulabFailed, null, { timeout: 90000 });
  const status = await page.evaluate(() => ({
    failed: !!window.relulabFailed,
    hidden: document.getElementById('status').hidden,
    text: document.getElementById('status').textContent,
    title: document.title,
  }));
  expect(!status.failed, `the page shows an error: ${status.text}`);
  expect(status.hidden, 'the loading message is still visible');
  expect(/ReLU Lab/.test(status.title), `title is "${status.title}"`);
  return status.title;
});

let fresh, trained;
await test('a fresh run trains: play() and the training loss falls', async () => {
  fresh = await page.evaluate(() => {
    relulab.pause();
    relulab.load(relulab.config());  // restart from epoch 0
    return relulab.state();
  });
  expect(fresh.epoch === 0 && fresh.step === 0, `restarted run is at epoch ${fresh.epoch}`);
  expect(fresh.playing === false, 'paused after pause()');
  await page.evaluate(() => relulab.play());
  const deadline = Date.now() + 60000;
  do {
    await sleep(500);
    trained = await page.evaluate(() => relulab.state());
  } while (trained.epoch < 20 && Date.now() < deadline);
  expect(trained.playing, 'playing after play()');
  expect(trained.epoch >= 20, `only ${trained.epoch.toFixed(1)} epochs after 60 s`);
  expect(trained.loss_train < 0.5 * fresh.loss_train,
         `loss ${fresh.loss_train.toFixed(4)} -> ${trained.loss_train.toFixed(4)}, not halved`);
  return `epoch ${trained.epoch.toFixed(1)}, loss ${fresh.loss_train.toFixed(3)} -> ${trained.loss_train.toFixed(3)}, ` +
         `accuracy ${(100 * trained.accuracy_train).toFixed(1)}%`;
});

await test('sparsity numbers per hidden layer', async () => {
  expect(Array.isArray(trained.layers) && trained.layers.length === 2, 'two hidden layers in state().layers');
  for (const l of trained.layers) {
    expect(typeof l.active_fraction === 'number' && l.active_fraction > 0 && l.active_fraction <= 1,
           `active_fraction ${l.active_fraction}`);
    expect(Number.isInteger(l.dead_units) && l.dead_units >= 0 && l.dead_units <= l.units, `dead_units ${l.dead_units}`);
    expect(typeof l.grad_norm_z === 'number' && l.grad_norm_z >= 0, `grad_norm_z ${l.grad_norm_z}`);
  }
  expect(Number.isInteger(trained.regions) && trained.regions > 1, `regions ${trained.regions}`);
  JSON.stringify(trained);
  return trained.layers.map((l) => `${(100 * l.active_fraction).toFixed(0)}% active`).join(', ') +
         `, ${trained.regions} regions`;
});

await test('step(n) takes n minibatch steps and stays paused', async () => {
  const r = await page.evaluate(() => { relulab.pause(); const a = relulab.state(); const b = relulab.step(25); return { a, b }; });
  expect(r.b.step === r.a.step + 25, `step ${r.a.step} -> ${r.b.step}`);
  expect(!r.b.playing, 'still paused');
});

await test('bad input to load() is refused with a message, run untouched', async () => {
  const r = await page.evaluate(() => {
    const before = JSON.stringify(relulab.config());
    const step = relulab.state().step;
    const errors = [];
    for (const bad of ['{not json', { network: { hidden: [{ units: 100000 }] } },
                       { network: { hidden: [{ units: 8, activation: 'relu2' }] } }]) {
      try { relulab.load(bad); errors.push(null); } catch (e) { errors.push(e.message); }
    }
    let range = null;
    try { relulab.step(-3); } catch (e) { range = e.message; }
    return { errors, same: JSON.stringify(relulab.config()) === before, step, after: relulab.state().step, range };
  });
  r.errors.forEach((e, i) => expect(e, `bad config #${i} was accepted`));
  expect(r.same && r.after === r.step, 'the running configuration or run changed');
  expect(r.range, 'step(-3) was accepted');
  return r.errors.join(' | ');
});

await test('boundary shader agrees with the CPU grid evaluator', async () => {
  const r = await page.evaluate(() => relulab.shaderCheck(128));
  const bad = r.checks.filter((c) => c.agreement < 0.99 || c.mean_value_error > 0.01);
  expect(r.checks.length >= 10, `only ${r.checks.length} networks checked`);
  expect(bad.length === 0, bad.map((c) => `${c.name}: ${(100 * c.agreement).toFixed(2)}%, ` +
                                          `mean |dv| ${c.mean_value_error.toFixed(4)}`).join('; '));
  return `${r.checks.length} networks, lowest agreement ${(100 * r.min_agreement).toFixed(2)}%`;
});

await test('the canvas shows the plot (screenshot not blank, both class colours)', async () => {
  await page.evaluate(() => relulab.play());
  await sleep(1500);
  const png = await page.screenshot({ path: path.join(out, 'browser.png') });
  const m = await measurePng(page, png);
  expect(m.sd > 12, `luminance sd ${m.sd.toFixed(1)}: blank`);
  expect(m.orange >= 0.005 && m.blue >= 0.005,
         `orange ${(100 * m.orange).toFixed(2)}%, blue ${(100 * m.blue).toFixed(2)}% of pixels`);
  return `sd ${m.sd.toFixed(1)}, orange ${(100 * m.orange).toFixed(1)}%, blue ${(100 * m.blue).toFixed(1)}%, ` +
         `saved ${path.relative(process.cwd(), path.join(out, 'browser.png'))}`;
});

await test('no errors in the console', async () => {
  expect(pageErrors.length === 0, pageErrors.join(' | '));
});

// Browsers without the features: the shell must say so, not show a blank canvas.
for (const [name, init, pattern] of [
  ['without WebGL2 the page says so',
   () => { const get = HTMLCanvasElement.prototype.getContext;
           HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
             return type === 'webgl2' ? null : get.call(this, type, ...rest); }; },
   /WebGL2/],
  ['without wasm SIMD the page says so',
   () => { const validate = WebAssembly.validate;
           WebAssembly.validate = (bytes) => (bytes.length === 31 ? false : validate(bytes)); },
   /SIMD/],
]) {
  await test(name, async () => {
    const p = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await p.addInitScript(init);
    await p.goto(base);
    await p.waitForFunction(() => window.relulabFailed || window.relulab, null, { timeout: 30000 });
    const s = await p.evaluate(() => ({ failed: !!window.relulabFailed, api: !!window.relulab,
      visible: !document.getElementById('status').hidden, text: document.getElementById('status').textContent }));
    await p.close();
    expect(s.failed && !s.api && s.visible, 'no visible error');
    expect(pattern.test(s.text), `message "${s.text}"`);
    return s.text.slice(0, 60) + '...';
  });
}

await finish('browser e2e');
