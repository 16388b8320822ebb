// Embedding across origins (INTERFACE.md §3): a host page posts {nabla: method, args, id} to the
// frame; the frame calls that method of window.nabla, by name from a fixed list, and answers
// {nabla: 'result', id, value} or {nabla: 'error', id, message} to the window that asked, at its
// origin. It posts {nabla: 'change', state} to its parent after each change of the state.
// Nothing sent is ever evaluated: a message of another shape, or naming another method, is ignored.

import { engine, guard } from './engine.js';
import { state } from './frame.js';

// The public methods (INTERFACE.md §2, §3 and the README's extensions); test hooks are not here.
const METHODS = new Set([
  'setExpression', 'setPoint', 'setDirection', 'setView', 'runDescent', 'state',
  'setLayout', 'setCamera', 'setTaylor', 'showGraph', 'lessons', 'startLesson', 'nextStep',
  'previousStep', 'endLesson', 'describe', 'copyLink', 'exportImage', 'whenIdle', 'exportVideo',
  'exportGif', 'setRegression', 'checkDerivative', 'descentRun',
]);
const MAX_ARGS = 16;
// A change is posted at most this often (a drag changes the state every frame).
const CHANGE_MS = 100;

/** Answers the host's messages by calling `api`'s methods once `ready` (the page's start) is done;
 *  then tells the parent page `{nabla: 'ready'}`. */
export function installEmbedding(api, ready) {
  ready.then(() => {
    if (window.parent !== window) window.parent.postMessage({ nabla: 'ready' }, '*');
  }, () => {});
  window.addEventListener('message', async (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object' || typeof m.nabla !== 'string' || !METHODS.has(m.nabla)) return;
    if (!event.source) return;
    await ready.catch(() => {});
    const id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null;
    const args = Array.isArray(m.args) ? m.args.slice(0, MAX_ARGS) : [];
    const reply = (message) => {
      try {
        event.source.postMessage(message, event.origin === 'null' ? '*' : event.origin);
      } catch (err) {
        console.warn('Nabla: cannot answer the host page:', err);
      }
    };
    const method = Object.hasOwn(api, m.nabla) ? api[m.nabla] : null;
    if (typeof method !== 'function') {
      reply({ nabla: 'error', id, message: `this version of Nabla has no ${m.nabla}()` });
      return;
    }
    try {
      const value = await method(...args);
      reply({ nabla: 'result', id, value: value === undefined ? null : value });
    } catch (err) {
      reply({ nabla: 'error', id, message: String(err?.message ?? err) });
    }
  });
}

let lastPairs = null;
let changeTimer = null;
/** Each frame: tells the parent page when the state changed (not when only the replay moved). */
export function postChange() {
  if (window.parent === window) return;
  const pairs = guard(() => engine.statePairs(), null);
  if (pairs === null || pairs === lastPairs) return;
  const first = lastPairs === null;
  lastPairs = pairs;
  // The load itself is no change; the host asks state() when it wants the first one.
  if (first || changeTimer !== null) return;
  changeTimer = setTimeout(() => {
    changeTimer = null;
    // The state is the link's, no secret: any host may read it.
    window.parent.postMessage({ nabla: 'change', state: state() }, '*');
  }, CHANGE_MS);
}
