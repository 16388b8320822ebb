// Nabla's page: DOM events, the animation clock, the URL hash. All math, and every conversion
// between pixels and the world, happens in the Rust core (pkg/nabla.js); this file only wires.

import init, { Nabla } from './pkg/nabla.js';

const $ = (selector) => document.querySelector(selector);
const els = {
  expr: $('#expr'), error: $('#error'), normalized: $('#normalized'), canvas: $('#plot'),
  wrap: $('#plot-wrap'), readouts: $('#readouts'), controls: $('#controls'), notice: $('#notice'),
  presets: $('#presets'), charts: $('#charts'), lab: $('#lab'),
};
const PANELS = { map: ['slice-x', 'slice-y', 'directional', 'line'], graph: ['limit'] };
const OPTIMIZERS = [['gd', 'gradient descent'], ['momentum', 'momentum'], ['nesterov', 'Nesterov'], ['rmsprop', 'RMSProp'], ['adam', 'Adam']];
// Descent presets: each shows one thing going right or wrong (issue 6).
const LAB_PRESETS = [
  { name: 'Rosenbrock race', log: true, f: '(1 - x)^2 + 100(y - x^2)^2', view: [-2, 2, -1, 3], start: [-1.5, 2], lr: 0.001, steps: 3000, opt: ['gd', 'momentum', 'nesterov', 'rmsprop', 'adam'] },
  { name: 'Himmelblau', f: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', view: [-5, 5, -5, 5], start: [-0.3, -0.9], lr: 0.005, steps: 1000, opt: ['gd', 'momentum', 'adam'] },
  { name: 'Beale', log: true, f: '(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2', view: [-4.5, 4.5, -4.5, 4.5], start: [1, 1.5], lr: 0.001, steps: 5000, opt: ['gd', 'momentum', 'adam'] },
  { name: 'saddle', f: 'x^2 - y^2', view: [-3, 3, -3, 3], start: [2.5, 0.01], lr: 0.05, steps: 120, opt: ['gd', 'momentum'] },
  { name: 'zig-zag (ill-conditioned)', f: 'x^2 + 25y^2', view: [-3, 3, -1.5, 1.5], start: [-2.5, 1], lr: 0.037, steps: 200, opt: ['gd', 'momentum', 'adam'] },
  { name: 'plateau bowl', f: '1 - exp(-(x^2 + y^2)/2)', view: [-4, 4, -4, 4], start: [3, 2.5], lr: 0.5, steps: 400, opt: ['gd', 'momentum', 'adam'] },
  { name: 'η too large', log: true, f: '(1 - x)^2 + 100(y - x^2)^2', view: [-4, 4, -2, 6], start: [-3, 4], lr: 0.01, steps: 200, opt: ['gd'] },
];

const PATH_COLORS = ['#e63946', '#ffb703', '#3a86ff', '#ff006e', '#06d6a0'];

const PRESETS = [
  ['x² + y²', 'x^2 + y^2'],
  ['course example', 'x^2y + 3xy^2 + y^3'],
  ['x²y + sin(xy)', 'x^2y + sin(xy)'],
  ['saddle', 'x^2 - y^2'],
  ['Himmelblau', '(x^2 + y - 11)^2 + (x + y^2 - 7)^2'],
  ['Rosenbrock', '(1 - x)^2 + 100(y - x^2)^2'],
  ['x²', 'x^2'],
  ['e^(x²)', 'e^(x^2)'],
  ['sin x', 'sin(x)'],
  ['1/x', '1/x'],
  ['x³ − 3x', 'x^3 - 3x'],
];
const DEBOUNCE_MS = 150;
const HASH_LIMIT = 8192;

let engine = null;
let lastFrameMs = null;
let framePending = false;
let mode = null; // 'graph' (one variable) or 'map' (two or more)
let controlsKey = null; // mode and variables: the controls are rebuilt when it changes

const dpr = () => window.devicePixelRatio || 1;

// ---- engine calls, contained: a trap (a bug) re-creates the engine from the link ----

function guard(call, fallback = undefined) {
  try {
    return call();
  } catch (err) {
    // A trap (a panic: a bug) leaves the engine unusable; any other error is only reported.
    if (err instanceof WebAssembly.RuntimeError) recover(err);
    else showNotice(String(err && err.message || err));
    return fallback;
  }
}

function recover(err) {
  const pairs = lastPairs;
  showNotice(`Something went wrong (${String(err && err.message || err)}); the view was restored.`);
  try {
    engine = new Nabla();
    engine.applyLink(JSON.stringify(pairs));
  } catch {
    showNotice('Nabla stopped working; please reload the page.');
  }
}

// ---- the URL hash: split and decode here, validate in Rust ----

let lastPairs = [];

function readHash() {
  const raw = location.hash.slice(1, 1 + HASH_LIMIT);
  const pairs = [];
  const bad = [];
  for (const part of raw.split('&').slice(0, 32)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      pairs.push([decodeURIComponent(key), decodeURIComponent(value)]);
    } catch {
      bad.push(key.slice(0, 20));
    }
  }
  return { pairs, bad };
}

