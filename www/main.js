// Nabla's page: DOM events, the animation clock, the URL hash. All math, and every conversion
// between pixels and the world, happens in the Rust core (pkg/nabla.js); this file only wires.

import { engine, guard, load, restart, markCurrent, markGood, failureCount, debugInfo } from './engine.js';
import { readHash, writeHash, followHash } from './hash.js';
import { patch, readoutsTree, labTrees, fmt } from './readouts.js';
import { readText, readNumber, readList, readCoords, readDescentOptions, readPoints } from './args.js';

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

let lastFrameMs = null;
let framePending = false;
let mode = null; // 'graph' (one variable) or 'map' (two or more)
let controlsKey = null; // mode and variables: the controls are rebuilt when it changes

const dpr = () => window.devicePixelRatio || 1;

// The link of the last frame (drawNow computes it); written to the URL at most every 250 ms.
let lastPairs = [];

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
  const failuresBefore = failureCount();
  markCurrent(guard(() => engine.linkPairs(), null));
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
  const pairs = guard(() => engine.linkPairs(), null);
  if (pairs !== null) {
    lastPairs = JSON.parse(pairs);
    if (failureCount() === failuresBefore) markGood(pairs);
  }
  scheduleHashWrite();
}

// history.replaceState costs milliseconds: while dragging or animating the hash is written at
// most every 250 ms (and at once by the API methods).
let hashTimer = null;
function scheduleHashWrite() {
  if (hashTimer !== null) return;
  hashTimer = setTimeout(() => {
    hashTimer = null;
    writeHash(lastPairs);
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
  const s = JSON.parse(guard(() => engine.stateJson(!framed), null) ?? '{}');
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
  const failed = { ok: false, error: { message: 'Nabla could not read this just now; please try again', start: 0, end: 0 } };
  const json = guard(() => engine.setExpression(text), null);
  const result = json === null ? failed : JSON.parse(json);
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

// ---- readouts (built by readouts.js; numbers are updated in place) ----

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** Sets a text only when it changed: a DOM write per frame per readout adds up while dragging. */
function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

function showReadouts(s) {
  setText(els.normalized, s.normalized ? `read as  ${s.normalized}` : '');
  const v = s.vars || [];
  patch(els.readouts, readoutsTree(s));
  if (v.length === 0) return;
  const lo = $('#color-lo');
  if (lo && s.colorRange) {
    setText(lo, fmt(s.colorRange[0], 3));
    setText($('#color-hi'), fmt(s.colorRange[1], 3));
  }
  // Keep the sliders on what dragging or the API changed (unless the learner holds them).
  const uSlider = $('#u-slider');
  if (uSlider && document.activeElement !== uSlider && typeof s.directionDegrees === 'number') {
    if (Number(uSlider.value) !== s.directionDegrees) uSlider.value = s.directionDegrees;
    setText(uSlider.nextElementSibling, `${fmt(s.directionDegrees, 4)}°`);
  }
  const newMode = v.length === 1 ? 'graph' : 'map';
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
    const sync = () => guard(() => engine.setGraphOptions(options.derivative, options.secant, options.second, options.central));
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
    clear.addEventListener('click', () => { guard(() => engine.clearTrace()); requestDraw(); });
    parts.push(clear);
  } else {
    parts.push(slider('direction u', { id: 'u-slider', min: 0, max: 360, step: 1, value: s.directionDegrees ?? 45 }, (deg) => {
      guard(() => engine.setDirection(deg));
      return `${deg}°`;
    }, `${fmt(s.directionDegrees ?? 45, 4)}°`));
    parts.push(slider('levels', { min: 2, max: 30, step: 1, value: 12 }, (n) => { guard(() => engine.setLevels(n)); return n; }, '12'));
    parts.push(checkbox('gradient field', true, (on) => guard(() => engine.setShowField(on))));
    parts.push(checkbox('arrows of equal length', true, (on) => guard(() => engine.setNormalizedArrows(on))));
    const log = checkbox('log colour scale (for deep valleys)', Boolean(s.logScale), (on) => guard(() => engine.setLogScale(on)));
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
  reset.addEventListener('click', () => { guard(() => engine.resetView()); requestDraw(); });
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
  scrub.addEventListener('input', () => { pause(); anim.k = anim.kf = Number(scrub.value); guard(() => engine.setDescentFrame(anim.k)); requestDraw(); });
  const speed = el('select', { id: 'speed' }, ...[10, 30, 60, 120, 240, 960].map((v) => el('option', { value: v, selected: v === 60 }, `${v} steps/s`)));
  speed.addEventListener('change', () => { anim.speed = Number(speed.value); });
  const click = el('input', { type: 'checkbox', id: 'click-start' });
  click.addEventListener('change', () => { labState.clickToStart = click.checked; });
  const logLoss = el('input', { type: 'checkbox', checked: true });
  logLoss.addEventListener('change', () => { guard(() => engine.setLossLog(logLoss.checked)); requestDraw(); });
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
      button('clear', () => { pause(); guard(() => engine.clearDescent()); requestDraw(); }),
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
  const max = String(Math.max(0, anim.len - 1));
  if (scrub.max !== max) scrub.max = max;
  if (scrub.value !== String(s.descentFrame)) scrub.value = s.descentFrame;
  const trees = labTrees(s);
  patch($('#lab-status'), trees.status);
  patch($('#lab-table'), trees.table);
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

/** The runs as CSV: one column per variable, named as in the function (a, b in the regression lab). */
function descentCsv(s) {
  const vars = s.vars || [];
  const lines = [['optimizer', 'lr', 'k', ...vars, 'f', 'grad_norm'].join(',')];
  for (const r of s.descent || []) {
    r.path.forEach((p, k) => lines.push([r.optimizer, r.lr, k, ...vars.map((_, j) => p[j] ?? ''), r.losses[k], r.gradNorms[k]].join(',')));
  }
  return lines.join('\n') + '\n';
}

function exportCsv() {
  const lines = [descentCsv(state())];
  const url = URL.createObjectURL(new Blob(lines, { type: 'text/csv' }));
  const a = el('a', { href: url, download: 'nabla-descent.csv' });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- the public API (see INTERFACE.md): arguments read defensively, nothing thrown ----

/** Runs an API method; whatever goes wrong, the caller gets `failure()` instead of an exception. */
function safely(name, fn, failure) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      console.warn(`Nabla: window.nabla.${name} failed:`, err);
      try {
        return failure();
      } catch {
        return undefined;
      }
    }
  };
}

const OPTIMIZER_IDS = OPTIMIZERS.map(([id]) => id);
const refusedText = { ok: false, error: { message: 'setExpression needs the function as text, for example "x^2 + y^2"', start: 0, end: 0 } };

const api = {
  setExpression: safely('setExpression', (text) => {
    const value = readText(text);
    if (value === null) return refusedText;
    clearTimeout(debounceTimer);
    els.expr.value = value;
    const result = applyExpression(value);
    if (result.ok) drawNow();
    else {
      // A refused text leaves the plot as it was: the link is written now, the frame comes later.
      lastPairs = JSON.parse(guard(() => engine.linkPairs(), null) ?? JSON.stringify(lastPairs));
      requestDraw();
    }
    writeHash(lastPairs);
    return result.ok ? { ok: true } : { ok: false, error: result.error };
  }, () => refusedText),
  setPoint: safely('setPoint', (...coords) => {
    guard(() => engine.setPoint(readCoords(coords)));
    drawNow();
    writeHash(lastPairs);
  }, () => undefined),
  setDirection: safely('setDirection', (direction) => {
    // A vector [ux, uy] is turned into its angle; the core normalises.
    const u = readList(direction, 3);
    const degrees = u ? Math.atan2(readNumber(u[1]), readNumber(u[0])) * 180 / Math.PI : readNumber(direction);
    guard(() => engine.setDirection(degrees));
    drawNow();
    writeHash(lastPairs);
  }, () => undefined),
  setView: safely('setView', (...bounds) => {
    const [xmin, xmax, ymin, ymax] = readCoords(bounds);
    const refused = guard(() => engine.setView(xmin, xmax, ymin, ymax));
    if (refused) showNotice(`View refused: ${refused}`);
    drawNow();
    writeHash(lastPairs);
  }, () => undefined),
  // Extension: the regression lab. `points` is [[x, y], …] in the 0..10 window, or null for
  // the default data; the function becomes their mean squared error L(a, b).
  setRegression: safely('setRegression', (points) => {
    const read = points === null || points === undefined ? { points: null, refused: 0, given: false } : readPoints(points);
    const usable = read.points && read.points.length ? read.points : null;
    if (read.given && !usable) showNotice('setRegression: no [x, y] pairs of finite numbers were given; showing the default data.');
    else if (points !== null && points !== undefined && !read.given) showNotice('setRegression needs an array of [x, y] pairs; showing the default data.');
    else if (read.refused) showNotice(`setRegression: ignored ${read.refused} of ${read.refused + usable.length} points that were not [x, y] pairs of finite numbers.`);
    guard(() => engine.setRegression(JSON.stringify(usable ?? 'default')));
    const s = state();
    els.expr.value = s.expr ?? '';
    showError(s.expr ?? '', null);
    drawNow();
    writeHash(lastPairs);
    return s.regression ?? null;
  }, () => null),
  runDescent: safely('runDescent', (options = {}) => {
    const merged = { ...labOptions(), ...readDescentOptions(options, OPTIMIZER_IDS) };
    if (merged.start === undefined) merged.start = state().point;
    const json = guard(() => engine.runDescent(JSON.stringify(merged)), null);
    const result = json === null ? { error: 'Nabla could not run it just now; please try again' } : JSON.parse(json);
    if (result.error) showNotice(`Descent refused: ${result.error}`);
    anim.k = anim.kf = 0;
    drawNow();
    writeHash(lastPairs);
    play();
    return Promise.resolve(state().descent ?? []);
  }, () => Promise.resolve(state().descent ?? [])),
  state: safely('state', () => state(), () => ({ lastFrameMs })),
  // Test-only: panics inside the core to prove the page recovers from a trap.
  _debugTrap: safely('_debugTrap', () => {
    guard(() => engine.debugTrap());
    drawNow();
  }, () => undefined),
  // Test-only: how many engine instances were made, and the current one's memory.
  _debugEngine: safely('_debugEngine', () => debugInfo(), () => null),
  // Test-only: the CSV the lab's button downloads.
  _debugCsv: safely('_debugCsv', () => descentCsv(state()), () => ''),
};

/** Opens a link as a fresh load does: a new handle, the link, the field, its error, the controls. */
function openLink({ pairs, bad }, fresh) {
  clearTimeout(debounceTimer);
  pause();
  drag = null;
  dataDrag = null;
  if (fresh) restart();
  if (pairs.length) guard(() => engine.applyLink(JSON.stringify(pairs)));
  if (bad.length) showNotice(`Ignored malformed link values: ${bad.join(', ')}`);
  syncPage();
  drawNow();
  writeHash(lastPairs);
}

/** Puts the field, its error and the controls back on what the engine holds. */
function syncPage() {
  const s = state();
  els.expr.value = s.expr ?? '';
  showError(s.expr ?? '', s.error ?? null);
  controlsKey = null;
}

async function start() {
  await load({
    notice: showNotice,
    recovered: () => {
      // A throw in the middle of a render can leave a canvas clipped or transformed.
      for (const canvas of document.querySelectorAll('canvas')) canvas.getContext('2d')?.reset?.();
      syncPage();
      // Drawn at once: a restored state that fails again is replaced by an older one before
      // the call that failed returns.
      drawNow();
    },
  });
  for (const [label, text] of PRESETS) {
    const button = el('button', { type: 'button', title: text }, label);
    button.addEventListener('click', () => api.setExpression(text));
    els.presets.append(button);
  }
  openLink(readHash(), false);
  followHash((link) => openLink(link, true));
  new ResizeObserver(requestDraw).observe(els.wrap);
  window.nabla = api;
}

start();

export default api;
