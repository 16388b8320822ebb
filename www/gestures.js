// Pointer, wheel and keys on the plot. The page passes pixels; the engine decides what is
// under them (the point, the head of u, the plot) and turns them into world coordinates.

import { engine, guard } from './engine.js';
import { capture, dpr, els, pixelIn } from './dom.js';
import { requestDraw } from './frame.js';

let drag = null;
const pointers = new Map(); // pointerId → [px, py], for pinch zoom
let pinch = null;

/** Forgets a gesture in progress (a link replaced what it was moving). */
export function dropGesture() {
  drag = null;
  pinch = null;
  pointers.clear();
}

function pinchState() {
  const [a, b] = [...pointers.values()];
  return { mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], dist: Math.hypot(a[0] - b[0], a[1] - b[1]) };
}

/** Listens on the plot; `clicked()` is called after a click (not a drag) selected a point. */
export function installGestures({ clicked }) {
  const canvas = els.canvas;
  canvas.addEventListener('pointerdown', (event) => {
    capture(canvas, event.pointerId);
    const [px, py] = pixelIn(canvas, event);
    pointers.set(event.pointerId, [px, py]);
    if (pointers.size === 2) {
      drag = null;
      pinch = pinchState();
      return;
    }
    const target = guard(() => engine.hit(px, py, 14 * dpr()), 'plot');
    // One finger moves the point, two pan and zoom (the page says so under the plot).
    drag = { target, x: px, y: py, moved: false, touch: event.pointerType === 'touch' };
    if (target === 'point') guard(() => engine.pick(px, py));
    if (target === 'direction') guard(() => engine.aim(px, py));
    requestDraw();
  });
  canvas.addEventListener('pointermove', (event) => {
    const [px, py] = pixelIn(canvas, event);
    if (pointers.has(event.pointerId)) pointers.set(event.pointerId, [px, py]);
    if (pinch && pointers.size === 2) {
      const now = pinchState();
      if (now.dist > 0 && pinch.dist > 0) guard(() => engine.zoomAt(now.mid[0], now.mid[1], pinch.dist / now.dist));
      guard(() => engine.panPixels(now.mid[0] - pinch.mid[0], now.mid[1] - pinch.mid[1]));
      pinch = now;
      requestDraw();
      return;
    }
    if (!drag) return;
    if (drag.target === 'point') {
      guard(() => engine.pick(px, py));
      // Leaves a dot (a, f′(a)) in one variable; the engine ignores it in two.
      guard(() => engine.trace());
    } else if (drag.target === 'direction') guard(() => engine.aim(px, py));
    else if (drag.touch) {
      if (drag.moved || Math.hypot(px - drag.x, py - drag.y) > 4 * dpr()) {
        drag.moved = true;
        guard(() => engine.pick(px, py));
        guard(() => engine.trace());
      }
    } else if (drag.moved || Math.hypot(px - drag.x, py - drag.y) > 4 * dpr()) {
      drag.moved = true;
      guard(() => engine.panPixels(px - drag.x, py - drag.y));
      drag.x = px;
      drag.y = py;
    }
    requestDraw();
  });
  canvas.addEventListener('pointerup', (event) => {
    if (drag && drag.target === 'plot' && !drag.moved) {
      const [px, py] = pixelIn(canvas, event);
      guard(() => engine.pick(px, py));
      clicked();
    }
    drag = null;
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
    requestDraw();
  });
  canvas.addEventListener('pointercancel', (event) => {
    drag = null;
    pointers.delete(event.pointerId);
    pinch = null;
  });
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const [px, py] = pixelIn(canvas, event);
    guard(() => engine.zoomAt(px, py, Math.exp(Math.max(-200, Math.min(200, event.deltaY)) * 0.002)));
    requestDraw();
  }, { passive: false });
  canvas.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? 10 : 1;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    guard(() => engine.nudge(move[0], move[1]));
    guard(() => engine.trace());
    requestDraw();
  });
}