/** Writes the link of the last frame (drawNow computes it) into the URL. */
function writeHash() {
  const hash = '#' + lastPairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  if (hash !== location.hash) history.replaceState(null, '', hash);
}

// ---- drawing ----

function sizeCanvas() {
  const rect = els.wrap.getBoundingClientRect();
  const w = Math.max(1, Math.round(rect.width * dpr()));
  const h = Math.max(1, Math.round(rect.height * dpr()));
  if (els.canvas.width !== w || els.canvas.height !== h) {
    els.canvas.width = w;
    els.canvas.height = h;
  }
}

function requestDraw() {
  if (framePending) return;
  framePending = true;
  requestAnimationFrame(drawNow);
}

function drawNow() {
  framePending = false;
  sizeCanvas();
  const start = performance.now();
  guard(() => engine.render(els.canvas, dpr()));
  lastFrameMs = performance.now() - start;
  // Charts first: they read their sizes, which is free before this frame's DOM writes.
  drawPanels();
  const s = state(true);
  showReadouts(s);
  showLab(s);
  // The link is cheap to compute and is what a trap recovers from; writing it to the URL is not.
  lastPairs = JSON.parse(guard(() => engine.linkPairs(), '[]'));
  scheduleHashWrite();
}

// history.replaceState costs milliseconds: while dragging or animating the hash is written at
// most every 250 ms (and at once by the API methods).
let hashTimer = null;
function scheduleHashWrite() {
  if (hashTimer !== null) return;
  hashTimer = setTimeout(() => {
    hashTimer = null;
    writeHash();
  }, 250);
}

// ---- small linked charts, drawn by the core ----

function drawPanels() {
  drawPanelsInto(els.charts, PANELS[mode] || []);
  // The lab's own charts sit in the lab, next to the controls that change them.
  const lab = $('#lab-charts');
  // Charts with nothing to show (no regression, no runs) are hidden by drawPanelsInto.
  if (lab) drawPanelsInto(lab, ['regression', 'losses']);
}

function drawPanelsInto(container, names) {
  for (const canvas of [...container.children]) {
    if (!names.includes(canvas.dataset.panel)) canvas.remove();
  }
  for (const name of names) {
    let canvas = container.querySelector(`canvas[data-panel="${name}"]`);
    if (!canvas) {
      canvas = el('canvas', { className: 'chart' });
      canvas.dataset.panel = name;
      if (name === 'regression') canvas.title = 'click to add a point, drag to move it, shift-click or right-click to delete it';
      // Keep the order of `names`.
      const next = [...container.children].find((c) => names.indexOf(c.dataset.panel) > names.indexOf(name));
      container.insertBefore(canvas, next || null);
    }
    const rect = canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round((rect.width || 340) * dpr()));
    const h = Math.max(1, Math.round(170 * dpr()));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    canvas.hidden = !guard(() => engine.renderPanel(name, canvas, dpr()), false);
  }
}

/** The full snapshot (INTERFACE.md); `framed` keeps only each run's current step, for drawing. */
function state(framed = false) {
  const s = JSON.parse(guard(() => engine.stateJson(!framed), '{}'));
  s.lastFrameMs = lastFrameMs;
  return s;
}

// ---- the expression field ----

function byteToIndex(text, byte) {
  const bytes = new TextEncoder().encode(text);
  return new TextDecoder().decode(bytes.slice(0, byte)).length;
}

function showError(text, error) {
  if (!error) {
    els.error.hidden = true;
    els.error.replaceChildren();
    els.expr.removeAttribute('aria-invalid');
    return;
  }
  const a = byteToIndex(text, error.start);
  const b = byteToIndex(text, error.end);
  const message = document.createElement('div');
  message.textContent = error.message;
  // Show the typed text around the error with the offending part marked (as text, never HTML).
  const from = Math.max(0, a - 40);
  const to = Math.min(text.length, Math.max(a, b) + 40);
  const source = document.createElement('div');
  source.className = 'source';
  const mark = document.createElement('mark');
  // A long span (the tail of a huge paste) is shown by its start only.
  mark.textContent = (text.slice(a, Math.min(b, a + 40)) || ' ') + (b > a + 40 ? '…' : '');
  source.append((from > 0 ? '…' : '') + text.slice(from, a), mark, b > a + 40 ? '' : text.slice(b, to) + (to < text.length ? '…' : ''));
  els.error.replaceChildren(message, source);
  els.error.hidden = false;
  els.expr.setAttribute('aria-invalid', 'true');
}

function applyExpression(text) {
  const result = JSON.parse(guard(() => engine.setExpression(text), '{"ok":false,"error":{"message":"internal error","start":0,"end":0}}'));
  showError(text, result.ok ? null : result.error);
  return result;
}

let debounceTimer = null;
els.expr.addEventListener('input', () => {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => {
    applyExpression(els.expr.value);
    requestDraw();
  }, DEBOUNCE_MS);
});

