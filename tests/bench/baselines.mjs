// The baselines' rows of `make bench` (issue 19): what a user would pick instead, in the same
// Chromium run.
//
// - Plotly.js (plotly.js-dist-min): Himmelblau's 400×400 heatmap with 12 contour lines, first
//   draw (Plotly.newPlot) and a redraw after a view change (Plotly.react with the new view's z,
//   because ours recomputes the grid on a view change; Plotly.relayout of the ranges alone is
//   printed beside it). Ours: the real page at a size where its grid is 400×400, heatmap +
//   contours + gradient arrows + critical points, first draw = setExpression of Himmelblau,
//   redraw = setView. Target: ours ≥ 10× faster.
// - function-plot: x³ − 3x with its tangent following the pointer (derivative.updateOnMouseMove),
//   80 real mouse moves across the plot, one per animation frame. Ours: the same function in one
//   variable, the point (with its tangent) dragged along the same path. Target: ≥ 5× less
//   main-thread time per frame.
//
// Both sides are timed the same way: wall time from the top of an animation frame until the
// frame after the call has been rendered (a message posted from that frame's rAF callback), and
// main-thread busy time from CDP's Performance.getMetrics (TaskDuration: every task the
// renderer's main thread ran, script, style, layout and paint included). Values for Plotly are
// computed before any timing, so its rows time drawing only; ours include our evaluation.

const HIMMELBLAU = '(x^2 + y - 11)^2 + (x + y^2 - 7)^2';
const VIEW = [-5.35, 5.35, -5.35, 5.35]; // the contour row's view (bench.js)
const PANNED = [VIEW[0] + 0.1 * (VIEW[1] - VIEW[0]), VIEW[1] + 0.1 * (VIEW[1] - VIEW[0]), VIEW[2], VIEW[3]];
// Our map samples one cell per 2.5 CSS pixels, at most 400 across (view/map.rs): a plot of at
// least 1000×1000 CSS pixels gives the 400×400 grid, so the page is opened larger than 1280×800.
const BIG = { width: 1400, height: 1100 };
const GRID = 400;
const REPS = 10; // timed draws per side, after WARM untimed ones
const WARM = 2;
const MOVES = 80;
const CUBIC = 'x^3 - 3x';
const CUBIC_VIEW = [-3, 3, -3, 3];
const PAGE = 'bench-baselines.html';

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** All of CDP's *Duration metrics so far (Task, Script, Layout, RecalcStyle), in ms. */
async function durations(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.filter((m) => m.name.endsWith('Duration')).map((m) => [m.name, 1000 * m.value]));
}

/** Runs `step(k)` (a page.evaluate resolving to {wall, call} ms) WARM + REPS times; medians of the timed ones. */
async function repeat(cdp, step, { between = null } = {}) {
  const wall = [];
  const main = [];
  const call = [];
  for (let k = 0; k < WARM + REPS; k++) {
    if (between) await between(k);
    const b0 = await durations(cdp);
    const t = await step(k);
    const b1 = await durations(cdp);
    if (k >= WARM) {
      wall.push(t.wall);
      call.push(t.call);
      main.push(b1.TaskDuration - b0.TaskDuration);
    }
  }
  return { wall: median(wall), busy: median(main), call: median(call) };
}

/** The page's own Content-Security-Policy (its meta) as the response header, for this page only:
 *  the test server's header is the strict policy of index.html, which Plotly.js cannot run under. */
async function servePageCsp(context) {
  await context.route(`**/${PAGE}`, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(body)?.[1];
    if (!csp) throw new Error(`${PAGE} has no Content-Security-Policy meta`);
    await route.fulfill({ response, body, headers: { ...response.headers(), 'content-security-policy': csp } });
  });
}

