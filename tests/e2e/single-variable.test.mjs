// One variable: a curve with its tangent line.
import assert from 'node:assert/strict';
import { e2eTest, typeExpr, state, canvasStats, assertClose } from './helpers.mjs';

const f = (a) => a ** 3 - 3 * a;
const df = (a) => 3 * a * a - 3;

e2eTest('x^3 - 3x draws a curve with the tangent slope 3a^2 - 3', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^3 - 3x');
  let s = await state(page);
  assert.equal(s.error, null);
  assert.deepEqual(s.vars, ['x']);

  const px = await canvasStats(page);
  assert.ok(px.width > 0 && px.height > 0, 'canvas#plot has a size');
  assert.ok(px.distinct >= 4 && px.nonDominant > 0.001, `canvas#plot is not blank (${JSON.stringify(px)})`);

  // At the page's own point.
  assert.ok(s.tangent && typeof s.tangent === 'object', `state().tangent is set: ${JSON.stringify(s.tangent)}`);
  let a = s.point[0];
  assertClose(s.tangent.slope, df(a), `tangent slope at a = ${a}`);

  // At a point we choose.
  await page.evaluate(() => window.nabla.setPoint(1.5));
  s = await state(page);
  a = s.point[0];
  assertClose(a, 1.5, 'point');
  assertClose(s.value, f(a), 'f(1.5)');
  assertClose(s.tangent.slope, df(a), 'tangent slope at 1.5');
  assertClose(s.tangent.intercept, f(a) - df(a) * a, 'tangent intercept at 1.5');
  assert.equal(s.gradient.length, 1);
  assertClose(s.gradient[0], df(a), "f'(1.5)");
});