// ---- readouts (text through textContent; MathML is generated by the core from its own tree) ----

/** A number for a readout: `digits` significant digits without trailing zeros; "undefined" for null. */
function fmt(v, digits = 6) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return 'undefined';
  const [mantissa, exponent] = Number(v).toPrecision(digits).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent ? `${m}e${exponent}` : m;
}
const vec = (vs) => (vs ? `[${vs.map((v) => fmt(v)).join(', ')}]` : 'undefined');

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function math(markup) {
  // The markup comes from the Rust printer: only MathML tags, numbers, function names and
  // single-letter variables, never text from the URL or the field.
  const span = el('span');
  span.innerHTML = markup;
  return span;
}

function row(label, ...value) {
  return el('tr', {}, el('td', {}, label), el('td', { className: 'num' }, ...value));
}

function showReadouts(s) {
  els.normalized.textContent = s.normalized ? `read as  ${s.normalized}` : '';
  const parts = [];
  const n = (s.vars || []).length;
  const v = s.vars || [];
  if (n === 0) {
    els.readouts.replaceChildren();
    return;
  }
  const at = `(${s.point.map((p) => fmt(p, 4)).join(', ')})`;
  parts.push(el('h2', {}, `at ${at}`));
  const table = el('table');
  table.append(row(`f${at}`, fmt(s.value)));
  if (n === 1) {
    table.append(row(el('span', {}, `f′(${v[0]}) = `, math(s.partialsMathml[0])), fmt(s.gradient && s.gradient[0])));
    if (s.secondDerivative) table.append(row(`f″(${v[0]}) = ${s.secondDerivative}`, ''));
    parts.push(table);
    if (s.tangent) {
      const slope = s.tangent.slope;
      const trend = slope === null ? 'undefined here' : slope > 0 ? 'increasing' : slope < 0 ? 'decreasing' : 'critical (f′ = 0)';
      parts.push(el('p', { className: 'note' }, `tangent: y = ${fmt(s.value, 4)} + ${fmt(slope, 4)}·(${v[0]} − ${fmt(s.point[0], 4)}); f is ${trend} here`));
    }
    if (s.secant) {
      parts.push(el('h2', {}, 'the limit that defines f′'));
      const t = el('table');
      const err = s.gradient ? Math.abs(s.secant.slope - s.gradient[0]) : null;
      t.append(row('h', fmt(s.secant.h, 3)));
      t.append(row('(f(a+h) − f(a))/h', fmt(s.secant.slope, 10)));
      t.append(row('(f(a+h) − f(a−h))/2h', fmt(s.secant.central, 10)));
      t.append(row('exact f′(a)', fmt(s.gradient && s.gradient[0], 10)));
      t.append(row('error of the secant', fmt(err, 3)));
      parts.push(t);
      if (s.limitTable && s.limitTable.length) {
        const table = el('table', { className: 'limit' }, el('tr', {}, ...['h', 'forward', 'error', 'central', 'error'].map((x) => el('th', {}, x))));
        for (const r of s.limitTable) {
          table.append(el('tr', {}, ...[fmt(r.h, 1), fmt(r.forward, 12), fmt(r.forwardError, 2), fmt(r.central, 12), fmt(r.centralError, 2)].map((x) => el('td', { className: 'num' }, x))));
        }
        parts.push(el('details', {}, el('summary', {}, 'h → 0: the quotients and their errors'), table));
      }
    }
    if (s.steps && s.steps.length) {
      parts.push(el('h2', {}, 'steps'));
      parts.push(el('ol', {}, ...s.steps.slice(0, 12).map((st) => el('li', {}, `${st.rule}: d/d${v[0]} ${st.of} = ${st.result}`))));
    }
  } else {
    v.forEach((name, i) => {
      table.append(row(el('span', {}, `∂f/∂${name} = `, math(s.partialsMathml[i])), fmt(s.gradient && s.gradient[i])));
    });
    table.append(row('∇f', vec(s.gradient)));
    table.append(row('‖∇f‖', fmt(s.gradientNorm)));
    parts.push(table);
    parts.push(el('h2', {}, 'directional derivative'));
    const d = el('table');
    const theta = s.gradient && s.gradientNorm ? Math.acos(Math.max(-1, Math.min(1, s.directionalDerivative / s.gradientNorm))) * 180 / Math.PI : null;
    d.append(row(`u (${fmt(s.directionDegrees, 4)}°)`, vec(s.direction)));
    d.append(row('D_u f = ∇f·u', fmt(s.directionalDerivative)));
    d.append(row('= ‖∇f‖ cos θ, θ', theta === null ? 'undefined' : `${fmt(theta, 4)}°`));
    parts.push(d);
    if (s.gradientCheck) {
      parts.push(el('h2', {}, 'gradient check'));
      const g = el('table');
      g.append(row('central differences', vec(s.gradientCheck.numeric)));
      g.append(row('relative error', fmt(s.gradientCheck.relativeError, 2)));
      parts.push(g);
    }
  }
  if (s.criticalPoints && s.criticalPoints.length) {
    parts.push(el('h2', {}, 'critical points in view'));
    parts.push(el('ol', {}, ...s.criticalPoints.slice(0, 12).map((c) => el('li', {}, `${c.kind} at (${c.at.map((x) => fmt(x, 5)).join(', ')}), f = ${fmt(c.value, 5)}`))));
  }
  for (const note of s.notices || []) parts.push(el('p', { className: 'note bad' }, note));
  const keepOpen = els.readouts.querySelector('details[open]') !== null;
  els.readouts.replaceChildren(...parts);
  if (keepOpen) els.readouts.querySelector('details')?.setAttribute('open', '');
  const lo = $('#color-lo');
  if (lo && s.colorRange) {
    lo.textContent = fmt(s.colorRange[0], 3);
    $('#color-hi').textContent = fmt(s.colorRange[1], 3);
  }
  // Keep the sliders on what dragging or the API changed (unless the learner holds them).
  const uSlider = $('#u-slider');
  if (uSlider && document.activeElement !== uSlider && s.directionDegrees !== null) {
    uSlider.value = s.directionDegrees;
    uSlider.nextElementSibling.textContent = `${fmt(s.directionDegrees, 4)}°`;
  }
  const newMode = n === 1 ? 'graph' : 'map';
  const key = `${newMode}:${v.join(',')}`;
  if (key !== controlsKey) {
    mode = newMode;
    controlsKey = key;
    buildControls(s);
  }
}

