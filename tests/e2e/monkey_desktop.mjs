// monkey_desktop.mjs: the desktop monkey (issue 14): the seeded stream of monkey.mjs sent to the
// desktop app as real X input with xdotool, under Xvfb (run this script inside xvfb-run). The app
// runs in a scratch directory with its own XDG_STATE_HOME (its autosave and any file the monkey
// saves through the path dialog land there). Passes when the app is alive after every batch, exits
// 0 on SIGTERM, prints a state() and writes a state file free of NaN, infinity and null, reports no
// assertion or crash, and its resident memory stays bounded. The seed is printed first.
//
//   xvfb-run -a -s "-screen 0 1920x1200x24 -noreset" node monkey_desktop.mjs --app build/native/native/relulab
//        [--events 2000] [--seed S] [--report figures.json] [--rss-growth-mb 300] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { events, allFinite } from './monkey.mjs';

function argument(name, fallback) {  // (harness.mjs's, without loading Playwright)
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const app = path.resolve(argument('--app', 'build/native/native/relulab'));
const count = Number(argument('--events', '2000'));
const seed = argument('--seed', String(Math.floor(Math.random() * 2 ** 32)));
const report = argument('--report', '');
const growthLimit = Number(argument('--rss-growth-mb', '300')) * 2 ** 20;
const batch = 100;
console.log(`monkey desktop: seed ${seed}, ${count} events (replay: --seed ${seed} --events ${count})`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'relulab-monkey-'));
const env = { ...process.env, XDG_STATE_HOME: path.join(work, 'state') };
const child = spawn(app, ['--fresh', '--no-layout', '--frames', '100000000', '--save-state', 'final_state.json'],
                    { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '', stderr = '', exited = null;
child.stdout.on('data', (d) => { stdout += d; });
child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19)); });
child.on('exit', (code, signal) => { exited = { code, signal }; });

function xdo(script) {
  const r = spawnSync('xdotool', ['-'], { input: script, encoding: 'utf8', timeout: 120000 });
  return r.status === 0 ? '' : `xdotool: ${r.stderr || r.error}`;
}
function rss() {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch { return null; }
}

// the window: polled for up to 60 s by its title among the viewable windows. A miss says what X
// holds and what the app printed (an app that found no window system exits with a message).
function search(args) {
  const r = spawnSync('xdotool', ['search', ...args], { encoding: 'utf8', timeout: 10000 });
  return { ids: (r.stdout || '').trim().split('\n').filter(Boolean), err: (r.stderr || '') + (r.error ? String(r.error) : '') };
}
let wid = '', lastErr = '';
const tWindow = Date.now();
while (!wid && !exited && Date.now() - tWindow < 60000) {
  const found = search(['--onlyvisible', '--name', '^ReLU Lab$']);
  wid = found.ids[0] || '';
  lastErr = found.err;
  if (!wid) await sleep(200);
}
const failures = [];
if (wid) console.log(`window ${wid} after ${Date.now() - tWindow} ms`);
else {
  const all = search(['--name', '.*']);
  const names = all.ids.slice(0, 12).map((id) => {
    const n = spawnSync('xdotool', ['getwindowname', id], { encoding: 'utf8', timeout: 5000 });
    return `${id} '${(n.stdout || '').trim()}'`;
  });
  failures.push(`no window appeared in ${Date.now() - tWindow} ms` +
                (exited ? ` (the app exited: ${JSON.stringify(exited)})` : ' (the app was running)') +
                `; DISPLAY=${process.env.DISPLAY}; X windows with a name: ${names.join(', ') || 'none'}` +
                (lastErr ? `; xdotool said: ${lastErr.trim().slice(0, 300)}` : '') +
                `; the app's stderr: ${stderr.trim().slice(-400) || '(empty)'}`);
}

function command(e) {
  const move = (x, y) => `mousemove --window ${wid} ${x} ${y}`;
  switch (e.kind) {
    case 'move': return move(e.x, e.y);
    case 'click': {
      const mod = e.modifier === 'Shift' ? 'shift' : e.modifier === 'Control' ? 'ctrl' : '';
      return [move(e.x, e.y), 'sleep 0.02', mod && `keydown ${mod}`, 'click 1', mod && `keyup ${mod}`].filter(Boolean).join('\n');
    }
    case 'right': return `${move(e.x, e.y)}\nsleep 0.02\nclick 3`;
    case 'double': return `${move(e.x, e.y)}\nsleep 0.02\nclick --repeat 2 --delay 60 1`;
    case 'drag':
      return [move(e.x, e.y), 'sleep 0.02', 'mousedown 1', ...e.path.flatMap((p) => ['sleep 0.02', move(p.x, p.y)]),
              'sleep 0.02', 'mouseup 1'].join('\n');
    case 'wheel': return `${move(e.x, e.y)}\nclick --repeat ${Math.abs(e.dy)} --delay 20 ${e.dy < 0 ? 4 : 5}`;
    case 'key': return `key ${e.key.xdotool}`;
    case 'text': return /^\S+$/.test(e.text) ? `type --delay 15 ${e.text}` : 'key space';
    case 'resize': return `windowsize ${wid} ${e.width} ${e.height}`;
    default: return `sleep ${(e.ms / 1000).toFixed(3)}`;
  }
}

