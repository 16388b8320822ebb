// For screen readers and the keyboard: the plot's description (the engine's words) announced
// once it settles, not every frame; every slider's value in words ("η = 0.01", "h = 1e-5");
// zoom and pan from the keyboard on the focused plot.

import { engine, guard } from './engine.js';
import { $, els } from './dom.js';
import { requestDraw } from './frame.js';
import { fmt } from './readouts.js';

// The description is announced this long after it last changed: a drag or a replay speaks
// once, when it stops.
export const SETTLE_MS = 700;
let timer = null;
let pending = '';
let announced = '';

/** Schedules the announcement of snapshot `s`'s description. */
export function showDescription(s) {
  const text = typeof s.description === 'string' ? s.description : '';
  if (text === pending) return;
  pending = text;
  clearTimeout(timer);
  timer = setTimeout(() => {
    const region = $('#description');
    if (region && pending !== announced) {
      announced = pending;
      region.textContent = pending;
    }
  }, SETTLE_MS);
  syncValueTexts();
}

/** Every range input says its value in words: its name, then what its output shows. */
export function syncValueTexts() {
  for (const input of document.querySelectorAll('input[type=range]')) {
    const name = input.getAttribute('aria-label') || NAMES[input.id];
    if (!name) continue;
    if (!input.getAttribute('aria-label')) input.setAttribute('aria-label', name);
    const out = outputOf(input);
    let value = out ? `${name} = ${out.textContent}` : `${name} = ${input.value}`;
    if (input.id === 'scrubber') value = `step ${input.value} of ${input.max}`;
    // The logarithmic sliders hold an exponent: say the number, small ones as a power of ten.
    else if (LOG_SLIDERS.has(input.id)) value = `${name} = ${spokenPower(10 ** Number(input.value))}`;
    if (input.getAttribute('aria-valuetext') !== value) input.setAttribute('aria-valuetext', value);
  }
}

// The names the sliders are read by (the ids are the page's; what they show comes from the engine).
const NAMES = { 'h-slider': 'h', 'lr-slider': 'η', 'u-slider': 'u, in degrees', 'levels-slider': 'level curves', scrubber: 'descent step' };

const LOG_SLIDERS = new Set(['h-slider', 'lr-slider']);

/** 1e-5 for 0.00001, 3.16e-6, 0.01, 0.0102: three significant digits, powers of ten under 0.001. */
function spokenPower(x) {
  if (!Number.isFinite(x)) return 'undefined';
  if (x >= 1e-3) return fmt(x, 3);
  const [m, e] = x.toExponential(2).split('e');
  return `${m.replace(/\.?0+$/, '')}e${Number(e)}`;
}

function outputOf(input) {
  let node = input;
  for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
    const out = node.querySelector('output');
    if (out) return out;
  }
  return null;
}

/** Keys on the focused plot besides the arrows (which move the point): + and − zoom, W A S D
 *  pan, 0 resets the view. */
export function installKeys() {
  const canvas = els.canvas;
  canvas.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const [w, h] = [canvas.width, canvas.height];
    const pans = { w: [0, h / 10], s: [0, -h / 10], a: [w / 10, 0], d: [-w / 10, 0] };
    const key = event.key.toLowerCase();
    if (key === '+' || key === '=') guard(() => engine.zoomAt(w / 2, h / 2, 0.8));
    else if (key === '-' || key === '_') guard(() => engine.zoomAt(w / 2, h / 2, 1.25));
    else if (key === '0') guard(() => engine.resetView());
    else if (pans[key]) guard(() => engine.panPixels(...pans[key]));
    else return;
    event.preventDefault();
    requestDraw();
  });
  // The touch hint has been read once the plot is touched.
  canvas.addEventListener('pointerdown', () => els.wrap.classList.add('touched'), { once: true });
  document.addEventListener('input', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'range') syncValueTexts();
  });
}

// The regression data by keyboard, on the focused regression chart: [ and ] pick a point,
// arrows move it (shift: ten times as far), Delete removes it, A adds one beside it. The edits
// go through the API's setRegression, so the engine checks them as it checks any data.
let picked = 0;

/** Makes the regression chart focusable and says which point the keys act on. */
export function showRegressionKeys(s) {
  const chart = document.querySelector('#lab-charts canvas[data-panel="regression"]');
  if (!chart) return;
  if (chart.tabIndex !== 0) {
    chart.tabIndex = 0;
    chart.setAttribute('role', 'application');
    chart.setAttribute('aria-roledescription', 'regression data');
    chart.addEventListener('keydown', regressionKey);
  }
  const points = s.regression?.points || [];
  picked = Math.min(picked, Math.max(0, points.length - 1));
  const p = points[picked];
  const label = p ? `Regression data, ${points.length} points; point ${picked + 1} at (${fmt(p[0], 4)}, ${fmt(p[1], 4)}). Keys: [ and ] pick a point, arrows move it, Delete removes it, A adds one` : 'Regression data, no points; A adds one';
  if (chart.getAttribute('aria-label') !== label) chart.setAttribute('aria-label', label);
}

function regressionKey(event) {
  const points = (window.nabla.state().regression?.points || []).map((p) => [...p]);
  const step = event.shiftKey ? 1 : 0.1;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  let said = null;
  if (event.key === ']' || event.key === '[') {
    if (!points.length) return;
    picked = (picked + (event.key === ']' ? 1 : points.length - 1)) % points.length;
    said = `point ${picked + 1} of ${points.length} at (${fmt(points[picked][0], 4)}, ${fmt(points[picked][1], 4)})`;
  } else if (moves[event.key] && points[picked]) {
    points[picked][0] += moves[event.key][0];
    points[picked][1] += moves[event.key][1];
    window.nabla.setRegression(points);
    said = `point ${picked + 1} moved to (${fmt(points[picked][0], 4)}, ${fmt(points[picked][1], 4)})`;
  } else if ((event.key === 'Delete' || event.key === 'Backspace') && points[picked]) {
    points.splice(picked, 1);
    window.nabla.setRegression(points.length ? points : null);
    picked = Math.max(0, Math.min(picked, points.length - 1));
    said = `point removed; ${points.length} left`;
  } else if (event.key === 'a' || event.key === 'A') {
    const near = points[picked] || [5, 5];
    points.push([near[0] + 0.5, near[1]]);
    window.nabla.setRegression(points);
    picked = points.length - 1;
    said = `point ${picked + 1} added at (${fmt(points[picked][0], 4)}, ${fmt(points[picked][1], 4)})`;
  } else return;
  event.preventDefault();
  const status = $('#key-status');
  if (status && said) status.textContent = said;
  // setRegression redraws the charts; the chart keeps the focus for the next key.
  document.querySelector('#lab-charts canvas[data-panel="regression"]')?.focus();
}
