// The gradient-descent lab: its controls (built from the engine's catalogue and set from the
// engine's state), the replay clock (runs are computed at once; the clock shows them step by
// step), the CSV export, and editing the regression data on its chart.

import { engine, guard } from './engine.js';
import { $, button, capture, el, els, dpr, pixelIn } from './dom.js';
import { drawNow, requestDraw, settleRuns, state } from './frame.js';
import { patch, labTrees, fmt } from './readouts.js';

const anim = { playing: false, k: 0, kf: 0, len: 0, speed: 60, last: 0 };
let tickPending = false;
let catalogue = null;
let actions = null; // the API's setExpression, setView, setRegression, runDescent
let clickToStart = false;
let dataDrag = null;

/** Builds the lab from the catalogue; `api` gives the actions its preset buttons take. */
export function installLab(c, api) {
  catalogue = c;
  actions = api;
  buildLab();
  installDataEditing();
}

/** Whether a click on the map starts a run there. */
export const startsOnClick = () => clickToStart;

const lrFromSlider = (v) => 10 ** Number(v);

function buildLab() {
  const checks = catalogue.optimizers.map(({ id, label, color }) => {
    const input = el('input', { type: 'checkbox', value: id });
    input.dataset.opt = id;
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = color;
    return el('label', {}, input, swatch, label);
  });
  const [lrMin, lrMax] = catalogue.limits.lrLog10;
  const lr = el('input', { type: 'range', id: 'lr-slider', min: lrMin, max: lrMax, step: 0.01 });
  const lrOut = el('output', { id: 'lr-out' });
  lr.addEventListener('input', () => { lrOut.textContent = fmt(lrFromSlider(lr.value), 3); });
  const limit = el('div', { className: 'lr-limit', title: 'η = 2/λmax: plain descent is unstable to the right' });
  const steps = el('input', { type: 'number', id: 'steps-input', min: 1, max: catalogue.limits.maxSteps });
  const ascent = el('input', { type: 'checkbox', id: 'ascent' });
  const backtrack = el('input', { type: 'checkbox', id: 'backtrack' });
  const scrub = el('input', { type: 'range', id: 'scrubber', min: 0, max: 0, step: 1, value: 0 });
  scrub.addEventListener('input', () => showStep(Number(scrub.value)));
  const speed = el('select', { id: 'speed', ariaLabel: 'replay speed' }, ...[10, 30, 60, 120, 240, 960].map((v) => el('option', { value: v, selected: v === anim.speed }, `${v} steps/s`)));
  speed.addEventListener('change', () => { anim.speed = Number(speed.value); });
  const click = el('input', { type: 'checkbox', id: 'click-start' });
  click.addEventListener('change', () => { clickToStart = click.checked; });
  const logLoss = el('input', { type: 'checkbox', id: 'log-loss' });
  logLoss.addEventListener('change', () => { guard(() => engine.setLossLog(logLoss.checked)); requestDraw(); });
  const presets = catalogue.labPresets.map((preset) => button(preset.name, () => applyPreset(preset), preset.regression ? 'regression' : undefined));
  els.lab.replaceChildren(
    el('h2', {}, 'gradient descent  θ ← θ − η∇f'),
    el('div', { className: 'row buttons', id: 'lab-presets' }, ...presets),
    el('div', { className: 'row' }, ...checks),
    el('div', { className: 'row' }, 'η = ', el('span', { className: 'lr' }, lr, limit), lrOut),
    settingsPanel(),
    el('div', { className: 'row' }, el('label', {}, 'steps ', steps), el('label', {}, ascent, 'ascent θ + η∇f (Mistake 5)'),
      el('label', { title: 'the course\'s flow chart: loss decreased? no → reduce η (plain descent)' }, backtrack, 'halve η when the loss rises')),
    el('div', { className: 'row buttons' },
      button('descend from the point', () => actions.runDescent({ start: state(true).point }), 'descend'),
      button('▶ / ❚❚', () => (anim.playing ? pause() : play()), 'play'),
      button('◀ step', () => stepBy(-1), 'step-back'),
      button('step ▶', () => stepBy(1), 'step-forward'),
      button('clear', () => { pause(); settleRuns(); guard(() => engine.clearDescent()); requestDraw(); }, 'clear-descent'),
      button('CSV', exportCsv, 'csv')),
    el('div', { className: 'row' }, scrub, speed),
    el('div', { className: 'row' }, el('label', {}, click, 'click the map to start a run'), el('label', {}, logLoss, 'log loss')),
    el('div', { id: 'lab-charts' }),
    el('div', { id: 'lab-status', className: 'status' }),
    el('div', { id: 'lab-table' }),
  );
  syncLabControls(state(true));
}

