//! The computational-graph panel's state: open or not, the pass's step, the clicked node, and
//! the graph of the function shown (built once per function, laid out once).

use crate::app::App;
use crate::compute::geometry::PlotRect;
use crate::eval::dag::{Dag, Kind};
use crate::view::readouts::honest_gradient;
use crate::view::network::{layout, network, too_large, Layout, NetworkInfo, NetworkScene};

/// The graph panel.
#[derive(Debug, Clone, Default)]
pub struct GraphPanel {
    /// Whether the panel is open (`graph=1`).
    pub open: bool,
    /// The step shown; `None` is the last (both passes done), which a new function starts at.
    step: Option<usize>,
    /// The clicked node.
    selected: Option<usize>,
    /// The graph of the model of this session version, or its size when too large.
    cache: Option<(u64, Result<(Dag, Layout), usize>)>,
    /// Each node's box as last drawn, in canvas pixels.
    boxes: Vec<PlotRect>,
}

impl App {
    /// Opens or closes the computational-graph panel.
    pub fn show_graph(&mut self, open: bool) {
        self.graph.open = open;
    }

    /// Shows step `step` of the passes (clamped; past the end is "done").
    pub fn set_graph_step(&mut self, step: usize) {
        self.graph.step = Some(step);
        self.graph.selected = None;
    }

    /// Selects node `id` (`None` clears the selection).
    pub fn select_graph_node(&mut self, id: Option<usize>) {
        self.graph.selected = id;
    }

    /// Selects the node under a pixel of the graph canvas as last drawn, or clears the
    /// selection when there is none; returns the node.
    pub fn pick_graph_node(&mut self, px: f64, py: f64) -> Option<usize> {
        let hit = self.graph.boxes.iter().position(|b| px >= b.left && px <= b.left + b.width && py >= b.top && py <= b.top + b.height);
        self.graph.selected = hit;
        hit
    }

    /// Records where the nodes were drawn.
    pub fn set_graph_boxes(&mut self, boxes: Vec<PlotRect>) {
        self.graph.boxes = boxes;
    }

    /// Where the passes are evaluated: the descent's current iterate while runs are shown (so
    /// the graph follows the descent), else the selected point.
    fn graph_point(&self) -> Vec<f64> {
        let frame = self.lab.frame;
        match self.lab.runs.first().and_then(|r| r.path.get(frame.min(r.path.len().saturating_sub(1)))) {
            Some(theta) => theta.clone(),
            None => self.selection.point.clone(),
        }
    }

