// Issue 5, two variables: a person clicks and drags the point and the direction arrow, and the
// numbers in state() agree with gradients, directional derivatives and critical points computed here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { e2eTest, typeExpr, state, nextFrames, canvasStats, assertClose, assertAllClose, showsNumber } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
async function shot(locator, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await locator.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

const DEG = Math.PI / 180;
const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);

/** Clicks canvas#plot at CSS pixel (x, y) of the canvas; returns state() once the point moved. */
async function clickPlot(page, x, y) {
  const before = (await state(page)).point;
  await page.locator('canvas#plot').click({ position: { x, y } });
  await page.waitForFunction((b) => JSON.stringify(window.nabla.state().point) !== JSON.stringify(b), before, { timeout: 2000 }).catch(() => {});
  await nextFrames(page);
  return state(page);
}

/** World ↔ pixel mapping of the map, from two clicks at known pixels (the point is parked outside first). */
async function calibrate(page) {
  const canvas = page.locator('canvas#plot');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const keep = await state(page);
  await page.evaluate(() => window.nabla.setPoint(1e6, 1e6));
  const [a, b] = [[box.width * 0.3, box.height * 0.3], [box.width * 0.7, box.height * 0.7]];
  const sa = await clickPlot(page, ...a);
  const sb = await clickPlot(page, ...b);
  const kx = (sb.point[0] - sa.point[0]) / (b[0] - a[0]);
  const ky = (sb.point[1] - sa.point[1]) / (b[1] - a[1]);
  const x0 = sa.point[0] - kx * a[0];
  const y0 = sa.point[1] - ky * a[1];
  await page.evaluate((p) => window.nabla.setPoint(...p), keep.point);
  return {
    box,
    kx,
    ky,
    toPx: (x, y) => ({ x: (x - x0) / kx, y: (y - y0) / ky }),
    abs: (p) => ({ x: box.x + p.x, y: box.y + p.y }),
  };
}

/**
 * Finds the head of the drawn direction arrow u by looking at the picture: walking from the point
 * along the arrow's screen angle, the farthest pixel in the arrow's cyan.
 */
function arrowTip(page, from, degrees) {
  return page.evaluate(({ from, degrees }) => {
    const src = document.querySelector('canvas#plot');
    const copy = document.createElement('canvas');
    copy.width = src.width;
    copy.height = src.height;
    const c2 = copy.getContext('2d');
    c2.drawImage(src, 0, 0);
    const data = c2.getImageData(0, 0, copy.width, copy.height).data;
    const scale = src.width / src.getBoundingClientRect().width;
    const cyan = (x, y) => {
      const i = (Math.round(y * scale) * copy.width + Math.round(x * scale)) * 4;
      return data[i] < 60 && Math.abs(data[i + 1] - 200) < 45 && data[i + 2] > 210;
    };
    const t = (degrees * Math.PI) / 180;
    const [ux, uy] = [Math.cos(t), -Math.sin(t)];
    let best = null;
    for (let d = 4; d < 800; d += 1) {
      for (let off = -2; off <= 2; off++) {
        const x = from.x + d * ux - off * uy;
        const y = from.y + d * uy + off * ux;
        if (x >= 0 && y >= 0 && x < src.width / scale && y < src.height / scale && cyan(x, y)) best = d;
      }
    }
    return best === null ? null : { d: best, x: from.x + best * ux, y: from.y + best * uy };
  }, { from, degrees });
}

