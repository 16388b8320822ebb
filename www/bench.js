// The in-browser benchmark page (issue 7): our wasm against math.js (grid evaluation) and
// d3-contour (contouring) on the same grids, in the same page, timed with performance.now().
//
// tests/bench/run-browser-bench.mjs drives it headless through `window.bench`; the button runs
// the same thing by hand. The baselines are classic scripts in vendor/ (globals `math`, `d3`).
import init, { BenchFunction, bench_contour, bench_derivatives, bench_levels } from './pkg/nabla.js';

/** The function set of the native engine bench (issue 3), in explicit-`*` form for both sides. */
export const TEXT40 = '-0.25 * y + 0.50 * sin(0.10*x + 0.49*y) + 0.75 * cos(0.58*x - 0.09*y) - 1.00 * exp(-(0.08*x^2 + 0.84*y^2)) + 1.25 * x * y^2 + 1.50 * sin(0.30*x + 0.45*y) - 1.75 * cos(0.54*x - 0.21*y) + 0.25 * exp(-(0.16*x^2 + 0.76*y^2)) + 0.50 * x^2 - 0.75 * sin(0.50*x + 0.41*y) + 1.00 * cos(0.50*x - 0.33*y) + 1.25 * exp(-(0.24*x^2 + 0.68*y^2)) - 1.50 * x^3 * y + 1.75 * sin(0.70*x + 0.37*y) + 0.25 * cos(0.46*x - 0.45*y) - 0.50 * exp(-(0.32*x^2 + 0.60*y^2)) + 0.75 * y^2 + 1.00 * sin(0.90*x + 0.33*y) - 1.25 * cos(0.42*x - 0.57*y) + 1.50 * exp(-(0.40*x^2 + 0.52*y^2)) + 1.75 * x - 0.25 * sin(1.10*x + 0.29*y) + 0.50 * cos(0.38*x - 0.69*y) + 0.75 * exp(-(0.48*x^2 + 0.44*y^2)) - 1.00 * x^2 * y + 1.25 * sin(1.30*x + 0.25*y) + 1.50 * cos(0.34*x - 0.81*y) - 1.75 * exp(-(0.56*x^2 + 0.36*y^2)) + 0.25 * x^3 * y^2 + 0.50 * sin(1.50*x + 0.21*y) - 0.75 * cos(0.30*x - 0.93*y) + 1.00 * exp(-(0.64*x^2 + 0.28*y^2)) + 1.25 - 1.50 * sin(1.70*x + 0.17*y) + 1.75 * cos(0.26*x - 1.05*y) + 0.25 * exp(-(0.72*x^2 + 0.20*y^2)) - 0.50 * x * y + 0.75 * sin(1.90*x + 0.13*y) + 1.00 * cos(0.22*x - 1.17*y) - 1.25 * exp(-(0.80*x^2 + 0.12*y^2))';

/** `ours` is what Nabla reads, `mathjs` the same function for math.js (its natural log is `log`). */
export const CASES = [
  { id: 'poly', label: 'x^3 - 3xy^2 + 2x^2 - y', ours: 'x^3 - 3*x*y^2 + 2*x^2 - y' },
  { id: 'sincos', label: 'sin(x)*cos(y)', ours: 'sin(x)*cos(y)' },
  { id: 'explog', label: 'exp(-(x^2+y^2)/4)*ln(1+x^2+y^2)', ours: 'exp(-(x^2 + y^2)/4)*ln(1 + x^2 + y^2)', mathjs: 'exp(-(x^2 + y^2)/4)*log(1 + x^2 + y^2)' },
  { id: 'rosenbrock', label: 'Rosenbrock', ours: '(1 - x)^2 + 100*(y - x^2)^2' },
  { id: 'himmelblau', label: 'Himmelblau', ours: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2' },
  { id: 'x2y_sinxy', label: 'x^2y + sin(xy)', ours: 'x^2*y + sin(x*y)' },
  { id: 'three_var', label: 'x^2yz + sin(xz) + e^y, z = 1', ours: 'x^2*y*z + sin(x*z) + e^y', z: 1 },
  { id: 'forty', label: '40 terms', ours: TEXT40 },
];

const VIEW = [-3, 3, -3, 3];
/** Contours: 12 nice levels of Himmelblau on ±5.35, as the native core bench. */
const CONTOUR = { text: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', view: [-5.35, 5.35, -5.35, 5.35], levels: 12 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Median milliseconds per call of each of `fns`, sampled in turn (one call of each per round)
 * until `minSamples` rounds and `minMs` of total time; the functions are assumed warm.
 */
function interleave(fns, { minSamples = 5, maxSamples = 200, minMs = 300 } = {}) {
  const samples = fns.map(() => []);
  let total = 0;
  while (samples[0].length < maxSamples && (samples[0].length < minSamples || total < minMs)) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      fn();
      const dt = performance.now() - t0;
      samples[k].push(dt);
      total += dt;
    });
  }
  return samples.map(median);
}