    /// The panel's scene and `state().graph`, when the panel is open and a function is shown.
    pub fn graph_view(&mut self) -> Option<(Option<NetworkScene>, NetworkInfo)> {
        if !self.graph.open {
            return None;
        }
        let model = self.session.model()?;
        let version = self.session.version();
        if self.graph.cache.as_ref().is_none_or(|(v, _)| *v != version) {
            let built = Dag::build(&model.parsed.expr, &model.parsed.vars).map(|dag| {
                let laid = layout(&dag);
                (dag, laid)
            });
            self.graph.cache = Some((version, built));
            self.graph.step = None;
            self.graph.selected = None;
        }
        let point = self.graph_point();
        match self.graph.cache.as_ref()? {
            (_, Ok((dag, laid))) => {
                let mut sweep = dag.sweep(&point);
                // An input's adjoint is its gradient entry, so it is undefined where that is: at
                // a kink the sweep would give the formula's sign(0) = 0, as the partial would.
                let (value, exact) = model.value_grad_at(&point);
                let honest = honest_gradient(|p| model.value.eval1(p), &point, value, &exact, &model.parsed.vars);
                for (node, adjoint) in dag.nodes.iter().zip(sweep.adjoints.iter_mut()) {
                    if let Kind::Input(i) = node.kind {
                        if !honest.gradient.get(i).is_some_and(|g| g.is_finite()) {
                            *adjoint = f64::NAN;
                        }
                    }
                }
                let step = self.graph.step.unwrap_or(2 * dag.len());
                let (scene, info) = network(dag, laid, &sweep, &point, step, self.graph.selected);
                Some((Some(scene), info))
            }
            (_, Err(size)) => Some((None, too_large(*size, &point))),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::App;

    #[test]
    fn the_panel_steps_through_both_passes_of_the_neuron() {
        let mut app = App::new();
        assert!(app.snapshot().graph.is_none(), "closed by default");
        app.show_graph(true);
        app.set_expression("(0.8 - sigmoid(2w + b))^2").expect("reads");
        app.set_point(&[0.5, -1.0]);
        let g = app.snapshot().graph.expect("open");
        assert_eq!((g.size, g.steps, g.step, g.phase), (9, 18, 18, "done"));
        let s = app.snapshot();
        let gradient = s.gradient.expect("defined");
        for (i, name) in ["w", "b"].iter().enumerate() {
            let node = g.nodes.iter().find(|n| n.label == *name).expect("an input");
            assert!((node.adjoint - gradient[i]).abs() < 1e-15, "{name}");
        }
        app.set_graph_step(0);
        assert_eq!(app.snapshot().graph.expect("open").phase, "start");
        app.set_graph_step(9);
        let g = app.snapshot().graph.expect("open");
        assert_eq!((g.phase, g.current), ("forward", g.output));
        app.set_graph_step(10);
        assert_eq!(app.snapshot().graph.expect("open").explain, "Backward: ∂f/∂f = 1 at the output (0.8 - sigmoid(2*w + b))^2.");
        // The link keeps the panel open.
        assert!(app.link_pairs().contains(&("graph".to_string(), "1".to_string())));
        let mut again = App::new();
        again.apply_link(&app.link_pairs());
        assert!(again.snapshot().graph.is_some());
    }

    #[test]
    fn with_descent_the_graph_follows_the_iterate() {
        let mut app = App::new();
        app.show_graph(true);
        app.set_expression("(0.8 - sigmoid(2w + b))^2").expect("reads");
        let request = crate::app::lab::DescentRequest { start: Some(vec![0.5, -1.0]), steps: Some(50.0), ..Default::default() };
        app.run_descent(&request).expect("runs");
        app.set_descent_frame(10);
        let s = app.snapshot();
        let g = s.graph.expect("open");
        let iterate = s.descent[0].path[10].clone();
        assert_eq!(g.point, iterate);
        assert_eq!(g.nodes[g.output.expect("drawn")].value, s.descent[0].losses[10]);
    }

    #[test]
    fn a_huge_function_gets_a_message_not_a_graph() {
        let mut app = App::new();
        app.show_graph(true);
        let big: Vec<String> = (1..=120).map(|k| format!("sin({k}x)")).collect();
        app.set_expression(&big.join(" + ")).expect("reads");
        let g = app.snapshot().graph.expect("open");
        assert!(g.nodes.is_empty() && g.output.is_none());
        assert!(g.message.expect("a message").contains("more than the 200"));
    }

    #[test]
    fn the_neuron_preset_descends_to_its_minimum_and_the_graph_follows() {
        let mut app = App::new();
        app.show_graph(true);
        app.set_expression(crate::app::catalogue::NEURON).expect("reads");
        let request = crate::app::lab::DescentRequest {
            start: Some(vec![-2.5, 2.5]),
            steps: Some(2000.0),
            shared: crate::app::lab::SettingsRequest { lr: Some(2.0), ..Default::default() },
            ..Default::default()
        };
        app.run_descent(&request).expect("runs");
        let runs = app.lab.infos();
        assert_eq!(runs[0].status, "converged", "{:?}", runs[0].message);
        let end = runs[0].path.last().expect("a path").clone();
        // σ(2w + b) = 0.9 and σ(b − w) = 0.2: 2w + b = ln 9, b − w = −ln 4.
        let (w, b) = ((9f64.ln() + 4f64.ln()) / 3.0, (9f64.ln() - 2.0 * 4f64.ln()) / 3.0);
        assert!((end[0] - w).abs() < 1e-3 && (end[1] - b).abs() < 1e-3, "{end:?}");
        app.set_descent_frame(usize::MAX);
        let g = app.snapshot().graph.expect("open");
        assert_eq!(g.point, end);
        // w feeds 2w and b − w: its backward step sums two contributions.
        let wnode = g.nodes.iter().position(|n| n.label == "w").expect("w");
        app.set_graph_step(g.steps - wnode);
        let explain = app.snapshot().graph.expect("open").explain;
        assert!(explain.contains("w feeds 2 nodes"), "{explain}");
    }

    #[test]
    fn at_a_kink_the_inputs_adjoint_is_undefined_like_the_gradient() {
        let mut app = App::new();
        app.show_graph(true);
        app.set_expression("abs(x) + y").expect("reads");
        app.set_point(&[0.0, 1.0]);
        let s = app.snapshot();
        let g = s.graph.expect("open");
        let adjoint = |name: &str| g.nodes.iter().find(|n| n.label == name).map(|n| n.adjoint).expect("an input");
        assert!(s.gradient.expect("f is defined")[0].is_nan());
        assert!(adjoint("x").is_nan());
        assert_eq!(adjoint("y"), 1.0);
    }
}
