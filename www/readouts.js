// Readouts built once per structure and updated in place. A readout is described as a small tree
// of plain objects: text leaves are values (set with textContent on later frames), MathML leaves
// and the shape are structure (a change rebuilds the DOM). Building the MathML of a long formula
// costs far more than a frame, so it happens only when the formula changes.

/** An element of a readout tree; children are strings (values), `math()` or more elements. */
export const h = (tag, className, ...children) => ({ tag, className, children: children.filter((c) => c !== null) });

/** MathML from the Rust printer: only MathML tags, numbers, function names and single-letter
 *  variables, never text from the URL or the field. */
export const math = (markup) => ({ math: String(markup ?? '') });

/** A derivative as typeset MathML, or, when the engine found it too long to typeset (its
 *  MathML is null), as its text: the first characters, and the whole of it on request. */
function formula(markup, text) {
  if (typeof markup === 'string') return math(markup);
  return folded(String(text ?? ''));
}

/** A text past a few lines: its first characters, and the whole of it on request (closed, it
 *  is never laid out: the 22,000 characters of (x+1)…(x+50)'s first step cost 13 ms a frame). */
function folded(whole, head = 60) {
  return h('details', 'long-formula', h('summary', '', `${whole.slice(0, head)}… (${whole.length} characters)`), h('code', '', whole));
}
/** Characters past which a derivation step is folded. */
const LONG_STEP = 240;

/** A number for a readout: `digits` significant digits without trailing zeros; "undefined" for null. */
export function fmt(v, digits = 6) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'undefined';
  const [mantissa, exponent] = v.toPrecision(digits).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent ? `${m}e${exponent}` : m;
}
export const vec = (vs) => (Array.isArray(vs) ? `[${vs.map((v) => fmt(v)).join(', ')}]` : 'undefined');

const built = new WeakMap(); // container → [{key, texts}] per top-level node

/** Shows `nodes` in `container`: each top-level node is rebuilt when its structure changed (a
 *  new critical point rebuilds its list, not the typeset partials above it), else only its
 *  changed texts are set. */
export function patch(container, nodes) {
  let before = built.get(container) || [];
  // Built elsewhere or changed since (a first call): start again.
  if (container.childNodes.length !== before.length || before.some((b) => b.element.parentNode !== container)) {
    container.replaceChildren();
    before = [];
  }
  const after = nodes.map((node, i) => {
    const values = [];
    const key = keyOf(node, values);
    const old = before[i];
    if (old && old.key === key) {
      values.forEach((v, k) => { if (old.texts[k].data !== v) old.texts[k].data = v; });
      return old;
    }
    const texts = [];
    const element = build(node, texts);
    // An open <details> (a block itself, or inside one) stays open across a rebuild.
    const open = old ? detailsIn(old.element).map((d) => d.open) : [];
    detailsIn(element).forEach((d, k) => { if (open[k]) d.open = true; });
    if (old) old.element.replaceWith(element);
    else container.append(element);
    return { key, texts, element };
  });
  for (const gone of before.slice(nodes.length)) gone.element.remove();
  built.set(container, after);
}

/** The <details> elements of a top-level block, itself included. */
const detailsIn = (node) => (node.nodeType === 1 ? [...(node.matches('details') ? [node] : []), ...node.querySelectorAll('details')] : []);

function keyOf(node, values) {
  if (typeof node === 'string') {
    values.push(node);
    return '_';
  }
  if (node.math !== undefined) return `{${node.math.length}:${node.math}}`;
  return `<${node.tag}.${node.className || ''}>${node.children.map((c) => keyOf(c, values)).join('')}</>`;
}

function build(node, texts) {
  if (typeof node === 'string') {
    const text = document.createTextNode(node);
    texts.push(text);
    return text;
  }
  const element = document.createElement(node.math !== undefined ? 'span' : node.tag);
  if (node.math !== undefined) {
    element.innerHTML = node.math;
    return element;
  }
  if (node.className) element.className = node.className;
  for (const child of node.children) element.append(build(child, texts));
  return element;
}

const row = (label, value) => h('tr', '', h('td', '', ...[].concat(label)), h('td', 'num', value));

