// Issue 4, one variable: a person drags the point with the mouse and the keyboard, moves the h
// slider, and reads the course's numbers (tangent, secant, chain rule, critical points).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { e2eTest, typeExpr, state, nextFrames, canvasStats, assertClose, assertAllClose, showsNumber } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
async function shot(locator, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await locator.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

const cubic = (a) => a ** 3 - 3 * a;
const dcubic = (a) => 3 * a * a - 3;

/** Moves the h slider like a person would (fill dispatches input) and waits for the redraw. */
async function setSlider(page, selector, value) {
  await page.locator(selector).fill(String(value));
  await nextFrames(page);
}

/** Clicks canvas#plot at CSS pixel (x, y) of the canvas and returns state() once the point moved. */
async function clickPlot(page, x, y) {
  const before = (await state(page)).point;
  await page.locator('canvas#plot').click({ position: { x, y } });
  await page.waitForFunction((b) => JSON.stringify(window.nabla.state().point) !== JSON.stringify(b), before).catch(() => {});
  await nextFrames(page);
  return state(page);
}

/**
 * Finds the world ↔ pixel mapping of the plot by clicking, as a person would look at the axes.
 * x: two clicks in the 1-D view give point[0] at two known pixels. y: the graph and the map share
 * the plot rectangle; in the map, a view of [-0.5, 0.5] × [-3, 3] keeps y at exactly [-3, 3] (the
 * map only widens the other axis), so two clicks there give the same y mapping as the graph with
 * y in [-3, 3].
 */
async function calibrate(page, expr1d) {
  const box = await page.locator('canvas#plot').boundingBox();
  await typeExpr(page, 'x^2 + y^2');
  await page.evaluate(() => { window.nabla.setView(-0.5, 0.5, -3, 3); window.nabla.setPoint(50, 50); });
  const [ya, yb] = [box.height * 0.25, box.height * 0.7];
  const sa = await clickPlot(page, box.width * 0.5, ya);
  const sb = await clickPlot(page, box.width * 0.5, yb);
  const ky = (sb.point[1] - sa.point[1]) / (yb - ya);
  const y0 = sa.point[1] - ky * ya;

  await typeExpr(page, expr1d);
  await page.evaluate(() => window.nabla.setView(-3, 3, -3, 3));
  await nextFrames(page);
  // Away from ±1 and 0, where a click snaps to a critical or inflection point.
  const [xa, xb] = [box.width * 0.12, box.width * 0.88];
  const ta = await clickPlot(page, xa, box.height * 0.1);
  const tb = await clickPlot(page, xb, box.height * 0.1);
  const kx = (tb.point[0] - ta.point[0]) / (xb - xa);
  const x0 = ta.point[0] - kx * xa;
  return {
    box,
    kx,
    toPx: (x, y) => ({ x: (x - x0) / kx, y: (y - y0) / ky }),
    toWorldX: (px) => x0 + kx * px,
  };
}

e2eTest('x^2 at a = 3: tangent 6x − 9, secant 2a + h, the h slider converges, 16-row limit table', async ({ page, openPage }) => {
  // The course's numbers through a share link (h = 0.5 exactly; the slider moves in steps of 0.1 in log10 h).
  await openPage('f=x%5E2&p=3&h=0.5');
  let s = await state(page);
  assert.deepEqual(s.vars, ['x']);
  assert.equal(s.error, null);
  assertClose(s.value, 9, 'f(3)');
  assertClose(s.tangent.slope, 6, 'tangent slope');
  assertClose(s.tangent.intercept, -9, 'tangent intercept');
  assert.deepEqual(s.partials, ['2*x']);
  assertClose(s.secant.h, 0.5, 'secant.h from h=0.5');
  assertClose(s.secant.slope, 6.5, 'forward secant slope 2a + h at h = 0.5', 1e-12);
  const readouts = (await page.locator('#readouts').textContent()) ?? '';
  assert.ok(showsNumber(readouts, 6) && showsNumber(readouts, 9) && showsNumber(readouts, 6.5), `#readouts shows 9, 6 and 6.5: "${readouts}"`);

  // The slider: log10 h = −0.3 gives h = 10^−0.3 and the slope is still exactly 2a + h.
  await setSlider(page, '#h-slider', -0.3);
  s = await state(page);
  assertClose(s.secant.h, 10 ** -0.3, 'secant.h at slider −0.3', 1e-9);
  assertClose(s.secant.slope, 2 * 3 + s.secant.h, 'forward secant slope = 2a + h', 1e-12);

  // h → 1e-6: the error of the quotient shrinks with h.
  let lastErr = Infinity;
  for (const e of [0, -1, -2, -3, -4, -5, -6]) {
    await setSlider(page, '#h-slider', e);
    s = await state(page);
    assertClose(s.secant.h, 10 ** e, `secant.h at slider ${e}`, 1e-9);
    const err = Math.abs(s.secant.slope - s.tangent.slope);
    assert.ok(err < lastErr, `|secant − tangent| shrinks: ${err} at h = 1e${e} (before ${lastErr})`);
    assertClose(err, s.secant.h, `for x^2 the forward error is exactly h (h = 1e${e})`, 1e-3);
    lastErr = err;
  }
  assert.ok(lastErr < 2e-6, `at h = 1e-6 the quotient is within 2e-6 of f′(3) (${lastErr})`);
  assert.equal(await page.locator('#h-slider').inputValue(), '-6');

  // The limit table: h = 1, 0.1, …, 1e-15.
  assert.equal(s.limitTable.length, 16, 'limitTable has 16 rows');
  s.limitTable.forEach((row, i) => assertClose(row.h, 10 ** -i, `limitTable[${i}].h`, 1e-12));

  // Exercise 1: at h = 1e-3 the central difference is far more accurate than the forward one.
  await typeExpr(page, 'sin(x)');
  await page.evaluate(() => window.nabla.setPoint(1));
  await setSlider(page, '#h-slider', -3);
  s = await state(page);
  assertClose(s.secant.h, 1e-3, 'h', 1e-9);
  const fwd = Math.abs(s.secant.slope - Math.cos(1));
  const cen = Math.abs(s.secant.central - Math.cos(1));
  assert.ok(fwd > 1e-4 && fwd < 1e-3, `forward error at h = 1e-3 is O(h): ${fwd}`);
  assert.ok(cen < fwd / 1000, `central error ${cen} is ≥ 1000× smaller than forward ${fwd}`);

  const limit = page.locator('#charts canvas[data-panel=limit]');
  const px = await canvasStats(page, '#charts canvas[data-panel=limit]');
  assert.ok(px.distinct >= 4 && px.nonDominant > 0.005, `the limit chart is drawn (${JSON.stringify(px)})`);
  await shot(limit, 'graph-limit-chart');
  await shot(page.locator('canvas#plot'), 'graph-secant');
});

e2eTest('e^(x^2): the derivative shows the chain-rule factor and the steps name the chain rule', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'e^(x^2)');
  await page.evaluate(() => window.nabla.setPoint(0.5));
  const s = await state(page);
  assert.equal(s.error, null);
  assert.equal(s.partials[0], '2*x*e^(x^2)');
  assert.ok(s.steps.some((st) => /chain rule/i.test(JSON.stringify(st))), `steps mention the chain rule: ${JSON.stringify(s.steps)}`);
  assertClose(s.gradient[0], 2 * 0.5 * Math.exp(0.25), "f'(0.5)");
  const readouts = (await page.locator('#readouts').textContent()) ?? '';
  assert.match(readouts, /chain rule/i, '#readouts lists the chain-rule step');
});

