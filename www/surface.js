// The surface and the local models on the page: a panel section (layout, the model's order,
// its readouts) built from state(), and the pointer on the surface's part of the plot: drag
// rotates, dragging the point moves it over the surface, the wheel or a pinch zooms, arrow keys
// rotate in the 3D layout. Everything else on the plot is left to gestures.js.

import { engine, guard } from './engine.js';
import { capture, dpr, el, els, pixelIn, setText } from './dom.js';
import { requestDraw } from './frame.js';

let drag = null;
const pointers = new Map();
let pinch = null;
let parts = null;


function stop(event) {
  event.stopImmediatePropagation();
  event.preventDefault();
}

/** Builds the section (its layouts from the engine's catalogue) and listens on the plot, ahead
 *  of gestures.js for the surface's part. */
export function installSurface(catalogue, api) {
  const buttons = (catalogue.layouts || []).map(({ id, label }) => {
    const b = el('button', { type: 'button', className: 'layout' }, label);
    b.dataset.layout = id;
    b.addEventListener('click', () => api.setLayout(id));
    return b;
  });
  const order = el('input', { type: 'number', min: 0, max: 10, step: 1, value: 0, id: 'taylor-order' });
  order.addEventListener('input', () => api.setTaylor(Number(order.value)));
  const layoutRow = el('div', { className: 'row' }, el('span', {}, 'show '), ...buttons);
  const orderLabel = el('label', { htmlFor: 'taylor-order' }, '');
  const facts = el('div', { className: 'facts' });
  const section = el('section', { id: 'local' }, el('h2', {}, 'Surface and local models'), layoutRow,
    el('div', { className: 'row' }, orderLabel, order), facts);
  const panel = document.querySelector('#panel');
  panel.insertBefore(section, els.readouts.nextSibling);
  parts = { section, buttons, layoutRow, order, orderLabel, facts };

  const canvas = els.canvas;
  canvas.addEventListener('pointerdown', (event) => {
    const [px, py] = pixelIn(canvas, event);
    if (!guard(() => engine.onSurface(px, py), false)) return;
    stop(event);
    capture(canvas, event.pointerId);
    pointers.set(event.pointerId, [px, py]);
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = Math.hypot(a[0] - b[0], a[1] - b[1]);
      drag = null;
      return;
    }
    const target = guard(() => engine.surfaceHit(px, py, 14 * dpr()), 'surface');
    drag = { target, x: px, y: py };
    if (target === 'point') guard(() => engine.pickSurface(px, py));
    canvas.focus();
    requestDraw();
  }, { capture: true });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag && !pinch) return;
    stop(event);
    const [px, py] = pixelIn(canvas, event);
    if (pointers.has(event.pointerId)) pointers.set(event.pointerId, [px, py]);
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const now = Math.hypot(a[0] - b[0], a[1] - b[1]);
      if (now > 0 && pinch > 0) guard(() => engine.zoomSurface(pinch / now));
      pinch = now;
    } else if (drag.target === 'point') {
      guard(() => engine.pickSurface(px, py));
    } else {
      guard(() => engine.rotatePixels(px - drag.x, py - drag.y, dpr()));
      drag.x = px;
      drag.y = py;
    }
    requestDraw();
  }, { capture: true });
  const end = (event) => {
    if (!drag && !pinch && !pointers.has(event.pointerId)) return;
    stop(event);
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
    drag = null;
    requestDraw();
  };
  canvas.addEventListener('pointerup', end, { capture: true });
  canvas.addEventListener('pointercancel', end, { capture: true });
  canvas.addEventListener('wheel', (event) => {
    const [px, py] = pixelIn(canvas, event);
    if (!guard(() => engine.onSurface(px, py), false)) return;
    stop(event);
    guard(() => engine.zoomSurface(Math.exp(Math.max(-200, Math.min(200, event.deltaY)) * 0.002)));
    requestDraw();
  }, { capture: true, passive: false });
  canvas.addEventListener('keydown', (event) => {
    const turns = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const turn = turns[event.key];
    if (!turn || parts.layout !== '3d') return;
    stop(event);
    // 12.5 CSS pixels of drag: 5° a press (50° with shift).
    const step = 12.5 * dpr() * (event.shiftKey ? 10 : 1);
    guard(() => engine.rotatePixels(turn[0] * step, turn[1] * step, dpr()));
    requestDraw();
  }, { capture: true });
}

/** Forgets a gesture in progress. */
export function dropSurfaceGesture() {
  drag = null;
  pinch = null;
  pointers.clear();
}

const num = (v) => (v === null || v === undefined ? 'undefined' : Number(v.toPrecision(6)).toString());
const vec = (v) => (v ? `(${v.map(num).join(', ')})` : 'undefined');

/** Shows the section from the frame's snapshot. */
export function showSurface(s) {
  if (!parts) return;
  const n = (s.vars || []).length;
  parts.layout = s.layout;
  // On a narrow screen the split plot is twice as tall, so the engine stacks the map over the surface.
  document.documentElement.classList.toggle('layout-split', s.layout === 'split');
  parts.section.hidden = n === 0;
  parts.layoutRow.hidden = s.layout === null;
  for (const b of parts.buttons) b.setAttribute('aria-pressed', String(b.dataset.layout === s.layout));
  const order = s.taylor ? s.taylor.order : 0;
  if (document.activeElement !== parts.order && Number(parts.order.value) !== order) parts.order.value = String(order);
  setText(parts.orderLabel, n === 1 ? 'Taylor order n (0 hides) ' : 'local model: 1 tangent plane, 2 quadratic (0 hides) ');
  const t = s.taylor;
  const lines = [];
  if (t && n === 1) {
    lines.push(t.formula ?? 'Tₙ is undefined here: f has no derivatives of every order at this point');
    if (t.interval) lines.push(`|f − T${t.order}| ≤ ${t.tolerance} for x in [${num(t.interval[0])}, ${num(t.interval[1])}]`);
  } else if (t) {
    const e = t.hessianEigen;
    if (e) {
      lines.push(`Hessian eigenvalues λ₁ = ${num(e.values[0])}, λ₂ = ${num(e.values[1])}; eigenvectors ${vec(e.vectors[0])}, ${vec(e.vectors[1])}`);
      lines.push(`condition number ${t.conditionNumber === null ? 'undefined (H is singular)' : num(t.conditionNumber)}`);
      if (e.values[1] > 0) lines.push(`plain descent is unstable above η = 2/λmax = ${num(2 / e.values[1])}: it zig-zags along λmax's eigenvector`);
    }
    lines.push(`Newton step −H⁻¹∇f = ${t.newtonStep ? vec(t.newtonStep) : 'undefined (H is singular)'}`);
  }
  const text = lines.join('\n');
  if (parts.factsText !== text) {
    parts.factsText = text;
    parts.facts.replaceChildren(...lines.map((l) => el('p', {}, l)));
  }
}
