// Work left for later (issue 19): an expensive function's critical points are searched a slice
// at a time between frames; state() says what is pending and whenIdle() resolves when it is done.
import assert from 'node:assert/strict';
import { e2eTest, openNabla, state, typeExpr } from './helpers.mjs';

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
  assert.ok(first.pending.includes('criticalPoints'), JSON.stringify(first.pending));
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

/** sin(x·y·sin(x·y·…)) nested 40 deep: a map of it is past one frame's work. */
const DEEP = Array.from({ length: 40 }).reduce((acc) => `sin(x y ${acc})`, '1');

e2eTest('a map past one frame’s work is drawn coarse first, then completed between frames', async ({ page, openPage }) => {
  await openPage();
  const first = await page.evaluate((t) => {
    window.nabla.setExpression(t);
    return window.nabla.state();
  }, DEEP);
  assert.equal(first.error, null);
  assert.ok(first.pending.includes('map'), JSON.stringify(first.pending));
  // Its partials are too long to typeset: the readout shows their text, folded.
  assert.ok(first.partials[0].length > 600 && first.partialsMathml[0] === null);
  const folded = page.locator('#readouts details.long-formula summary').first();
  assert.match(await folded.textContent(), /characters\)$/);
  const done = await page.evaluate(() => window.nabla.whenIdle().then(() => window.nabla.state()));
  assert.deepEqual(done.pending, []);
  assert.ok(Number.isFinite(done.colorRange[0]) && done.colorRange[0] < done.colorRange[1]);
  // It varies faster than the grid: its level curves are thinned to evenly spaced ones, and
  // the page says so; a smooth function gets all of them back and the note goes.
  const c = done.levelCurves;
  assert.ok(c.drawn >= 1 && c.drawn < c.of && c.of >= 8, JSON.stringify(c));
  assert.match(await page.locator('#levels-note').textContent(), new RegExp(`^${c.drawn} of ${c.of} level curves drawn`));
  assert.equal(await page.locator('#levels-note').isVisible(), true);
  // Typing goes on while it refines: a new function replaces the work left.
  await typeExpr(page, 'x^2 - y^2');
  const next = await page.evaluate(() => window.nabla.whenIdle().then(() => window.nabla.state()));
  assert.equal(next.normalized, 'x^2 - y^2');
  assert.deepEqual(next.pending, []);
  assert.ok(next.levelCurves.of >= 5 && next.levelCurves.drawn === next.levelCurves.of, JSON.stringify(next.levelCurves));
  assert.equal(await page.locator('#levels-note').isVisible(), false);
});

e2eTest('a pan draws coarsely while it moves and in full once the pointer rests', async ({ page, openPage }) => {
  await openPage('f=x%5E2%2By%5E2');
  const box = await page.locator('#plot').boundingBox();
  await page.evaluate(() => window.nabla.setPoint(-2.5, -2.5));
  const before = (await state(page)).view;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 40, cy + 10);
  const moving = await state(page);
  assert.ok(moving.pending.includes('map'), JSON.stringify(moving.pending));
  await page.mouse.up();
  const rested = await page.evaluate(() => window.nabla.whenIdle().then(() => window.nabla.state()));
  assert.deepEqual(rested.pending, []);
  assert.notDeepEqual(moving.view, before, 'the drag panned');
  assert.deepEqual(rested.view, moving.view);
  assert.deepEqual(rested.criticalPoints.map((c) => c.kind), ['min']);
});

e2eTest('(x+1)…(x+50) in one variable: its points of interest are pending after the first frame, then found', async ({ page, openPage }) => {
  await openPage();
  const product = Array.from({ length: 50 }, (_, i) => `(x+${i + 1})`).join('');
  const first = await page.evaluate((t) => {
    window.nabla.setExpression(t);
    return window.nabla.state();
  }, product);
  assert.equal(first.error, null);
  assert.deepEqual(first.vars, ['x']);
  // The frame drew the curve and claims no critical point it has not looked for.
  assert.deepEqual(first.pending, ['criticalPoints']);
  assert.deepEqual(first.criticalPoints, []);
  const done = await page.evaluate(() => window.nabla.whenIdle().then(() => window.nabla.state()));
  assert.deepEqual(done.pending, []);
  // In [-3, 3]: a maximum between -3 and -2 and a minimum between -2 and -1, where f′ changes sign.
  assert.deepEqual(done.criticalPoints.map((c) => c.kind), ['max', 'min']);
  assert.ok(done.criticalPoints[0].at[0] > -3 && done.criticalPoints[0].at[0] < -2, JSON.stringify(done.criticalPoints));
  assert.ok(done.criticalPoints[1].at[0] > -2 && done.criticalPoints[1].at[0] < -1, JSON.stringify(done.criticalPoints));
  // The derivation's first step (the product rule over 50 factors) is folded, not laid out.
  const step = page.locator('#readouts ol details.long-formula').first();
  assert.match(await step.locator('summary').textContent(), /characters\)/);
  assert.equal(await step.locator('code').evaluate((c) => getComputedStyle(c).display), 'none', 'closed, the text is not laid out');
  await step.locator('summary').click();
  assert.equal(await step.locator('code').evaluate((c) => getComputedStyle(c).display), 'block', 'opened, it is shown');
  assert.match(await step.locator('code').textContent(), /^product rule: /);
});

e2eTest('a load paints the plot before it builds the rest of the page, and is ready once both are drawn', async ({ page }) => {
  // Watches the load from before the page's scripts run: the plot's mark, what was drawn by
  // then, the animation frames after it, and when window.nabla arrives.
  await page.addInitScript(() => {
    const seen = { plot: null, framesAfter: 0, readyAt: null, framesBeforeReady: null };
    window.__load = seen;
    const mark = performance.mark.bind(performance);
    performance.mark = (name, ...rest) => {
      if (name === 'nabla:first-plot' && seen.plot === null) {
        const canvas = document.querySelector('#plot');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let coloured = 0;
        for (let i = 0; i < pixels.length; i += 4 * 97) if (pixels[i + 3] > 0 && (pixels[i] !== pixels[i + 1] || pixels[i + 1] !== pixels[i + 2])) coloured += 1;
        seen.plot = { at: performance.now(), coloured, readouts: document.querySelector('#readouts').textContent.trim().length };
        const count = () => { seen.framesAfter += 1; requestAnimationFrame(count); };
        requestAnimationFrame(count);
      }
      return mark(name, ...rest);
    };
    let api;
    Object.defineProperty(window, 'nabla', {
      configurable: true,
      get: () => api,
      set: (v) => { api = v; seen.readyAt = performance.now(); seen.framesBeforeReady = seen.framesAfter; },
    });
  });
  await openNabla(page, 'f=x%5E2%2By%5E2&p=1,2');
  const seen = await page.evaluate(() => window.__load);
  assert.ok(seen.plot, 'no nabla:first-plot mark');
  // The heatmap is on the canvas at the mark; the readouts come after the paint.
  assert.ok(seen.plot.coloured > 100, `only ${seen.plot.coloured} coloured samples at the mark`);
  assert.equal(seen.plot.readouts, 0, 'the readouts were built before the plot was painted');
  assert.ok(seen.framesBeforeReady >= 1, 'window.nabla came before any frame painted the plot');
  assert.ok(seen.readyAt > seen.plot.at);
  // Ready means complete: the readouts show f(1, 2) = 5 and nothing is pending.
  assert.match(await page.locator('#readouts').textContent(), /f\(1, 2\)\s*5/);
  assert.deepEqual((await state(page)).pending, []);
});
