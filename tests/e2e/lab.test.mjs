// Issue 6, the descent lab: a person clicks to start a run, watches it, steps it back and forth,
// tries the presets (a race, a too-large η, ascent), shares a link and fits a regression line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { e2eTest, typeExpr, state, nextFrames, canvasStats, assertClose, assertAllClose, parseHash, waitForNabla } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
async function shot(locator, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await locator.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

const STATUSES = ['running', 'converged', 'diverged', 'max-steps'];
const rosenbrock = ([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
const last = (a) => a[a.length - 1];

async function assertChartDrawn(page, sel) {
  const loc = page.locator(sel);
  assert.equal(await loc.count(), 1, `${sel} exists`);
  assert.ok(await loc.isVisible(), `${sel} is visible`);
  const px = await canvasStats(page, sel);
  assert.ok(px.width > 50 && px.height > 50 && px.distinct >= 4 && px.nonDominant > 0.01, `${sel} is drawn (${JSON.stringify(px)})`);
  return loc;
}

e2eTest('click-to-start on x^2 + y^2: the run animates, the loss falls, step back and forward, play', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^2 + y^2');
  await page.evaluate(() => window.nabla.setView(-3, 3, -3, 3));
  await page.locator('#click-start').check();
  const canvas = page.locator('canvas#plot');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.7, y: box.height * 0.3 } });
  await page.waitForFunction(() => (window.nabla.state().descent || []).length > 0);
  let s = await state(page);
  assert.equal(s.descent.length, 1, 'one run (gradient descent is the default)');
  const run = s.descent[0];
  assert.equal(run.optimizer, 'gd');
  assert.ok(run.lr > 0, `lr ${run.lr}`);
  assertAllClose(run.path[0], s.point.slice(0, 2), 'the run starts at the clicked point');
  assert.ok(s.point[0] > 0 && s.point[1] > 0, `clicked right of and above the centre: ${s.point}`);
  assert.ok(STATUSES.includes(run.status), `status ${run.status}`);
  assert.ok(['converged', 'max-steps'].includes(run.status), `a bowl does not diverge at η = ${run.lr}: ${run.status}`);
  // Plain descent on x^2 + y^2 multiplies θ by (1 − 2η) each step.
  for (let k = 0; k < 5; k++) assertAllClose(run.path[k + 1], run.path[k].map((v) => v * (1 - 2 * run.lr)), `θ_${k + 1}`, 1e-12);
  run.losses.forEach((l, k) => assertClose(l, run.path[k][0] ** 2 + run.path[k][1] ** 2, `loss ${k}`, 1e-12));
  for (let k = 1; k < run.losses.length; k++) assert.ok(run.losses[k] <= run.losses[k - 1], `loss falls at step ${k}`);
  assert.equal(run.losses.length, run.path.length);

  // The animation runs by itself.
  await page.waitForFunction(() => window.nabla.state().descentFrame >= 10);
  const status = (await page.locator('#lab-status').textContent()) ?? '';
  assert.match(status, new RegExp(run.status), `#lab-status shows the status: "${status}"`);
  const losses = await assertChartDrawn(page, '#lab-charts canvas[data-panel=losses]');

  // Step back and forward (both pause the animation).
  await page.locator('#step-back').click();
  await nextFrames(page);
  const f0 = (await state(page)).descentFrame;
  await page.locator('#step-forward').click();
  await nextFrames(page);
  assert.equal((await state(page)).descentFrame, f0 + 1, '#step-forward: frame + 1');
  await page.locator('#step-back').click();
  await nextFrames(page);
  assert.equal((await state(page)).descentFrame, f0, '#step-back: frame − 1');
  await page.waitForTimeout(200);
  assert.equal((await state(page)).descentFrame, f0, 'stepping paused the animation');
  const table = (await page.locator('#lab-table').textContent()) ?? '';
  assert.ok(table.includes(String(f0)), `#lab-table shows iteration ${f0}: "${table.slice(0, 200)}"`);

  await page.locator('#play').click();
  await page.waitForFunction((f) => window.nabla.state().descentFrame > f + 3, f0);
  await page.locator('#play').click(); // pause
  await shot(canvas, 'lab-click-start');
  await shot(losses, 'lab-losses');
});

