// The view's controls: built for the mode and variables shown, with every value read from the
// engine's snapshot (never a default of the page's own), and kept in step with what dragging
// or the API changes.

import { engine, guard } from './engine.js';
import { $, el, els, legend, setText } from './dom.js';
import { requestDraw, state } from './frame.js';
import { fmt } from './readouts.js';

let catalogue = null;
let builtFor = null; // mode and variables the controls were built for

/** The legends and ranges come from the engine's catalogue. */
export function useCatalogue(c) {
  catalogue = c;
}

/** Rebuilds the controls at the next frame (after a link or a recovery). */
export function invalidateControls() {
  builtFor = null;
}

/** Shows the controls for snapshot `s`. */
export function showControls(s) {
  const v = s.vars || [];
  const mode = v.length === 0 ? null : v.length === 1 ? 'graph' : 'map';
  const key = `${mode}:${v.join(',')}`;
  if (key !== builtFor) {
    builtFor = key;
    els.controls.replaceChildren(...(mode === 'graph' ? graphControls(s) : mode === 'map' ? mapControls(s) : []));
  }
  if (mode === 'map') syncMap(s);
}

function slider(label, attrs, onInput, initial = '') {
  const input = el('input', { type: 'range', ...attrs });
  const out = el('output', {}, initial);
  input.addEventListener('input', () => {
    out.textContent = onInput(Number(input.value)) ?? input.value;
    requestDraw();
  });
  return el('label', {}, label, input, out);
}

function checkbox(label, checked, onChange, id) {
  const input = el('input', { type: 'checkbox', checked });
  if (id) input.id = id;
  input.addEventListener('change', () => {
    onChange(input.checked);
    requestDraw();
  });
  return el('label', {}, input, label);
}

function resetButton() {
  const reset = el('button', { type: 'button' }, 'reset view');
  reset.addEventListener('click', () => {
    guard(() => engine.resetView());
    requestDraw();
  });
  return reset;
}

/** Fits the y-range to f over the x-range (one variable). */
function fitButton() {
  const fit = el('button', { type: 'button', id: 'fit-view', title: 'fit the y-range to f over the x-range' }, 'fit view');
  fit.addEventListener('click', () => {
    guard(() => engine.fitView());
    requestDraw();
  });
  return fit;
}

function graphControls(s) {
  const o = s.options;
  const [hMin, hMax] = catalogue.limits.hLog10;
  const h = s.secant ? s.secant.h : 0.5;
  // The four switches are sent together; each reads the others from the engine.
  const setGraph = (change) => {
    const now = { ...state(true).options, ...change };
    guard(() => engine.setGraphOptions(now.showDerivative, now.showSecant, now.showSecond, now.central));
  };
  const animate = el('button', { type: 'button', id: 'animate-h' }, 'animate h → 0');
  animate.addEventListener('click', () => animateH($('#h-slider'), hMin));
  const clear = el('button', { type: 'button', id: 'clear-trace' }, 'clear dots');
  clear.addEventListener('click', () => {
    guard(() => engine.clearTrace());
    requestDraw();
  });
  return [
    el('h2', {}, 'controls'),
    slider('h = 10^', { id: 'h-slider', min: hMin, max: hMax, step: 0.1, value: Math.log10(Math.abs(h)) }, (e) => {
      guard(() => engine.setH(10 ** e));
      return fmt(10 ** e, 3);
    }, fmt(h, 3)),
    checkbox('show f′', o.showDerivative, (on) => setGraph({ showDerivative: on })),
    checkbox('show f″', o.showSecond, (on) => setGraph({ showSecond: on })),
    checkbox('show the secant', o.showSecant, (on) => setGraph({ showSecant: on })),
    checkbox('central secant through a − h and a + h', o.central, (on) => setGraph({ central: on })),
    animate,
    legend(catalogue.graphLegend),
    el('p', { className: 'note' }, 'Drag the point: it leaves dots (a, f′(a)). Hide f′ and build it by hand, then show it to compare.'),
    clear,
    checkPanel(s),
    fitButton(),
    resetButton(),
  ];
}

/** "Check my derivative": the learner types f′ (or ∂f/∂x, or ∇f) and the engine says whether
 *  it is right, and if not where it differs and which rule was missed. */
function checkPanel(s) {
  const vars = s.vars;
  const options = vars.length === 1 ? [[vars[0], 'f′ =']] : [...vars.map((v) => [v, `∂f/∂${v} =`]), ['gradient', '∇f =']];
  const select = el('select', { id: 'check-which', ariaLabel: 'which derivative to check' }, ...options.map(([value, label]) => el('option', { value }, label)));
  const input = el('input', { type: 'text', id: 'check-answer', placeholder: 'your answer', ariaLabel: 'your answer', spellcheck: false, autocomplete: 'off' });
  const result = el('div', { id: 'check-result', className: 'note' });
  const run = () => {
    const answer = window.nabla.checkDerivative(select.value, input.value);
    result.className = answer.error ? 'note bad' : answer.right ? 'note good' : 'note bad';
    result.textContent = answer.error ? answer.error.message : answer.message;
  };
  const button = el('button', { type: 'button', id: 'check-button' }, 'check');
  button.addEventListener('click', run);
  input.addEventListener('keydown', (event) => { if (event.key === 'Enter') run(); });
  return el('div', { className: 'check' }, el('h2', {}, 'check my derivative'), el('div', { className: 'row' }, select, input, button), result);
}

