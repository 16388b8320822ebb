// One frame: the plot and the small charts drawn by the core, then whatever the page's modules
// show from the frame's snapshot, then the link. Frames are requested (at most one per
// animation frame) or drawn now by the API, whose callers expect state() to reflect the call.

import { engine, guard, markCurrent, markGood, failureCount } from './engine.js';
import { writeHash } from './hash.js';
import { $, dpr, el, els } from './dom.js';

let catalogue = { panels: { graph: [], map: [], lab: [] } };
let lastFrameMs = null;
// The link of the last frame; written to the URL at most every 250 ms (history.replaceState
// costs milliseconds), and at once by the API.
let lastPairs = [];
let hashTimer = null;
const shows = [];

/** The panels come from the engine's catalogue. */
export function useCatalogue(c) {
  catalogue = c;
}

/** `show(s)` is called each frame with the frame's snapshot (runs windowed to the frame). */
export function onFrame(show) {
  shows.push(show);
}

/** The full snapshot (INTERFACE.md); `framed` keeps only each run's current step, for drawing. */
export function state(framed = false) {
  const s = JSON.parse(guard(() => engine.stateJson(!framed), null) ?? '{}');
  s.lastFrameMs = lastFrameMs;
  return s;
}

// runDescent's Promises (api.js), each resolved to state().descent a task after its call: five
// runs of 3,000 steps are a megabyte of JSON, and reading it in the call held the page over
// 50 ms. Whatever replaces the runs first (a descent, a function, a link, a lesson's step, a
// clear) calls settleRuns(), so each Promise still gets its own call's runs.
let runWaiters = [];
let runTimer = null;

/** A Promise of the current runs, read a task from now (or when they are about to change). */
export function runsLater() {
  const runs = new Promise((resolve) => runWaiters.push(resolve));
  runTimer ??= setTimeout(settleRuns, 0);
  return runs;
}

/** Resolves every pending `runsLater()` to the runs as they are now. */
export function settleRuns() {
  clearTimeout(runTimer);
  runTimer = null;
  if (runWaiters.length === 0) return;
  const waiters = runWaiters;
  runWaiters = [];
  const runs = state().descent ?? [];
  for (const resolve of waiters) resolve(runs);
}

/** Draws at the next animation frame (once, however often asked). */
export function requestDraw() {
  if (frameRequest !== null) return;
  frameRequest = requestAnimationFrame(drawRequested);
}

// The requested frame's callback, until it runs (null: no frame is pending). Any drawing
// before it (an API call, an animation's tick) draws everything it would, so it is cancelled:
// a lesson's replay and a resize of its charts drew two full frames in one, over 50 ms.
let frameRequest = null;

function drawRequested(frameTime) {
  frameRequest = null;
  drawNow(frameTime);
}

// A frame the page draws for itself (requested, at an animation frame) whose plot took longer
// than this shows the rest (the small charts, the readouts and every module's view) in a task
// of its own right after: the neuron loss took about 25 ms for the plot and as much for the
// readouts' DOM and Chromium's layout of them, and one task of both held the page over 50 ms.
// A frame drawn for the API is finished before the call returns (its caller reads the page).
const REST_APART_MS = 16;
// The next requested frame shows a new scene (a lesson's step, a preset): its rest, new
// readouts and formulas, is as heavy as the plot, so it comes apart however fast the plot was.
let sceneChanged = false;

/** Says the next frame the page draws for itself is a new scene (see `sceneChanged`), and reads
 *  its link now: the caller writes it at once, before that frame. */
export function newSceneNext() {
  refreshLink();
  sceneChanged = true;
}
// The rest of the last frame, while it waits for its task (a newer frame replaces it).
let restPending = null;

function drawCharts(s) {
  const n = (s.vars || []).length;
  drawPanelsInto(els.charts, n === 0 ? [] : n === 1 ? catalogue.panels.graph : catalogue.panels.map);
  // The lab's own charts sit in the lab, next to the controls that change them; charts with
  // nothing to show (no regression, no runs) are hidden.
  const lab = $('#lab-charts');
  if (lab) drawPanelsInto(lab, catalogue.panels.lab);
}