// ---- controls ----

function slider(label, attrs, onInput, initial = '') {
  const input = el('input', { type: 'range', ...attrs });
  const out = el('output', {}, initial);
  const update = () => { out.textContent = onInput(Number(input.value)) ?? input.value; requestDraw(); };
  input.addEventListener('input', update);
  return el('label', {}, label, input, out);
}

function checkbox(label, checked, onChange) {
  const input = el('input', { type: 'checkbox', checked });
  input.addEventListener('change', () => { onChange(input.checked); requestDraw(); });
  return el('label', {}, input, label);
}

function buildControls(s) {
  const parts = [el('h2', {}, 'controls')];
  if (mode === 'graph') {
    const exponent = Math.log10(Math.abs(s.secant ? s.secant.h : 0.5));
    parts.push(slider('h = 10^', { id: 'h-slider', min: -15, max: 0, step: 0.1, value: exponent }, (e) => {
      const h = 10 ** e;
      guard(() => engine.setH(h));
      return fmt(h, 3);
    }, fmt(s.secant ? s.secant.h : 0.5, 3)));
    const options = { derivative: true, secant: true, second: false, central: false };
    const sync = () => engine.setGraphOptions(options.derivative, options.secant, options.second, options.central);
    parts.push(checkbox('show f′', true, (on) => { options.derivative = on; sync(); }));
    parts.push(checkbox('show f″', false, (on) => { options.second = on; sync(); }));
    parts.push(checkbox('show the secant', true, (on) => { options.secant = on; sync(); }));
    parts.push(checkbox('central secant through a − h and a + h', false, (on) => { options.central = on; sync(); }));
    const animate = el('button', { type: 'button', id: 'animate-h' }, 'animate h → 0');
    animate.addEventListener('click', () => animateH($('#h-slider')));
    parts.push(animate);
    parts.push(legend([['#1f5ec8', 'f'], ['#f07800', 'f′'], ['#8c50c8', 'f″'], ['#e63946', 'tangent'], ['#2ea043', 'secant'], ['#ffb703', 'inflection']]));
    parts.push(el('p', { className: 'note' }, 'Drag the point: it leaves dots (a, f′(a)). Hide f′ and build it by hand, then show it to compare.'));
    const clear = el('button', { type: 'button', id: 'clear-trace' }, 'clear dots');
    clear.addEventListener('click', () => { engine.clearTrace(); requestDraw(); });
    parts.push(clear);
  } else {
    parts.push(slider('direction u', { id: 'u-slider', min: 0, max: 360, step: 1, value: s.directionDegrees ?? 45 }, (deg) => {
      guard(() => engine.setDirection(deg));
      return `${deg}°`;
    }, `${fmt(s.directionDegrees ?? 45, 4)}°`));
    parts.push(slider('levels', { min: 2, max: 30, step: 1, value: 12 }, (n) => { guard(() => engine.setLevels(n)); return n; }, '12'));
    parts.push(checkbox('gradient field', true, (on) => engine.setShowField(on)));
    parts.push(checkbox('arrows of equal length', true, (on) => engine.setNormalizedArrows(on)));
    const log = checkbox('log colour scale (for deep valleys)', Boolean(s.logScale), (on) => engine.setLogScale(on));
    log.querySelector('input').id = 'log-scale';
    parts.push(log);
    // f(x, y, z, …): the map is the slice through the point; one slider per other variable.
    s.vars.slice(2).forEach((name, k) => {
      const i = k + 2;
      parts.push(slider(`${name} =`, { id: `var-${name}`, min: -5, max: 5, step: 0.01, value: s.point[i] }, (value) => {
        const p = state(true).point;
        p[i] = value;
        guard(() => engine.setPoint(p));
        return value.toFixed(2);
      }, Number(s.point[i]).toFixed(2)));
    });
  }
  if (mode === 'map') {
    parts.push(legend([['#2ea043', 'minimum'], ['#e63946', 'maximum'], ['#ffb703', 'saddle'], ['#969696', 'degenerate'], ['#e63946', '∇f'], ['#00c8ff', 'u'], ['#ff8c00', 'level curve through the point']]));
    parts.push(el('div', { id: 'colorbar' }, el('span', { id: 'color-lo' }), el('span', { className: 'bar' }), el('span', { id: 'color-hi' })));
  }
  const reset = el('button', { type: 'button' }, 'reset view');
  reset.addEventListener('click', () => { engine.resetView(); requestDraw(); });
  parts.push(reset);
  els.controls.replaceChildren(...parts);
}

