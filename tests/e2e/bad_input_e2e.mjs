// bad_input_e2e.mjs: bad input through the page's own paths (issue 14, item 6), in headless
// Chromium. Every file of tests/fuzz/corpus goes in the way a person's file does: state and config
// files through Load state, CSV files through Import CSV (the browser's file picker, as the Tools
// window's buttons open it, then the page's upload code), URL fragments through the address bar's
// hash. A file the page refuses must say why (the red message line) and leave the running state
// untouched: the same state file, bit for bit (same step, same weights, same points, same moments).
// The file reaches the picker's own <input> as a File (DataTransfer) and its change event, the
// path a picked file takes; Playwright's setFiles does the same but takes seconds a file here.
// A file it accepts must change nothing but the run. Then two sizes: a file over the 32 MiB limit
// is refused, and a 100000-point CSV (2.6 MB, more than ccall's stack could carry) is imported.
//
//   node bad_input_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, test, expect, sleep, finish } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.join(here, '..', 'fuzz', 'corpus');
const verbose = process.argv.includes('--verbose');
const { out, base, browser } = await startLab('bad input e2e');

// a small window: nothing here is looked at, and each SwiftShader frame costs less
const context = await browser.newContext({ viewport: { width: 480, height: 360 } });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('crash', () => problems.push('the page crashed'));
await page.goto(base);
await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 60000 });
await page.evaluate(() => window.relulab.ready);
await page.evaluate(() => { window.relulab.pause(); window.relulab.step(57); });
const baseline = await page.evaluate(() => window.relulab.saveState());

// One input, all inside the page (one round trip: on a loaded machine each evaluate waits for a
// SwiftShader frame): the baseline run back (which clears the message line), the input, then the
// app's answer: a message (refused) or, accepted, a new notice (files) or another run (a hash).
// Returns {refused, message, untouched} or {silent} (no answer in 8 s) or {same} (no hashchange).
async function feed(kind, name, data, maker) {
  return page.evaluate(async ([kind, name, data, maker, baseline]) => {
    const api = window.relulab;
    api.loadState(baseline);
    const notice = api.status().notice;
    if (kind === 'hash') {
      const before = window.location.hash;
      window.location.hash = data;
      if (window.location.hash === before) return { same: true };  // no hashchange: nothing entered
    } else {
      for (const old of document.querySelectorAll('input[type=file]')) old.remove();  // pickers left open
      api.openFile(kind);
      const input = document.querySelector('input[type=file]');
      const bytes = maker ? new Function('return (' + maker + ')()')()
                          : Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name));
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
    }
    const t0 = performance.now();
    for (;;) {
      const s = api.status();
      const answered = s.message || (kind === 'hash' ? api.saveState() !== baseline : s.notice !== notice);
      if (answered) return { refused: !!s.message, message: s.message, untouched: api.saveState() === baseline };
      if (performance.now() - t0 > (kind === 'hash' ? 1500 : 8000))
        return kind === 'hash' ? { refused: false, message: '', untouched: true } : { silent: true };
      await new Promise((r) => setTimeout(r, 5));
    }
  }, [kind, name, data, maker ? maker.toString() : '', baseline]);
}

const throughPicker = (kind, file, make) =>
  feed(kind, path.basename(file), make ? '' : fs.readFileSync(file).toString('base64'), make);
const throughHash = (text) => feed('hash', '', text);

const summary = {};
for (const [dir, kind] of [['state', 'state'], ['config', 'state'], ['csv', 'csv'], ['url', 'hash']]) {
  const files = fs.readdirSync(path.join(corpus, dir)).sort();
  let refused = 0, accepted = 0;
  const wrong = [];
  for (const name of files) {
    const file = path.join(corpus, dir, name);
    if (verbose) console.log(`# ${dir}/${name}`);
    let r;
    try {
      r = kind === 'hash' ? await throughHash(fs.readFileSync(file, 'utf8').replace(/^#/, '').trim())
                          : await throughPicker(kind, file);
    } catch (e) {
      wrong.push(`${name}: ${e.message.split('\n')[0]}`);
      problems.push(`${dir}/${name} stopped the test: ${e.message.split('\n')[0]}`);
      break;
    }
    if (verbose) console.log(`#   ${r.refused ? 'refused' : 'accepted'} ${r.untouched ? '' : '(changed)'} ${r.message || ''}`.slice(0, 300));
    if (r.same) continue;
    if (r.silent) wrong.push(`${name}: no answer (no message, no change)`);
    else if (r.refused && !r.untouched) wrong.push(`${name}: refused ("${r.message.slice(0, 80)}") but the run changed`);
    else if (r.refused) ++refused;
    else ++accepted;
    if (problems.length) break;
  }
  summary[dir] = { files: files.length, refused, accepted };
  await test(`corpus/${dir} through ${kind === 'hash' ? 'the URL hash' : kind === 'csv' ? 'Import CSV' : 'Load state'}: ` +
             `every refusal says why and leaves the run untouched`, () => {
    expect(wrong.length === 0, wrong.join('; '));
    expect(refused > 0, 'nothing was refused');
    expect(problems.length === 0, problems.join('; '));
    return `${files.length} files: ${refused} refused, ${accepted} accepted`;
  });
}

await test('a file over the 32 MiB limit is refused, the run untouched', async () => {
  const r = await throughPicker('state', 'big.json', () => new Uint8Array(33 * 2 ** 20).fill(0x20));
  expect(r.refused && r.message.includes('larger than the 32 MiB limit'), 'message: ' + r.message);
  expect(r.untouched, 'the run changed');
  return r.message;
});

await test('a 100000-point CSV (2.6 MB) is imported through the heap, not the stack', async () => {
  const r = await throughPicker('csv', 'points_100k.csv', () => {
    const lines = ['x1,x2,label'];
    for (let i = 0; i < 100000; ++i) {
      const a = (i * 2.399963) % (2 * Math.PI), r = 5 * Math.sqrt((i % 997) / 997);
      lines.push(`${(r * Math.cos(a)).toFixed(4)},${(r * Math.sin(a)).toFixed(4)},${r < 2.5 ? 1 : 0}`);
    }
    return new TextEncoder().encode(lines.join('\n') + '\n');
  });
  expect(!r.refused, 'refused: ' + r.message);
  const st = await page.evaluate(() => { const c = window.relulab.config(); return c.config.data; });
  expect(st.kind === 'custom' && st.points === 100000, 'data ' + JSON.stringify(st));
  const after = await page.evaluate(() => window.relulab.step(3));
  expect(after.step === 3, 'trains on it');
  return '2.6 MB imported, 100000 points';
});

await test('no console error or page error', () => {
  expect(problems.length === 0, problems.join('; '));
  return JSON.stringify(summary);
});
await context.close();
await finish('bad input e2e');