function settingsPanel() {
  const number = (id, placeholder = '') => el('input', { type: 'number', id, placeholder, step: 'any', className: 'hyper' });
  return el('details', { className: 'settings' }, el('summary', {}, 'optimizer settings'),
    ...catalogue.hyper.map(({ key, label }) => el('label', {}, number(`hyper-${key}`), label)),
    ...catalogue.optimizers.map(({ id, label }) => el('label', {}, number(`lr-${id}`, 'η'), `own η for ${label} (blank: the slider's)`)));
}

/** Sets the lab's controls to the settings the engine holds (after a run, a link, a preset). */
export function syncLabControls(s) {
  const lab = s.lab;
  if (!lab || !$('#lr-slider')) return;
  setControls({ lr: lab.lr, steps: lab.steps, opt: lab.opt });
  $('#ascent').checked = lab.ascent;
  $('#backtrack').checked = lab.backtrack;
  $('#log-loss').checked = s.options.lossLog;
  for (const { key } of catalogue.hyper) $(`#hyper-${key}`).value = lab[key];
}

function applyPreset(preset) {
  if (preset.regression) {
    actions.setRegression(null);
  } else {
    actions.setExpression(preset.expr);
    guard(() => engine.setLogScale(preset.logScale));
    actions.setView(...preset.view);
  }
  const run = { lr: preset.lr, steps: preset.steps, opt: preset.opt };
  if (preset.start) run.start = preset.start;
  // The regression preset sets the lab up; the learner starts the run.
  if (preset.regression) setControls(run);
  else actions.runDescent(run);
}

/** Shows η, the step budget and the optimizers in the controls. */
function setControls({ lr, steps, opt }) {
  $('#lr-slider').value = Math.log10(lr);
  $('#lr-out').textContent = fmt(lr, 3);
  $('#steps-input').value = steps;
  for (const c of els.lab.querySelectorAll('input[data-opt]')) c.checked = opt.includes(c.dataset.opt);
}

/** What the lab's controls ask for, as runDescent options. */
export function labOptions() {
  const opt = [...els.lab.querySelectorAll('input[data-opt]')].filter((c) => c.checked).map((c) => c.dataset.opt);
  const options = { lr: lrFromSlider($('#lr-slider').value), opt: opt.length ? opt : [catalogue.optimizers[0].id], ascent: $('#ascent').checked, backtrack: $('#backtrack').checked };
  const steps = Number($('#steps-input').value);
  if (Number.isFinite(steps) && steps >= 1) options.steps = steps;
  for (const { key } of catalogue.hyper) {
    const field = $(`#hyper-${key}`);
    if (field.value !== '' && Number.isFinite(Number(field.value))) options[key] = Number(field.value);
  }
  for (const { id } of catalogue.optimizers) {
    const field = $(`#lr-${id}`);
    const v = Number(field.value);
    if (field.value !== '' && Number.isFinite(v) && v > 0) options[id] = { lr: v };
  }
  return options;
}

/** Shows snapshot `s` in the lab: the η limit, the scrubber, the status and the table. */
export function showLab(s) {
  const limit = els.lab.querySelector('.lr-limit');
  const [lrMin, lrMax] = catalogue.limits.lrLog10;
  if (s.stableLr) {
    const x = (Math.log10(s.stableLr) - lrMin) / (lrMax - lrMin);
    limit.hidden = x < 0 || x > 1;
    limit.style.left = `${Math.max(0, Math.min(1, x)) * 100}%`;
  } else limit.hidden = true;
  anim.len = replayLength(s);
  const scrub = $('#scrubber');
  const max = String(Math.max(0, anim.len - 1));
  if (scrub.max !== max) scrub.max = max;
  if (scrub.value !== String(s.descentFrame)) scrub.value = s.descentFrame;
  const trees = labTrees(s);
  patch($('#lab-status'), trees.status);
  patch($('#lab-table'), trees.table);
}

/** The iterations the replay of snapshot `s`'s runs goes through. */
function replayLength(s) {
  return Math.max(0, ...(s.descent || []).map((r) => (r.path.length ? r.steps + 1 : 0)));
}