function legend(entries) {
  return el('div', { className: 'legend' }, ...entries.map(([color, label]) => {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = color;
    return el('span', {}, swatch, label);
  }));
}

let hAnimation = null;
/** Slides h from 1 down to 1e-15 over a few seconds: the secant turns into the tangent, then round-off takes over. */
function animateH(input) {
  if (hAnimation) cancelAnimationFrame(hAnimation);
  const start = performance.now();
  const step = (now) => {
    const t = Math.min(1, (now - start) / 5000);
    input.value = String(-15 * t);
    input.dispatchEvent(new Event('input'));
    hAnimation = t < 1 ? requestAnimationFrame(step) : null;
  };
  hAnimation = requestAnimationFrame(step);
}

let noticeTimer = null;
/** A passing message over the plot; it fades after a few seconds. */
function showNotice(text) {
  els.notice.textContent = text;
  els.notice.hidden = !text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { els.notice.hidden = true; }, 8000);
}

// ---- editing the regression data on its chart ----

let dataDrag = null;
els.lab.addEventListener('contextmenu', (event) => {
  if (event.target.dataset.panel === 'regression') event.preventDefault();
});
els.lab.addEventListener('pointerdown', (event) => {
  const canvas = event.target;
  if (canvas.dataset.panel !== 'regression') return;
  const rect = canvas.getBoundingClientRect();
  const [px, py] = [(event.clientX - rect.left) * dpr(), (event.clientY - rect.top) * dpr()];
  const i = guard(() => engine.regressionHit(px, py, 10 * dpr()), -1);
  if (i >= 0 && (event.shiftKey || event.button === 2)) guard(() => engine.removeRegressionPoint(i));
  else if (i >= 0) {
    dataDrag = { i, canvas };
    capture(canvas, event.pointerId);
  } else if (event.button === 0) guard(() => engine.addRegressionPoint(px, py));
  syncExpression();
  requestDraw();
});
els.lab.addEventListener('pointermove', (event) => {
  if (!dataDrag) return;
  const rect = dataDrag.canvas.getBoundingClientRect();
  guard(() => engine.moveRegressionPoint(dataDrag.i, (event.clientX - rect.left) * dpr(), (event.clientY - rect.top) * dpr()));
  syncExpression();
  requestDraw();
});
els.lab.addEventListener('pointerup', () => { dataDrag = null; });

/** Shows the loss the core wrote as the expression (the learner sees it is just a function). */
function syncExpression() {
  const s = state();
  if (els.expr.value !== s.expr) els.expr.value = s.expr;
}

// ---- pointer, wheel and keys on the plot ----

/** Keeps a drag's events coming when the pointer leaves the canvas; a pointer that is already
 *  gone (or synthetic) cannot be captured, and the drag then works without it. */
function capture(target, pointerId) {
  try {
    target.setPointerCapture(pointerId);
  } catch {
    // Nothing to do: capture is a convenience.
  }
}

function pixel(event) {
  const rect = els.canvas.getBoundingClientRect();
  return [(event.clientX - rect.left) * dpr(), (event.clientY - rect.top) * dpr()];
}

let drag = null;
const pointers = new Map(); // pointerId → [px, py], for pinch zoom
let pinch = null;

function pinchState() {
  const [a, b] = [...pointers.values()];
  return { mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], dist: Math.hypot(a[0] - b[0], a[1] - b[1]) };
}

