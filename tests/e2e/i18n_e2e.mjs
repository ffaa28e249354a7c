// i18n_e2e.mjs: the two languages, the guided tour and classroom links on the page, in headless
// Chromium (issue 10): lang=zh renders Chinese with the font downloaded only then, navigator.language
// picks Chinese unless the hash says otherwise, the live switch and the hash follow each other,
// every tour step loads, takes its action and reports a verdict measured in the run, tour=N opens a
// step, hide= hides panels and they stay hidden after a reload of the link, malformed lang, tour and
// hide values are refused with a message and change nothing. Screenshots go to --out.
//
//   node i18n_e2e.mjs --site build/web/site [--out tests/e2e/artifacts]
import path from 'node:path';
import { startLab, test, expect, sleep, finish } from './harness.mjs';

const { out, base, browser } = await startLab('i18n e2e');

// A page with its own context (so the locale can differ), counting downloads of the CJK font.
async function openPage(url, locale = 'en-US') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  page.errors = [];
  page.fontBytes = 0;
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('response', async (r) => {
    if (r.url().endsWith('relulab-zh.ttf')) page.fontBytes += (await r.body()).length;
  });
  await page.goto(url);
  await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 60000 });
  await page.evaluate(() => window.relulab.ready);
  await sleep(500);
  return page;
}
const state = (page) => page.evaluate(() => window.relulab.state());
const hashOf = (page) => page.evaluate(() => window.location.hash);
async function waitFor(page, predicate, arg, ms = 20000) {
  await page.waitForFunction(predicate, arg, { timeout: ms, polling: 100 });
}
async function shot(page, name) {
  await sleep(300);  // a frame or two with the last change
  await page.screenshot({ path: path.join(out, name) });
}

await test('English by default: no Chinese font downloaded', async () => {
  const page = await openPage(base);
  const s = await state(page);
  await shot(page, 'i18n_en.png');
  await page.context().close();
  expect(s.lang === 'en' && s.lang_wanted === 'en', 'lang ' + s.lang);
  expect(page.fontBytes === 0, 'the CJK font was downloaded for English: ' + page.fontBytes + ' bytes');
  expect(page.errors.length === 0, 'page errors: ' + page.errors.join('; '));
});

await test('lang=zh renders Chinese; the font arrives only then, tens of KB', async () => {
  const page = await openPage(base + '#lang=zh');
  await waitFor(page, () => window.relulab.state().lang === 'zh');
  await shot(page, 'i18n_zh.png');
  const hash = await hashOf(page);
  await page.context().close();
  expect(page.fontBytes > 10000 && page.fontBytes < 400000, 'font bytes ' + page.fontBytes);
  expect(hash.includes('lang=zh'), 'hash ' + hash);
  expect(page.errors.length === 0, 'page errors: ' + page.errors.join('; '));
  return `${(page.fontBytes / 1024).toFixed(0)} KB font`;
});

await test('navigator.language zh-CN picks Chinese; lang=en in the hash overrides it', async () => {
  const zh = await openPage(base, 'zh-CN');
  await waitFor(zh, () => window.relulab.state().lang === 'zh');
  const hash = await hashOf(zh);
  await zh.context().close();
  expect(!hash.includes('lang='), 'a language the reader did not choose is not written into the hash: ' + hash);
  const en = await openPage(base + '#lang=en', 'zh-CN');
  const s = await state(en);
  await en.context().close();
  expect(s.lang === 'en', 'lang ' + s.lang);
  expect(en.fontBytes === 0, 'font downloaded for lang=en: ' + en.fontBytes);
});

await test('the live switch changes the language and the hash follows', async () => {
  const page = await openPage(base);
  await page.evaluate(() => window.relulab.lang('zh'));
  await waitFor(page, () => window.relulab.state().lang === 'zh');
  await sleep(200);
  const h1 = await hashOf(page);
  await page.evaluate(() => window.relulab.lang('en'));
  await waitFor(page, () => window.relulab.state().lang === 'en');
  await sleep(200);
  const h2 = await hashOf(page);
  let threw = false;
  try { await page.evaluate(() => window.relulab.lang('fr')); } catch (e) { threw = true; }
  await page.context().close();
  expect(h1.includes('lang=zh'), 'hash after zh: ' + h1);
  expect(h2.includes('lang=en'), 'hash after en: ' + h2);
  expect(threw, 'relulab.lang("fr") did not throw');
});