/** Repetitions of `run(reps)` that make one call last about `targetMs` (at least 1). */
function calibrate(run, targetMs = 20) {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    run(reps);
    const dt = performance.now() - t0;
    if (dt >= targetMs || reps >= 1 << 16) return reps;
    reps = dt > 1 ? Math.ceil((reps * targetMs) / dt) : reps * 8;
  }
}

/** Relative agreement of two grids, 1e-9 scaled by max(1, |value|); NaN only matches NaN. */
function maxRelError(a, b) {
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    const [u, v] = [a[k], b[k]];
    if (Number.isNaN(u) || Number.isNaN(v)) {
      if (Number.isNaN(u) !== Number.isNaN(v)) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(u - v) / Math.max(1, Math.abs(u), Math.abs(v)));
  }
  return worst;
}

function baselines() {
  if (!globalThis.math || !globalThis.d3 || !globalThis.d3.contours) {
    throw new Error('math.js or d3-contour is missing: run tests/bench/run-browser-bench.mjs, which copies them into www/vendor/');
  }
  return { math: globalThis.math, d3: globalThis.d3 };
}

/** Grid evaluation of every case on an n × n grid: ours (sample_grid on the value tape) and math.js. */
export function benchGrid({ n = 400, only = null } = {}) {
  const { math } = baselines();
  const rows = [];
  for (const c of CASES) {
    if (only && !only.includes(c.id)) continue;
    const ours = new BenchFunction(c.ours, VIEW, n, n, c.z ?? 0);
    const vars = ours.vars().split(',');
    if (vars[0] !== 'x' || vars[1] !== 'y') throw new Error(`${c.id}: variables read as ${vars}`);
    const xs = ours.xs();
    const ys = ours.ys();
    const code = math.compile(c.mathjs ?? c.ours);
    const scope = { x: 0, y: 0 };
    if (vars.length > 2) scope[vars[2]] = c.z;
    const theirs = new Float64Array(n * n);
    // The baseline as one would write it: compile once, evaluate per point with a reused scope.
    const mathGrid = () => {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        scope.y = ys[j];
        for (let i = 0; i < n; i++) {
          scope.x = xs[i];
          const v = code.evaluate(scope);
          theirs[j * n + i] = v;
          if (Number.isFinite(v)) sum += v;
        }
      }
      return sum;
    };
    mathGrid(); // warm-up, and the values to check
    const err = maxRelError(ours.values(), theirs);
    if (!(err <= 1e-9)) throw new Error(`${c.id}: our grid and math.js's differ (max relative error ${err})`);
    // performance.now() is coarsened to 0.1 ms here: repeat our grid so one sample lasts ≥ 20 ms.
    const reps = calibrate((k) => ours.run(k));
    // Samples alternate between the two sides, so a busy machine slows both alike.
    const [o, m] = interleave([() => ours.run(reps), mathGrid], { minSamples: 3, minMs: 1000 });
    ours.free();
    const oursMs = o / reps;
    rows.push({ id: c.id, label: c.label, points: n * n, oursMs, mathjsMs: m, ratio: m / oursMs, maxRelError: err, reps });
  }
  const geomean = Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length);
  return { n, rows, geomean };
}

/** 12 levels on an n × n grid: our contour_levels (one sweep) against d3-contour, same thresholds. */
export function benchContour({ n = 400 } = {}) {
  const { d3 } = baselines();
  const f = new BenchFunction(CONTOUR.text, CONTOUR.view, n, n, 0);
  const values = f.values();
  f.free();
  const levels = bench_levels(values, CONTOUR.levels);
  const plain = Array.from(values);
  const reps = calibrate((k) => bench_contour(values, n, n, levels, k));
  let oursVertices = 0;
  const ours = () => { oursVertices = bench_contour(values, n, n, levels, reps); };
  const generator = d3.contours().size([n, n]).thresholds(Array.from(levels));
  let d3Vertices = 0;
  const theirs = () => {
    let count = 0;
    for (const p of generator(plain)) for (const poly of p.coordinates) for (const ring of poly) count += ring.length;
    d3Vertices = count;
  };
  ours();
  theirs();
  const [o, t] = interleave([ours, theirs], { minSamples: 10, minMs: 1000 });
  const oursMs = o / reps;
  return { n, levels: Array.from(levels), oursMs, d3Ms: t, ratio: t / oursMs, oursVertices, d3Vertices };
}

