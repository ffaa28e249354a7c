// lab_e2e.mjs: the playground's instruments end to end in headless Chromium: change the
// data set, add a point by clicking the plot, play and see the loss fall with sparsity numbers, the
// URL hash carrying the configuration into a fresh page, a malformed hash refused, and a state file
// saved and loaded back (same weights), a malformed one refused. Screenshots of the views go to --out.
//
//   node lab_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
//
// Prints one line per test and "lab e2e: N passed, M failed"; exits non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { startLab, test, expect, sleep, finish, locateWidget } from './harness.mjs';

const { out, base, browser } = await startLab('lab e2e');

async function openPage(url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 60000 });
  await page.evaluate(() => window.relulab.ready);
  await sleep(500);
  page.errors = errors;
  return page;
}
const hashOf = (page) => page.evaluate(() => window.location.hash);

const page = await openPage(base);
await test('change the data set: the config and the URL hash follow', async () => {
  await page.evaluate(() => window.relulab.pause());
  await page.evaluate(() => window.relulab.load({ data: { kind: 'spiral', noise: 0.1 },
    network: { hidden: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'relu' }, { units: 6, activation: 'relu' }] } }));
  await sleep(400);
  const c = await page.evaluate(() => window.relulab.config());
  expect(c.config.data.kind === 'spiral', 'data kind is ' + c.config.data.kind);
  const hash = await hashOf(page);
  expect(hash.includes('data=spiral'), 'hash is ' + hash);
  return hash;
});

await test('play: the loss falls and sparsity numbers appear', async () => {
  const s0 = await page.evaluate(() => window.relulab.state());
  await page.evaluate(() => window.relulab.play());
  await sleep(4000);
  await page.evaluate(() => window.relulab.pause());
  const s1 = await page.evaluate(() => window.relulab.state());
  expect(s1.loss_train < s0.loss_train, `loss ${s0.loss_train} -> ${s1.loss_train}`);
  expect(s1.layers.length === 3 && s1.layers.every((l) => l.active_fraction > 0 && l.active_fraction <= 1),
         'active fractions ' + JSON.stringify(s1.layers.map((l) => l.active_fraction)));
  expect(s1.layers.every((l) => typeof l.dead_units === 'number' && l.grad_norm_z >= 0), 'dead units and grad norms');
  expect(s1.regions > 1, 'regions ' + s1.regions);
  await page.screenshot({ path: path.join(out, 'lab_spiral.png') });
  return `loss ${s0.loss_train.toFixed(3)} -> ${s1.loss_train.toFixed(3)}, ${s1.regions} regions`;
});

await test('URL hash round trip into a fresh page', async () => {
  const url = await page.evaluate(() => window.location.href);
  const before = await page.evaluate(() => window.relulab.config());
  const fresh = await openPage(url);
  const after = await fresh.evaluate(() => window.relulab.config());
  await fresh.close();
  expect(JSON.stringify(after) === JSON.stringify(before), 'configs differ: ' + JSON.stringify(after.config.data));
  return url.slice(url.indexOf('#'));
});

await test('a malformed URL hash is refused and the page runs the default', async () => {
  const bad = await openPage(base + '#v=1&data=spi&layers=8:relu,9999:relu');
  const c = await bad.evaluate(() => window.relulab.config());
  const s = await bad.evaluate(() => window.relulab.state());
  const hash = await hashOf(bad);
  await bad.screenshot({ path: path.join(out, 'lab_bad_hash.png') });
  await bad.close();
  expect(c.config.data.kind === 'circle', 'kind ' + c.config.data.kind);
  expect(Number.isFinite(s.loss_train), 'the default run works');
  expect(bad.errors.length === 0, 'page errors: ' + bad.errors.join('; '));
  expect(!hash.includes('spi') && !hash.includes('9999'), 'the address bar still holds the bad hash: ' + hash);
});

await test('click on the plot adds a point of the chosen class; shift-click removes it', async () => {
  await page.evaluate(() => window.relulab.load({ data: { kind: 'circle' } }));
  await sleep(300);
  const p0 = (await page.evaluate(() => window.relulab.config())).config.data.points;
  // the plot window's square is centred in the middle column (ui/widgets.cpp compute_layout)
  // each input is given a drawn frame of its own: ImGui sees one state per frame, and a loaded
  // machine's SwiftShader frame can last a second (a key released in the same frame is missed)
  const frames = () => page.evaluate(() => window.relulab.state().frames);
  const nextFrame = async () => {
    const f = await frames();
    for (let i = 0; i < 400 && (await frames()) <= f; ++i) await sleep(50);
  };
  const pointsNow = async () => (await page.evaluate(() => window.relulab.config())).config.data;
  const waitPoints = async (n) => {
    let c = await pointsNow();
    for (let i = 0; i < 400 && c.points !== n; ++i) { await sleep(50); c = await pointsNow(); }
    return c;
  };
  await page.mouse.move(640, 250);
  await nextFrame();
  await page.mouse.click(640, 250);
  const c1 = await waitPoints(p0 + 1);
  expect(c1.kind === 'custom' && c1.points === p0 + 1, `after click: ${c1.kind}, ${c1.points} points (was ${p0})`);
  await page.keyboard.down('Shift');
  await nextFrame();
  await page.mouse.click(640, 250);
  const c2 = await waitPoints(p0);
  await page.keyboard.up('Shift');
  expect(c2.points === p0, `after shift-click: ${c2.points} points`);
  return `${p0} -> ${c1.points} -> ${c2.points}`;
});