/** Replays the runs from the start (or from where it paused); with a snapshot `s`, the runs of
 *  `s` (not yet drawn). Returns whether a replay runs. */
export function play(s) {
  if (s) anim.len = replayLength(s);
  if (anim.len < 2) return false;
  if (anim.k >= anim.len - 1) anim.k = anim.kf = 0;
  anim.playing = true;
  anim.last = performance.now();
  // One chain of frames however often play() is called: a pause and a play in the same frame
  // (a lesson step that starts a run) left two, each drawing, at twice the speed.
  if (!tickPending) {
    tickPending = true;
    requestAnimationFrame(tick);
  }
  return true;
}

/** Stops the replay where it is. */
export function pause() {
  anim.playing = false;
}

/** Back to iteration 0 (a new run). */
export function rewind() {
  anim.k = anim.kf = 0;
}

function tick(now) {
  tickPending = false;
  if (!anim.playing) return;
  // A frame's timestamp can precede the performance.now() that play() read: never step back
  // (a negative iteration would wrap to the last one in the core).
  anim.kf += (Math.max(0, now - anim.last) / 1000) * anim.speed;
  anim.last = now;
  anim.k = Math.min(Math.floor(anim.kf), anim.len - 1);
  guard(() => engine.setDescentFrame(anim.k));
  // A frame of the page's own (its timestamp): a slow one shows its panel in a second task.
  drawNow(now);
  if (anim.k >= anim.len - 1) anim.playing = false;
  else {
    tickPending = true;
    requestAnimationFrame(tick);
  }
}

function showStep(k) {
  pause();
  anim.k = anim.kf = Math.max(0, Math.min(anim.len - 1, k));
  guard(() => engine.setDescentFrame(anim.k));
  requestDraw();
}

const stepBy = (d) => showStep(anim.k + d);

/** The runs as CSV: one column per variable, named as in the function (a, b in the regression lab). */
export function descentCsv(s) {
  const vars = s.vars || [];
  const lines = [['optimizer', 'lr', 'k', ...vars, 'f', 'grad_norm'].join(',')];
  for (const r of s.descent || []) {
    r.path.forEach((p, i) => lines.push([r.optimizer, r.lr, r.from + i * (r.stride ?? 1), ...vars.map((_, j) => p[j] ?? ''), r.losses[i], r.gradNorms[i]].join(',')));
  }
  return lines.join('\n') + '\n';
}

function exportCsv() {
  const url = URL.createObjectURL(new Blob([descentCsv(state())], { type: 'text/csv' }));
  el('a', { href: url, download: 'nabla-descent.csv' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Forgets a drag on the regression chart (a link replaced the data). */
export function dropDataDrag() {
  dataDrag = null;
}

// The regression data is edited on its chart: click adds, drag moves, shift- or right-click deletes.
function installDataEditing() {
  els.lab.addEventListener('contextmenu', (event) => {
    if (event.target.dataset.panel === 'regression') event.preventDefault();
  });
  els.lab.addEventListener('pointerdown', (event) => {
    const canvas = event.target;
    if (canvas.dataset.panel !== 'regression') return;
    const [px, py] = pixelIn(canvas, event);
    // New data is a new loss: its runs go (see settleRuns).
    settleRuns();
    const i = guard(() => engine.regressionHit(px, py, 10 * dpr()), -1);
    if (i >= 0 && (event.shiftKey || event.button === 2)) guard(() => engine.removeRegressionPoint(i));
    else if (i >= 0) {
      dataDrag = { i, canvas };
      capture(canvas, event.pointerId);
    } else if (event.button === 0) guard(() => engine.addRegressionPoint(px, py));
    showLoss();
    requestDraw();
  });
  els.lab.addEventListener('pointermove', (event) => {
    if (!dataDrag) return;
    const [px, py] = pixelIn(dataDrag.canvas, event);
    settleRuns();
    guard(() => engine.moveRegressionPoint(dataDrag.i, px, py));
    showLoss();
    requestDraw();
  });
  els.lab.addEventListener('pointerup', () => { dataDrag = null; });
}

/** Shows the loss the core wrote as the expression (the learner sees it is just a function). */
function showLoss() {
  const s = state(true);
  if (els.expr.value !== s.expr) els.expr.value = s.expr;
}