async function openBaselines(browser, url, viewport) {
  const context = await browser.newContext({ viewport });
  await servePageCsp(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  await page.goto(url + PAGE);
  await page.waitForFunction(() => window.baselines);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { context, page, errors, cdp };
}

/** In our page: times setExpression(text) (`what` 'expr') or setView(...view) ('view') from the
 *  top of a frame until the next frame has been rendered. */
const timedInPage = (page, what, arg) => page.evaluate(async ([kind, a]) => {
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const t0 = performance.now();
  if (kind === 'expr') window.nabla.setExpression(a);
  else window.nabla.setView(...a);
  const call = performance.now() - t0;
  await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  }));
  return { wall: performance.now() - t0, call };
}, [what, arg]);

// ---- Plotly.js ----

async function plotlyRows(browser, url, { openApp, ms, verdict }) {
  // Ours, on the real page.
  const { context, page, errors } = await openApp(browser, url, 1, BIG);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const canvas = await page.evaluate(() => {
    const c = document.querySelector('canvas#plot');
    return { css: [c.clientWidth, c.clientHeight], px: [c.width, c.height] };
  });
  const grid = canvas.css.map((len) => Math.min(GRID, Math.max(2, Math.ceil(len / 2.5))));
  await page.evaluate(([v]) => window.nabla.setView(...v), [VIEW]);
  // The critical points are searched between frames after a change: each timed draw starts once
  // the previous one's search is done, so it is not counted twice.
  const idle = () => page.evaluate(() => window.nabla.whenIdle());
  const oursFirst = await repeat(cdp,
    () => timedInPage(page, 'expr', HIMMELBLAU),
    { between: () => page.evaluate(([v]) => { window.nabla.setExpression('x^2 + y^2'); window.nabla.setView(...v); return window.nabla.whenIdle(); }, [VIEW]) });
  const s = await page.evaluate(() => window.nabla.state());
  if (s.error || s.expr !== HIMMELBLAU) throw new Error(`our page did not draw Himmelblau: ${JSON.stringify(s.error)}`);
  if (JSON.stringify(s.view) !== JSON.stringify(VIEW)) throw new Error(`setExpression changed the view: ${s.view}`);
  const oursRedraw = await repeat(cdp, (k) => timedInPage(page, 'view', k % 2 ? VIEW : PANNED), { between: idle });
  const render = await page.evaluate(() => window.nabla.state().lastFrameMs);
  if (errors.length) throw new Error(`index.html: ${errors.join('; ')}`);
  await context.close();

  // Plotly.js, on its own page, the plot the size of our canvas.
  const b = await openBaselines(browser, url, BIG);
  const scripts = await b.page.evaluate(() => window.baselines.scripts());
  await b.page.evaluate((o) => window.baselines.plotlySetup(o), { n: GRID, views: [VIEW, PANNED], width: canvas.css[0], height: canvas.css[1] });
  const cold = (await b.page.evaluate(() => window.baselines.plotlyFirstDraw())).wall;
  const theirsFirst = await repeat(b.cdp, () => b.page.evaluate(() => window.baselines.plotlyFirstDraw()));
  const drawn = await b.page.evaluate(() => window.baselines.plotlyDrawn());
  if (drawn.images !== 1 || drawn.paths < 12) throw new Error(`Plotly did not draw the heatmap and its contours: ${JSON.stringify(drawn)}`);
  const theirsReact = await repeat(b.cdp, (k) => b.page.evaluate((i) => window.baselines.plotlyReact(i), k + 1));
  const theirsRelayout = await repeat(b.cdp, (k) => b.page.evaluate((i) => window.baselines.plotlyRelayout(i), k + 1));
  if (b.errors.length) throw new Error(`${PAGE}: ${b.errors.join('; ')}`);
  await b.context.close();

  const size = `${canvas.css.join('×')} CSS px, our grid ${grid.join('×')}`;
  const busyText = (label, m) => `${label} ${ms(m.busy)} (the call itself ${ms(m.call)})`;
  const first = theirsFirst.wall / oursFirst.wall;
  const redraw = theirsReact.wall / oursRedraw.wall;
  return [
    [`Plotly.js ${scripts.plotlyVersion}: first draw, Himmelblau heatmap + 12 contour lines (${size}; ours + arrows, critical points, readouts): median of ${REPS}`,
      ms(oursFirst.wall),
      `Plotly.newPlot ${ms(theirsFirst.wall)} (its first call ${ms(cold)}); main-thread busy ${busyText('ours', oursFirst)} / ${busyText('Plotly', theirsFirst)}, the calls alone ${(theirsFirst.call / oursFirst.call).toFixed(1)}×; Plotly's script parse + run at load ${ms(scripts.plotly)}, not counted`,
      `${first.toFixed(1)}× (≥ 10×)`, verdict(first >= 10)],
    [`Plotly.js ${scripts.plotlyVersion}: redraw after a view change (pan by 10% of the width; ours setView, grid recomputed): median of ${REPS}`,
      ms(oursRedraw.wall),
      `Plotly.react with the new view's 400×400 z ${ms(theirsReact.wall)}; Plotly.relayout of the ranges only ${ms(theirsRelayout.wall)}; main-thread busy ${busyText('ours', oursRedraw)} / ${busyText('react', theirsReact)}, the calls alone ${(theirsReact.call / oursRedraw.call).toFixed(1)}×; our engine.render ${ms(render)}`,
      `${redraw.toFixed(1)}× (≥ 10×)`, verdict(redraw >= 10)],
  ];
}

