// autosave_e2e.mjs: nothing lost on the page (issue 14) in headless Chromium. A run with imported
// points comes back after a reload bit for bit (the same state file, and training on gives the
// state file the unbroken run gives); hiding the page saves it; a link naming another configuration
// wins and Undo brings the autosaved run back; Start fresh and Undo; an unreadable autosave is set
// aside with a message; no IndexedDB (a private window) and a full quota give messages, not
// failures; Undo through Ctrl+Z on the canvas. No console error or page error anywhere.
//
//   node autosave_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, test, expect, sleep, finish } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const points = path.join(here, '..', 'data', 'circle_points.csv');
const { out, base, browser } = await startLab('autosave e2e');

const problems = [];
async function open(context, url) {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await ready(page);
  return page;
}
async function ready(page) {
  await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 60000 });
  await page.evaluate(() => window.relulab.ready);
}
const call = (page, body, arg) => page.evaluate(body, arg);
const stored = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const req = indexedDB.open('relulab', 1);
  req.onsuccess = () => {
    const tx = req.result.transaction('autosave', 'readonly');
    const get = tx.objectStore('autosave').get('last-run');
    const aside = tx.objectStore('autosave').get('unreadable');
    tx.oncomplete = () => { resolve({ last: get.result || null, aside: aside.result || null }); req.result.close(); };
    tx.onerror = () => reject(tx.error);
  };
  req.onerror = () => reject(req.error);
}));

const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
let page = await open(context, base);
let saved = '', future = '';

await test('a run with imported points is autosaved', async () => {
  await call(page, () => window.relulab.pause());
  const chooser = page.waitForEvent('filechooser');
  await call(page, () => window.relulab.openFile('csv'));
  await (await chooser).setFiles(points);
  await page.waitForFunction(() => window.relulab.status().notice.includes('circle_points.csv'), null, { timeout: 10000 });
  await call(page, () => window.relulab.step(137));
  // the unbroken run's future, then back to the present exactly (loadState of the saved text)
  saved = await call(page, () => window.relulab.saveState());
  future = await call(page, () => { window.relulab.step(50); return window.relulab.saveState(); });
  await call(page, (s) => window.relulab.loadState(s), saved);
  expect(await call(page, () => window.relulab.saveState()) === saved, 'loadState gives the saved run back');
  await call(page, () => window.relulab.flushAutosave());
  const s = await stored(page);
  expect(s.last && s.last.state === saved, 'IndexedDB holds the run\'s state file');
  const st = await call(page, () => window.relulab.status());
  return `${st.autosave.saves} saves, ${st.autosave.bytes} bytes, ${st.autosave.ms.toFixed(1)} ms`;
});

await test('reload: the run comes back bit for bit, paused, and goes on as the unbroken run', async () => {
  await page.reload();
  await ready(page);
  const back = await call(page, () => window.relulab.saveState());
  const st = await call(page, () => window.relulab.state());
  const status = await call(page, () => window.relulab.status());
  expect(back === saved, 'the restored state file differs from the saved one');
  expect(!st.playing, 'restored paused');
  expect(status.notice.includes('Restored the last run'), 'notice: ' + status.notice);
  const on = await call(page, () => { window.relulab.step(50); return window.relulab.saveState(); });
  expect(on === future, '50 more steps differ from the unbroken run\'s');
  return `step ${st.step}, ${saved.length} bytes`;
});

