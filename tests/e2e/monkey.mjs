// monkey.mjs: the seeded random input stream of the monkey tests (issue 14), shared by the page
// (monkey_e2e.mjs, through Playwright) and the desktop app (monkey_desktop.mjs, through xdotool).
//
// events(seed, count, size) yields `count` events, each one person-sized action over a window of
// size {width, height}: a move, a click (sometimes with shift or ctrl: shift-click removes a point),
// a right or double click, a drag (press, a few moves, release), wheel turns, a key (navigation,
// editing, space for play, Ctrl+Z/Ctrl+Shift+Z/Ctrl+Y, letters and digits), a typed text, a window
// resize, or a short pause. The same seed gives the same stream on both platforms. Keys that would
// leave the app (Ctrl+W, Ctrl+Q, Alt+F4, F5) are never sent.

// splitmix64 in 32-bit halves (BigInt), so a seed of any size replays exactly.
export function rng(seed) {
  let s = BigInt.asUintN(64, BigInt(seed));
  return function next() {
    s = BigInt.asUintN(64, s + 0x9e3779b97f4a7c15n);
    let z = s;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    z = z ^ (z >> 31n);
    return Number(z >> 11n) / 2 ** 53;  // [0, 1)
  };
}

// Key names: Playwright's and xdotool's for each.
export const keys = [
  ['Space', 'space'], ['Tab', 'Tab'], ['Enter', 'Return'], ['Escape', 'Escape'],
  ['ArrowUp', 'Up'], ['ArrowDown', 'Down'], ['ArrowLeft', 'Left'], ['ArrowRight', 'Right'],
  ['Backspace', 'BackSpace'], ['Delete', 'Delete'], ['Home', 'Home'], ['End', 'End'],
  ['PageUp', 'Prior'], ['PageDown', 'Next'],
  ['Control+z', 'ctrl+z'], ['Control+Shift+z', 'ctrl+shift+z'], ['Control+y', 'ctrl+y'],
  ['Control+a', 'ctrl+a'], ['Control+c', 'ctrl+c'], ['Control+v', 'ctrl+v'], ['Control+x', 'ctrl+x'],
  ['Shift+Tab', 'shift+Tab'], ['a', 'a'], ['e', 'e'], ['x', 'x'], ['z', 'z'], ['0', '0'], ['1', '1'],
  ['5', '5'], ['9', '9'], ['minus', 'minus'], ['period', 'period'],
].map(([page, x]) => ({ page: page === 'minus' ? '-' : page === 'period' ? '.' : page, xdotool: x }));

const texts = ['0', '1', '3', '12', '128', '0.5', '-1', '1e3', '1e-9', '999999', 'abc', 'relu', 'x',
               'nan', 'inf', '-0', '..', ' ', '2000', '0.0001'];

// The share of each kind of event, in order (they sum to 1).
const mix = [['move', 0.24], ['click', 0.22], ['drag', 0.1], ['wheel', 0.08], ['key', 0.19],
             ['text', 0.07], ['right', 0.03], ['double', 0.03], ['resize', 0.02], ['pause', 0.02]];

export function* events(seed, count, size) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  let { width, height } = size;
  const point = () => ({ x: Math.floor(r() * width), y: Math.floor(r() * height) });
  for (let i = 0; i < count; ++i) {
    let u = r(), kind = mix[mix.length - 1][0];
    for (const [k, p] of mix) {
      if (u < p) { kind = k; break; }
      u -= p;
    }
    const at = point();
    switch (kind) {
      case 'move': yield { kind, ...at }; break;
      case 'click': {
        const m = r();
        yield { kind, ...at, modifier: m < 0.1 ? 'Shift' : m < 0.15 ? 'Control' : '' };
        break;
      }
      case 'right': case 'double': yield { kind, ...at }; break;
      case 'drag': {
        const steps = 2 + Math.floor(r() * 6);
        const path = [];
        for (let k = 0; k < steps; ++k)
          path.push({ x: Math.max(0, Math.min(width - 1, at.x + Math.round((r() - 0.5) * 400))),
                      y: Math.max(0, Math.min(height - 1, at.y + Math.round((r() - 0.5) * 300))) });
        yield { kind, ...at, path };
        break;
      }
      case 'wheel': yield { kind, ...at, dy: (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 3)) }; break;
      case 'key': yield { kind, key: pick(keys) }; break;
      case 'text': yield { kind, text: pick(texts) }; break;
      case 'resize':
        width = 480 + Math.floor(r() * 1120);
        height = 360 + Math.floor(r() * 640);
        yield { kind, width, height };
        break;
      default: yield { kind: 'pause', ms: 20 + Math.floor(r() * 80) };
    }
  }
}

// True when every number in a JSON text is finite and no value is null (NaN and infinities are
// written as null by nlohmann-json and refused as "NaN"/"Infinity" by JSON.parse), except at the
// paths in `nullable` whose null is a value of its own: state().tour outside the tour,
// state().regions_partition where no exact partition is kept (smooth activations, x1^2, x1*x2 or
// sine features) and its hover when the pointer is over no region. Returns the first offending
// path (dotted), or null.
export function allFinite(text, nullable = ['tour', 'regions_partition', 'regions_partition.hover']) {
  let bad = null;
  const walk = (value, path) => {
    if (bad) return;
    if (value === null) {
      if (!nullable.includes(path)) bad = path || '(value)';
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) bad = path || '(value)';
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(JSON.parse(text), '');
  return bad;
}
