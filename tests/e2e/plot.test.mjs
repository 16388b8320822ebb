// A person types expressions into the field and sees a plot.
import assert from 'node:assert/strict';
import { e2eTest, typeExpr, canvasStats, state } from './helpers.mjs';

e2eTest('typing x^2+y^2 draws a 2-D plot, and sin(x)*cos(y) redraws it', async ({ page, openPage }) => {
  await openPage();

  await typeExpr(page, 'x^2+y^2');
  let s = await state(page);
  assert.equal(s.expr, 'x^2+y^2');
  assert.deepEqual(s.vars, ['x', 'y']);
  assert.equal(s.error, null);

  // #normalized echoes the canonical form that was evaluated.
  const normalized = (await page.locator('#normalized').textContent()) ?? '';
  assert.equal(typeof s.normalized, 'string');
  assert.ok(
    normalized.replace(/\s+/g, '').includes(s.normalized.replace(/\s+/g, '')),
    `#normalized shows "${normalized}", state().normalized is "${s.normalized}"`,
  );

  const first = await canvasStats(page);
  assert.ok(first.width > 0 && first.height > 0, `canvas#plot has a size (${first.width}x${first.height})`);
  assert.ok(first.distinct >= 32, `canvas#plot shows many colours (got ${first.distinct})`);
  assert.ok(first.nonDominant > 0.05, `canvas#plot is not mostly one colour (${first.nonDominant})`);

  await typeExpr(page, 'sin(x)*cos(y)');
  s = await state(page);
  assert.equal(s.expr, 'sin(x)*cos(y)');
  assert.deepEqual(s.vars, ['x', 'y']);
  assert.equal(s.error, null);
  const second = await canvasStats(page);
  assert.ok(second.distinct >= 32, `canvas#plot shows many colours (got ${second.distinct})`);
  assert.notEqual(second.hash, first.hash, 'the plot changed with the expression');
});