e2eTest('x^2 + y^2: drag the point to (1, 2) and the arrow u; at 45° the course numbers', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^2 + y^2');
  await page.evaluate(() => window.nabla.setView(-3, 3, -3, 3));
  await nextFrames(page);
  const cal = await calibrate(page);
  assert.ok(Math.abs(Math.abs(cal.kx) - Math.abs(cal.ky)) < 1e-3 * Math.abs(cal.kx), `the map keeps one unit the same on both axes (${cal.kx}, ${cal.ky})`);
  const px = Math.abs(cal.kx); // world units per CSS pixel

  // Click at (0, 0), then drag the point from there to (1, 2).
  const o = cal.toPx(0, 0);
  let s = await clickPlot(page, o.x, o.y);
  assert.ok(Math.hypot(...s.point) <= 2 * px, `click selects ≈ (0, 0): ${s.point}`);
  const viewBefore = s.view;
  let at = cal.abs(cal.toPx(...s.point));
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  at = cal.abs(cal.toPx(1, 2));
  await page.mouse.move(at.x, at.y, { steps: 10 });
  await page.mouse.up();
  await nextFrames(page);
  s = await state(page);
  assertAllClose(s.view, viewBefore, 'dragging the point does not pan');
  assert.ok(Math.hypot(s.point[0] - 1, s.point[1] - 2) <= 2 * px, `dragged to ≈ (1, 2): ${s.point}`);
  const [x, y] = s.point;
  assertClose(s.value, x * x + y * y, 'f at the dragged point');
  assertAllClose(s.gradient, [2 * x, 2 * y], 'gradient at the dragged point');

  // The arrow u: set 45° with the slider, find its head in the picture, drag it straight up.
  await page.locator('#u-slider').fill('45');
  await nextFrames(page);
  s = await state(page);
  assertClose(s.directionDegrees, 45, '#u-slider sets directionDegrees');
  const p = cal.toPx(...s.point);
  const tip = await arrowTip(page, p, 45);
  assert.ok(tip && tip.d > 20, `the direction arrow is drawn at 45° (tip ${JSON.stringify(tip)})`);
  const grab = { x: p.x + (tip.d - 4) * Math.SQRT1_2, y: p.y - (tip.d - 4) * Math.SQRT1_2 };
  await page.mouse.move(cal.abs(grab).x, cal.abs(grab).y);
  await page.mouse.down();
  const up = cal.abs({ x: p.x, y: p.y - tip.d });
  await page.mouse.move(up.x, up.y, { steps: 10 });
  await page.mouse.up();
  await nextFrames(page);
  s = await state(page);
  assertAllClose(s.point, [x, y], 'dragging the arrow keeps the point');
  assertAllClose(s.view, viewBefore, 'dragging the arrow does not pan');
  assert.ok(Math.abs(s.directionDegrees - 90) < 1.5, `the arrow now points up: ${s.directionDegrees}°`);
  const u = [Math.cos(s.directionDegrees * DEG), Math.sin(s.directionDegrees * DEG)];
  assertAllClose(s.direction, u, 'direction is the unit vector at directionDegrees');
  assertClose(s.directionalDerivative, dot(s.gradient, u), 'D_u f = ∇f·u after the drag');
  await shot(page.locator('canvas#plot'), 'map-dragged-arrow');

  // The course's numbers exactly: (1, 2), u at 45°.
  await page.evaluate(() => { window.nabla.setPoint(1, 2); window.nabla.setDirection(45); });
  s = await state(page);
  assertAllClose(s.gradient, [2, 4], 'gradient at (1, 2)');
  assertClose(s.gradientNorm, Math.sqrt(20), '‖∇f‖ = √20');
  assertClose(s.directionalDerivative, 3 * Math.SQRT2, 'D_u f = 3√2');
  assert.deepEqual(s.partials, ['2*x', '2*y']);
  const readouts = (await page.locator('#readouts').textContent()) ?? '';
  for (const v of [Math.sqrt(20), 3 * Math.SQRT2]) assert.ok(showsNumber(readouts, v), `#readouts shows ${v}: "${readouts}"`);
  assert.ok(s.gradientCheck.relativeError < 1e-6, `gradient check ${s.gradientCheck.relativeError}`);
  assertAllClose(s.gradientCheck.numeric, [2, 4], 'central differences', 1e-6);
});

e2eTest('symbolic partials of the course examples; D_u f at φ, φ + 90°, φ + 180°; #u-slider', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^2y + 3xy^2 + y^3');
  let s = await state(page);
  assert.deepEqual(s.partials, ['2*x*y + 3*y^2', 'x^2 + 6*x*y + 3*y^2']);
  await page.evaluate(() => window.nabla.setPoint(1, 2));
  s = await state(page);
  assertAllClose(s.gradient, [2 * 1 * 2 + 3 * 4, 1 + 6 * 2 + 3 * 4], 'gradient at (1, 2)');

  await typeExpr(page, 'x^2y + sin(xy)');
  await page.evaluate(() => window.nabla.setPoint(1, 2));
  s = await state(page);
  assert.deepEqual(s.partials, ['2*x*y + y*cos(x*y)', 'x^2 + x*cos(x*y)']);
  const g = [4 + 2 * Math.cos(2), 1 + Math.cos(2)];
  assertAllClose(s.gradient, g, 'gradient');
  assert.ok(s.gradientCheck.relativeError < 1e-6, `gradientCheck.relativeError = ${s.gradientCheck.relativeError}`);
  assertAllClose(s.gradientCheck.numeric, g, 'numeric gradient', 1e-6);
  // The Hessian, by hand.
  const [x, y] = [1, 2];
  const fxy = 2 * x + Math.cos(x * y) - x * y * Math.sin(x * y);
  assertAllClose(s.hessian[0], [2 * y - y * y * Math.sin(x * y), fxy], 'hessian row 0');
  assertAllClose(s.hessian[1], [fxy, -x * x * Math.sin(x * y)], 'hessian row 1');

  const norm = Math.hypot(...g);
  const phi = Math.atan2(g[1], g[0]) / DEG;
  for (const [offset, expected] of [[0, norm], [90, 0], [180, -norm], [270, 0]]) {
    await page.evaluate((d) => window.nabla.setDirection(d), phi + offset);
    s = await state(page);
    assert.ok(Math.abs(s.directionalDerivative - expected) < 1e-9 * norm, `D_u f at φ + ${offset}° = ${s.directionalDerivative}, expected ${expected}`);
  }

  // The slider, like a person.
  for (const deg of [0, 90, 200]) {
    await page.locator('#u-slider').fill(String(deg));
    await nextFrames(page);
    s = await state(page);
    assertClose(s.directionDegrees, deg, `#u-slider ${deg}`);
    const u = [Math.cos(deg * DEG), Math.sin(deg * DEG)];
    assertAllClose(s.direction, u, `u at ${deg}°`, 1e-12);
    assertClose(s.directionalDerivative, dot(g, u), `D_u f at ${deg}°`, 1e-9);
  }
});

