// The numbers in state() agree with values computed independently here, in JS.
import assert from 'node:assert/strict';
import { e2eTest, typeExpr, state, assertClose, assertAllClose, showsNumber } from './helpers.mjs';

// f = x^2 y + sin(xy) and its exact gradient.
const f1 = ([x, y]) => x * x * y + Math.sin(x * y);
const g1 = ([x, y]) => [2 * x * y + y * Math.cos(x * y), x * x + x * Math.cos(x * y)];
// f = x^2 + y^2
const f2 = ([x, y]) => x * x + y * y;
const g2 = ([x, y]) => [2 * x, 2 * y];

e2eTest('value and gradient at a point set through nabla.setPoint', async ({ page, openPage }) => {
  await openPage();

  await typeExpr(page, 'x^2y + sin(xy)');
  await page.evaluate(() => window.nabla.setPoint(1, 2));
  let s = await state(page);
  assert.equal(s.error, null);
  assert.deepEqual(s.vars, ['x', 'y']);
  assertAllClose(s.point, [1, 2], 'point');
  assertClose(s.value, 2 + Math.sin(2), 'value of x^2y + sin(xy) at (1, 2)');
  assertAllClose(s.gradient, [4 + 2 * Math.cos(2), 1 + Math.cos(2)], 'gradient at (1, 2)');
  assertClose(s.gradientNorm, Math.hypot(...g1([1, 2])), 'gradient norm');
  assert.equal(s.tangent, null, 'no tangent line in two-variable mode');

  // The readouts show the value and the gradient (to a few decimals).
  const readouts = (await page.locator('#readouts').textContent()) ?? '';
  assert.ok(showsNumber(readouts, s.value), `#readouts shows the value ${s.value}: "${readouts}"`);
  for (const g of s.gradient) assert.ok(showsNumber(readouts, g), `#readouts shows ${g}: "${readouts}"`);

  await typeExpr(page, 'x^2 + y^2');
  await page.evaluate(() => window.nabla.setPoint(1, 2));
  s = await state(page);
  assert.equal(s.error, null);
  assertClose(s.value, 5, 'value of x^2 + y^2 at (1, 2)');
  assertAllClose(s.gradient, [2, 4], 'gradient of x^2 + y^2 at (1, 2)');
  assertAllClose(s.gradient, g2(s.point), 'gradient of x^2 + y^2');
  assertClose(s.value, f2(s.point), 'value of x^2 + y^2');
});

e2eTest('clicking the plot selects a point inside the view', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^2y + sin(xy)');
  await page.evaluate(() => window.nabla.setView(-3, 3, -3, 3));
  await page.evaluate(() => window.nabla.setPoint(1, 2));
  let s = await state(page);
  assert.deepEqual(s.view, [-3, 3, -3, 3]);

  const canvas = page.locator('canvas#plot');
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0, 'canvas#plot is visible');
  // Left of centre and below it: x < 0 and y < 0 on any sensible plot of [-3, 3]^2.
  await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.65 } });
  await page.waitForFunction(() => {
    const p = window.nabla.state().point;
    return !(p[0] === 1 && p[1] === 2);
  });

  s = await state(page);
  const [x, y] = s.point;
  assert.ok(x >= -3 && x <= 3 && y >= -3 && y <= 3, `clicked point ${s.point} is inside the view`);
  assert.ok(x < 0, `clicking left of centre gives x < 0 (got ${x})`);
  assert.ok(y < 0, `clicking below centre gives y < 0 (got ${y})`);
  assertClose(s.value, f1(s.point), `value at the clicked point ${s.point}`);
  assertAllClose(s.gradient, g1(s.point), `gradient at the clicked point ${s.point}`);
});
