// Every screen: a phone (390×844, touch) and a tablet (820×1180) get a layout made for them —
// the plot on top, the panel below scrolling with the page, no horizontal overflow, every
// readout value inside the viewport — and a finger on the plot moves the point while two pan
// and zoom. The panel's sections open and close, and sections added later are picked up.
import assert from 'node:assert/strict';
import { e2eTest, openNabla, state, nextFrames, typeExpr } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
const TABLET = { viewport: { width: 820, height: 1180 }, hasTouch: true };

/** The page's widths and the plot's and panel's boxes. */
const layout = (page) => page.evaluate(() => {
  const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { x: r.x, y: r.y + scrollY, w: r.width, h: r.height }; };
  return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, plot: box('#plot'), panel: box('#panel'), scrollHeight: document.documentElement.scrollHeight, innerHeight };
});

/** Opens every section, then scrolls each readout value into view and returns those whose box leaves the viewport. */
async function valuesOutOfView(page) {
  await page.evaluate(() => {
    for (const b of document.querySelectorAll('.section-toggle[aria-expanded="false"]')) b.click();
    for (const d of document.querySelectorAll('#panel details')) d.open = true;
  });
  await nextFrames(page);
  return page.evaluate(() => {
    const out = [];
    const cells = document.querySelectorAll('#readouts td.num, #readouts table.limit td, #lab td, #live .live-value, #lab-status div');
    for (const cell of cells) {
      if (!cell.textContent.trim()) continue;
      cell.scrollIntoView({ block: 'center', inline: 'nearest' });
      // Scrolled into view vertically only: a value the learner must scroll sideways to see is out of view.
      for (let n = cell.parentElement; n; n = n.parentElement) n.scrollLeft = 0;
      const r = cell.getBoundingClientRect();
      // Inside the viewport, and inside the panel's own box (a panel that scrolls sideways hides it too).
      const p = document.querySelector('#panel').getBoundingClientRect();
      const [left, right] = [Math.max(0, p.left), Math.min(innerWidth, p.right)];
      if (r.left < left - 0.5 || r.right > right + 0.5 || r.top < -0.5 || r.bottom > innerHeight + 0.5) out.push(`${cell.textContent} at ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return { out, count: cells.length };
  });
}

/** A one-finger drag on the plot through the DevTools protocol (real touch events). */
async function touchDrag(page, from, to, fingers = 1) {
  const cdp = await page.context().newCDPSession(page);
  const points = (t) => Array.from({ length: fingers }, (_, i) => ({ x: from[0] + (to[0] - from[0]) * t + i * 80, y: from[1] + (to[1] - from[1]) * t, id: i }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(0) });
  for (let i = 1; i <= 8; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(i / 8) });
    await nextFrames(page);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await nextFrames(page);
}

/** A two-finger pinch about `center`, the fingers going from `d0` to `d1` apart. */
async function pinch(page, center, d0, d1) {
  const cdp = await page.context().newCDPSession(page);
  const points = (d) => [{ x: center[0] - d / 2, y: center[1], id: 0 }, { x: center[0] + d / 2, y: center[1], id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(d0) });
  for (let i = 1; i <= 8; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(d0 + ((d1 - d0) * i) / 8) });
    await nextFrames(page);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await nextFrames(page);
}

const DESKTOP = { viewport: { width: 1280, height: 900 } };

for (const [name, device] of [['phone 390×844', PHONE], ['tablet 820×1180', TABLET], ['desktop 1280×900', DESKTOP]]) {
  if (device !== DESKTOP) e2eTest(`${name}: the plot on top at a sensible aspect, the panel below, no horizontal overflow`, async ({ page }) => {
    for (const hash of ['f=x%5E2y%20%2B%20sin(xy)&p=1,2', 'f=x%5E3%20-%203x&p=1.6&h=0.5']) {
      await openNabla(page, hash);
      const l = await layout(page);
      assert.equal(l.scrollWidth, l.clientWidth, `no horizontal overflow (${hash})`);
      assert.ok(l.plot.w >= device.viewport.width - 2, `the plot spans the width: ${l.plot.w}`);
      const aspect = l.plot.w / l.plot.h;
      assert.ok(aspect >= 1 && aspect <= 1.6, `the plot is not a strip: ${l.plot.w}×${l.plot.h}`);
      assert.ok(l.plot.h >= 260, `the plot is big enough to use: ${l.plot.h}`);
      assert.ok(l.panel.y >= l.plot.y + l.plot.h - 1, 'the panel is below the plot');
      // The panel scrolls with the page (not a strip of its own).
      assert.ok(l.scrollHeight > l.innerHeight, 'the page scrolls');
      const { out, count } = await valuesOutOfView(page);
      assert.ok(count > 8, `readout values were found: ${count}`);
      assert.deepEqual(out, [], 'every readout value fits inside the viewport');
      const after = await layout(page);
      assert.equal(after.scrollWidth, after.clientWidth, 'no horizontal overflow with every section open');
    }
  }, { context: device });

  e2eTest(`${name}: long formulas and the lab's table stay inside the viewport`, async ({ page }) => {
    await openNabla(page, 'f=relu(x%5E3y%20-%20sin(x%5E2y%5E2))%20%2B%20sigmoid(x*y%5E3%20-%20exp(x))%20%2B%20softplus(x%5E4%20-%20y)&p=0.4,0.7');
    await page.evaluate(() => window.nabla.runDescent({ opt: ['gd', 'momentum', 'nesterov', 'rmsprop', 'adam'], steps: 50, lr: 0.01 }));
    await page.waitForTimeout(300);
    const { out } = await valuesOutOfView(page);
    assert.deepEqual(out, []);
    const l = await layout(page);
    assert.equal(l.scrollWidth, l.clientWidth, 'no horizontal overflow');
    // The regression lab: f, ∇f and ‖∇f‖ stay in view beside the long partials.
    await page.evaluate(() => window.nabla.setRegression([[1, 2], [2, 3.1], [3, 4.2], [4, 4.8], [5, 6.3], [6, 7.1], [7, 8.4]]));
    await nextFrames(page);
    const again = await valuesOutOfView(page);
    assert.deepEqual(again.out, []);
    assert.equal((await layout(page)).scrollWidth, l.clientWidth);
  }, { context: device });
}

e2eTest('phone: one finger moves the point, two fingers pan and zoom, and the page says so', async ({ page }) => {
  await openNabla(page, 'f=x%5E2%20%2B%20y%5E2&p=1,2&view=-3,3,-3,3');
  await page.locator('#touch-hint').waitFor({ state: 'visible' });
  assert.match(await page.locator('#touch-hint').textContent(), /one finger moves the point.*two fingers pan and zoom/i);
  const box = await page.locator('#plot').boundingBox();
  const before = await state(page);
  // A drag that starts away from the point and its arrows: the point follows the finger.
  const from = [box.x + box.width * 0.3, box.y + box.height * 0.7];
  const to = [box.x + box.width * 0.45, box.y + box.height * 0.6];
  await touchDrag(page, from, to);
  const moved = await state(page);
  assert.deepEqual(moved.view, before.view, 'one finger does not pan');
  assert.ok(moved.point[0] < 0 && moved.point[1] < 0, `the point went under the finger: ${moved.point}`);
  // Two fingers spreading apart zoom in about their middle; the point stays where it was.
  await pinch(page, [box.x + box.width / 2, box.y + box.height / 2], 60, 180);
  const zoomed = await state(page);
  const width = (v) => v[1] - v[0];
  assert.ok(width(zoomed.view) < width(moved.view) * 0.6, `zoomed in: ${zoomed.view}`);
  // Two fingers moving together pan.
  await touchDrag(page, [box.x + 60, box.y + box.height / 2], [box.x + 160, box.y + box.height / 2], 2);
  const panned = await state(page);
  assert.ok(panned.view[0] < zoomed.view[0], `panned right-wards content: ${panned.view} vs ${zoomed.view}`);
  // A swipe on the panel scrolls the page, not the plot.
  await page.mouse.wheel(0, 600);
  await page.waitForTimeout(200);
  assert.ok(await page.evaluate(() => scrollY) > 0, 'the page scrolls');
}, { context: PHONE });

e2eTest('sections: a heading button opens and closes each; a section added later is picked up', async ({ page }) => {
  await openNabla(page, 'f=x%5E2%20%2B%20y%5E2');
  const names = await page.locator('#section-nav button').allTextContents();
  // The page's own sections, then those the surface and share modules add.
  assert.deepEqual(names, ['Point', 'Slices and direction', 'Direction and map', 'Computational graph', 'Descent', 'Surface and local models', 'Share']);
  const toggle = page.getByRole('button', { name: 'Descent', exact: true }).first();
  await page.locator('#descent .section-toggle').click();
  assert.equal(await page.locator('#descent .section-toggle').getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#lab').isVisible(), false, 'a closed section hides its content');
  // The keyboard opens it again.
  await page.locator('#descent .section-toggle').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#lab').isVisible(), true);
  // One variable: the sections say what they hold.
  await typeExpr(page, 'x^3 - 3x');
  assert.deepEqual(await page.locator('#section-nav button').allTextContents(), ['Point', 'Limit', 'f′ and h', 'Computational graph', 'Descent', 'Surface and local models', 'Share']);
  // Another module's panel: a <section> with an <h2> becomes a section with a chip.
  await page.evaluate(() => {
    const s = document.createElement('section');
    s.id = 'notes';
    s.innerHTML = '<h2>Notes</h2><p id="notes-text">nodes</p>';
    document.querySelector('#panel').append(s);
  });
  await page.locator('#section-nav button', { hasText: 'Notes' }).waitFor();
  assert.equal(await page.locator('#notes .section-toggle').textContent(), 'Notes');
  await page.locator('#notes .section-toggle').click();
  assert.equal(await page.locator('#notes-text').isVisible(), false);
  await page.locator('#section-nav button', { hasText: 'Notes' }).click();
  assert.equal(await page.locator('#notes-text').isVisible(), true);
  void toggle;
});

e2eTest('phone: one section open at a time; the moving numbers stay in sight while h animates', async ({ page }) => {
  await openNabla(page, 'f=x%5E2&p=1&h=0.5');
  const open = () => page.locator('.section-toggle[aria-expanded="true"]').allTextContents();
  assert.deepEqual(await open(), ['Point']);
  await page.locator('#section-nav button', { hasText: 'f′ and h' }).click();
  assert.deepEqual(await open(), ['f′ and h']);
  await page.locator('#animate-h').click();
  await page.waitForTimeout(1500);
  // Mid-animation: h has moved, and the strip with h and the secant's error is on screen.
  const strip = await page.locator('#live').boundingBox();
  assert.ok(strip.y >= -0.5 && strip.y + strip.height <= 844.5, `the strip is in the viewport: ${JSON.stringify(strip)}`);
  const text = await page.locator('#live').textContent();
  const h = (await state(page)).secant.h;
  assert.ok(h < 0.5, `h is animating: ${h}`);
  assert.match(text, /h =/);
  assert.match(text, /error/);
  // A run that starts opens its section (the current one), and the strip shows its step.
  await page.evaluate(() => window.nabla.runDescent({ start: [2], opt: ['gd'], lr: 0.1 }));
  await nextFrames(page);
  assert.deepEqual(await open(), ['Descent']);
  assert.match(await page.locator('#live').textContent(), /k = \d+\s*f\(θ\) =/);
}, { context: PHONE });

e2eTest('one variable: "fit view" fits the y-range to x² over the x-range, robustly for 1/x', async ({ page }) => {
  await openNabla(page, 'f=x%5E2&p=1&view=-3,3,-3,3');
  await page.getByRole('button', { name: 'fit view' }).click();
  await nextFrames(page);
  let [xmin, xmax, ymin, ymax] = (await state(page)).view;
  assert.deepEqual([xmin, xmax], [-3, 3], 'the x-range stays');
  assert.ok(ymin < 0 && ymin > -1 && ymax > 8 && ymax < 10, `0..9 with a little room: ${ymin}..${ymax}`);
  await openNabla(page, 'f=1%2Fx&p=1&view=-3,3,-3,3');
  await page.getByRole('button', { name: 'fit view' }).click();
  await nextFrames(page);
  [, , ymin, ymax] = (await state(page)).view;
  assert.ok(ymin < -1 && ymax > 1 && ymax < 60, `the pole does not flatten the curve: ${ymin}..${ymax}`);
});