els.canvas.addEventListener('pointerdown', (event) => {
  capture(els.canvas, event.pointerId);
  const [px, py] = pixel(event);
  pointers.set(event.pointerId, [px, py]);
  if (pointers.size === 2) {
    drag = null;
    pinch = pinchState();
    return;
  }
  const target = guard(() => engine.hit(px, py, 14 * dpr()), 'plot');
  drag = { target, x: px, y: py, moved: false };
  if (target === 'point') guard(() => engine.pick(px, py));
  if (target === 'direction') guard(() => engine.aim(px, py));
  requestDraw();
});
els.canvas.addEventListener('pointermove', (event) => {
  const [px, py] = pixel(event);
  if (pointers.has(event.pointerId)) pointers.set(event.pointerId, [px, py]);
  if (pinch && pointers.size === 2) {
    const now = pinchState();
    if (now.dist > 0 && pinch.dist > 0) guard(() => engine.zoomAt(now.mid[0], now.mid[1], pinch.dist / now.dist));
    guard(() => engine.panPixels(now.mid[0] - pinch.mid[0], now.mid[1] - pinch.mid[1]));
    pinch = now;
    requestDraw();
    return;
  }
  if (!drag) return;
  if (drag.target === 'point') {
    guard(() => engine.pick(px, py));
    if (mode === 'graph') guard(() => engine.trace());
  }
  else if (drag.target === 'direction') guard(() => engine.aim(px, py));
  else if (drag.moved || Math.hypot(px - drag.x, py - drag.y) > 4 * dpr()) {
    drag.moved = true;
    guard(() => engine.panPixels(px - drag.x, py - drag.y));
    drag.x = px;
    drag.y = py;
  }
  requestDraw();
});
els.canvas.addEventListener('pointerup', (event) => {
  if (drag && drag.target === 'plot' && !drag.moved) {
    const [px, py] = pixel(event);
    guard(() => engine.pick(px, py));
    if (labState.clickToStart) api.runDescent({ start: state().point });
  }
  drag = null;
  pointers.delete(event.pointerId);
  if (pointers.size < 2) pinch = null;
  requestDraw();
});
els.canvas.addEventListener('pointercancel', (event) => { drag = null; pointers.delete(event.pointerId); pinch = null; });
els.canvas.addEventListener('wheel', (event) => {
  event.preventDefault();
  const [px, py] = pixel(event);
  guard(() => engine.zoomAt(px, py, Math.exp(Math.max(-200, Math.min(200, event.deltaY)) * 0.002)));
  requestDraw();
}, { passive: false });
els.canvas.addEventListener('keydown', (event) => {
  const step = event.shiftKey ? 10 : 1;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  const move = moves[event.key];
  if (!move) return;
  event.preventDefault();
  guard(() => engine.nudge(move[0], move[1]));
  if (mode === 'graph') guard(() => engine.trace());
  requestDraw();
});

// ---- the gradient-descent lab: runs are computed at once, the clock replays them ----

const anim = { playing: false, k: 0, kf: 0, len: 0, speed: 60, last: 0 };
const labState = { clickToStart: false, built: false };

function lrFromSlider(v) { return 10 ** Number(v); }

function buildLab() {
  const checks = OPTIMIZERS.map(([id, label], i) => {
    const input = el('input', { type: 'checkbox', checked: id === 'gd', value: id });
    input.dataset.opt = id;
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = PATH_COLORS[i];
    return el('label', {}, input, swatch, label);
  });
  const lr = el('input', { type: 'range', id: 'lr-slider', min: -5, max: 1, step: 0.01, value: -2 });
  const lrOut = el('output', { id: 'lr-out' }, '0.01');
  lr.addEventListener('input', () => { lrOut.textContent = fmt(lrFromSlider(lr.value), 3); });
  const limit = el('div', { className: 'lr-limit', title: 'η = 2/λmax: plain descent is unstable to the right' });
  const steps = el('input', { type: 'number', id: 'steps-input', min: 1, max: 100000, value: 500 });
  const ascent = el('input', { type: 'checkbox', id: 'ascent' });
  const button = (text, onClick, id) => {
    const b = el('button', { type: 'button' }, text);
    if (id) b.id = id;
    b.addEventListener('click', onClick);
    return b;
  };
  const scrub = el('input', { type: 'range', id: 'scrubber', min: 0, max: 0, step: 1, value: 0 });
  scrub.addEventListener('input', () => { pause(); anim.k = anim.kf = Number(scrub.value); engine.setDescentFrame(anim.k); requestDraw(); });
  const speed = el('select', { id: 'speed' }, ...[10, 30, 60, 120, 240, 960].map((v) => el('option', { value: v, selected: v === 60 }, `${v} steps/s`)));
  speed.addEventListener('change', () => { anim.speed = Number(speed.value); });
  const click = el('input', { type: 'checkbox', id: 'click-start' });
  click.addEventListener('change', () => { labState.clickToStart = click.checked; });
  const logLoss = el('input', { type: 'checkbox', checked: true });
  logLoss.addEventListener('change', () => { engine.setLossLog(logLoss.checked); requestDraw(); });
  const presets = LAB_PRESETS.map((preset) => button(preset.name, () => applyLabPreset(preset)));
  presets.push(button('linear regression', () => {
    api.setRegression(null);
    for (const c of els.lab.querySelectorAll('input[data-opt]')) c.checked = c.dataset.opt === 'gd';
    $('#lr-slider').value = Math.log10(0.02);
    $('#lr-out').textContent = '0.02';
    $('#steps-input').value = 2000;
  }, 'regression'));
  els.lab.replaceChildren(
    el('h2', {}, 'gradient descent  θ ← θ − η∇f'),
    el('div', { className: 'row buttons' }, ...presets),
    el('div', { className: 'row' }, ...checks),
    el('div', { className: 'row' }, 'η = ', el('span', { className: 'lr' }, lr, limit), lrOut),
    settingsPanel(),
    el('div', { className: 'row' }, el('label', {}, 'steps ', steps), el('label', {}, ascent, 'ascent θ + η∇f (Mistake 5)')),
    el('div', { className: 'row buttons' },
      button('descend from the point', () => api.runDescent({ start: state().point }), 'descend'),
      button('▶ / ❚❚', () => (anim.playing ? pause() : play()), 'play'),
      button('◀ step', () => stepBy(-1), 'step-back'),
      button('step ▶', () => stepBy(1), 'step-forward'),
      button('clear', () => { pause(); engine.clearDescent(); requestDraw(); }),
      button('CSV', exportCsv, 'csv')),
    el('div', { className: 'row' }, scrub, speed),
    el('div', { className: 'row' }, el('label', {}, click, 'click the map to start a run'), el('label', {}, logLoss, 'log loss')),
    el('div', { id: 'lab-charts' }),
    el('div', { id: 'lab-status', className: 'status' }),
    el('div', { id: 'lab-table' }),
  );
  labState.built = true;
}