e2eTest('critical points: one saddle of x^2 − y^2; the four minima of Himmelblau', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^2 - y^2');
  let s = await state(page);
  assert.equal(s.criticalPoints.length, 1, JSON.stringify(s.criticalPoints));
  assert.equal(s.criticalPoints[0].kind, 'saddle');
  assertAllClose(s.criticalPoints[0].at, [0, 0], 'saddle at the origin');

  await typeExpr(page, '(x^2 + y - 11)^2 + (x + y^2 - 7)^2');
  await page.evaluate(() => window.nabla.setView(-5, 5, -5, 5));
  await nextFrames(page);
  s = await state(page);
  const minima = s.criticalPoints.filter((c) => c.kind === 'min');
  assert.equal(minima.length, 4, `four minima: ${JSON.stringify(s.criticalPoints)}`);
  const expected = [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]];
  for (const e of expected) {
    const m = minima.find((c) => Math.hypot(c.at[0] - e[0], c.at[1] - e[1]) < 1e-4);
    assert.ok(m, `a minimum at (${e}) within 1e-4: ${JSON.stringify(minima)}`);
    assert.ok(Math.abs(m.value) < 1e-6, `f = 0 at the minimum (${m.value})`);
  }
  const readouts = (await page.locator('#readouts').textContent()) ?? '';
  assert.match(readouts, /minimum at/, '#readouts lists the minima');
  await shot(page.locator('canvas#plot'), 'map-himmelblau');
});

e2eTest('three variables: the #var-z slider moves the slice; the small charts are drawn', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^2yz + sin(xz) + e^y');
  let s = await state(page);
  assert.deepEqual(s.vars, ['x', 'y', 'z']);
  const f = ([x, y, z]) => x * x * y * z + Math.sin(x * z) + Math.exp(y);
  const grad = ([x, y, z]) => [2 * x * y * z + z * Math.cos(x * z), x * x * z + Math.exp(y), x * x * y + x * Math.cos(x * z)];
  const z = page.locator('#var-z');
  assert.equal(await z.count(), 1, 'a #var-z slider is shown');
  await z.fill('0');
  await nextFrames(page);
  const before = await canvasStats(page);
  await z.fill('1.5');
  await nextFrames(page);
  s = await state(page);
  assertClose(s.point[2], 1.5, 'point[2] follows #var-z');
  assertClose(s.value, f(s.point), 'f at the point');
  assertAllClose(s.gradient, grad(s.point), 'gradient in three variables');
  const after = await canvasStats(page);
  assert.notEqual(after.hash, before.hash, 'the map shows another slice');
  await shot(page.locator('canvas#plot'), 'map-three-variables');

  // The linked charts, x^2 + y^2 at (1, 2): each drawn, each screenshotted.
  await typeExpr(page, 'x^2 + y^2');
  await page.evaluate(() => { window.nabla.setPoint(1, 2); window.nabla.setDirection(45); });
  await nextFrames(page);
  for (const panel of ['slice-x', 'slice-y', 'directional', 'line']) {
    const sel = `#charts canvas[data-panel=${panel}]`;
    const loc = page.locator(sel);
    assert.equal(await loc.count(), 1, `${sel} exists`);
    assert.ok(await loc.isVisible(), `${sel} is visible`);
    const px = await canvasStats(page, sel);
    assert.ok(px.width > 50 && px.height > 50 && px.distinct >= 4 && px.nonDominant > 0.01, `${sel} is drawn (${JSON.stringify(px)})`);
    await shot(loc, `map-chart-${panel}`);
  }
});
