//! The computational-graph panel: a layered layout of f's DAG, what each step of the forward
//! and backward pass shows, and the panel's part of `state()`.
//!
//! The layout is Sugiyama, Tagawa & Toda's (1981, "Methods for visual understanding of
//! hierarchical system structures", IEEE Trans. SMC 11(2)): layers by longest path from the
//! inputs (inputs and constants in the first column, f in the last), long edges split by dummy
//! vertices so every segment joins neighbouring layers, then barycenter ordering, sweeping
//! down and up the layers and keeping the order with the fewest crossings.
//!
//! Steps: 0 shows nothing computed; steps 1..=n compute one node's value each, in topological
//! order (the forward pass); steps n+1..=2n give one node's adjoint each, from f back to the
//! inputs (the backward pass). A node's adjoint is pulled from its readers, so at a fan-out the
//! step shows the sum of their contributions: the multivariable chain rule.

use serde::Serialize;

use crate::eval::dag::{Dag, Kind, Sweep, MAX_NODES};

/// Where every node and edge goes: columns are layers, rows positions within a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Each node's layer (column).
    pub layer: Vec<usize>,
    /// Each node's row, centred in its column (fractional when the column is short).
    pub row: Vec<f64>,
    /// Number of layers.
    pub layers: usize,
    /// Rows of the tallest layer.
    pub rows: usize,
    /// Each edge as (from node, to node, operand slot, the (layer, row) of its dummy vertices).
    pub edges: Vec<(usize, usize, usize, Vec<[f64; 2]>)>,
    /// Crossings between neighbouring layers, counted over segments.
    pub crossings: usize,
}

/// Barycenter sweeps tried (each one down and one up the layers).
const SWEEPS: usize = 12;

/// Lays out `dag` in layers (see the module's note).
pub fn layout(dag: &Dag) -> Layout {
    let n = dag.len();
    let mut layer = vec![0usize; n];
    for (i, node) in dag.nodes.iter().enumerate() {
        // Topological order: inputs were placed already.
        layer[i] = node.inputs.iter().map(|&a| layer[a] + 1).max().unwrap_or(0);
    }
    let layers = layer.iter().max().map_or(0, |&l| l + 1);
    // Vertices: the nodes, then dummies; segments join layer l to l + 1.
    let mut vertex_layer = layer.clone();
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut chains: Vec<(usize, usize, usize, Vec<usize>)> = Vec::new();
    for (to, node) in dag.nodes.iter().enumerate() {
        for (slot, &from) in node.inputs.iter().enumerate() {
            let mut previous = from;
            let mut dummies = Vec::new();
            for l in layer[from] + 1..layer[to] {
                let d = vertex_layer.len();
                vertex_layer.push(l);
                segments.push((previous, d));
                dummies.push(d);
                previous = d;
            }
            segments.push((previous, to));
            chains.push((from, to, slot, dummies));
        }
    }
    // Neighbours of each vertex in the layer before and after, and the segments leaving each layer.
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); vertex_layer.len()];
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); vertex_layer.len()];
    let mut leaving: Vec<Vec<(usize, usize)>> = vec![Vec::new(); layers];
    for &(a, b) in &segments {
        before[b].push(a);
        after[a].push(b);
        leaving[vertex_layer[a]].push((a, b));
    }
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (v, &l) in vertex_layer.iter().enumerate() {
        order[l].push(v);
    }
    let mut position = vec![0.0f64; vertex_layer.len()];
    let place = |order: &[Vec<usize>], position: &mut [f64]| {
        for column in order {
            for (k, &v) in column.iter().enumerate() {
                position[v] = k as f64;
            }
        }
    };
    place(&order, &mut position);
    let mut best = (count_crossings(&leaving, &position), order.clone());
    for _ in 0..SWEEPS {
        for l in 1..layers {
            reorder(&mut order[l], &before, &position);
            place(&order, &mut position);
        }
        for l in (0..layers.saturating_sub(1)).rev() {
            reorder(&mut order[l], &after, &position);
            place(&order, &mut position);
        }
        let crossings = count_crossings(&leaving, &position);
        if crossings < best.0 {
            best = (crossings, order.clone());
        }
        if best.0 == 0 {
            break;
        }
    }
    let (crossings, order) = best;
    let rows = order.iter().map(Vec::len).max().unwrap_or(0);
    // Each column centred on the tallest.
    for column in &order {
        let offset = (rows - column.len()) as f64 / 2.0;
        for (k, &v) in column.iter().enumerate() {
            position[v] = k as f64 + offset;
        }
    }
    let edges = chains
        .into_iter()
        .map(|(from, to, slot, dummies)| (from, to, slot, dummies.iter().map(|&d| [vertex_layer[d] as f64, position[d]]).collect()))
        .collect();
    Layout { row: position[..n].to_vec(), layer, layers, rows, edges, crossings }
}