// Hyper-parameters with the usual defaults; each optimizer may also have its own η.
const HYPER = [['beta', 'β (momentum, Nesterov)', 0.9], ['rho', 'ρ (RMSProp)', 0.9], ['beta1', 'β₁ (Adam)', 0.9], ['beta2', 'β₂ (Adam)', 0.999], ['eps', 'ε (RMSProp, Adam)', 1e-8]];

function settingsPanel() {
  const number = (id, value, placeholder = '') => el('input', { type: 'number', id, value, placeholder, step: 'any', className: 'hyper' });
  return el('details', { className: 'settings' }, el('summary', {}, 'optimizer settings'),
    ...HYPER.map(([key, label, value]) => el('label', {}, number(`hyper-${key}`, value), label)),
    ...OPTIMIZERS.map(([id, label]) => el('label', {}, number(`lr-${id}`, '', 'η'), `own η for ${label} (blank: the slider's)`)));
}

function applyLabPreset(preset) {
  api.setExpression(preset.f);
  guard(() => engine.setLogScale(Boolean(preset.log)));
  const log = $('#log-scale');
  if (log) log.checked = Boolean(preset.log);
  api.setView(...preset.view);
  $('#lr-slider').value = Math.log10(preset.lr);
  $('#lr-out').textContent = fmt(preset.lr, 3);
  $('#steps-input').value = preset.steps;
  for (const c of els.lab.querySelectorAll('input[data-opt]')) c.checked = preset.opt.includes(c.dataset.opt);
  api.runDescent({ start: preset.start, lr: preset.lr, steps: preset.steps, opt: preset.opt });
}

function labOptions() {
  const opt = [...els.lab.querySelectorAll('input[data-opt]')].filter((c) => c.checked).map((c) => c.dataset.opt);
  const options = {
    lr: lrFromSlider($('#lr-slider').value),
    steps: Number($('#steps-input').value) || 500,
    opt: opt.length ? opt : ['gd'],
    ascent: $('#ascent').checked,
  };
  for (const [key] of HYPER) {
    const v = Number($(`#hyper-${key}`).value);
    if ($(`#hyper-${key}`).value !== '' && Number.isFinite(v)) options[key] = v;
  }
  for (const [id] of OPTIMIZERS) {
    const v = Number($(`#lr-${id}`).value);
    if ($(`#lr-${id}`).value !== '' && Number.isFinite(v) && v > 0) options[id] = { lr: v };
  }
  return options;
}

