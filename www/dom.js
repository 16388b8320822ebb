// Small DOM helpers shared by the page's modules: element lookup and creation, text that is
// written only when it changed, pointer capture, and the passing notice over the plot.

export const $ = (selector) => document.querySelector(selector);

/** The page's fixed elements (their ids are public: INTERFACE.md, "Stable element ids"). */
export const els = {
  expr: $('#expr'), error: $('#error'), normalized: $('#normalized'), canvas: $('#plot'),
  wrap: $('#plot-wrap'), readouts: $('#readouts'), controls: $('#controls'), notice: $('#notice'),
  presets: $('#presets'), charts: $('#charts'), lab: $('#lab'),
};

/** Device pixels per CSS pixel. */
export const dpr = () => window.devicePixelRatio || 1;

/** An element with properties and children (text children are text, never HTML). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** A button that calls `onClick`. */
export function button(text, onClick, id) {
  const b = el('button', { type: 'button' }, text);
  if (id) b.id = id;
  b.addEventListener('click', onClick);
  return b;
}

/** A legend of `{color, label}` entries (colours from the engine's catalogue). */
export function legend(entries) {
  return el('div', { className: 'legend' }, ...entries.map(({ color, label }) => {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = color;
    return el('span', {}, swatch, label);
  }));
}

/** Sets a text only when it changed: a DOM write per frame per readout adds up while dragging. */
export function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

/** The pixel of a pointer event in `canvas`, in device pixels. */
export function pixelIn(canvas, event) {
  const rect = canvas.getBoundingClientRect();
  return [(event.clientX - rect.left) * dpr(), (event.clientY - rect.top) * dpr()];
}

/** Keeps a drag's events coming when the pointer leaves its element; a pointer that is already
 *  gone (or synthetic) cannot be captured, and the drag then works without it. */
export function capture(target, pointerId) {
  try {
    target.setPointerCapture(pointerId);
  } catch {
    // Nothing to do: capture is a convenience.
  }
}

let noticeTimer = null;
/** A passing message over the plot; it fades after a few seconds. */
export function showNotice(text) {
  els.notice.textContent = text;
  els.notice.hidden = !text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { els.notice.hidden = true; }, 8000);
}
