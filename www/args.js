// Defensive readers for what a host page passes to window.nabla. Each argument is read once;
// objects are never converted (no toString, valueOf or Symbol.toPrimitive), and a Proxy trap or
// getter that throws gives "not usable" instead of an exception.

// The core refuses more than 2,000 characters; a longer text is cut just past that, so the core
// still says "too long" and the link and state keep a bounded copy.
export const TEXT_CAP = 8001;
const SHORT_CAP = 256; // a number, an optimizer id, a comma-separated list
const LIST_CAP = 64;

/** Text from a string or another primitive, capped at `cap` characters; null for anything else. */
export function readText(value, cap = TEXT_CAP) {
  switch (typeof value) {
    case 'string': return value.length > cap ? value.slice(0, cap) : value;
    case 'number': case 'boolean': case 'bigint': return String(value);
    case 'undefined': return '';
    default: return value === null ? '' : null;
  }
}

/** A number from a number, a numeric string or a bigint; NaN for anything else. */
export function readNumber(value) {
  switch (typeof value) {
    case 'number': return value;
    case 'bigint': return Number(value);
    case 'string': return value.length <= SHORT_CAP && value.trim() !== '' ? Number(value) : NaN;
    default: return NaN;
  }
}

/** The value of `object[key]`, or undefined when reading it throws (a getter, a Proxy). */
export function readKey(object, key) {
  try {
    return object !== null && (typeof object === 'object' || typeof object === 'function') ? object[key] : undefined;
  } catch {
    return undefined;
  }
}

/** Up to LIST_CAP items of an array (or a Proxy of one); null when it is not one or throws. */
export function readList(value, cap = LIST_CAP) {
  try {
    if (!Array.isArray(value)) return null;
    const n = Math.min(readNumber(value.length) || 0, cap);
    const out = [];
    for (let i = 0; i < n; i++) out.push(readKey(value, i));
    return out;
  } catch {
    return null;
  }
}

/** Coordinates from `setPoint(1, 2)`, `setPoint([1, 2])` or a mix; NaN for what is not a number. */
export function readCoords(args) {
  const out = [];
  for (const arg of args.slice(0, LIST_CAP)) {
    const list = readList(arg);
    if (list) out.push(...list.map(readNumber));
    else out.push(readNumber(arg));
  }
  return out.slice(0, LIST_CAP);
}

const SETTINGS = ['lr', 'beta', 'beta1', 'beta2', 'rho', 'eps'];

/** Plain descent options from whatever was passed: known keys only, each of its own type. */
export function readDescentOptions(options, optimizers) {
  const out = {};
  if (options === null || options === undefined || typeof options !== 'object') return out;
  const start = readKey(options, 'start');
  const startList = readList(start);
  if (startList) out.start = startList.map(readNumber);
  else if (typeof start === 'string') out.start = readText(start, SHORT_CAP);
  else if (start !== undefined) out.start = [];
  for (const key of ['steps', ...SETTINGS]) {
    const v = readKey(options, key);
    if (v !== undefined) out[key] = readNumber(v);
  }
  for (const flag of ['ascent', 'backtrack']) {
    const v = readKey(options, flag);
    if (typeof v === 'boolean') out[flag] = v;
  }
  const opt = readKey(options, 'opt');
  const optList = readList(opt, 8);
  if (optList) out.opt = optList.map((x) => readText(x, 16) ?? '');
  else if (opt !== undefined) out.opt = readText(opt, SHORT_CAP) ?? '';
  for (const id of optimizers) {
    const own = readKey(options, id);
    if (own === null || typeof own !== 'object') continue;
    out[id] = {};
    for (const key of SETTINGS) {
      const v = readKey(own, key);
      if (v !== undefined) out[id][key] = readNumber(v);
    }
    const a = readKey(own, 'ascent');
    if (typeof a === 'boolean') out[id].ascent = a;
  }
  return out;
}

/** Regression points: the usable [x, y] pairs of finite numbers, and how many were not. */
export function readPoints(points) {
  const list = readList(points, 10_000);
  if (!list) return { points: null, refused: 0, given: false };
  const good = [];
  let refused = 0;
  for (const p of list) {
    const xy = readList(p, 3);
    if (xy && xy.length === 2 && xy.every((v) => typeof v === 'number' && Number.isFinite(v))) good.push(xy);
    else refused++;
  }
  return { points: good, refused, given: true };
}