const samples = [];
const t0 = Date.now();
let sent = 0;
if (wid) {
  await sleep(1000);
  samples.push({ events: 0, rss: rss() });
  let lines = [];
  for (const e of events(seed, count, { width: 1280, height: 800 })) {
    lines.push(command(e), 'sleep 0.005');
    ++sent;
    if (sent % batch === 0 || sent === count) {
      const err = xdo(lines.join('\n') + '\n');
      lines = [];
      await sleep(0);  // spawnSync blocked the event loop: let a child's exit be seen
      if (exited) { failures.push(`the app exited after ${sent} events: ${JSON.stringify(exited)}`); break; }
      if (err && !/BadWindow|BadMatch/.test(err)) { failures.push(`${err} after ${sent} events`); break; }
      if (sent % (batch * 5) === 0 || sent === count) samples.push({ events: sent, rss: rss() });
    }
  }
}
const seconds = (Date.now() - t0) / 1000;
if (!exited) child.kill('SIGTERM');
for (let i = 0; i < 200 && !exited; ++i) await sleep(100);
if (!exited) { child.kill('SIGKILL'); failures.push('the app did not exit on SIGTERM within 20 s'); }
else if (exited.code !== 0) failures.push(`exit ${JSON.stringify(exited)}`);
if (/Assertion|Segmentation|Aborted|terminate called|AddressSanitizer/.test(stderr))
  failures.push('stderr: ' + stderr.split('\n').filter((l) => /Assertion|Segmentation|Aborted|terminate|Sanitizer/.test(l)).slice(0, 3).join(' | '));
const stateLine = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
if (!stateLine) failures.push('no state() printed at exit');
else {
  const bad = allFinite(stateLine);
  if (bad) failures.push(`state() holds a non-finite value at ${bad}`);
}
const final = path.join(work, 'final_state.json');
if (!fs.existsSync(final)) failures.push('no state file written at exit');
else if (fs.readFileSync(final, 'utf8').includes('null')) failures.push('the state file holds a non-finite weight (null)');

const rssValues = samples.map((s) => s.rss).filter((v) => v);
const warm = samples.filter((s) => s.events <= count / 4 && s.rss).map((s) => s.rss);
const warmPeak = Math.max(...warm), peak = Math.max(...rssValues);
if (rssValues.length > 2 && peak - warmPeak > growthLimit)
  failures.push(`resident memory grew ${((peak - warmPeak) / 2 ** 20).toFixed(0)} MiB after warm-up`);
const mb = (b) => (b / 2 ** 20).toFixed(1);
const figures = { seed, events: count, sent, seconds, events_per_s: sent / seconds, rss_start: rssValues[0],
                  rss_warm_peak: warmPeak, rss_peak: peak, rss_end: rssValues[rssValues.length - 1],
                  step_end: stateLine ? JSON.parse(stateLine).step : null, samples };
if (report) fs.writeFileSync(report, JSON.stringify(figures, null, 1));
console.log(`${sent} events in ${seconds.toFixed(0)} s (${(sent / seconds).toFixed(0)}/s); RSS ${mb(rssValues[0])} MiB at start, ` +
            `${mb(warmPeak)} MiB peak in warm-up, ${mb(peak)} MiB peak, ${mb(rssValues[rssValues.length - 1])} MiB at end`);
for (const f of failures) console.log(`not ok - ${f}`);
if (!failures.length) console.log(`ok - ${sent} events, no crash, finite state, bounded memory (seed ${seed})`);
if (failures.length && process.argv.includes('--keep')) console.log(`kept ${work} (a core file lands there with ulimit -c unlimited)`);
else fs.rmSync(work, { recursive: true, force: true });
console.log(`monkey desktop: ${failures.length ? 'FAILED' : 'passed'}`);
process.exit(failures.length ? 1 : 0);