// ---- function-plot ----

/** The path of the pointer from the plot's middle: right by 40% of its width, back, and on to
 *  40% left of the middle (three quarters of a sine), one move per frame. */
const sweep = (x0, y0, width) => Array.from({ length: MOVES }, (_, i) => [x0 + 0.4 * width * Math.sin((1.5 * Math.PI * (i + 1)) / MOVES), y0]);

/** Moves the mouse along `path`, one move per animation frame; main-thread busy ms per frame. */
async function moves(page, cdp, path, frames) {
  const b0 = await durations(cdp);
  for (const [x, y] of path) {
    await page.mouse.move(x, y);
    await frames(page, 1);
  }
  await frames(page, 2);
  const b1 = await durations(cdp);
  const per = (k) => (b1[k] - b0[k]) / path.length;
  return { busy: per('TaskDuration'), script: per('ScriptDuration'), style: per('RecalcStyleDuration') + per('LayoutDuration') };
}

/** Where our page drew the point, in page pixels: the one dark disk on the plot (the tangent and
 *  the axes' text are lines at most a few pixels wide; critical points are coloured). */
async function pointPixel(page) {
  return page.evaluate(() => {
    const c = document.querySelector('canvas#plot');
    const { width: w, height: h } = c;
    const data = c.getContext('2d').getImageData(0, 0, w, h).data;
    const sum = new Int32Array((w + 1) * (h + 1)); // summed-area table of dark pixels
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = 4 * (y * w + x);
        const dark = data[i] < 80 && data[i + 1] < 80 && data[i + 2] < 80 && data[i + 3] > 200 ? 1 : 0;
        sum[(y + 1) * (w + 1) + x + 1] = dark + sum[y * (w + 1) + x + 1] + sum[(y + 1) * (w + 1) + x] - sum[y * (w + 1) + x];
      }
    }
    const r = Math.round(2 * window.devicePixelRatio); // the disk is 8 px across at DPR 1
    const side = 2 * r + 1;
    let [sx, sy, n] = [0, 0, 0];
    for (let y = 0; y + side <= h; y++) {
      for (let x = 0; x + side <= w; x++) {
        const inside = sum[(y + side) * (w + 1) + x + side] - sum[y * (w + 1) + x + side] - sum[(y + side) * (w + 1) + x] + sum[y * (w + 1) + x];
        if (inside === side * side) { sx += x + r; sy += y + r; n++; }
      }
    }
    if (!n) return null;
    const box = c.getBoundingClientRect();
    return [box.left + (sx / n) * (box.width / w), box.top + (sy / n) * (box.height / h)];
  });
}

