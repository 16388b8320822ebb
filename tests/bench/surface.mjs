// The surface's rows of `make bench` (issue 20): rotating the 3D surface by dragging, at
// devicePixelRatio 1 and 2, and dragging the point in the split layout (on the map half and on
// the surface half), each with real mouse events, one move per animation frame, measured as the
// other interaction rows are (main-thread work of the page's frame callback, drawRequested, plus the pointer handlers).

const MOVES = 80;
const FUNCTION = 'x^2y + sin(xy)';

/** Runs the measurements with the runner's helpers; returns the table's rows. */
export async function surfaceRows(browser, url, { openApp, record, frameStats, frames, ms, verdict }) {
  const rows = [];
  // The baseline, in the same run: the map's own point drag (layout 2d), the same moves.
  const baseline = {};
  for (const [dpr, limit] of [[1, 16], [2, 33]]) {
    const { context, page, errors } = await openApp(browser, url, dpr);
    await page.evaluate((f) => { window.nabla.setExpression(f); window.nabla.setView(-3, 3, -3, 3); window.nabla.setPoint(1, 2); window.nabla.setLayout('3d'); }, FUNCTION);
    await frames(page);
    const box = await page.locator('canvas#plot').boundingBox();
    // Press beside the surface's middle (not on the point) and turn it about a quarter turn.
    const [x0, y0] = [box.x + box.width * 0.3, box.y + box.height * 0.75];
    {
      await page.evaluate(() => { window.nabla.setLayout('2d'); window.nabla.setPoint(0, 0); });
      await frames(page);
      const [mx, my] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.click(mx, my);
      await frames(page);
      const drag = await record(page, async () => {
        await page.mouse.down();
        for (let k = 1; k <= MOVES; k++) {
          await page.mouse.move(mx + 40 * Math.sin((2 * Math.PI * k) / MOVES), my - 25 * Math.sin((Math.PI * k) / MOVES));
          await frames(page, 1);
        }
        await page.mouse.up();
      });
      baseline[dpr] = frameStats(drag, 'drawRequested');
      await page.evaluate(() => { window.nabla.setLayout('3d'); window.nabla.setPoint(1, 2); });
      await frames(page);
    }
    const base = (d) => `map (2d) drag, same run: p95 ${ms(baseline[d].p95)}, median ${ms(baseline[d].median)}`;
    const before = await page.evaluate(() => window.nabla.state().camera);
    const rotate = await record(page, async () => {
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      for (let k = 1; k <= MOVES; k++) {
        await page.mouse.move(x0 + 3 * k, y0 - 20 * Math.sin((Math.PI * k) / MOVES));
        await frames(page, 1);
      }
      await page.mouse.up();
    });
    const after = await page.evaluate(() => window.nabla.state().camera);
    if (Math.abs(after[0] - before[0]) < 45) throw new Error(`the drag did not rotate the surface: ${before} → ${after}`);
    const canvas = await page.evaluate(() => [document.querySelector('#plot').width, document.querySelector('#plot').height]);
    const s = frameStats(rotate, 'drawRequested');
    rows.push([`rotate the surface (65×65 mesh, level curves), DPR ${dpr} (${canvas.join('×')}): p95 frame (${s.frames} frames)`, ms(s.p95), `median ${ms(s.median)}; ${base(dpr)}`, `≤ ${limit} ms`, verdict(s.frames >= 50 && s.p95 <= limit)]);
    if (dpr === 1) {
      // Split: drag the point on the map half, then on the surface half; both views follow.
      await page.evaluate(() => { window.nabla.setLayout('split'); window.nabla.setPoint(0, 0); });
      await frames(page);
      for (const half of ['map', 'surface']) {
        const target = await page.evaluate((half) => {
          const r = document.querySelector('#plot').getBoundingClientRect();
          return half === 'map' ? [r.left + r.width * 0.25, r.top + r.height / 2] : null;
        }, half);
        let start = target;
        if (half === 'map') {
          await page.mouse.click(start[0], start[1]);
        } else {
          // The point on the surface, where state() says it is drawn (device pixels).
          start = await page.evaluate(() => {
            const r = document.querySelector('#plot').getBoundingClientRect();
            const at = window.nabla.state().surfacePoint;
            return at ? [r.left + at[0] / window.devicePixelRatio, r.top + at[1] / window.devicePixelRatio] : null;
          });
          if (!start) {
            rows.push(['drag the point on the surface (split), DPR 1', '—', 'the point was not found on the surface', '≤ 16 ms', 'FAIL']);
            continue;
          }
        }
        await frames(page);
        const drag = await record(page, async () => {
          await page.mouse.move(start[0], start[1]);
          await page.mouse.down();
          for (let k = 1; k <= MOVES; k++) {
            await page.mouse.move(start[0] + 40 * Math.sin((2 * Math.PI * k) / MOVES), start[1] - 25 * Math.sin((Math.PI * k) / MOVES));
            await frames(page, 1);
          }
          await page.mouse.up();
        });
        const d = frameStats(drag, 'drawRequested');
        rows.push([`drag the point on the ${half} (split), DPR 1: p95 frame (${d.frames} frames)`, ms(d.p95), `median ${ms(d.median)}; ${base(1)}`, '≤ 16 ms', verdict(d.frames >= 50 && d.p95 <= 16)]);
      }
    }
    if (errors.length) throw new Error(`surface bench: ${errors.join('; ')}`);
    await context.close();
  }
  return rows;
}
