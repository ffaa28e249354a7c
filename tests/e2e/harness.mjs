// harness.mjs: what every headless-Chromium e2e script shares. Reads --site and --out, serves the
// built site on 127.0.0.1 (a free port), launches Debian's /usr/bin/chromium (or $CHROMIUM) with
// WebGL2 on SwiftShader through playwright-core, and counts tests: test(name, body) prints
// "ok - name" or "not ok - name: why", finish(label) closes everything, prints
// "<label>: N passed, M failed" and exits non-zero on any failure. measurePng() reads a screenshot
// back through the page for its luminance spread and class-colour shares.
//
//   import { startLab, test, expect, sleep, finish } from './harness.mjs';
//   const { site, out, base, browser } = await startLab('lab e2e');
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
                '.png': 'image/png', '.json': 'application/json', '.css': 'text/css' };

// A static file server for `site`, 127.0.0.1 only; paths outside the site are 404.
export async function serveStatic(site) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = path.join(site, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(site + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--no-first-run', '--disable-quic'],
  });
}

let opened = null;

// Parses the arguments, checks the site is built (exit 2 if not), creates --out, starts the server
// and the browser. `label` names the script in messages.
export async function startLab(label) {
  const site = path.resolve(argument('--site', 'build/web/site'));
  const out = path.resolve(argument('--out', 'tests/e2e/artifacts'));
  if (!fs.existsSync(path.join(site, 'index.html'))) {
    console.error(`${label}: ${site}/index.html not found (build the web preset first)`);
    process.exit(2);
  }
  fs.mkdirSync(out, { recursive: true });
  const { server, base } = await serveStatic(site);
  const browser = await launchChromium();
  opened = { server, browser };
  return { site, out, base, server, browser };
}

let passed = 0, failed = 0;

export async function test(name, body) {
  try {
    const note = await body();
    ++passed;
    console.log(`ok - ${name}${note ? ` (${note})` : ''}`);
  } catch (e) {
    ++failed;
    console.log(`not ok - ${name}: ${e && e.message ? e.message : e}`);
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Decodes a PNG in the page (the browser's own decoder) and measures it as tests/tools/png_check.cpp
// does: luminance spread, and the shares of light-orange and light-blue pixels.
export async function measurePng(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0, sumSq = 0, orange = 0, blue = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i], g = d[i + 1], b = d[i + 2];
      const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      sum += y; sumSq += y * y;
      if (r > 200 && r - b > 60 && g > b && r > g) ++orange;
      if (b > 150 && b - r > 60 && g > 100 && g < b) ++blue;
    }
    const mean = sum / n;
    return { width: c.width, height: c.height, sd: Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
             orange: orange / n, blue: blue / n };
  }, png.toString('base64'));
}

export async function finish(label) {
  if (opened) {
    await opened.browser.close();
    opened.server.close();
  }
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// Where the button (or any widget) labelled `label` is, in page pixels, fully in view: asks the app
// (relulab.locate, ui/item_locator.h) and, while the widget is scrolled out of its window or only
// partly shown, wheels each scrollable window down a step and asks again. Throws, naming the
// label, when no window shows it.
export async function locateWidget(page, label, occurrence = 0) {
  const ask = () => page.evaluate(([l, n]) => window.relulab.locate(l, n), [label, occurrence]);
  const full = (at, rowHeight) => at.visible && at.h >= rowHeight - 1;
  let at = await ask();
  const screen = await page.evaluate(() => window.relulab.screen());
  const canvas = await page.evaluate(() => {
    const r = document.querySelector('canvas').getBoundingClientRect();
    return { x: r.left, y: r.top };
  });
  for (const w of full(at, screen.frame_height) ? [] : screen.windows.filter((w) => w.scroll_max_y > 0)) {
    for (let tries = 0; tries < 40 && !full(at, screen.frame_height); ++tries) {
      await page.mouse.move(canvas.x + w.x + w.w / 2, canvas.y + w.y + w.h / 2);
      await page.mouse.wheel(0, 120);
      at = await ask();
      const now = (await page.evaluate(() => window.relulab.screen())).windows.find((v) => v.name === w.name);
      if (!at.visible && now && now.scroll_y >= now.scroll_max_y) break;  // at its end: not in this window
    }
    if (full(at, screen.frame_height)) break;
  }
  if (!full(at, screen.frame_height)) throw new Error(`no window shows a widget labelled '${label}' in full (${JSON.stringify(at)})`);
  return { ...at, x: canvas.x + at.x, y: canvas.y + at.y, cx: canvas.x + at.x + at.w / 2, cy: canvas.y + at.y + at.h / 2 };
}
