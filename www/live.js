// The numbers that change while something moves (h sliding to 0, the point dragged, a descent
// replaying), in a strip that stays in sight at the top of the panel however far it scrolls.

import { $ } from './dom.js';
import { fmt, patch, h } from './readouts.js';

const item = (label, value) => h('span', 'live-item', h('span', 'live-label', label), ' ', h('span', 'live-value', value));

/** Shows snapshot `s`'s moving numbers. */
export function showLive(s) {
  const strip = $('#live');
  if (!strip) return;
  const n = (s.vars || []).length;
  const items = [];
  if (n === 1) {
    items.push(item('f =', fmt(s.value, 5)), item('f′ =', fmt(s.gradient && s.gradient[0], 5)));
    if (s.secant) items.push(item('h =', fmt(s.secant.h, 3)), item('secant', fmt(s.secant.slope, 6)), item('error', fmt(s.secant.error, 2)));
  } else if (n >= 2) {
    items.push(item('f =', fmt(s.value, 5)), item('‖∇f‖ =', fmt(s.gradientNorm, 4)), item('D_u f =', fmt(s.directionalDerivative, 4)));
  }
  const run = (s.descent || []).find((r) => r.path.length);
  if (run) items.push(item(`k = ${run.from}`, `f(θ) = ${fmt(run.losses[0], 5)}`));
  patch(strip, items);
}