/// Sorts one column by the mean position of each vertex's `neighbours` in the column before
/// (sweeping down) or after (sweeping up); a vertex without such neighbours keeps its place.
fn reorder(column: &mut [usize], neighbours: &[Vec<usize>], position: &[f64]) {
    let mut keyed: Vec<(f64, usize)> = column
        .iter()
        .map(|&v| {
            let near = &neighbours[v];
            let key = if near.is_empty() { position[v] } else { near.iter().map(|&u| position[u]).sum::<f64>() / near.len() as f64 };
            (key, v)
        })
        .collect();
    // Stable, so ties keep their order and the sweep settles.
    crate::order::sort_by_number(&mut keyed);
    for (slot, (_, v)) in column.iter_mut().zip(keyed) {
        *slot = v;
    }
}

/// Pairs of segments between the same two layers whose ends are in opposite orders (`leaving`
/// holds each layer's segments; a layer has at most two per node, so this stays small).
fn count_crossings(leaving: &[Vec<(usize, usize)>], position: &[f64]) -> usize {
    let mut count = 0;
    for segments in leaving {
        for (i, &(a, b)) in segments.iter().enumerate() {
            for &(c, d) in &segments[i + 1..] {
                if (position[a] - position[c]) * (position[b] - position[d]) < 0.0 {
                    count += 1;
                }
            }
        }
    }
    count
}

/// How a node is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    /// Nothing special.
    Plain,
    /// The node this step computed.
    Current,
    /// A node read by the current step (its inputs forward, its readers backward).
    Feeding,
    /// The node the learner clicked.
    Selected,
    /// Inside the clicked node's subexpression.
    Part,
}

/// A node as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeView {
    /// (column, row) in layout units.
    pub at: [f64; 2],
    /// The operation, variable or constant.
    pub label: String,
    /// `v = …` once the forward pass reached it.
    pub value: Option<String>,
    /// `∂ = …` once the backward pass reached it.
    pub adjoint: Option<String>,
    /// An input (a variable) or the output, drawn with a heavier frame.
    pub end: bool,
    /// How it is highlighted.
    pub emphasis: Emphasis,
}

/// An edge as drawn: from its source to its reader, through its dummy vertices.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeView {
    /// Source node.
    pub from: usize,
    /// Reader node.
    pub to: usize,
    /// Dummy vertices in between, (column, row).
    pub via: Vec<[f64; 2]>,
    /// The local derivative ∂reader/∂source, once the reader's value is known.
    pub label: Option<String>,
    /// Part of the current step.
    pub active: bool,
}

/// What the graph panel draws.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkScene {
    /// Columns.
    pub layers: usize,
    /// Rows of the tallest column.
    pub rows: usize,
    /// Nodes in the DAG's order.
    pub nodes: Vec<NodeView>,
    /// Edges.
    pub edges: Vec<EdgeView>,
}