/** Draws now: the plot, then the rest (see REST_APART_MS). `frameTime` is requestAnimationFrame's
 *  timestamp when the page requested the frame, absent when the API draws. */
export function drawNow(frameTime) {
  const apart = sceneChanged;
  sceneChanged = false;
  const drawn = drawPlot();
  if (typeof frameTime === 'number' && (apart || lastFrameMs > REST_APART_MS)) {
    restLater(drawn, (run) => setTimeout(run, 0));
  } else {
    drawRest(state(true), drawn.failuresBefore, null);
  }
}

/** A load's first frame: the plot now, the rest once the browser has painted the plot; the
 *  Promise resolves when both are drawn. The rest, built for the first time, took as long
 *  again as the plot (about 40 ms), and the plot is what the learner is waiting for. */
export function drawFirst() {
  const drawn = drawPlot();
  performance.mark('nabla:first-plot');
  // Resolved by the next rest drawn, this one's or a newer frame's that replaced it.
  const rested = new Promise((resolve) => restWaiters.push(resolve));
  restLater(drawn, afterPaint);
  return rested;
}

// Called once a frame's rest is drawn (see drawFirst).
let restWaiters = [];

// A hidden page gets no animation frames, and an offscreen frame may get them late: the rest
// then comes without the paint.
const PAINT_WAIT_MS = 1000;

/** Calls `fn` in a task after the next paint (at once on a hidden page, and at the latest
 *  after PAINT_WAIT_MS). */
function afterPaint(fn) {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    setTimeout(fn, 0);
  };
  if (document.visibilityState === 'hidden') once();
  requestAnimationFrame(once);
  setTimeout(once, PAINT_WAIT_MS);
}

/** Draws the plot; returns the failures counted before it and the exact state it drew. */
function drawPlot() {
  if (frameRequest !== null) cancelAnimationFrame(frameRequest);
  frameRequest = null;
  restPending = null;
  const failuresBefore = failureCount();
  // The exact state (every digit, u as a vector) is what a recovery restores.
  const pairs = guard(() => engine.statePairs(), null);
  markCurrent(pairs);
  sizeCanvas();
  const start = performance.now();
  guard(() => engine.render(els.canvas, dpr()));
  lastFrameMs = performance.now() - start;
  return { failuresBefore, pairs };
}

/** Draws the rest of the frame `drawPlot` drew when `schedule` runs it, unless a newer frame
 *  came first. What was drawn is what a recovery may call good, whatever input comes before
 *  the rest; the rest shows the state as it is by then. */
function restLater({ failuresBefore, pairs }, schedule) {
  const mine = {};
  restPending = mine;
  schedule(() => {
    if (restPending !== mine) return;
    restPending = null;
    drawRest(state(true), failuresBefore, pairs);
  });
}

/** The frame's charts, modules, pending work and link, from snapshot `s`; `drawn` is the exact
 *  state the plot was drawn from, when the rest comes a task later (else it is read now). */
