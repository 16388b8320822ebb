// The 3D surface and the local models, driven as a person does: drag to rotate, arrow keys,
// the wheel; drag the point in the split layout (on the map and on the surface) and both views
// follow; the Taylor polynomial and the quadratic model in state() and on the page; the link.
import assert from 'node:assert/strict';
import { e2eTest, state, canvasStats, parseHash, assertAllClose } from './helpers.mjs';

/** A hash of the canvas's pixels in a rectangle (CSS fractions of the canvas). */
const regionHash = (page, [x0, y0, x1, y1]) => page.evaluate(([x0, y0, x1, y1]) => {
  const c = document.querySelector('#plot');
  const ctx = c.getContext('2d');
  const [w, h] = [c.width, c.height];
  const data = ctx.getImageData(Math.round(x0 * w), Math.round(y0 * h), Math.max(1, Math.round((x1 - x0) * w)), Math.max(1, Math.round((y1 - y0) * h))).data;
  let hash = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ data[i], 0x01000193);
  return (hash >>> 0).toString(16);
}, [x0, y0, x1, y1]);

const frames = (page, n = 2) => page.evaluate((k) => new Promise((resolve) => {
  const step = () => (k-- > 0 ? requestAnimationFrame(step) : resolve());
  step();
}), n);

e2eTest('dragging on the surface rotates it; keys and the wheel turn and zoom it; the link keeps the camera', async ({ page, openPage }) => {
  await openPage('f=x%5E2%2By%5E2&p=1,2&layout=3d');
  let s = await state(page);
  assert.equal(s.layout, '3d');
  assert.deepEqual(s.camera, [-60, 30]);
  const stats = await canvasStats(page);
  assert.ok(stats.distinct > 500, `a shaded surface has many colours: ${stats.distinct}`);
  const before = await regionHash(page, [0, 0, 1, 1]);
  const box = await page.locator('#plot').boundingBox();
  // Press away from the point (low on the plot, on the floor) and drag right and down.
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.85);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) {
    await page.mouse.move(box.x + box.width * 0.2 + 10 * k, box.y + box.height * 0.85 + 2 * k);
    await frames(page, 1);
  }
  await page.mouse.up();
  await frames(page);
  s = await state(page);
  // 100 CSS pixels right turn the camera 40° (0.4° a pixel) the other way; 20 down raise it 8°.
  assertAllClose(s.camera, [-100, 38], 'camera after the drag', 1e-9);
  assert.deepEqual(s.point, [1, 2], 'a rotation leaves the point alone');
  assert.deepEqual(s.view, [-3, 3, -3, 3], 'and the view');
  assert.notEqual(await regionHash(page, [0, 0, 1, 1]), before, 'the picture turned');
  // Arrow keys turn it by 5°.
  await page.locator('#plot').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  s = await state(page);
  assertAllClose(s.camera, [-105, 33], 'camera after the keys', 1e-9);
  // The wheel zooms the surface, not the view.
  const zoomedBefore = await regionHash(page, [0, 0, 1, 1]);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await frames(page);
  s = await state(page);
  assert.deepEqual(s.view, [-3, 3, -3, 3]);
  assert.notEqual(await regionHash(page, [0, 0, 1, 1]), zoomedBefore);
  await page.waitForTimeout(400);
  const hash = parseHash(await page.evaluate(() => location.hash));
  assert.equal(hash.layout, '3d');
  assert.equal(hash.cam, '-105,33');
  // setCamera, and a bad camera is refused without throwing.
  await page.evaluate(() => window.nabla.setCamera(30, 60));
  assert.deepEqual((await state(page)).camera, [30, 60]);
  await page.evaluate(() => window.nabla.setCamera('north', {}));
  assert.deepEqual((await state(page)).camera, [30, 60]);
});