/// One node in `state().graph`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NodeInfo {
    /// Its index.
    pub id: usize,
    /// Operation id (`add`, `mul`, `sin`, `input`, `const`, …).
    pub op: &'static str,
    /// What the node shows.
    pub label: String,
    /// The nodes it reads.
    pub inputs: Vec<usize>,
    /// Its value at the point (forward pass); `null` where undefined.
    pub value: f64,
    /// ∂f/∂node at the point (backward pass); `null` where undefined.
    pub adjoint: f64,
    /// Its subexpression.
    pub text: String,
    /// Its column.
    pub layer: usize,
    /// Its row (centred in its column, so fractional in a short one).
    pub row: f64,
}

/// `state().graph` (INTERFACE.md §3), with the panel's step and what it says.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NetworkInfo {
    /// Nodes in topological order; empty when the graph is too large to draw.
    pub nodes: Vec<NodeInfo>,
    /// The node that is f; `null` when the graph is too large.
    pub output: Option<usize>,
    /// Where the passes are evaluated: the point, or the descent's current iterate.
    pub point: Vec<f64>,
    /// The step shown (0 to `steps`).
    pub step: usize,
    /// 2 × the number of nodes: a forward and a backward step per node.
    pub steps: usize,
    /// `start`, `forward`, `backward` or `done`.
    pub phase: &'static str,
    /// The node the step computed.
    pub current: Option<usize>,
    /// The node the learner clicked.
    pub selected: Option<usize>,
    /// What the step (or the click) computed, in words and numbers.
    pub explain: String,
    /// f printed as the graph reads it.
    pub formula: String,
    /// Byte range of the selected node's subexpression in `formula`.
    pub highlight: Option<[usize; 2]>,
    /// Columns and rows of the layout (the page sizes the canvas by them).
    pub layers: usize,
    /// Rows of the tallest column.
    pub rows: usize,
    /// Number of nodes of f's graph.
    pub size: usize,
    /// Most nodes drawn.
    pub limit: usize,
    /// Why nothing is drawn (too many nodes), or `null`.
    pub message: Option<String>,
}

/// Which nodes a step has computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Nodes with their values: 0..valued.
    pub valued: usize,
    /// Nodes with their adjoints: from this index on.
    pub adjointed_from: usize,
    /// The node computed at this step.
    pub current: Option<usize>,
    /// Whether the step is in the backward pass.
    pub backward: bool,
}

impl Progress {
    /// Step `step` of a graph of `n` nodes (clamped to 2n).
    pub fn at(step: usize, n: usize) -> Progress {
        let step = step.min(2 * n);
        if step <= n {
            Progress { valued: step, adjointed_from: n, current: step.checked_sub(1), backward: false }
        } else {
            let from = 2 * n - step;
            Progress { valued: n, adjointed_from: from, current: Some(from), backward: true }
        }
    }
}

/// A number as a node shows it: four significant digits, "undefined" for NaN and ±∞.
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        return "undefined".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor();
    if !(-4.0..4.0).contains(&magnitude) {
        let s = format!("{v:.3e}");
        return match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
            None => s,
        };
    }
    let decimals = (3.0 - magnitude).max(0.0) as usize;
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" { "0".into() } else { s }
}

