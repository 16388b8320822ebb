// The expression field: typing is read after a short pause, and an error is shown at the place
// in the text where it went wrong (as text, never HTML). The last good plot stays meanwhile.

import { engine, guard } from './engine.js';
import { els } from './dom.js';
import { requestDraw, settleRuns } from './frame.js';

const DEBOUNCE_MS = 150;
let debounceTimer = null;

/** Starts reading what the learner types. */
export function installField() {
  els.expr.addEventListener('input', () => {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      applyExpression(els.expr.value);
      requestDraw();
    }, DEBOUNCE_MS);
  });
}

/** Drops typing not yet read (a link or an API call replaces it). */
export function cancelTyping() {
  clearTimeout(debounceTimer);
}

/** Gives `text` to the engine and shows its error, if any; returns `{ok, error}`. */
export function applyExpression(text) {
  const failed = { ok: false, error: { message: 'Nabla could not read this just now; please try again', start: 0, end: 0 } };
  settleRuns();
  const json = guard(() => engine.setExpression(text), null);
  const result = json === null ? failed : JSON.parse(json);
  showError(text, result.ok ? null : result.error);
  return result;
}

/** Puts the field and its error back on what the engine holds (`s` is a snapshot). */
export function syncField(s) {
  els.expr.value = s.expr ?? '';
  showError(s.expr ?? '', s.error ?? null);
}

function byteToIndex(text, byte) {
  const bytes = new TextEncoder().encode(text);
  return new TextDecoder().decode(bytes.slice(0, byte)).length;
}

/** Shows `error` ({message, start, end} in bytes of `text`), or hides the error for null. */
export function showError(text, error) {
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
  // The typed text around the error with the offending part marked.
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