await test('save the state and load it back; a malformed state is refused', async () => {
  await page.evaluate(() => window.relulab.load({ data: { kind: 'xor' } }));
  await page.evaluate(() => window.relulab.step(200));
  const saved = await page.evaluate(() => window.relulab.saveState());
  const lossSaved = (await page.evaluate(() => window.relulab.state())).loss_train;
  expect(JSON.parse(saved).progress && JSON.parse(saved).progress.step === 200, 'the state holds the progress at step 200');
  // the run 50 steps on without the round trip
  const unbroken = await page.evaluate(() => { window.relulab.step(50); return window.relulab.saveState(); });
  await page.evaluate(() => window.relulab.load({ data: { kind: 'xor' }, network: { seed: 7 } }));
  const lossFresh = (await page.evaluate(() => window.relulab.state())).loss_train;
  expect(lossFresh !== lossSaved, 'a fresh run differs');
  await page.evaluate((t) => { window.relulab.pause(); window.relulab.loadState(t); }, saved);
  const loaded = await page.evaluate(() => window.relulab.state());
  const lossLoaded = loaded.loss_train;
  expect(Math.abs(lossLoaded - lossSaved) < 1e-6, `loaded loss ${lossLoaded} vs saved ${lossSaved}`);
  expect(loaded.step === 200, `a loaded state keeps its step: ${loaded.step}`);
  // and continues bit for bit: weights, moments and minibatch order as in the unbroken run
  const resumed = await page.evaluate(() => { window.relulab.step(50); return window.relulab.saveState(); });
  expect(resumed === unbroken, 'save, load, 50 steps differs from 50 steps without the round trip');
  await page.evaluate((t) => { window.relulab.pause(); window.relulab.loadState(t); }, saved);
  const message = await page.evaluate((t) => {
    try { window.relulab.loadState(t); return ''; } catch (e) { return e.message; }
  }, saved.slice(0, saved.length / 2));
  expect(message.length > 0, 'truncated state accepted');
  const lossAfter = (await page.evaluate(() => window.relulab.state())).loss_train;
  expect(lossAfter === lossLoaded, 'running state changed by a refused file');
  return message.slice(0, 60);
});

await test('a real click on the Save state button downloads the state file', async () => {
  // the Tools window's Save state button, found by its label (relulab.locate)
  const at = await locateWidget(page, 'Save state');
  await page.mouse.move(at.cx, at.cy);
  await sleep(300);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.mouse.click(at.cx, at.cy)]);
  const file = path.join(out, 'lab_state.json');
  await download.saveAs(file);
  const state = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(state.format === 'relulab-model' && state.weights, 'a relulab-model state with weights');
  return download.suggestedFilename();
});

await test('a real click on Load state uploads a state file; a malformed upload is refused', async () => {
  const good = path.join(out, 'lab_state.json');
  const expected = JSON.parse(fs.readFileSync(good, 'utf8'));
  await page.evaluate(() => window.relulab.load({ data: { kind: 'moons' } }));
  const upload = async (file) => {
    const at = await locateWidget(page, 'Load state');
    await page.mouse.move(at.cx, at.cy);
    await sleep(200);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), page.mouse.click(at.cx, at.cy)]);
    await chooser.setFiles(file);
    await sleep(1500);
  };
  await upload(good);
  const c = await page.evaluate(() => window.relulab.config());
  expect(c.config.data.kind === expected.config.data.kind, `kind after upload: ${c.config.data.kind}`);
  const bad = path.join(out, 'lab_bad_state.json');
  fs.writeFileSync(bad, '{"format": "relulab-model", "version": 1, "config": {"network": {"hidden": [{"units": 100000}]}}, "weights": []}');
  const before = JSON.stringify(await page.evaluate(() => window.relulab.config()));
  await upload(bad);
  const after = JSON.stringify(await page.evaluate(() => window.relulab.config()));
  expect(after === before, 'a malformed upload changed the configuration');
  await page.screenshot({ path: path.join(out, 'lab_bad_upload.png') });
});

await test('a real click on Export PNG downloads the view as a PNG', async () => {
  const at = await locateWidget(page, 'Export PNG');
  await page.mouse.move(at.cx, at.cy);
  await sleep(200);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.mouse.click(at.cx, at.cy)]);
  const file = path.join(out, 'lab_view.png');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect(bytes.length > 1000 && bytes[0] === 0x89 && bytes.toString('latin1', 1, 4) === 'PNG', 'not a PNG');
  return `${download.suggestedFilename()}, ${bytes.length} bytes`;
});

await test('no page errors', async () => {
  expect(page.errors.length === 0, page.errors.join('; '));
});

await page.close();
await finish('lab e2e');
