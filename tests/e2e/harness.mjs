// harness.mjs: what every headless-Chromium e2e script shares. Reads --site and --out, serves the
// built site on 127.0.0.1 (a free port), launches Debian's /usr/bin/chromium (or $CHROMIUM) with
// WebGL2 on SwiftShader through playwright-core, and counts tests: test(name, body) prints
// "ok - name" or "not ok - name: why", finish(label) closes everything, prints
// "<label>: N passed, M failed" and exits non-zero on any failure.
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

export async function finish(label) {
  if (opened) {
    await opened.browser.close();
    opened.server.close();
  }
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
