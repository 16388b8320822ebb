// The computational-graph panel (`graph=1`): its section in the panel, filled from
// state().graph each frame; the clock of "play"; clicks on nodes. The engine builds, lays out,
// draws and explains the graph; this module sizes its canvas, keeps time and forwards clicks.

import { engine, guard } from './engine.js';
import { button, dpr, el, els, pixelIn, setText } from './dom.js';
import { drawNow, writeLink } from './frame.js';
import { openSection } from './sections.js';

// Layout units in CSS pixels: a column per layer (narrowed to fit the panel down to the
// smallest, then the canvas scrolls), a row per node of the tallest layer.
const COLUMN = 100;
const NARROWEST = 84;
// The canvas's largest side in device pixels (a 200-node graph would otherwise take 16 Mpx):
// beyond it the layout is squeezed rather than the canvas grown.
const MAX_SIDE = 4096;
const ROW = 62;
// Time per step while playing.
const STEP_MS = 650;

const ui = {};
let timer = null;
let last = null; // the last frame's state().graph, for the buttons' next step

/** Builds the section (closed) in the panel, before the lab. */
export function installGraph() {
  ui.toggle = button('show the graph', () => { openGraph(!last); }, 'graph-toggle');
  ui.step = el('span', { id: 'graph-step', className: 'step' });
  ui.play = button('▶ play', togglePlay, 'graph-play');
  ui.controls = el('div', { className: 'row buttons' },
    button('|◀ start', () => go(0), 'graph-start'),
    button('◀ back', () => go((last?.step ?? 1) - 1), 'graph-back'),
    ui.play,
    button('step ▶', () => go((last?.step ?? 0) + 1), 'graph-next'),
    button('both passes ▶|', () => go(last?.steps ?? 0), 'graph-end'),
    ui.step);
  ui.explain = el('p', { id: 'graph-explain', className: 'explain' });
  ui.formula = el('p', { id: 'graph-formula', className: 'formula' });
  ui.message = el('p', { id: 'graph-message', className: 'note' });
  ui.canvas = el('canvas', { id: 'graph-canvas', title: 'click a node to see its subexpression, value and ∂f/∂node' });
  ui.scroll = el('div', { className: 'graph-scroll' }, ui.canvas);
  ui.body = el('div', { id: 'graph-body', hidden: true }, ui.controls, ui.formula, ui.explain, ui.message, ui.scroll);
  ui.section = el('section', { id: 'graph' }, el('h2', {}, 'Computational graph'), ui.toggle, ui.body);
  // A section of the panel itself (with its own chip), not inside the lab's.
  (document.getElementById('descent') ?? els.lab).before(ui.section);
  ui.canvas.addEventListener('click', (event) => {
    const [px, py] = pixelIn(ui.canvas, event);
    guard(() => engine.pickGraphNode(px, py));
    drawNow();
  });
}

/** Opens or closes the panel (the API's showGraph). */
export function openGraph(open) {
  if (!open) pauseGraph();
  guard(() => engine.showGraph(Boolean(open)));
  drawNow();
  writeLink();
}

/** Stops playing. */
export function pauseGraph() {
  clearInterval(timer);
  timer = null;
  setText(ui.play, '▶ play');
}

function go(k) {
  if (!last) return;
  guard(() => engine.setGraphStep(Math.max(0, Math.min(k, last.steps))));
  drawNow();
}

function togglePlay() {
  if (timer !== null) return pauseGraph();
  if (!last) return;
  // From the start when both passes are already shown.
  if (last.step >= last.steps) go(0);
  setText(ui.play, '❚❚ pause');
  timer = setInterval(() => {
    if (!last || last.step >= last.steps) return pauseGraph();
    go(last.step + 1);
  }, STEP_MS);
}

/** Each frame: the section from `s.graph` (null when closed), and the canvas drawn by the core. */
// What the graph canvas shows now (size, theme and snapshot), so an unchanged graph is not
// drawn again; null when its pixels may be gone.
let drawnKey = null;

/** Forgets what the graph canvas shows (after its pixels were reset): the next frame draws it. */
export function invalidateGraph() {
  drawnKey = null;
}

export function showGraph(s) {
  const g = s.graph ?? null;
  // Opened (a link's graph=1, the API, the button): its section opens too, on a phone closing
  // the one open before.
  if (g && !last) openSection('graph');
  last = g;
  ui.body.hidden = !g;
  ui.section.parentNode?.classList.toggle('with-graph', Boolean(g && g.nodes.length));
  setText(ui.toggle, g ? 'hide the graph' : 'show the graph');
  if (!g) return pauseGraph();
  const drawn = g.nodes.length > 0;
  ui.controls.hidden = !drawn;
  ui.scroll.hidden = !drawn;
  setText(ui.message, g.message ?? '');
  ui.message.hidden = !g.message;
  setText(ui.step, drawn ? `step ${g.step} of ${g.steps} · ${g.phase}` : '');
  setText(ui.explain, g.explain);
  showFormula(g);
  if (!drawn) return;
  const room = ui.scroll.clientWidth || 300;
  const cap = MAX_SIDE / dpr();
  const width = Math.min(cap, Math.max(room, g.layers * Math.min(COLUMN, Math.max(NARROWEST, Math.floor(room / g.layers)))));
  const height = Math.min(cap, Math.max(90, g.rows * ROW));
  if (ui.canvas.style.width !== `${width}px`) ui.canvas.style.width = `${width}px`;
  if (ui.canvas.style.height !== `${height}px`) ui.canvas.style.height = `${height}px`;
  const [w, h] = [Math.round(width * dpr()), Math.round(height * dpr())];
  if (ui.canvas.width !== w || ui.canvas.height !== h) {
    ui.canvas.width = w;
    ui.canvas.height = h;
  }
  // Drawn again only when what it shows changed: a frame of the map (a pan, a descent step that
  // leaves the graph's point) need not redraw the graph.
  const key = `${w}×${h}@${dpr()}:${s.theme}:${JSON.stringify(g)}`;
  if (key === drawnKey) return;
  if (guard(() => engine.renderGraph(ui.canvas, dpr()), false)) drawnKey = key;
}


/** f with the clicked node's subexpression marked (text nodes only, never HTML). */
function showFormula(g) {
  const key = `${g.formula}|${g.highlight}`;
  if (ui.formula.dataset.key === key) return;
  ui.formula.dataset.key = key;
  const [a, b] = g.highlight ?? [0, 0];
  // Byte offsets from the core: slice the UTF-8 bytes, then decode each part.
  const bytes = new TextEncoder().encode(g.formula);
  const part = (from, to) => new TextDecoder().decode(bytes.slice(from, to));
  const children = g.highlight
    ? [part(0, a), el('mark', {}, part(a, b)), part(b, bytes.length)]
    : [g.formula];
  ui.formula.replaceChildren('f = ', ...children);
}
