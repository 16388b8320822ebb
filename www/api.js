// window.nabla, the public API (INTERFACE.md): every argument is read defensively (args.js),
// nothing is thrown to the caller, and each call draws at once so state() reflects it.

import { engine, guard, debugInfo } from './engine.js';
import { readText, readNumber, readList, readCoords, readDescentOptions, readPoints } from './args.js';
import { els, showNotice } from './dom.js';
import { drawNow, newSceneNext, requestDraw, runsLater, settleRuns, state, whenIdle, writeLink } from './frame.js';
import { applyExpression, cancelTyping, showError } from './field.js';
import { descentCsv, labOptions, play, rewind, syncLabControls } from './lab.js';
import { openGraph } from './network.js';
import { copyLink, exportGif, exportImage, exportVideo } from './share.js';

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

/** An export that failed resolves to null; the reason goes to the console. */
function exportFailed(err) {
  console.warn('Nabla: the export failed:', err);
  return null;
}

const refusedText = { ok: false, error: { message: 'setExpression needs the function as text, for example "x^2 + y^2"', start: 0, end: 0 } };

/** Puts `value` in the field and gives it to the engine, as typing does, and writes the link at
 *  once. An accepted function is drawn `now` (the API's callers read the page) or in the next
 *  frame (a preset's button: its click stays a short task; through the API it was one task of
 *  60 ms for the neuron loss). A refused text leaves the plot as it was: its frame comes later. */
export function enterExpression(value, now) {
  cancelTyping();
  els.expr.value = value;
  const result = applyExpression(value);
  if (result.ok && now) drawNow();
  else {
    newSceneNext();
    requestDraw();
  }
  writeLink();
  return result;
}

/** Starts a descent (the lab's buttons, a click on the plot): what runDescent does, without the
 *  Promise, whose megabyte of state() its callers have no use for. */
export function startDescent(options, optimizerIds) {
  const merged = { ...labOptions(), ...readDescentOptions(options, optimizerIds) };
  if (merged.start === undefined) merged.start = state(true).point;
  settleRuns();
  // A refused request throws the engine's reason, which the guard shows as a notice.
  guard(() => engine.runDescent(JSON.stringify(merged)), null);
  rewind();
  drawNow();
  syncLabControls(state(true));
  writeLink();
  play();
}