function mapControls(s) {
  const o = s.options;
  const [lo, hi] = catalogue.limits.levels;
  const parts = [
    el('h2', {}, 'controls'),
    slider('direction u', { id: 'u-slider', min: 0, max: 360, step: 1, value: s.directionDegrees ?? 0 }, (deg) => {
      guard(() => engine.setDirection(deg));
      return `${deg}°`;
    }, `${fmt(s.directionDegrees, 4)}°`),
    directionEntry(s),
    slider('levels', { id: 'levels-slider', min: lo, max: hi, step: 1, value: o.levels }, (n) => {
      guard(() => engine.setLevels(n));
      return n;
    }, String(o.levels)),
    checkbox('gradient field', o.showField, (on) => guard(() => engine.setShowField(on)), 'show-field'),
    checkbox('arrows of equal length', o.normalizedArrows, (on) => guard(() => engine.setNormalizedArrows(on)), 'equal-arrows'),
    checkbox('log colour scale (for deep valleys)', Boolean(s.logScale), (on) => guard(() => engine.setLogScale(on)), 'log-scale'),
  ];
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
  parts.push(checkPanel(s));
  parts.push(legend(catalogue.mapLegend));
  parts.push(el('div', { id: 'colorbar' }, el('span', { id: 'color-lo' }), el('span', { className: 'bar' }), el('span', { id: 'color-hi' })));
  parts.push(el('p', { id: 'levels-note', className: 'note', hidden: true }));
  parts.push(resetButton());
  return parts;
}

/** An exact angle for u, and u turned along ∇f, against it, or along the level curve. */
function directionEntry(s) {
  const angle = el('input', { type: 'number', id: 'u-degrees', step: 'any', value: s.directionDegrees ?? 0, title: 'the angle of u in degrees from +x' });
  angle.addEventListener('change', () => {
    if (angle.value !== '' && Number.isFinite(Number(angle.value))) guard(() => engine.setDirection(Number(angle.value)));
    requestDraw();
  });
  const turn = (id, text, title) => {
    const b = el('button', { type: 'button', id: `u-${id}`, title }, text);
    b.addEventListener('click', () => {
      guard(() => engine.aimAlong(id));
      requestDraw();
    });
    return b;
  };
  return el('div', { className: 'row buttons' }, el('label', {}, 'u at ', angle, '°'),
    turn('gradient', 'along ∇f', 'steepest ascent: D_u f = ‖∇f‖'),
    turn('against', 'against ∇f', 'steepest descent: D_u f = −‖∇f‖'),
    turn('level', 'along the level curve', 'D_u f = 0'));
}

/** Keeps the map's controls on what the engine holds (unless the learner is holding one). */
function syncMap(s) {
  if (s.colorRange) {
    setText($('#color-lo'), fmt(s.colorRange[0], 3));
    setText($('#color-hi'), fmt(s.colorRange[1], 3));
  }
  // Fewer level curves than asked for: f varies faster than the map's grid can show.
  const note = $('#levels-note');
  if (note) {
    const c = s.levelCurves;
    const thinned = Boolean(c) && c.drawn < c.of;
    if (note.hidden === thinned) note.hidden = !thinned;
    if (thinned) setText(note, `${c.drawn} of ${c.of} level curves drawn: f varies faster than the map's grid, and all of them would be noise.`);
  }
  const u = $('#u-slider');
  if (u && document.activeElement !== u && typeof s.directionDegrees === 'number') {
    if (Number(u.value) !== s.directionDegrees) u.value = s.directionDegrees;
    setText(u.nextElementSibling, `${fmt(s.directionDegrees, 4)}°`);
  }
  const degrees = $('#u-degrees');
  if (degrees && document.activeElement !== degrees && typeof s.directionDegrees === 'number') {
    const shown = fmt(s.directionDegrees, 10);
    if (degrees.value !== shown) degrees.value = shown;
  }
  const checks = { 'show-field': s.options.showField, 'equal-arrows': s.options.normalizedArrows, 'log-scale': Boolean(s.logScale) };
  for (const [id, on] of Object.entries(checks)) {
    const box = document.getElementById(id);
    if (box && box.checked !== on) box.checked = on;
  }
}

let hAnimation = null;
/** Slides h from 1 down to 1e-15 over a few seconds: the secant turns into the tangent, then round-off takes over. */
function animateH(input, lowest) {
  if (hAnimation) cancelAnimationFrame(hAnimation);
  const start = performance.now();
  const step = (now) => {
    const t = Math.min(1, (now - start) / 5000);
    input.value = String(lowest * t);
    input.dispatchEvent(new Event('input'));
    hAnimation = t < 1 ? requestAnimationFrame(step) : null;
  };
  hAnimation = requestAnimationFrame(step);
}

/** Starts the h → 0 animation as its button does (one variable); false when there is none. */
export function startHAnimation() {
  const input = $('#h-slider');
  if (!input) return false;
  animateH(input, catalogue.limits.hLog10[0]);
  return true;
}