/// The panel at `step` with node `selected` clicked: its scene and its `state()`. `defined`
/// says whether f exists at the point; where it does not, no adjoint is shown (nothing derived
/// from an undefined f is).
pub fn network(dag: &Dag, layout: &Layout, sweep: &Sweep, point: &[f64], step: usize, selected: Option<usize>) -> (NetworkScene, NetworkInfo) {
    let n = dag.len();
    let progress = Progress::at(step, n);
    let defined = sweep.values.get(dag.output).is_some_and(|v| v.is_finite());
    let adjoint_of = |i: usize| if defined { sweep.adjoints[i] } else { f64::NAN };
    let selected = selected.filter(|&s| s < n);
    let parts = selected.map(|s| subtree(dag, s)).unwrap_or_default();
    let current = progress.current;
    let feeding: Vec<usize> = match current {
        Some(c) if progress.backward => dag.readers(c).into_iter().map(|(j, _)| j).collect(),
        Some(c) => dag.nodes[c].inputs.clone(),
        None => Vec::new(),
    };
    let nodes = dag
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            // A click wins over the step: the learner asked about that node.
            let emphasis = if Some(i) == selected {
                Emphasis::Selected
            } else if parts.contains(&i) {
                Emphasis::Part
            } else if selected.is_some() {
                Emphasis::Plain
            } else if Some(i) == current {
                Emphasis::Current
            } else if feeding.contains(&i) {
                Emphasis::Feeding
            } else {
                Emphasis::Plain
            };
            NodeView {
                at: [layout.layer[i] as f64, layout.row[i]],
                label: node.label.clone(),
                value: (i < progress.valued).then(|| format!("v = {}", short(sweep.values[i]))),
                adjoint: (i >= progress.adjointed_from).then(|| format!("∂ = {}", short(adjoint_of(i)))),
                end: matches!(node.kind, Kind::Input(_)) || i == dag.output,
                emphasis,
            }
        })
        .collect();
    let edges = layout
        .edges
        .iter()
        .map(|(from, to, slot, via)| EdgeView {
            from: *from,
            to: *to,
            via: via.clone(),
            label: (*to < progress.valued).then(|| short(sweep.locals[*to][*slot])),
            active: match current {
                Some(c) if progress.backward => *from == c,
                Some(c) => *to == c,
                None => false,
            },
        })
        .collect();
    let formula = dag.nodes.get(dag.output).map(|o| o.text.clone()).unwrap_or_default();
    let highlight = selected.and_then(|s| {
        let text = &dag.nodes[s].text;
        formula.find(text.as_str()).map(|start| [start, start + text.len()])
    });
    let explain = match (selected, current) {
        (Some(s), _) => describe_node(dag, sweep, s, defined),
        (None, Some(c)) if progress.backward => explain_backward(dag, sweep, c, defined),
        (None, Some(c)) => explain_forward(dag, sweep, c),
        (None, None) => "Step through the forward pass: each node's value from its inputs, in order.".to_string(),
    };
    let phase = if step == 0 {
        "start"
    } else if !progress.backward {
        "forward"
    } else if progress.adjointed_from == 0 {
        "done"
    } else {
        "backward"
    };
    let info = NetworkInfo {
        nodes: dag
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| NodeInfo {
                id: i,
                op: node.op,
                label: node.label.clone(),
                inputs: node.inputs.clone(),
                value: sweep.values[i],
                adjoint: adjoint_of(i),
                text: node.text.clone(),
                layer: layout.layer[i],
                row: layout.row[i],
            })
            .collect(),
        output: Some(dag.output),
        point: point.to_vec(),
        step: step.min(2 * n),
        steps: 2 * n,
        phase,
        current,
        selected,
        explain,
        formula,
        highlight,
        layers: layout.layers,
        rows: layout.rows,
        size: n,
        limit: MAX_NODES,
        message: None,
    };
    (NetworkScene { layers: layout.layers, rows: layout.rows, nodes, edges }, info)
}

/// `state().graph` for a function whose graph has `size` nodes, more than the panel draws.
pub fn too_large(size: usize, point: &[f64]) -> NetworkInfo {
    NetworkInfo {
        nodes: Vec::new(),
        output: None,
        point: point.to_vec(),
        step: 0,
        steps: 0,
        phase: "start",
        current: None,
        selected: None,
        explain: String::new(),
        formula: String::new(),
        highlight: None,
        layers: 0,
        rows: 0,
        size,
        limit: MAX_NODES,
        message: Some(format!("This function's graph has {size} nodes, more than the {MAX_NODES} the panel can show readably: try a shorter function.")),
    }
}