async function functionPlotRows(browser, url, { openApp, record, frameStats, frames, ms, verdict }) {
  // Ours: x³ − 3x in one variable, the point (and its tangent) dragged along the sweep.
  const { context, page, errors } = await openApp(browser, url, 1);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.evaluate(([f, v]) => { window.nabla.setExpression(f); window.nabla.setView(...v); window.nabla.setPoint(0); }, [CUBIC, CUBIC_VIEW]);
  await frames(page);
  const box = await page.locator('canvas#plot').boundingBox();
  const at = await pointPixel(page);
  if (!at) throw new Error('the point was not found on our 1-D plot');
  let ours;
  const list = await record(page, async () => {
    await page.mouse.move(at[0], at[1]);
    await page.mouse.down();
    ours = await moves(page, cdp, sweep(at[0], at[1], box.width), frames);
    await page.mouse.up();
  });
  const rafWay = frameStats(list, 'drawRequested');
  const s = await page.evaluate(() => window.nabla.state());
  if (JSON.stringify(s.view) !== JSON.stringify(CUBIC_VIEW)) throw new Error(`the 1-D drag panned instead of moving the point: ${s.view}`);
  if (!s.tangent || !(s.point[0] < -1)) throw new Error('the 1-D drag did not move the point with its tangent');
  if (Math.abs(s.tangent.slope - (3 * s.point[0] ** 2 - 3)) > 1e-9) throw new Error(`tangent slope ${s.tangent.slope} at ${s.point[0]}`);
  if (errors.length) throw new Error(`index.html: ${errors.join('; ')}`);
  await context.close();

  // function-plot, the same size, the same path (it follows the pointer without a press).
  const b = await openBaselines(browser, url, { width: 1280, height: 800 });
  const svg = await b.page.evaluate((o) => window.baselines.functionPlotSetup(o), { width: box.width, height: box.height, domain: CUBIC_VIEW });
  if (!svg) throw new Error('function-plot drew nothing');
  await frames(b.page);
  const [x0, y0] = [svg.x + svg.width / 2, svg.y + svg.height / 2];
  await b.page.mouse.move(x0, y0);
  await frames(b.page);
  const before = await b.page.evaluate(() => window.baselines.functionPlotTangent());
  const theirs = await moves(b.page, b.cdp, sweep(x0, y0, svg.width), frames);
  const after = await b.page.evaluate(() => window.baselines.functionPlotTangent());
  if (!before || !after || before === after) throw new Error(`function-plot's tangent did not follow the pointer: ${before} → ${after}`);
  if (b.errors.length) throw new Error(`${PAGE}: ${b.errors.join('; ')}`);
  await b.context.close();

  const ratio = theirs.busy / ours.busy;
  const parts = (m) => `script ${ms(m.script)}, style + layout ${ms(m.style)}`;
  return [[
    `function-plot: x³ − 3x, tangent following the pointer (${box.width}×${Math.round(box.height)} CSS px, DPR 1, ${MOVES} moves, one per frame): main-thread busy per frame`,
    ms(ours.busy),
    `function-plot (derivative.updateOnMouseMove) ${ms(theirs.busy)}; of which ours ${parts(ours)} / theirs ${parts(theirs)}; ours by the rAF method: median ${ms(rafWay.median)}, p95 ${ms(rafWay.p95)} (${rafWay.frames} frames)`,
    `${ratio.toFixed(1)}× (≥ 5×)`, verdict(ratio >= 5),
  ]];
}

/** The baselines' rows, measured with the runner's helpers. */
export async function baselineRows(browser, url, helpers) {
  helpers.log?.('baselines: Plotly.js…');
  const plotly = await plotlyRows(browser, url, helpers);
  helpers.log?.('baselines: function-plot…');
  const fp = await functionPlotRows(browser, url, helpers);
  return [...plotly, ...fp];
}