e2eTest('in split, dragging the point on the map moves it on the surface too, and dragging it on the surface moves it on the map', async ({ page, openPage }) => {
  await openPage('f=x%5E2y%20%2B%20sin(xy)&p=0,0&view=-3,3,-3,3&layout=split');
  let s = await state(page);
  assert.equal(s.layout, 'split');
  assert.ok(s.surfacePoint, 'the point is on the surface');
  const box = await page.locator('#plot').boundingBox();
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  const surfaceHalf = [0.5, 0, 1, 1];
  const surfaceBefore = await regionHash(page, surfaceHalf);
  const startOnSurface = s.surfacePoint;
  // The map is the left half: click on it, then drag the point from there.
  const mapX = box.x + box.width * 0.25;
  const mapY = box.y + box.height * 0.5;
  await page.mouse.click(mapX, mapY);
  await frames(page);
  const picked = (await state(page)).point;
  await page.mouse.move(mapX, mapY);
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) {
    await page.mouse.move(mapX + 5 * k, mapY - 5 * k);
    await frames(page, 1);
  }
  await page.mouse.up();
  await frames(page);
  s = await state(page);
  assert.ok(s.point[0] > picked[0] && s.point[1] > picked[1], `the point followed the drag on the map: ${picked} → ${s.point}`);
  assert.deepEqual(s.view, [-3, 3, -3, 3], 'the drag moved the point, not the view');
  assert.notDeepEqual(s.surfacePoint, startOnSurface, 'the point moved on the surface');
  assert.notEqual(await regionHash(page, surfaceHalf), surfaceBefore, 'the surface was redrawn with it');
  // Now drag the point on the surface: it moves on the map (the map half's pixels change).
  const onSurface = s.surfacePoint;
  const mapBefore = await regionHash(page, [0, 0, 0.5, 1]);
  const pointBefore = s.point;
  const [sx, sy] = [box.x + onSurface[0] / dpr, box.y + onSurface[1] / dpr];
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) {
    await page.mouse.move(sx - 4 * k, sy + 2 * k);
    await frames(page, 1);
  }
  await page.mouse.up();
  await frames(page);
  s = await state(page);
  assert.notDeepEqual(s.point, pointBefore, 'dragging on the surface moved the point');
  assert.deepEqual(s.camera, [-60, 30], 'dragging the point does not rotate');
  assert.notEqual(await regionHash(page, [0, 0, 0.5, 1]), mapBefore, 'the map follows');
  // Where the point went, the surface has it: its value is f there.
  const f = (x, y) => x * x * y + Math.sin(x * y);
  assert.ok(Math.abs(s.value - f(s.point[0], s.point[1])) < 1e-9);
});

e2eTest('the Taylor polynomial of e^x: exact coefficients, the formula, the interval, drawn over f', async ({ page, openPage }) => {
  await openPage('f=e%5Ex&p=0&view=-3,3,-2,8');
  let s = await state(page);
  assert.equal(s.taylor, null, 'hidden by default');
  assert.equal(s.layout, null, 'one variable has no layout');
  const before = await regionHash(page, [0, 0, 1, 1]);
  // The learner types the order into the field.
  await page.locator('#taylor-order').fill('3');
  await frames(page);
  s = await state(page);
  assert.equal(s.taylor.order, 3);
  assertAllClose(s.taylor.coefficients, [1, 1, 1 / 2, 1 / 6], 'coefficients');
  assert.equal(s.taylor.formula, 'T3(x) = 1 + x + 1/2*x^2 + 1/6*x^3');
  assert.ok(s.taylor.interval[0] < -0.3 && s.taylor.interval[1] > 0.3);
  const text = await page.locator('#local').innerText();
  assert.ok(text.includes('1/6*x^3'), text);
  assert.notEqual(await regionHash(page, [0, 0, 1, 1]), before, 'Tₙ is drawn');
  // The error chart |f − T₃| is shown beside the limit lab's.
  assert.equal(await page.locator('canvas[data-panel="taylor-error"]').isVisible(), true);
  await page.evaluate(() => window.nabla.setTaylor(10));
  s = await state(page);
  assert.equal(s.taylor.coefficients.length, 11);
  await page.waitForTimeout(400);
  assert.equal(parseHash(await page.evaluate(() => location.hash)).taylor, '10');
  await page.evaluate(() => window.nabla.setTaylor(0));
  assert.equal((await state(page)).taylor, null);
  assert.equal(await page.locator('canvas[data-panel="taylor-error"]').isVisible(), false, 'no chart without Tₙ');
});

e2eTest('the quadratic model of x^2 + 10y^2 at (1, 2): eigenvalues 2 and 20, Newton step (−1, −2), drawn on the map and the surface', async ({ page, openPage }) => {
  await openPage('f=x%5E2%20%2B%2010y%5E2&p=1,2&taylor=2');
  let s = await state(page);
  assert.deepEqual(s.taylor.hessianEigen.values, [2, 20]);
  assert.deepEqual(s.taylor.newtonStep, [-1, -2]);
  assert.equal(s.taylor.conditionNumber, 10);
  const text = await page.locator('#local').innerText();
  assert.ok(text.includes('λ₂ = 20') && text.includes('(-1, -2)'), text);
  // The three layouts from the section's buttons.
  for (const layout of ['3d', 'split', '2d']) {
    await page.locator(`#local button.layout[data-layout="${layout}"]`).click();
    s = await state(page);
    assert.equal(s.layout, layout);
  }
  // A singular Hessian has no Newton step.
  await page.evaluate(() => { window.nabla.setExpression('x^2 + y'); window.nabla.setLayout('3d'); });
  s = await state(page);
  assert.equal(s.taylor.newtonStep, null);
  assert.ok((await page.locator('#local').innerText()).includes('undefined (H is singular)'));
  // Bad input never throws.
  await page.evaluate(() => { window.nabla.setLayout('4d'); window.nabla.setLayout({}); window.nabla.setTaylor('many'); window.nabla.setTaylor(-1); });
  s = await state(page);
  assert.equal(s.layout, '3d');
  assert.equal(s.taylor.order, 2);
});
