// The baselines of `make bench` (issue 19), driven by tests/bench/baselines.mjs: Plotly.js draws
// Himmelblau's 400×400 heatmap with 12 contour lines, function-plot draws x³ − 3x with its
// tangent following the pointer. Values are computed here once, before any timing: only drawing
// is timed. Each timed step starts at the top of an animation frame and ends once the next frame
// has been rendered (a message posted from that frame's rAF callback runs after its paint).

const Plotly = window.Plotly;
const functionPlot = window.functionPlot;
const plot = document.getElementById('plot');
document.body.style.margin = '0';

const himmelblau = (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2;

/** f at the cell centres of an n × n grid over `view` (x fastest, rows bottom to top), as ours. */
function grid(n, [x0, x1, y0, y1]) {
  const x = Array.from({ length: n }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / n);
  const y = Array.from({ length: n }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / n);
  const z = y.map((yv) => x.map((xv) => himmelblau(xv, yv)));
  return { x, y, z };
}

/** One contour trace coloured as a heatmap with 12 lines evenly between the extremes: what a
 *  user of Plotly writes for "a heatmap with 12 contour lines". */
function traces({ x, y, z }) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of z) for (const v of row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const size = (hi - lo) / 13;
  return [{
    type: 'contour', x, y, z, colorscale: 'Viridis',
    autocontour: false, contours: { coloring: 'heatmap', start: lo + size, end: lo + 12.5 * size, size },
    line: { color: 'white', width: 1 },
  }];
}

const layout = (view, width, height) => ({
  width, height, margin: { l: 50, r: 20, t: 20, b: 40 },
  xaxis: { range: [view[0], view[1]] }, yaxis: { range: [view[2], view[3]] },
});

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const afterFrame = () => new Promise((resolve) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(null);
}));

/** Times `fn` from the top of a frame until the frame after it has been rendered (`wall`), and
 *  until its promise resolved (`call`). */
async function timed(fn) {
  await nextFrame();
  const t0 = performance.now();
  await fn();
  const call = performance.now() - t0;
  await afterFrame();
  return { wall: performance.now() - t0, call };
}

let setup = null;

window.baselines = {
  /** ms each library's script took to parse and run (from bench-clock.js's marks). */
  scripts: () => {
    const m = window.benchMarks || [];
    return { plotly: m[1] - m[0], functionPlot: m[2] - m[1], plotlyVersion: Plotly?.version ?? null };
  },
  /** Computes the grids of `views` (n × n each) and sizes the plot; nothing is drawn yet. */
  plotlySetup({ n, views, width, height }) {
    setup = { views, width, height, data: views.map((v) => traces(grid(n, v))) };
    return { n, cells: setup.data[0][0].z.length * setup.data[0][0].z[0].length };
  },
  /** A first draw: Plotly.newPlot on an empty div (the previous plot purged, untimed). */
  async plotlyFirstDraw() {
    Plotly.purge(plot);
    await nextFrame();
    return timed(() => Plotly.newPlot(plot, setup.data[0], layout(setup.views[0], setup.width, setup.height)));
  },
  /** A view change as ours does it: Plotly.react with the new view's z (same grid size) and ranges. */
  async plotlyReact(k) {
    const i = k % setup.views.length;
    return timed(() => Plotly.react(plot, setup.data[i], layout(setup.views[i], setup.width, setup.height)));
  },
  /** A view change without new data: Plotly.relayout of the axis ranges only (the old z clipped). */
  async plotlyRelayout(k) {
    const v = setup.views[k % setup.views.length];
    return timed(() => Plotly.relayout(plot, { 'xaxis.range': [v[0], v[1]], 'yaxis.range': [v[2], v[3]] }));
  },
  /** What Plotly drew: the contour paths and the heatmap image. */
  plotlyDrawn: () => ({ paths: plot.querySelectorAll('.contourlevel path').length, images: plot.querySelectorAll('image').length }),
  /** function-plot's documented tangent that follows the pointer, on x³ − 3x. */
  functionPlotSetup({ width, height, domain }) {
    Plotly.purge(plot);
    plot.replaceChildren();
    functionPlot({
      target: plot, width, height,
      xAxis: { domain: [domain[0], domain[1]] }, yAxis: { domain: [domain[2], domain[3]] },
      data: [{ fn: 'x^3 - 3*x', derivative: { fn: '3*x^2 - 3', updateOnMouseMove: true } }],
    });
    const svg = plot.querySelector('svg');
    return svg ? svg.getBoundingClientRect().toJSON() : null;
  },
  /** The tangent function-plot draws now: its path's `d`, which changes as the pointer moves. */
  functionPlotTangent: () => plot.querySelector('g.derivative path')?.getAttribute('d') ?? null,
};