/** The readouts of snapshot `s` as a tree (see INTERFACE.md for the fields). */
export function readoutsTree(s) {
  const v = s.vars || [];
  const n = v.length;
  // A constant: no variable to plot, and said so where the learner looks (the engine's words).
  if (n === 0) return s.description ? [h('p', 'note', s.description)] : [];
  const parts = [];
  const at = `(${(s.point || []).map((p) => fmt(p, 4)).join(', ')})`;
  const partials = s.partialsMathml || [];
  parts.push(h('h2', '', `at ${at}`));
  const table = [row(`f${at}`, fmt(s.value))];
  if (n === 1) {
    table.push(row(h('span', '', `f′(${v[0]}) = `, formula(partials[0], s.partials?.[0])), fmt(s.gradient && s.gradient[0])));
    if (s.secondDerivative) table.push(row(`f″(${v[0]}) = ${s.secondDerivative}`, ''));
    parts.push(h('table', '', ...table));
    if (s.tangent) parts.push(h('p', 'note', tangentText(s, v[0])));
    if (s.secant) parts.push(...limitTree(s));
    if (s.steps && s.steps.length) {
      parts.push(h('h2', '', 'steps'));
      parts.push(h('ol', '', ...s.steps.slice(0, 12).map((st) => {
        const line = `${st.rule}: d/d${v[0]} ${st.of} = ${st.result}`;
        return h('li', '', line.length > LONG_STEP ? folded(line, 90) : line);
      })));
    }
  } else {
    v.forEach((name, i) => table.push(row(h('span', '', `∂f/∂${name} = `, formula(partials[i], s.partials?.[i])), fmt(s.gradient && s.gradient[i]))));
    table.push(row('∇f', vec(s.gradient)));
    table.push(row('‖∇f‖', fmt(s.gradientNorm)));
    parts.push(h('table', '', ...table));
    parts.push(h('h2', '', 'directional derivative'));
    parts.push(h('table', '',
      row(`u (${fmt(s.directionDegrees, 4)}°)`, vec(s.direction)),
      row('D_u f = ∇f·u', fmt(s.directionalDerivative)),
      row('= ‖∇f‖ cos θ, θ', typeof s.angleToGradient === 'number' ? `${fmt(s.angleToGradient, 4)}°` : 'undefined')));
    if (s.gradientCheck) {
      parts.push(h('h2', '', 'gradient check'));
      parts.push(h('table', '',
        row('central differences', vec(s.gradientCheck.numeric)),
        row('relative error', fmt(s.gradientCheck.relativeError, 2))));
    }
  }
  if (s.criticalPoints && s.criticalPoints.length) {
    parts.push(h('h2', '', 'critical points in view'));
    parts.push(h('ol', 'critical', ...s.criticalPoints.slice(0, 12).map((c) => h('li', '', h('button', 'go', `${KINDS[c.kind] ?? c.kind} at (${c.at.map((x) => fmt(x, 5)).join(', ')}), f = ${fmt(c.value, 5)}`)))));
  }
  for (const note of s.notices || []) parts.push(h('p', 'note bad', String(note)));
  return parts;
}

// What the kinds of critical point mean, in words.
const KINDS = {
  min: 'minimum', max: 'maximum', saddle: 'saddle',
  degenerate: 'degenerate (the second derivative test is inconclusive)',
};

// The core says whether f rises or falls (a slope within rounding of 0 is flat).
const TRENDS = { increasing: 'increasing', decreasing: 'decreasing', flat: 'flat: f′ = 0, a critical point', undefined: 'undefined here' };

/** "+ 3" or "− 3": a signed term, written as a person would. */
const signed = (v, digits) => (typeof v === 'number' && v < 0 ? `− ${fmt(-v, digits)}` : `+ ${fmt(v, digits)}`);

/** The tangent line y = f(a) + f′(a)(x − a), with its signs written out, and the trend. */
function tangentText(s, x) {
  const { slope, trend } = s.tangent;
  const a = s.point[0];
  const shift = a === 0 ? x : `${x} ${signed(-a, 4)}`;
  const line = slope === 0 ? fmt(s.value, 4) : `${fmt(s.value, 4)} ${signed(slope, 4)}·(${shift})`;
  return `tangent: y = ${line}; f is ${TRENDS[trend] ?? 'undefined here'} here`;
}

function limitTree(s) {
  const parts = [h('h2', '', 'the limit that defines f′'), h('table', '',
    row('h', fmt(s.secant.h, 3)),
    row('(f(a+h) − f(a))/h', fmt(s.secant.slope, 10)),
    row('(f(a+h) − f(a−h))/2h', fmt(s.secant.central, 10)),
    row('exact f′(a)', fmt(s.gradient && s.gradient[0], 10)),
    row('error of the secant', fmt(s.secant.error, 3)))];
  if (s.limitTable && s.limitTable.length) {
    const head = h('tr', '', ...['h', 'forward', 'error', 'central', 'error'].map((x) => h('th', '', x)));
    const rows = s.limitTable.map((r) => h('tr', '', ...[fmt(r.h, 1), fmt(r.forward, 12), fmt(r.forwardError, 2), fmt(r.central, 12), fmt(r.centralError, 2)].map((x) => h('td', 'num', x))));
    parts.push(h('details', '', h('summary', '', 'h → 0: the quotients and their errors'), h('table', 'limit', head, ...rows)));
  }
  return parts;
}

/** The lab's status lines and its table of current iterates, as trees. */
export function labTrees(s) {
  const runs = s.descent || [];
  const status = runs.map((r) => h('div', '', `${r.optimizer} (η = ${fmt(r.lr, 3)}): ${r.status} after ${r.steps} steps${r.message ? ' — ' + r.message : ''}`));
  if (s.stableLr) status.push(h('div', 'note', `stability limit of plain descent here: η < 2/λmax ≈ ${fmt(s.stableLr, 3)}`));
  // Each run holds its current iterate (index 0, iteration r.from) and the next one.
  const rows = runs.filter((r) => r.path.length).map((r) => {
    const here = r.path[0];
    const step = typeof r.stepLength === 'number' ? fmt(r.stepLength, 3) : '—';
    return h('tr', '', ...[r.optimizer, String(r.from), `(${here.map((x) => fmt(x, 4)).join(', ')})`, fmt(r.losses[0], 5), fmt(r.gradNorms[0], 4), step].map((t) => h('td', '', t)));
  });
  const table = runs.length ? [h('table', '', h('tr', '', ...['run', 'k', 'θ', 'f(θ)', '‖∇f‖', 'step'].map((t) => h('th', '', t))), ...rows)] : [];
  return { status, table };
}
