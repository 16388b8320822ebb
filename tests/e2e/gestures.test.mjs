// Navigation gestures on the plot: wheel zoom, drag to pan, two-finger pinch.
import assert from 'node:assert/strict';
import { e2eTest, state } from './helpers.mjs';

/** Dispatches pointer events as two touching fingers would, moving apart by `spread` CSS pixels. */
async function pinch(page, spread) {
  await page.evaluate(async (spread) => {
    const canvas = document.querySelector('#plot');
    const r = canvas.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const fire = (type, id, x) => canvas.dispatchEvent(new PointerEvent(type, {
      pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x, clientY: cy, bubbles: true,
    }));
    fire('pointerdown', 1, cx - 40);
    fire('pointerdown', 2, cx + 40);
    for (let k = 1; k <= 10; k++) {
      fire('pointermove', 1, cx - 40 - (spread / 2) * (k / 10));
      fire('pointermove', 2, cx + 40 + (spread / 2) * (k / 10));
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    fire('pointerup', 1, cx - 40 - spread / 2);
    fire('pointerup', 2, cx + 40 + spread / 2);
  }, spread);
}

const width = (v) => v[1] - v[0];

e2eTest('wheel zooms about the cursor, a drag pans, and a pinch zooms', async ({ page, openPage }) => {
  await openPage('f=x%5E2%2By%5E2&p=1,2&view=-3,3,-3,3');
  const box = await page.locator('#plot').boundingBox();
  const before = (await state(page)).view;

  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(100);
  const zoomed = (await state(page)).view;
  assert.ok(width(zoomed) < width(before) * 0.8, `wheel up zooms in: ${width(before)} → ${width(zoomed)}`);

  // A drag on empty map pans: the content follows the pointer (the view moves the other way).
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.8);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.8, { steps: 8 });
  await page.mouse.up();
  const panned = (await state(page)).view;
  assert.ok(panned[0] < zoomed[0] && panned[1] < zoomed[1], `dragging right moves the view left: ${zoomed} → ${panned}`);
  assert.ok(Math.abs(width(panned) - width(zoomed)) < 1e-9 * width(zoomed), 'panning keeps the zoom');
  const point = (await state(page)).point;
  assert.deepEqual(point, [1, 2], 'a pan does not move the selected point');

  await pinch(page, 200);
  const pinched = (await state(page)).view;
  assert.ok(width(pinched) < width(panned) * 0.8, `fingers moving apart zoom in: ${width(panned)} → ${width(pinched)}`);
  assert.deepEqual((await state(page)).point, [1, 2], 'a pinch does not move the point');
});