/** The API over the engine; `optimizerIds()` lists the engine's optimizers. */
export function makeApi(optimizerIds) {
  const api = {
    setExpression: safely('setExpression', (text) => {
      const value = readText(text);
      if (value === null) return refusedText;
      const result = enterExpression(value, true);
      return result.ok ? { ok: true } : { ok: false, error: result.error };
    }, () => refusedText),
    setPoint: safely('setPoint', (...coords) => {
      guard(() => engine.setPoint(readCoords(coords)));
      drawNow();
      writeLink();
    }, () => undefined),
    setDirection: safely('setDirection', (direction) => {
      // An angle in degrees, or a vector [ux, uy] that the core normalises exactly.
      const u = readList(direction, 3);
      if (u) guard(() => engine.setDirectionVector(readNumber(u[0]), readNumber(u[1])));
      else guard(() => engine.setDirection(readNumber(direction)));
      drawNow();
      writeLink();
    }, () => undefined),
    setView: safely('setView', (...bounds) => {
      const [xmin, xmax, ymin, ymax] = readCoords(bounds);
      // A refused view throws the engine's reason, which the guard shows as a notice.
      guard(() => engine.setView(xmin, xmax, ymin, ymax));
      drawNow();
      writeLink();
    }, () => undefined),
    // Extension: the regression lab. `points` is [[x, y], …] in the 0..10 window, or null for
    // the default data; the function becomes their mean squared error L(a, b).
    setRegression: safely('setRegression', (points) => {
      const read = points === null || points === undefined ? { points: null, refused: 0, given: false } : readPoints(points);
      const usable = read.points && read.points.length ? read.points : null;
      if (read.given && !usable) showNotice('setRegression: no [x, y] pairs of finite numbers were given; showing the default data.');
      else if (points !== null && points !== undefined && !read.given) showNotice('setRegression needs an array of [x, y] pairs; showing the default data.');
      else if (read.refused) showNotice(`setRegression: ignored ${read.refused} of ${read.refused + usable.length} points that were not [x, y] pairs of finite numbers.`);
      settleRuns();
      guard(() => engine.setRegression(JSON.stringify(usable ?? 'default')));
      const s = state();
      els.expr.value = s.expr ?? '';
      showError(s.expr ?? '', null);
      drawNow();
      writeLink();
      return s.regression ?? null;
    }, () => null),
    runDescent: safely('runDescent', (options = {}) => {
      startDescent(options, optimizerIds());
      return runsLater();
    }, () => Promise.resolve(state().descent ?? [])),
    // Extension: iterations `from .. from + count` of run `run`, whole (state() thins runs
    // longer than 10,001 iterates); at most 10,000 per call.
    descentRun: safely('descentRun', (run = 0, from = 0, count = 10000) => {
      const n = (v, d) => (Number.isInteger(readNumber(v)) && readNumber(v) >= 0 ? readNumber(v) : d);
      return JSON.parse(guard(() => engine.descentWindow(n(run, 0), n(from, 0), Math.min(n(count, 10000), 10000)), 'null'));
    }, () => null),
    // Extension: checks a learner's derivative. `which` is a variable's name (∂f/∂x; f′ in one
    // variable) or 'gradient' (∇f typed as [·, ·]); returns {right, message, at, yours, exact}
    // or {error: {message, start, end}} when the answer does not read.
    checkDerivative: safely('checkDerivative', (which, text) => {
      const answer = readText(text);
      const name = readText(which, 64);
      if (answer === null || name === null) return { error: { message: 'checkDerivative needs the variable and the answer as text', start: 0, end: 0 } };
      const result = JSON.parse(guard(() => engine.checkDerivative(name, answer), null) ?? '{"error":{"message":"Nabla could not check this just now","start":0,"end":0}}');
      // A wrong f′ is drawn beside the exact one.
      drawNow();
      return result;
    }, () => ({ error: { message: 'Nabla could not check this just now', start: 0, end: 0 } })),
    // INTERFACE.md §3: opens or closes the computational graph (`graph=1`).
    showGraph: safely('showGraph', (open = true) => { openGraph(open === true || open === 1); }, () => undefined),
    // The surface and the local models (INTERFACE.md §3).
    setLayout: safely('setLayout', (name) => {
      const id = readText(name, 16);
      guard(() => engine.setLayout(id ?? ''));
      drawNow();
      writeLink();
    }, () => undefined),
    setCamera: safely('setCamera', (azimuth, elevation) => {
      guard(() => engine.setCamera(readNumber(azimuth), readNumber(elevation)));
      drawNow();
      writeLink();
    }, () => undefined),
    setTaylor: safely('setTaylor', (order) => {
      guard(() => engine.setTaylor(readNumber(order)));
      drawNow();
      writeLink();
    }, () => undefined),
    state: safely('state', () => state(), () => ({ lastFrameMs: null })),
    // Share and export (share.js): the link, the plot as PNG or SVG, the animation as WebM or GIF.
    copyLink: safely('copyLink', () => copyLink(), () => location.href),
    exportImage: safely('exportImage', (format) => exportImage(format).catch(exportFailed), () => Promise.resolve(null)),
    exportVideo: safely('exportVideo', (options) => exportVideo(options).catch(exportFailed), () => Promise.resolve(null)),
    // Extension: the animation as a looping GIF for slides, e.g. {seconds: 3}.
    exportGif: safely('exportGif', (options) => exportGif(options).catch(exportFailed), () => Promise.resolve(null)),
    // Resolves once no work is pending (state().pending is empty): the critical points of an
    // expensive function are searched for a few milliseconds at a time between frames.
    whenIdle: safely('whenIdle', () => whenIdle(), () => Promise.resolve()),
    // The plain-language description the page gives screen readers (state().description).
    describe: safely('describe', () => String(state(true).description ?? ''), () => ''),
    // Test-only (builds with the test-hooks feature): panics inside the core to prove the page recovers.
    _debugTrap: safely('_debugTrap', () => {
      guard(() => engine.debugTrap());
      drawNow();
    }, () => undefined),
    // Test-only: how many engine instances were made, and the current one's memory.
    _debugEngine: safely('_debugEngine', () => debugInfo(), () => null),
    // Test-only: the CSV the lab's button downloads.
    _debugCsv: safely('_debugCsv', () => descentCsv(state()), () => ''),
  };
  return api;
}