/// Node `i` and every node its value is computed from.
fn subtree(dag: &Dag, i: usize) -> Vec<usize> {
    let mut seen = vec![false; dag.len()];
    let mut stack = vec![i];
    while let Some(k) = stack.pop() {
        if !seen[k] {
            seen[k] = true;
            stack.extend(dag.nodes[k].inputs.iter().copied());
        }
    }
    (0..dag.len()).filter(|&k| seen[k]).collect()
}

/// The operation written out with its inputs' values: `1 × 2`, `sin(2)`, `(0.3)²`.
fn with_values(dag: &Dag, sweep: &Sweep, i: usize) -> String {
    let node = &dag.nodes[i];
    let arg = |k: usize| node.inputs.get(k).map_or_else(String::new, |&a| short(sweep.values[a]));
    match node.op {
        "input" | "const" => node.label.clone(),
        "add" | "sub" | "mul" | "div" => format!("{} {} {}", arg(0), node.label, arg(1)),
        "pow" => format!("{}^{}", arg(0), arg(1)),
        "neg" => format!("−({})", arg(0)),
        "square" | "powi" => node.label.replace("( )", &format!("({})", arg(0))),
        name if node.inputs.len() == 2 => format!("{name}({}, {})", arg(0), arg(1)),
        name => format!("{name}({})", arg(0)),
    }
}

fn explain_forward(dag: &Dag, sweep: &Sweep, c: usize) -> String {
    let node = &dag.nodes[c];
    let value = short(sweep.values[c]);
    match node.kind {
        Kind::Input(_) => format!("Forward: the input {} = {value}.", node.label),
        Kind::Constant => format!("Forward: the constant {value}."),
        Kind::Operation => {
            let end = if c == dag.output { " This is f: the forward pass is done." } else { "" };
            format!("Forward: {} = {} = {value}.{end}", node.text, with_values(dag, sweep, c))
        }
    }
}

fn explain_backward(dag: &Dag, sweep: &Sweep, c: usize, defined: bool) -> String {
    let node = &dag.nodes[c];
    if !defined {
        return "f is undefined at this point, so it has no derivatives here.".to_string();
    }
    if c == dag.output {
        return format!("Backward: ∂f/∂f = 1 at the output {}.", node.text);
    }
    let readers = dag.readers(c);
    let terms: Vec<String> = readers
        .iter()
        .map(|&(j, k)| format!("{} · {}", factor(sweep.adjoints[j]), factor(sweep.locals[j][k])))
        .collect();
    let rule = if readers.len() > 1 { format!("Σ over its {} readers of ∂f/∂reader × local derivative", readers.len()) } else { "∂f/∂reader × local derivative".to_string() };
    let sum = short(sweep.adjoints[c]);
    let name = match node.kind {
        Kind::Input(_) | Kind::Constant => node.label.clone(),
        _ => format!("({})", node.text),
    };
    let fan = if readers.len() > 1 {
        format!(" {} feeds {} nodes, so their contributions add: the multivariable chain rule.", node.text, readers.len())
    } else {
        String::new()
    };
    let gradient = if matches!(node.kind, Kind::Input(_)) { format!(" This is ∂f/∂{}, the gradient entry.", node.label) } else { String::new() };
    format!("Backward: ∂f/∂{name} = {rule} = {} = {sum}.{fan}{gradient}", terms.join(" + "))
}

/// A number in a product: negative ones in parentheses.
fn factor(v: f64) -> String {
    if v < 0.0 { format!("({})", short(v)) } else { short(v) }
}

/// Paths written out for a clicked node, at most.
const MAX_PATHS: usize = 4;