e2eTest('presets: the Rosenbrock race runs 5 optimizers; "η too large" diverges with a reason; ascent climbs', async ({ page, openPage }) => {
  await openPage();
  await page.locator('#lab button', { hasText: 'Rosenbrock race' }).click();
  await page.waitForFunction(() => (window.nabla.state().descent || []).length === 5);
  let s = await state(page);
  assert.equal(s.normalized.replace(/\s+/g, ''), '(1-x)^2+100*(y-x^2)^2');
  assert.deepEqual(s.descent.map((r) => r.optimizer).sort(), ['adam', 'gd', 'momentum', 'nesterov', 'rmsprop']);
  for (const r of s.descent) {
    assertAllClose(r.path[0], [-1.5, 2], `${r.optimizer} starts at (−1.5, 2)`);
    assertClose(r.losses[0], rosenbrock([-1.5, 2]), `${r.optimizer} loss at the start`);
    assertClose(last(r.losses), rosenbrock(last(r.path)), `${r.optimizer} final loss = f(final θ)`, 1e-9);
    assert.ok(STATUSES.includes(r.status), `${r.optimizer}: ${r.status}`);
    assert.ok(last(r.losses) < r.losses[0], `${r.optimizer} lowers the loss (${r.losses[0]} → ${last(r.losses)})`);
  }
  await assertChartDrawn(page, '#lab-charts canvas[data-panel=losses]');
  await page.locator('#play').click(); // pause the race for a still picture
  await shot(page.locator('#lab'), 'lab-rosenbrock-race');

  await page.locator('#lab button', { hasText: 'η too large' }).click();
  await page.waitForFunction(() => {
    const d = window.nabla.state().descent || [];
    return d.length === 1 && d[0].status === 'diverged';
  });
  s = await state(page);
  const gd = s.descent[0];
  assert.equal(gd.optimizer, 'gd');
  assert.equal(gd.status, 'diverged');
  assert.match(gd.message ?? '', /learning rate is too large/, `message: ${gd.message}`);
  const status = (await page.locator('#lab-status').textContent()) ?? '';
  assert.match(status, /diverged/);
  assert.match(status, /learning rate is too large/);
  await shot(page.locator('#lab'), 'lab-eta-too-large');

  // Mistake 5: θ + η∇f climbs.
  await typeExpr(page, 'x^2 + y^2');
  await page.evaluate(() => window.nabla.setPoint(1, -0.5));
  await page.locator('#ascent').check();
  await page.locator('#descend').click();
  await page.waitForFunction(() => (window.nabla.state().descent || []).some((r) => r.path.length > 2 && Math.abs(r.path[0][0] - 1) < 1e-12));
  s = await state(page);
  const up = s.descent[0];
  assertAllClose(up.path[0], [1, -0.5], 'ascent starts at the point');
  for (let k = 1; k < Math.min(up.losses.length, 50); k++) assert.ok(up.losses[k] > up.losses[k - 1], `ascent: the loss increases at step ${k}`);
  assertAllClose(up.path[1], [1, -0.5].map((v) => v * (1 + 2 * up.lr)), 'θ + η∇f', 1e-12);
});

e2eTest('runDescent with opt as a string; the share link keeps start, lr, steps, opt and reproduces the runs', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, '(1 - x)^2 + 100(y - x^2)^2');
  const runs = await page.evaluate(() => window.nabla.runDescent({ start: [-1.5, 2], lr: 0.001, steps: 300, opt: 'gd,adam' }));
  assert.deepEqual(runs.map((r) => r.optimizer), ['gd', 'adam']);
  for (const r of runs) {
    assertClose(r.lr, 0.001, `${r.optimizer} lr`);
    assert.ok(r.path.length >= 2 && r.path.length <= 301, `${r.optimizer} path length ${r.path.length}`);
    assertAllClose(r.path[0], [-1.5, 2], 'start');
  }
  // One gradient step by hand: ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)).
  const [x, y] = [-1.5, 2];
  const g = [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
  assertAllClose(runs[0].path[1], [x - 0.001 * g[0], y - 0.001 * g[1]], 'first gd step', 1e-12);

  await page.waitForFunction(() => {
    const kv = new URLSearchParams(location.hash.slice(1));
    return kv.has('start') && kv.has('opt');
  });
  const hash = await page.evaluate(() => location.hash);
  const kv = parseHash(hash);
  assert.deepEqual(kv.start.split(',').map(Number), [-1.5, 2], `start in ${hash}`);
  assertClose(Number(kv.lr), 0.001, `lr in ${hash}`);
  assert.equal(Number(kv.steps), 300, `steps in ${hash}`);
  assert.equal(kv.opt, 'gd,adam', `opt in ${hash}`);

  await page.reload();
  await waitForNabla(page);
  await page.waitForFunction(() => (window.nabla.state().descent || []).length === 2);
  const again = (await state(page)).descent;
  assert.deepEqual(again.map((r) => r.optimizer), ['gd', 'adam']);
  again.forEach((r, i) => {
    assert.equal(r.path.length, runs[i].path.length, `${r.optimizer}: same number of iterates`);
    assert.equal(r.status, runs[i].status, `${r.optimizer}: same status`);
    assert.equal(last(r.losses), last(runs[i].losses), `${r.optimizer}: the same final loss after reload`);
  });
});