// Every step: open it, do its action, train as long as the step asks, read the verdict.
const trainFor = [400, 0, 0, 0, 400, 400];
for (const lang of ['zh', 'en']) {
  const page = await openPage(base + '#lang=' + lang);
  if (lang === 'zh') await waitFor(page, () => window.relulab.state().lang === 'zh');
  for (let n = 1; n <= 6; ++n) {
    await test(`tour step ${n} (${lang}): loads, takes its action, reports a measured verdict`, async () => {
      const opened = await page.evaluate((k) => window.relulab.tour(k), n);
      expect(opened.step === n && opened.steps === 6, 'tour ' + JSON.stringify(opened));
      expect(!opened.action_done && !opened.verdict_ready, 'a fresh step is already done: ' + JSON.stringify(opened));
      await page.evaluate(() => window.relulab.tourDo());
      if (trainFor[n - 1]) await page.evaluate((k) => window.relulab.step(k), trainFor[n - 1]);
      await sleep(300);
      const s = await state(page);
      const hash = await hashOf(page);
      await shot(page, `tour_${lang}_step${n}.png`);
      expect(s.tour && s.tour.step === n && s.tour.action_done, 'tour ' + JSON.stringify(s.tour));
      expect(s.tour.verdict_ready && s.tour.verdict.length > 40, 'verdict ' + JSON.stringify(s.tour));
      expect(/\d/.test(s.tour.verdict), 'the verdict has no measured number: ' + s.tour.verdict);
      expect(hash.includes('tour=' + n), 'hash ' + hash);
      return (s.tour.confirmed ? 'as expected: ' : 'NOT as expected: ') + s.tour.verdict.slice(0, 90) + '...';
    });
  }
  await test(`leaving the tour (${lang}): state().tour is null and the hash drops tour=`, async () => {
    await page.evaluate(() => window.relulab.tour(0));
    await sleep(300);
    const s = await state(page);
    const hash = await hashOf(page);
    expect(s.tour === null, 'tour ' + JSON.stringify(s.tour));
    expect(!hash.includes('tour='), 'hash ' + hash);
  });
  await page.context().close();
}

await test('tour=3 in the hash opens step 3', async () => {
  const page = await openPage(base + '#tour=3');
  const s = await state(page);
  await page.context().close();
  expect(s.tour && s.tour.step === 3 && s.tour.steps === 6, 'tour ' + JSON.stringify(s.tour));
});

await test('hide=network,instruments hides them, and they stay hidden after a reload of the link', async () => {
  const page = await openPage(base + '#lang=zh&hide=network,instruments');
  await waitFor(page, () => window.relulab.state().lang === 'zh');
  const s1 = await state(page);
  await shot(page, 'classroom_hidden_zh.png');
  const url = await page.evaluate(() => window.location.href);
  await page.reload();
  await page.waitForFunction(() => window.relulab && window.relulab.state, null, { timeout: 60000 });
  await page.evaluate(() => window.relulab.ready);
  await sleep(500);
  const s2 = await state(page);
  await page.context().close();
  expect(s1.hidden === 'network,instruments', 'hidden ' + s1.hidden);
  expect(url.includes('hide=network,instruments'), 'url ' + url);
  expect(s2.hidden === 'network,instruments', 'after the reload: hidden ' + s2.hidden);
});

for (const [bad, what] of [['lang=fr', 'lang=fr'], ['tour=9', 'tour=9'], ['tour=abc', 'tour=abc'],
                           ['hide=network,bogus', 'bogus'], ['lang=zh&lang=en', 'lang']]) {
  await test(`malformed ${bad}: refused with a message, nothing changes`, async () => {
    const page = await openPage(base + '#lang=en&hide=loss');
    const before = await state(page);
    await page.evaluate((h) => { window.location.hash = h; }, bad);
    await sleep(600);
    const after = await state(page);
    if (bad === 'lang=fr') await shot(page, 'i18n_bad_lang.png');
    const hash = await hashOf(page);
    await page.context().close();
    expect(after.message.includes(what), 'message: ' + after.message);
    expect(after.lang === before.lang && after.hidden === before.hidden && after.tour === null,
           `changed: lang ${after.lang}, hidden ${after.hidden}, tour ${JSON.stringify(after.tour)}`);
    expect(!hash.includes(bad), 'the bad value stays in the address bar: ' + hash);
    return after.message;
  });
}

await test('the classroom-link dialog opens from its button and builds the link', async () => {
  const page = await openPage(base + '#lang=zh&tour=2');
  await waitFor(page, () => window.relulab.state().lang === 'zh');
  // the third button of the top row of the ReLU Lab window (layout at 1280x800, font 16 px)
  await page.mouse.click(150, 44);
  await sleep(600);
  await shot(page, 'classroom_dialog_zh.png');
  const s = await state(page);
  await page.context().close();
  expect(s.classroom_dialog === true, 'the dialog is not open');
});

await finish('i18n e2e');