/// The clicked node: its value, its adjoint, and the chain rule along its paths to f (each
/// path the product of its edges' local derivatives; the adjoint is their sum).
fn describe_node(dag: &Dag, sweep: &Sweep, s: usize, defined: bool) -> String {
    let node = &dag.nodes[s];
    let head = format!("{} = {}", node.text, short(sweep.values[s]));
    let name = if matches!(node.kind, Kind::Input(_)) { node.text.clone() } else { format!("({})", node.text) };
    if !defined || !sweep.adjoints[s].is_finite() {
        return format!("{head}; ∂f/∂{name} is undefined here.");
    }
    let adjoint = short(sweep.adjoints[s]);
    if s == dag.output {
        return format!("{head}; this is f, so ∂f/∂f = 1.");
    }
    // Paths to f, counted without listing them (a DAG can have very many).
    let mut count = vec![0u64; dag.len()];
    count[dag.output] = 1;
    for i in (0..dag.len()).rev() {
        for &input in &dag.nodes[i].inputs {
            count[input] = count[input].saturating_add(count[i]);
        }
    }
    let mut products = Vec::new();
    let mut stack = vec![(s, Vec::<String>::new())];
    while let Some((at, factors)) = stack.pop() {
        if products.len() >= MAX_PATHS {
            break;
        }
        if at == dag.output {
            products.push(if factors.is_empty() { "1".to_string() } else { factors.join(" · ") });
            continue;
        }
        for (j, k) in dag.readers(at).into_iter().rev() {
            let mut next = factors.clone();
            next.push(factor(sweep.locals[j][k]));
            stack.push((j, next));
        }
    }
    let total = count[s];
    let more = if total > products.len() as u64 { format!(" + … ({total} paths in all)") } else { String::new() };
    let paths = if total == 1 { "its one path to f".to_string() } else { format!("its {total} paths to f") };
    format!("{head}; ∂f/∂{name} = the local derivatives multiplied along {paths}, summed: {}{more} = {adjoint}.", products.join(" + "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::model::Model;

    fn graph(text: &str) -> (Dag, Layout) {
        let model = Model::new(text).expect("reads");
        let dag = Dag::build(&model.parsed.expr, &model.parsed.vars).expect("small");
        let layout = layout(&dag);
        (dag, layout)
    }

    #[test]
    fn inputs_are_on_the_left_and_f_on_the_right() {
        let (dag, layout) = graph("sin(xy) + cos(xy)");
        assert_eq!(layout.layer, [0, 0, 1, 2, 2, 3]);
        assert_eq!(layout.layers, 4);
        assert_eq!(layout.rows, 2);
        assert_eq!(layout.crossings, 0);
        assert_eq!(layout.layer[dag.output], layout.layers - 1);
    }

    #[test]
    fn long_edges_pass_through_dummies_and_barycenters_untangle() {
        // The constant 2 is read in the last layer: its edge has dummies in every layer between.
        let (dag, layout) = graph("sin(cos(tan(x))) * 2");
        let two = dag.nodes.iter().position(|n| n.label == "2").expect("a 2");
        let edge = layout.edges.iter().find(|e| e.0 == two).expect("its edge");
        assert_eq!(edge.3.len(), layout.layer[edge.1] - layout.layer[two] - 1);
        assert_eq!(layout.crossings, 0);
        // The neuron loss with two data points: w and b each feed both neurons, and 2w + b
        // joins 2w with b while b − w sits between them, so one crossing is unavoidable.
        let (_, layout) = graph("(0.9 - σ(2w + b))^2 + (0.2 - σ(b - w))^2");
        assert_eq!(layout.crossings, 1, "{layout:?}");
    }

    #[test]
    fn the_largest_graphs_lay_out_quickly() {
        // Near the limit: a sum of products, each reading x from the first column.
        let terms: Vec<String> = (1..=38).map(|k| format!("sin({k}x + y)")).collect();
        let (dag, _) = graph(&terms.join(" + "));
        assert!(dag.len() > 150 && dag.len() <= MAX_NODES, "{}", dag.len());
        let start = std::time::Instant::now();
        let laid = layout(&dag);
        // Loose for a debug build on a busy machine.
        assert!(start.elapsed().as_millis() < 1500, "{:?}", start.elapsed());
        assert_eq!(laid.layer[dag.output], laid.layers - 1);
    }

    #[test]
    fn steps_fill_values_then_adjoints() {
        let (dag, layout) = graph("sin(xy) + cos(xy)");
        let sweep = dag.sweep(&[1.0, 2.0]);
        let n = dag.len();
        let (scene, info) = network(&dag, &layout, &sweep, &[1.0, 2.0], 0, None);
        assert!(scene.nodes.iter().all(|v| v.value.is_none() && v.adjoint.is_none()));
        assert_eq!(info.phase, "start");
        let (scene, info) = network(&dag, &layout, &sweep, &[1.0, 2.0], 3, None);
        assert_eq!(info.current, Some(2));
        assert_eq!(info.explain, "Forward: x*y = 1 × 2 = 2.");
        assert_eq!(scene.nodes.iter().filter(|v| v.value.is_some()).count(), 3);
        let (_, info) = network(&dag, &layout, &sweep, &[1.0, 2.0], n, None);
        assert!(info.explain.ends_with("the forward pass is done."), "{}", info.explain);
        // The backward step at x·y sums the contributions of sin and cos.
        let (scene, info) = network(&dag, &layout, &sweep, &[1.0, 2.0], 2 * n - 2, None);
        assert_eq!(info.phase, "backward");
        assert_eq!(info.current, Some(2));
        assert_eq!(info.explain, "Backward: ∂f/∂(x*y) = Σ over its 2 readers of ∂f/∂reader × local derivative = 1 · (-0.4161) + 1 · (-0.9093) = -1.325. x*y feeds 2 nodes, so their contributions add: the multivariable chain rule.");
        assert_eq!(scene.edges.iter().filter(|e| e.active).count(), 2);
        let (_, info) = network(&dag, &layout, &sweep, &[1.0, 2.0], 2 * n, None);
        assert_eq!(info.phase, "done");
        assert!(info.explain.ends_with("This is ∂f/∂x, the gradient entry."), "{}", info.explain);
    }

    #[test]
    fn a_clicked_node_highlights_its_subexpression() {
        let (dag, layout) = graph("x^2y + sin(xy)");
        let sweep = dag.sweep(&[1.0, 2.0]);
        let sin = dag.nodes.iter().position(|n| n.label == "sin").expect("sin");
        let (scene, info) = network(&dag, &layout, &sweep, &[1.0, 2.0], 2 * dag.len(), Some(sin));
        assert_eq!(info.formula, "x^2*y + sin(x*y)");
        assert_eq!(info.highlight, Some([8, 16]));
        assert_eq!(scene.nodes.iter().filter(|n| n.emphasis == Emphasis::Part).count(), 3);
        assert_eq!(info.explain, "sin(x*y) = 0.9093; ∂f/∂(sin(x*y)) = the local derivatives multiplied along its one path to f, summed: 1 = 1.");
        // x reaches f through x² (2x = 2, then y = 2) and through x·y (y = 2, then cos 2):
        // ∂f/∂x = 2xy + y·cos(xy) = 4 + 2 cos 2.
        let (_, info) = network(&dag, &layout, &sweep, &[1.0, 2.0], 2 * dag.len(), Some(0));
        assert_eq!(info.explain, "x = 1; ∂f/∂x = the local derivatives multiplied along its 2 paths to f, summed: 2 · 2 · 1 + 2 · (-0.4161) · 1 = 3.168.");
    }

    #[test]
    fn numbers_are_short_and_undefined_is_said() {
        assert_eq!(short(0.817574), "0.8176");
        assert_eq!(short(-1.325444), "-1.325");
        assert_eq!(short(2.0), "2");
        assert_eq!(short(123456.0), "1.235e5");
        assert_eq!(short(1234.6), "1235");
        assert_eq!(short(1e-7), "1e-7");
        assert_eq!(short(f64::NAN), "undefined");
        assert_eq!(short(-0.00001), "-1e-5");
    }
}
