// Exact and honest numbers on the page (issue 13): the wording at a snapped maximum, no slope
// where f does not exist, kinks, exact directions, snapping to critical points.
import assert from 'node:assert/strict';
import { e2eTest, state, typeExpr, nextFrames } from './helpers.mjs';

const readouts = (page) => page.locator('#readouts').innerText();

e2eTest('the snapped maximum of x³ − 3x is flat, and the tangent is written with its own signs', async ({ page, openPage }) => {
  await openPage('f=x%5E3%20-%203x&p=-0.97');
  const box = await page.locator('canvas#plot').boundingBox();
  // Drag the point onto the maximum at x = −1: it snaps there.
  const max = (await state(page)).criticalPoints.find((c) => c.kind === 'max').at[0];
  await page.evaluate((x) => window.nabla.setPoint(x), max);
  const s = await state(page);
  assert.equal(s.tangent.slope, 0);
  assert.equal(s.tangent.trend, 'flat');
  const text = await readouts(page);
  assert.match(text, /tangent: y = 2; f is flat: f′ = 0, a critical point here/);
  // Elsewhere the signs read as a person writes them: "− 9·(x + 2)", never "+ -" or "− -".
  await page.evaluate(() => window.nabla.setPoint(-2));
  const away = await readouts(page);
  assert.match(away, /tangent: y = -2 \+ 9·\(x \+ 2\); f is increasing here/);
  assert.doesNotMatch(away, /\+ -|− -/);
  assert.ok(box);
});

e2eTest('where f does not exist the page shows no slope, and says why', async ({ page, openPage }) => {
  await openPage('f=ln(x)&p=-1');
  let s = await state(page);
  assert.equal(s.value, null);
  assert.deepEqual(s.gradient, [null]);
  assert.equal(s.tangent, null);
  assert.equal(s.hessian, null);
  assert.match(await readouts(page), /undefined at this point, so it has no slope here/);
  // atan(1/x) at 0 passes through ±∞: undefined, not π/2.
  await typeExpr(page, 'atan(1/x)');
  await page.evaluate(() => window.nabla.setPoint(0));
  s = await state(page);
  assert.equal(s.value, null);
  // A kink: abs(x) at 0 has no derivative; the one-sided slopes are shown.
  await typeExpr(page, 'abs(x)');
  await page.evaluate(() => window.nabla.setPoint(0));
  s = await state(page);
  assert.deepEqual(s.gradient, [null]);
  assert.equal(s.kinks.length, 1);
  assert.match(await readouts(page), /kink in x here: no derivative, the slopes from the two sides are -1 and 1/);
});

e2eTest('interview question 5: u along ∇f of 3x + 4y is exactly (0.6, 0.8) and D_u f exactly 5', async ({ page, openPage }) => {
  await openPage('f=3x%2B4y');
  await page.evaluate(() => window.nabla.setDirection([3, 4]));
  let s = await state(page);
  assert.deepEqual(s.direction, [0.6, 0.8]);
  assert.equal(s.directionalDerivative, 5);
  await page.evaluate(() => window.nabla.setDirection([1, 1]));
  assert.equal((await state(page)).directionDegrees, 45);
  // The buttons turn u exactly.
  await page.click('#u-level');
  await nextFrames(page);
  assert.equal((await state(page)).directionalDerivative, 0);
  await page.click('#u-against');
  await nextFrames(page);
  assert.equal((await state(page)).directionalDerivative, -5);
  await page.click('#u-gradient');
  await nextFrames(page);
  s = await state(page);
  assert.equal(s.directionalDerivative, 5);
  assert.equal(s.angleToGradient, 0);
  // An exact angle typed in.
  await page.locator('#u-degrees').fill('90');
  await page.locator('#u-degrees').press('Enter');
  await nextFrames(page);
  assert.deepEqual((await state(page)).direction, [0, 1]);
});