/** Symbolic differentiation: the course's functions, the grid set and long products. */
const DERIVATIVE_CASES = [
  ...CASES.filter((c) => c.id !== 'forty'),
  { id: 'course_partials', label: 'x^2y + 3xy^2 + y^3', ours: 'x^2*y + 3*x*y^2 + y^3' },
  { id: 'course_bowl', label: 'x^2 + y^2', ours: 'x^2 + y^2' },
  { id: 'course_mse', label: 'regression loss (w x + b - y)^2 summed', ours: '((2*w + b) - 3)^2 + ((4*w + b) - 7)^2 + ((6*w + b) - 11)^2' },
  { id: 'product10', label: '(x+1)(x+2)…(x+10)', ours: Array.from({ length: 10 }, (_, k) => `(x+${k + 1})`).join('*') },
];

/** Nodes of a printed expression, counted by one parser for both sides (math.js's). */
function nodes(math, text) {
  let count = 0;
  math.parse(text).traverse(() => { count += 1; });
  return count;
}

/**
 * ∂f/∂v for every variable: ours (parse, differentiate, simplify, print) against math.js's
 * derivative + simplify + toString, with the size of each printed result.
 */
export function benchDerivatives() {
  const { math } = baselines();
  const rows = [];
  for (const c of DERIVATIVE_CASES) {
    const vars = [...new Set((c.ours.match(/[a-z]+/g) || []).filter((v) => v.length === 1 && v !== 'e'))].sort();
    const theirsText = c.mathjs ?? c.ours;
    const theirs = () => vars.map((v) => math.simplify(math.derivative(theirsText, v)).toString());
    const reps = calibrate((k) => bench_derivatives(c.ours, k));
    let oursOut = [];
    let theirsOut = [];
    // math.js's simplify is slow on long sums: a baseline slower than a second is timed once.
    const t0 = performance.now();
    theirsOut = theirs();
    const once = performance.now() - t0;
    let [o, t] = [NaN, once];
    if (once > 1000) o = interleave([() => { oursOut = bench_derivatives(c.ours, reps).split('\n'); }], { minSamples: 3, minMs: 300 })[0];
    else [o, t] = interleave([() => { oursOut = bench_derivatives(c.ours, reps).split('\n'); }, () => { theirsOut = theirs(); }], { minSamples: 3, minMs: 600 });
    const oursNodes = oursOut.reduce((s, p) => s + nodes(math, p.replace(/\bln\(/g, 'log(')), 0);
    const theirsNodes = theirsOut.reduce((s, p) => s + nodes(math, p), 0);
    rows.push({ id: c.id, label: c.label, oursMs: o / reps, mathjsMs: t, ratio: t / (o / reps), oursNodes, theirsNodes });
  }
  return rows;
}

function report(grid, contour) {
  const f = (v) => v.toFixed(2);
  const lines = [`grid evaluation, ${grid.n}×${grid.n}: ms per grid (ours / math.js = speed-up)`];
  for (const r of grid.rows) lines.push(`  ${r.label.padEnd(34)} ${f(r.oursMs).padStart(8)} ${f(r.mathjsMs).padStart(10)}  ${r.ratio.toFixed(1)}×`);
  lines.push(`  geometric mean speed-up: ${grid.geomean.toFixed(1)}×`);
  lines.push(`contours, ${contour.levels.length} levels on ${contour.n}×${contour.n}: ours ${f(contour.oursMs)} ms, d3-contour ${f(contour.d3Ms)} ms, ${contour.ratio.toFixed(1)}×`);
  return lines.join('\n');
}

const ready = init().then(() => true);
window.bench = {
  ready,
  grid: async (opts) => { await ready; return benchGrid(opts); },
  contour: async (opts) => { await ready; return benchContour(opts); },
  derivatives: async () => { await ready; return benchDerivatives(); },
};

const out = document.querySelector('#out');
const run = document.querySelector('#run');
ready.then(() => {
  out.textContent = 'ready';
  run.disabled = false;
}, (err) => { out.textContent = `cannot load the wasm: ${err}`; });
run.addEventListener('click', () => {
  run.disabled = true;
  out.textContent = 'running…';
  // Let the text paint before the page blocks for a while.
  setTimeout(() => {
    try {
      out.textContent = report(benchGrid(), benchContour());
    } catch (err) {
      out.textContent = `error: ${err.message}`;
    }
    run.disabled = false;
  }, 50);
});