function drawRest(s, failuresBefore, drawn) {
  try {
    drawRestOf(s, failuresBefore, drawn);
  } finally {
    const waiters = restWaiters;
    restWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function drawRestOf(s, failuresBefore, drawn) {
  // Charts first: they read their sizes, which is free before this frame's DOM writes.
  drawCharts(s);
  for (const show of shows) show(s);
  settle(s.pending || []);
  // The link is cheap to compute and is what a trap recovers from; writing it to the URL is not.
  const pairs = guard(() => engine.linkPairs(), null);
  if (pairs !== null) lastPairs = JSON.parse(pairs);
  const exact = drawn ?? guard(() => engine.statePairs(), null);
  if (exact !== null && failureCount() === failuresBefore) markGood(exact);
  scheduleHashWrite();
}

// Work the engine left for later (the map in full after a gesture, a critical-point search in
// slices) runs between frames, a few milliseconds at a time, and only once the learner pauses:
// it starts QUIET_MS after the last input, so a drag or a pan never shares its frames with it.
// Frames drawn by the refining itself, or by an animation, go on at once.
const REFINE_MS = 8;
const QUIET_MS = 120;
let refineTimer = null;
let refining = false;
let idleWaiters = [];
// When the learner last pointed, scrolled, pressed a key or typed: frames drawn for anything
// else (a descent replay, the graph's play button) do not hold refining up.
let lastInput = -Infinity;
for (const type of ['pointerdown', 'pointermove', 'wheel', 'keydown', 'input']) {
  window.addEventListener(type, (event) => {
    // A pointer moving with no button down is only hovering.
    if (type === 'pointermove' && event.buttons === 0 && event.pointerType === 'mouse') return;
    lastInput = performance.now();
  }, { capture: true, passive: true });
}

function settle(pending) {
  const fromRefine = refining;
  refining = false;
  if (pending.length === 0) {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
    return;
  }
  if (refineTimer !== null) {
    if (fromRefine) return;
    clearTimeout(refineTimer);
  }
  const wait = fromRefine ? 0 : Math.max(0, lastInput + QUIET_MS - performance.now());
  refineTimer = setTimeout(() => {
    refineTimer = null;
    // Input came while waiting: wait again, from the latest input.
    if (performance.now() - lastInput < QUIET_MS) {
      settle(pending);
      return;
    }
    const start = performance.now();
    while (guard(() => engine.refine(), false) && performance.now() - start < REFINE_MS);
    refining = true;
    requestDraw();
  }, wait);
}

/** A Promise that resolves once nothing is pending (INTERFACE.md: `whenIdle`). */
export function whenIdle() {
  const pending = state(true).pending || [];
  if (pending.length === 0 && frameRequest === null && restPending === null) return Promise.resolve();
  return new Promise((resolve) => {
    idleWaiters.push(resolve);
    if (frameRequest === null && restPending === null) settle(pending);
  });
}

/** Reads the link from the engine now (after a change that drew no frame). */
export function refreshLink() {
  lastPairs = JSON.parse(guard(() => engine.linkPairs(), null) ?? JSON.stringify(lastPairs));
}

/** Writes the last frame's link into the URL now. */
export function writeLink() {
  writeHash(lastPairs);
}

function scheduleHashWrite() {
  if (hashTimer !== null) return;
  hashTimer = setTimeout(() => {
    hashTimer = null;
    writeHash(lastPairs);
  }, 250);
}

// Element sizes, kept by a ResizeObserver: reading them from layout in every frame forced a
// synchronous layout of the readouts the previous frame had written (about 1 ms a frame).
const boxes = new WeakMap();
const resized = new ResizeObserver((entries) => {
  let changed = false;
  for (const entry of entries) {
    const box = entry.borderBoxSize?.[0];
    const old = boxes.get(entry.target);
    if (box) {
      boxes.set(entry.target, { width: box.inlineSize, height: box.blockSize });
      changed ||= !old || old.width !== box.inlineSize || old.height !== box.blockSize;
    } else {
      boxes.delete(entry.target);
      changed = true;
    }
  }
  // The first report of an element measured for the frame that drew it changes nothing.
  if (changed) requestDraw();
});

/** The element's CSS size, from the observer once it has reported, else from layout. */
function boxOf(element) {
  const known = boxes.get(element);
  if (known) return known;
  resized.observe(element);
  const rect = element.getBoundingClientRect();
  const box = { width: rect.width, height: rect.height };
  boxes.set(element, box);
  return box;
}

function sizeCanvas() {
  const rect = boxOf(els.wrap);
  const w = Math.max(1, Math.round(rect.width * dpr()));
  const h = Math.max(1, Math.round(rect.height * dpr()));
  if (els.canvas.width !== w || els.canvas.height !== h) {
    els.canvas.width = w;
    els.canvas.height = h;
  }
}

function drawPanelsInto(container, names) {
  for (const canvas of [...container.children]) {
    if (!names.includes(canvas.dataset.panel)) {
      resized.unobserve(canvas);
      canvas.remove();
    }
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
    const rect = boxOf(canvas);
    const w = Math.max(1, Math.round((rect.width || 340) * dpr()));
    const h = Math.max(1, Math.round(170 * dpr()));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    canvas.hidden = !guard(() => engine.renderPanel(name, canvas, dpr()), false);
  }
}