e2eTest('linear regression: 8 points, a click adds one, descent ends at the closed-form fit', async ({ page, openPage }) => {
  await openPage();
  await page.locator('#regression').click();
  await page.waitForFunction(() => !!window.nabla.state().regression);
  let s = await state(page);
  assert.equal(s.regression.points.length, 8, `8 data points: ${JSON.stringify(s.regression.points)}`);
  assert.deepEqual(s.vars.length, 2);
  const chart = await assertChartDrawn(page, '#lab-charts canvas[data-panel=regression]');
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  let added = false;
  for (const [fx, fy] of [[0.5, 0.12], [0.35, 0.2], [0.65, 0.15], [0.85, 0.9]]) {
    await chart.click({ position: { x: box.width * fx, y: box.height * fy } });
    await nextFrames(page);
    if ((await state(page)).regression.points.length === 9) { added = true; break; }
  }
  assert.ok(added, 'a click on empty space of the regression chart adds a point');
  s = await state(page);
  assert.equal(s.regression.points.length, 9);
  // The closed form, computed here: least squares y = a x + b (in the order the core names them).
  const pts = s.regression.points;
  const n = pts.length;
  const mx = pts.reduce((t, p) => t + p[0], 0) / n;
  const my = pts.reduce((t, p) => t + p[1], 0) / n;
  const a = pts.reduce((t, p) => t + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((t, p) => t + (p[0] - mx) ** 2, 0);
  const b = my - a * mx;
  assert.ok(s.regression.fit, 'state().regression.fit is set');
  const fit = s.regression.fit;
  assert.ok(
    (Math.abs(fit[0] - a) < 1e-9 && Math.abs(fit[1] - b) < 1e-9) || (Math.abs(fit[0] - b) < 1e-9 && Math.abs(fit[1] - a) < 1e-9),
    `fit ${fit} is the least-squares line (a = ${a}, b = ${b})`,
  );

  const runs = await page.evaluate(() => window.nabla.runDescent({ start: [0, 0], lr: 0.02, steps: 4000, opt: 'gd' }));
  const end = last(runs[0].path);
  assert.ok(Math.hypot(end[0] - fit[0], end[1] - fit[1]) < 1e-4, `descent ends at ${end}, the fit is ${fit}`);
  await nextFrames(page);
  await shot(chart, 'lab-regression');
});

e2eTest('runDescent’s Promise resolves to its own call’s runs, even when another call follows in the same task', async ({ page, openPage }) => {
  await openPage('f=x%5E2%2By%5E2');
  const [first, second, now] = await page.evaluate(async () => {
    const a = window.nabla.runDescent({ start: [1, 1], lr: 0.1, steps: 5, opt: ['gd'] });
    const b = window.nabla.runDescent({ start: [-1, 2], lr: 0.1, steps: 7, opt: ['adam', 'momentum'] });
    const brief = (runs) => runs.map((r) => [r.optimizer, r.path[0], r.path.length]);
    return [brief(await a), brief(await b), brief(window.nabla.state().descent)];
  });
  assert.deepEqual(first, [['gd', [1, 1], 6]]);
  assert.deepEqual(second, [['adam', [-1, 2], 8], ['momentum', [-1, 2], 8]]);
  assert.deepEqual(now, second);
});

e2eTest('runDescent’s Promise keeps its own runs when a lesson or the clear button replaces them in the same task', async ({ page, openPage }) => {
  await openPage('f=x%5E2%2By%5E2');
  const [lesson, cleared, after] = await page.evaluate(async () => {
    const brief = (runs) => runs.map((r) => [r.optimizer, r.path[0], r.path.length]);
    const run = () => window.nabla.runDescent({ start: [1, 1], lr: 0.1, steps: 5, opt: ['gd'] });
    let runs = run();
    window.nabla.startLesson(window.nabla.lessons()[0].id);
    const inLesson = brief(await runs);
    window.nabla.endLesson();
    runs = run();
    document.getElementById('clear-descent').click();
    return [inLesson, brief(await runs), brief(window.nabla.state().descent)];
  });
  assert.deepEqual(lesson, [['gd', [1, 1], 6]]);
  assert.deepEqual(cleared, [['gd', [1, 1], 6]]);
  assert.deepEqual(after, []);
});