e2eTest('a click near a critical point lands on it, and the list of critical points goes there', async ({ page, openPage }) => {
  await openPage('f=x%5E2%20-%20y%5E2&view=-3,3,-3,3');
  await page.evaluate(() => window.nabla.setPoint(2, 2));
  await page.click('#readouts ol.critical button');
  await nextFrames(page);
  let s = await state(page);
  assert.deepEqual(s.point, [0, 0], 'the list moved the point onto the saddle');
  assert.deepEqual(s.gradient, [0, 0]);
  // The saddle sits at the centre of the plot area (margins as the page draws them: 12 + 56
  // left, 12 right, 12 top, 12 + 36 below); a click 3 pixels off snaps to it.
  await page.evaluate(() => window.nabla.setPoint(2, 2));
  const centre = await page.evaluate(() => {
    const r = document.querySelector('canvas#plot').getBoundingClientRect();
    return { x: r.left + 12 + 56 + (r.width - 12 * 2 - 56) / 2, y: r.top + 12 + (r.height - 12 * 2 - 36) / 2 };
  });
  await page.mouse.click(centre.x + 3, centre.y - 2);
  await nextFrames(page);
  s = await state(page);
  assert.deepEqual(s.point, [0, 0], `a click near the saddle snapped to it: ${s.point}`);
});

e2eTest('the course\'s notation typed as a learner copies it is read, and the echo says how', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'sin x + θ^2');
  let s = await state(page);
  assert.equal(s.error, null);
  assert.deepEqual(s.vars, ['x', 'θ']);
  await typeExpr(page, '1/2x');
  const echo = await page.locator('#normalized').innerText();
  assert.match(echo, /did you mean 1\/\(2x\)\?/);
  await typeExpr(page, 'L(w, b) = (w + b - 3)^2');
  s = await state(page);
  assert.deepEqual(s.vars, ['w', 'b'], 'w across, b up, as the left side says');
  await typeExpr(page, '\\frac{1}{x} + \\sqrt{x^2+y^2}');
  s = await state(page);
  assert.equal(s.error, null);
  await page.evaluate(() => window.nabla.setPoint(3, 4));
  assert.equal((await state(page)).value, 1 / 3 + 5);
});

e2eTest('check my derivative: a right answer, Mistake 2 (no chain rule) and Mistake 4 (a gradient as a sum)', async ({ page, openPage }) => {
  await openPage('f=e%5E(x%5E2)');
  // Typed like a learner, in the page's own panel.
  await page.locator('#check-answer').fill('2x e^(x^2)');
  await page.click('#check-button');
  await page.waitForFunction(() => document.querySelector('#check-result').textContent.length > 0);
  assert.match(await page.locator('#check-result').innerText(), /^right/);
  await page.locator('#check-answer').fill('e^(x^2)');
  await page.locator('#check-answer').press('Enter');
  await page.waitForFunction(() => /chain-rule/.test(document.querySelector('#check-result').textContent));
  assert.match(await page.locator('#check-result').innerText(), /missing the chain-rule factor 2\*x/);
  // The wrong f′ is drawn beside the exact one: the plot changed when it was checked.
  const magenta = await page.evaluate(() => {
    const c = document.querySelector('canvas#plot');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 170 && d[i + 1] < 60 && d[i + 2] > 120) n++;
    return n;
  });
  assert.ok(magenta > 200, `the learner's f′ is drawn (${magenta} magenta pixels)`);
  // Mistake 4 through the API: a gradient has one entry per variable.
  await typeExpr(page, 'x^2 + 2y^2');
  const sum = await page.evaluate(() => window.nabla.checkDerivative('gradient', '2x + 4y'));
  assert.equal(sum.right, false);
  assert.match(sum.message, /one entry per variable/);
  const vector = await page.evaluate(() => window.nabla.checkDerivative('gradient', '[2x, 4y]'));
  assert.equal(vector.right, true);
  const bad = await page.evaluate(() => window.nabla.checkDerivative('x', '2x +'));
  assert.ok(bad.error && bad.error.end <= 4, JSON.stringify(bad));
});