function showLab(s) {
  if (!labState.built) buildLab();
  const limit = els.lab.querySelector('.lr-limit');
  if (s.stableLr) {
    const x = (Math.log10(s.stableLr) + 5) / 6;
    limit.hidden = x < 0 || x > 1;
    limit.style.left = `${Math.max(0, Math.min(1, x)) * 100}%`;
  } else limit.hidden = true;
  const runs = s.descent || [];
  anim.len = Math.max(0, ...runs.map((r) => (r.path.length ? r.steps + 1 : 0)));
  const scrub = $('#scrubber');
  scrub.max = Math.max(0, anim.len - 1);
  scrub.value = s.descentFrame;
  const status = $('#lab-status');
  status.replaceChildren(...runs.map((r) => el('div', {}, `${r.optimizer} (η = ${fmt(r.lr, 3)}): ${r.status} after ${r.steps} steps${r.message ? ' — ' + r.message : ''}`)));
  if (s.stableLr) status.append(el('div', { className: 'note' }, `stability limit of plain descent here: η < 2/λmax ≈ ${fmt(s.stableLr, 3)}`));
  const k = s.descentFrame;
  // Each run holds its current iterate (index 0, iteration r.from) and the next one.
  const rows = runs.filter((r) => r.path.length).map((r) => {
    const [here, next] = r.path;
    const len = next ? Math.hypot(...next.map((v, j) => v - here[j])) : null;
    return el('tr', {}, ...[r.optimizer, r.from, `(${here.map((v) => fmt(v, 4)).join(', ')})`, fmt(r.losses[0], 5), fmt(r.gradNorms[0], 4), len === null ? '—' : fmt(len, 3)].map((t) => el('td', {}, String(t))));
  });
  const table = runs.length ? el('table', {}, el('tr', {}, ...['run', 'k', 'θ', 'f(θ)', '‖∇f‖', 'step'].map((t) => el('th', {}, t))), ...rows) : '';
  $('#lab-table').replaceChildren(table);
}

function play() {
  if (anim.len < 2) return;
  if (anim.k >= anim.len - 1) anim.k = anim.kf = 0;
  anim.playing = true;
  anim.last = performance.now();
  requestAnimationFrame(tick);
}

function pause() { anim.playing = false; }

function tick(now) {
  if (!anim.playing) return;
  anim.kf += ((now - anim.last) / 1000) * anim.speed;
  anim.last = now;
  anim.k = Math.min(Math.floor(anim.kf), anim.len - 1);
  guard(() => engine.setDescentFrame(anim.k));
  drawNow();
  if (anim.k >= anim.len - 1) anim.playing = false;
  else requestAnimationFrame(tick);
}

function stepBy(d) {
  pause();
  anim.k = anim.kf = Math.max(0, Math.min(anim.len - 1, anim.k + d));
  guard(() => engine.setDescentFrame(anim.k));
  requestDraw();
}

function exportCsv() {
  const runs = state().descent || [];
  const lines = ['optimizer,lr,k,' + ['x', 'y', 'z'].slice(0, runs[0] ? runs[0].path[0].length : 2).join(',') + ',f,grad_norm'];
  for (const r of runs) r.path.forEach((p, k) => lines.push([r.optimizer, r.lr, k, ...p, r.losses[k], r.gradNorms[k]].join(',')));
  const url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
  const a = el('a', { href: url, download: 'nabla-descent.csv' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- the public API (see INTERFACE.md) ----

const api = {
  setExpression(text) {
    const value = String(text ?? '');
    els.expr.value = value;
    const result = applyExpression(value);
    drawNow();
    writeHash();
    return result.ok ? { ok: true } : { ok: false, error: result.error };
  },
  setPoint(...coords) {
    guard(() => engine.setPoint(coords.flat().map(Number)));
    drawNow();
    writeHash();
  },
  setDirection(degrees) {
    guard(() => engine.setDirection(Number(degrees)));
    drawNow();
    writeHash();
  },
  setView(xmin, xmax, ymin, ymax) {
    const refused = guard(() => engine.setView(Number(xmin), Number(xmax), Number(ymin), Number(ymax)));
    if (refused) showNotice(`View refused: ${refused}`);
    drawNow();
    writeHash();
  },
  // Extension: the regression lab. `points` is [[x, y], …] in the 0..10 window, or null for
  // the default data; the function becomes their mean squared error L(a, b).
  setRegression(points) {
    guard(() => engine.setRegression(JSON.stringify(points ?? 'default')));
    const s = state();
    els.expr.value = s.expr;
    showError(s.expr, null);
    drawNow();
    writeHash();
    return s.regression;
  },
  runDescent(options = {}) {
    const merged = { ...labOptions(), ...options };
    if (merged.start === undefined) merged.start = state().point;
    const result = JSON.parse(guard(() => engine.runDescent(JSON.stringify(merged)), '{"error":"internal error"}'));
    if (result.error) showNotice(`Descent refused: ${result.error}`);
    anim.k = anim.kf = 0;
    drawNow();
    writeHash();
    play();
    return Promise.resolve(state().descent);
  },
  state,
  // Test-only: panics inside the core to prove the page recovers from a trap.
  _debugTrap() {
    guard(() => engine.debugTrap());
    drawNow();
  },
};

async function start() {
  await init();
  engine = new Nabla();
  const { pairs, bad } = readHash();
  if (pairs.length) guard(() => engine.applyLink(JSON.stringify(pairs)));
  if (bad.length) showNotice(`Ignored malformed link values: ${bad.join(', ')}`);
  const s = state();
  els.expr.value = s.expr;
  showError(s.expr, s.error);
  for (const [label, text] of PRESETS) {
    const button = el('button', { type: 'button', title: text }, label);
    button.addEventListener('click', () => api.setExpression(text));
    els.presets.append(button);
  }
  new ResizeObserver(requestDraw).observe(els.wrap);
  window.nabla = api;
  drawNow();
}

start();

export default api;