await test('hiding the page saves the run', async () => {
  await call(page, () => window.relulab.step(9));
  const now = await call(page, () => window.relulab.saveState());
  await call(page, () => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await call(page, () => window.relulabAutosave.idle());
  const s = await stored(page);
  expect(s.last && s.last.state === now, 'the stored run is not the one the page had when hidden');
  await call(page, () => { delete document.visibilityState; });
  saved = now;
});

await test('Undo with Ctrl+Z on the canvas, and Start fresh then Undo', async () => {
  await call(page, () => window.relulab.startFresh());
  const fresh = await call(page, () => window.relulab.state());
  expect(fresh.step === 0, 'start fresh: step ' + fresh.step);
  await page.mouse.move(5, 790);
  await page.keyboard.press('Control+z');
  // the key is handled by the next frame's event poll: wait for it (a loaded machine is slow)
  let back = false;
  for (const end = Date.now() + 15000; !back && Date.now() < end; await sleep(100))
    back = (await call(page, () => window.relulab.saveState())) === saved;
  expect(back, 'Ctrl+Z brings the run back');
  await call(page, () => window.relulab.redo());
  expect((await call(page, () => window.relulab.state())).step === 0, 'redo: fresh again');
  await call(page, () => window.relulab.undo());
  expect(await call(page, () => window.relulab.saveState()) === saved, 'undo: the run again');
  await call(page, () => window.relulab.flushAutosave());
});

let otherHash = '';
await test('a link naming another configuration wins; Undo brings the autosaved run back', async () => {
  const other = await browser.newContext();
  const p = await open(other, base);
  await call(p, () => window.relulab.load({ data: { kind: 'moons', noise: 0.1 } }));
  // the hash is written by the next frame: wait for it (a loaded machine is slow)
  for (const end = Date.now() + 15000; !otherHash.includes('moons') && Date.now() < end; await sleep(100))
    otherHash = await call(p, () => window.location.hash);
  await other.close();
  expect(otherHash.includes('moons'), 'hash ' + otherHash);
  await page.goto(base + '?link' + otherHash);
  await ready(page);
  await sleep(300);
  const c = await call(page, () => window.relulab.config());
  expect(c.config.data.kind === 'moons', 'the link\'s configuration runs, not ' + c.config.data.kind);
  const status = await call(page, () => window.relulab.status());
  expect(status.undo !== '', 'Undo offers the autosaved run');
  await call(page, () => window.relulab.undo());
  expect(await call(page, () => window.relulab.saveState()) === saved, 'Undo gives the autosaved run');
  return status.notice;
});

await test('an unreadable autosave is set aside with a message; the page starts fresh', async () => {
  // no page of this origin may save while the record is replaced: the old one is closed first
  await call(page, () => window.relulab.flushAutosave());
  await page.close();
  const writer = await open(context, base + '?writer');
  await call(writer, () => window.relulabAutosave.idle());
  await call(writer, () => new Promise((resolve) => {
    const req = indexedDB.open('relulab', 1);
    req.onsuccess = () => {
      const tx = req.result.transaction('autosave', 'readwrite');
      tx.objectStore('autosave').put({ state: '{"format": "relulab-model", "version": 1, "config": {', hash: '', saved: 0 }, 'last-run');
      tx.oncomplete = () => { req.result.close(); resolve(); };
    };
  }));
  await writer.close();
  // a new document without the autosave's writes racing (the running page would save again)
  const p = await open(context, base + '?again');
  const status = await call(p, () => window.relulab.status());
  const kind = await call(p, () => window.relulab.config().config.data.kind);
  const s = await stored(p);
  await p.close();
  expect(status.message.includes('could not be read'), 'message: ' + status.message);
  expect(s.aside && s.aside.state.startsWith('{"format"'), 'the unreadable record is kept aside');
  expect(kind === 'circle', 'the default run starts, not the ' + kind + ' data of the autosave');
  return status.message.slice(0, 120);
});
await context.close();

await test('no IndexedDB (a private window): a message, and the page runs', async () => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { value: undefined }); });
  const p = await open(ctx, base);
  const status = await call(p, () => window.relulab.status());
  const st = await call(p, () => { window.relulab.pause(); const s0 = window.relulab.state().step; return window.relulab.step(20).step - s0; });
  await p.screenshot({ path: path.join(out, 'autosave_private.png') });
  await ctx.close();
  expect(status.message.includes('Autosave is off'), 'message: ' + status.message);
  expect(st === 20, 'the page trains');
  return status.message.slice(0, 100);
});

await test('a full quota: a message once, and the run goes on', async () => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => {
    IDBObjectStore.prototype.put = function () { throw new DOMException('quota', 'QuotaExceededError'); };
  });
  const p = await open(ctx, base);
  await call(p, () => { window.relulab.pause(); window.relulab.step(10); });
  await call(p, () => window.relulab.flushAutosave());
  await sleep(100);
  const status = await call(p, () => window.relulab.status());
  const st = await call(p, () => { const s0 = window.relulab.state().step; return window.relulab.step(10).step - s0; });
  await ctx.close();
  expect(status.message.includes('quota exceeded'), 'message: ' + status.message);
  expect(status.autosave.error.includes('quota'), 'autosave error: ' + status.autosave.error);
  expect(st === 10, 'the run goes on');
  return status.message.slice(0, 100);
});

await test('no console error or page error', () => {
  expect(problems.length === 0, problems.join('; '));
});
await finish('autosave e2e');
