// The engine: loading the wasm core, calling it so that no error escapes, and recovering from a
// trap or a stuck handle in a fresh instance (fresh memory) from the learner's last good state.

import init, * as glue from './pkg/nabla.js';
import { compiled } from './boot.js';

/** The current handle; a live binding, replaced on recovery. */
export let engine = null;

const KEEP_GOOD = 3;
// What the learner is told; the detail goes to the console.
const TROUBLE = 'Something went wrong inside Nabla';

let hooks = { notice: () => {}, recovered: () => {} };
let instances = 0;
let failures = 0;
let dead = false;
let recovering = false;
// The learner's last good states as link pairs (JSON), newest last, and the state being drawn
// now (not yet known to be good: a render that fails may be its fault).
const good = [];
let current = null;
// After a recovery, until a frame succeeds: the states left to try if the restored one fails
// again at once.
let fallbacks = null;

/** Loads the core once. `notice(text)` shows a message; `recovered()` re-syncs the page. */
export async function load(pageHooks) {
  hooks = pageHooks;
  const module = await compiled;
  await init(module ? { module_or_path: module } : undefined);
  instances = 1;
  engine = new glue.Nabla();
}

/** Calls `fn()` (which uses `engine`); any error is contained and `fallback` returned. */
export function guard(fn, fallback = undefined) {
  if (dead || !engine) return fallback;
  try {
    return fn();
  } catch (err) {
    failed(err);
    return fallback;
  }
}

/** How many engine calls have failed; a frame with no new failure is a good frame. */
export const failureCount = () => failures;

/** Remembers `pairsJson` as the state about to be drawn: restored first if the drawing fails. */
export function markCurrent(pairsJson) {
  current = pairsJson;
}

/** Remembers `pairsJson` (the link after a frame that drew without error) as a good state. */
export function markGood(pairsJson) {
  fallbacks = null;
  current = null;
  if (good[good.length - 1] === pairsJson) return;
  good.push(pairsJson);
  if (good.length > KEEP_GOOD) good.shift();
}

/** A new handle in the current instance, as on a fresh load (for a link opened in place). */
export function restart() {
  if (dead) return;
  const old = engine;
  try {
    engine = new glue.Nabla();
    old?.free();
  } catch (err) {
    failed(err);
  }
}

/** Test-only: the number of instances made and the current instance's memory. */
export function debugInfo() {
  const memory = currentExports()?.memory ?? null;
  return { instances, memory, bytes: memory ? memory.buffer.byteLength : null, dead };
}

function failed(err) {
  failures++;
  const trap = err instanceof WebAssembly.RuntimeError;
  if (!trap && !stuck(err)) {
    // A clean error the core returned: it is written for the learner; anything else is not.
    console.warn('Nabla: an engine call failed:', err);
    tell(isCoreError(err) ? err.message : `${TROUBLE}; please try again.`);
    return;
  }
  console.warn('Nabla: the engine failed and is restarted:', err);
  if (recovering) throw err; // handled by the recovery loop below
  recover();
}

// A JS exception thrown through a wasm frame (a canvas method that throws) leaves that handle's
// borrow flag set: every later call fails with "recursive use of an object…".
function stuck(err) {
  if (/recursive use of an object|unsafe aliasing|null pointer passed to rust/i.test(String(err?.message))) return true;
  try {
    engine.descentLength();
    return false;
  } catch {
    return true;
  }
}

const isCoreError = (err) => err instanceof Error && Object.getPrototypeOf(err) === Error.prototype
  && typeof err.message === 'string' && err.message.length > 0 && err.message.length < 300;

function recover() {
  const candidates = fallbacks ?? states();
  recovering = true;
  try {
    for (let i = 0; i < candidates.length; i++) {
      const { pairs, kind } = candidates[i];
      try {
        freshInstance();
        if (pairs !== '[]') engine.applyLink(pairs);
        engine.descentLength();
      } catch (err) {
        console.warn('Nabla: restoring a state failed:', err);
        continue;
      }
      fallbacks = candidates.slice(i + 1);
      const restored = kind === 'default' || engine.statePairs() === pairs;
      recovering = false;
      tell(kind === 'default' ? `${TROUBLE}; it started over with the default function.`
        : !restored ? `${TROUBLE}; the view was restored as far as possible.`
          : kind === 'now' ? `${TROUBLE}; the view was restored.`
            : `${TROUBLE}; an earlier view was restored.`);
      try {
        hooks.recovered();
      } catch (err) {
        console.warn('Nabla: re-syncing the page failed:', err);
      }
      return;
    }
  } finally {
    recovering = false;
  }
  dead = true;
  engine = null;
  tell('Nabla stopped working; please reload the page.');
}

/** The states to restore, best first: what the learner has now, older good ones, the defaults. */
function states() {
  const list = [];
  const add = (pairs, kind) => {
    if (pairs && !list.some((c) => c.pairs === pairs)) list.push({ pairs, kind });
  };
  add(current, 'now');
  good.slice().reverse().forEach((pairs, i) => add(pairs, i === 0 && list.length === 0 ? 'now' : 'earlier'));
  add('[]', 'default');
  return list;
}

// Drops every reference to the old instance so that its memory is collected.
function freshInstance() {
  engine = null;
  if (typeof glue.__wbg_reset_state === 'function') glue.__wbg_reset_state();
  else console.warn('Nabla: this build cannot make a fresh instance; reusing the old one.');
  instances++;
  engine = new glue.Nabla();
}

function currentExports() {
  try {
    // Initialised already: initSync only returns the current instance's exports.
    return glue.initSync();
  } catch {
    return null;
  }
}

function tell(text) {
  try {
    hooks.notice(text);
  } catch (err) {
    console.warn('Nabla: showing a notice failed:', err);
  }
}