e2eTest('x^3 − 3x: critical points, keyboard nudges, clicks, and a mouse drag that snaps to x = 1', async ({ page, openPage }) => {
  await openPage();
  await page.locator('canvas#plot').scrollIntoViewIfNeeded();
  const cal = await calibrate(page, 'x^3 - 3x');
  let s = await state(page);
  assertAllClose(s.view, [-3, 3, -3, 3], 'view');

  // Analysis: a max at −1, a min at 1, an inflection at 0.
  const cps = [...s.criticalPoints].sort((a, b) => a.at[0] - b.at[0]);
  assert.equal(cps.length, 2, `two critical points: ${JSON.stringify(s.criticalPoints)}`);
  assert.ok(Math.abs(cps[0].at[0] + 1) < 1e-9 && cps[0].kind === 'max', `max at −1: ${JSON.stringify(cps[0])}`);
  assert.ok(Math.abs(cps[1].at[0] - 1) < 1e-9 && cps[1].kind === 'min', `min at 1: ${JSON.stringify(cps[1])}`);
  assertClose(cps[0].value, 2, 'f(−1)', 1e-9);
  assertClose(cps[1].value, -2, 'f(1)', 1e-9);
  assert.equal(s.inflectionPoints.length, 1, `one inflection point: ${JSON.stringify(s.inflectionPoints)}`);
  assert.ok(Math.abs(s.inflectionPoints[0]) < 1e-9, 'inflection at 0');

  // A click selects the x under the cursor.
  const px2 = cal.toPx(2, 0);
  s = await clickPlot(page, px2.x, cal.box.height * 0.5);
  assert.ok(Math.abs(s.point[0] - 2) <= 2 * Math.abs(cal.kx), `click at the pixel of x = 2 selects ${s.point[0]}`);
  assertClose(s.value, cubic(s.point[0]), 'f at the clicked x');
  assertClose(s.tangent.slope, dcubic(s.point[0]), 'tangent slope at the clicked x');

  // Keyboard: one arrow = 1 % of the view width (0.06), shift = 10 %.
  await page.evaluate(() => window.nabla.setPoint(0.5));
  await page.locator('canvas#plot').focus();
  await page.keyboard.press('ArrowRight');
  await nextFrames(page);
  s = await state(page);
  assertClose(s.point[0], 0.56, 'ArrowRight moves a by 0.06', 1e-12);
  assertClose(s.tangent.slope, dcubic(0.56), 'slope follows the keyboard');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await nextFrames(page);
  s = await state(page);
  assertClose(s.point[0], 0.44, 'two ArrowLeft move a by −0.12', 1e-12);
  await page.keyboard.press('Shift+ArrowRight');
  await nextFrames(page);
  s = await state(page);
  assertClose(s.point[0], 1.04, 'Shift+ArrowRight moves a by 0.6', 1e-12);
  const readouts = (await page.locator('#readouts').textContent()) ?? '';
  assert.ok(showsNumber(readouts, cubic(1.04)), `#readouts shows f(1.04) = ${cubic(1.04)}: "${readouts}"`);

  // Mouse drag: select a = 0 by clicking (snaps onto the inflection), then press on the drawn
  // point (0, f(0) = 0) and drag it to x = 2.5, then back to near x = 1.
  const origin = cal.toPx(0, 0);
  s = await clickPlot(page, origin.x, cal.box.height * 0.1);
  assert.ok(Math.abs(s.point[0]) < 1e-9, `a click near x = 0 snaps to the inflection point (got ${s.point[0]})`);
  await nextFrames(page);
  const viewBefore = s.view;
  const abs = (p) => ({ x: cal.box.x + p.x, y: cal.box.y + p.y });
  let at = abs(origin);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  const far = abs(cal.toPx(2.5, cubic(2.5)));
  await page.mouse.move(far.x, far.y, { steps: 8 });
  await nextFrames(page);
  s = await state(page);
  assertAllClose(s.view, viewBefore, 'dragging the point does not pan the view');
  assert.ok(Math.abs(s.point[0] - 2.5) <= 2 * Math.abs(cal.kx), `dragged to x ≈ 2.5 (got ${s.point[0]})`);
  assertClose(s.value, cubic(s.point[0]), 'f during the drag');
  assertClose(s.tangent.slope, dcubic(s.point[0]), 'tangent slope during the drag');
  // Three pixels right of x = 1: within the snap radius of the minimum.
  const near1 = abs(cal.toPx(1, -2));
  await page.mouse.move(near1.x + 3, near1.y, { steps: 8 });
  await page.mouse.up();
  await nextFrames(page);
  s = await state(page);
  assert.ok(Math.abs(s.point[0] - 1) < 1e-9, `the drag snaps exactly onto the minimum x = 1 (got ${s.point[0]})`);
  assert.ok(Math.abs(s.tangent.slope) < 1e-9, `the tangent is flat at the minimum (${s.tangent.slope})`);
  assertAllClose(s.view, viewBefore, 'view unchanged after the drag');
  const text = (await page.locator('#readouts').textContent()) ?? '';
  assert.match(text, /critical/i, `#readouts says f′ = 0 here: "${text}"`);
  await shot(page.locator('canvas#plot'), 'graph-cubic-dragged');
  await shot(page.locator('#readouts'), 'graph-cubic-readouts');
});
