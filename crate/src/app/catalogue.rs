//! Everything the page's controls offer, once, in Rust: presets, optimizers with their colours
//! and labels, hyper-parameters with their defaults, legends, panels and limits. The page
//! builds its buttons, swatches and sliders from this and keeps no copy.

use crate::app::surface::Layout;
use crate::compute::descent::{Optimizer, Settings};
use crate::compute::regression::MAX_POINTS;
use crate::render::palette::{color_of, hex, PATH_COLORS};
use crate::view::charts::Panel;
use crate::view::scene::Style;

/// A function a button loads.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// The button's text.
    pub label: &'static str,
    /// The expression it loads.
    pub expr: &'static str,
}

/// A descent preset: each shows one thing going right or wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct LabPreset {
    /// The button's text.
    pub name: &'static str,
    /// The function (`None`: the regression lab's loss over its default data).
    pub expr: Option<&'static str>,
    /// The window, when the preset sets one.
    pub view: Option<[f64; 4]>,
    /// θ₀ (`None`: the point).
    pub start: Option<[f64; 2]>,
    /// η.
    pub lr: f64,
    /// Step budget.
    pub steps: usize,
    /// Optimizer ids raced.
    pub optimizers: &'static [&'static str],
    /// Whether colours and levels go on a log scale.
    pub log_scale: bool,
}

/// An optimizer as the lab's checkboxes show it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizerEntry {
    /// Its id in links and the API.
    pub id: &'static str,
    /// Its name for people.
    pub label: &'static str,
    /// Its path's colour, `#rrggbb`.
    pub color: String,
}

/// A hyper-parameter field of the lab.
#[derive(Debug, Clone, PartialEq)]
pub struct Hyper {
    /// Its key in the API (`beta`, `rho`, …).
    pub key: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Its default.
    pub default: f64,
}

/// A legend entry: a colour and what it marks.
pub type LegendEntry = (String, &'static str);

/// Ranges the controls offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// log10 of the smallest and largest learning rate on the slider.
    pub lr_log10: (f64, f64),
    /// Most steps a run takes.
    pub max_steps: usize,
    /// Fewest and most level curves on the slider.
    pub levels: (usize, usize),
    /// log10 of the smallest and largest h on the slider.
    pub h_log10: (f64, f64),
    /// Most regression points.
    pub max_points: usize,
    /// Longest expression, in characters.
    pub max_chars: usize,
}

/// What the page offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    /// Function presets.
    pub presets: Vec<Preset>,
    /// Descent presets.
    pub lab_presets: Vec<LabPreset>,
    /// The optimizers, in the order (and with the colours) the lab uses.
    pub optimizers: Vec<OptimizerEntry>,
    /// The lab's hyper-parameters.
    pub hyper: Vec<Hyper>,
    /// The one-variable view's legend.
    pub graph_legend: Vec<LegendEntry>,
    /// The map's legend.
    pub map_legend: Vec<LegendEntry>,
    /// Panels under the plot in one variable, in order.
    pub graph_panels: Vec<&'static str>,
    /// Panels under the plot in two or more variables, in order.
    pub map_panels: Vec<&'static str>,
    /// Panels inside the lab, in order.
    pub lab_panels: Vec<&'static str>,
    /// Ranges of the controls.
    pub limits: Limits,
    /// The layouts of the main plot for two or more variables: (id, label).
    pub layouts: Vec<(&'static str, &'static str)>,
}

/// The page's function presets.
const PRESETS: &[Preset] = &[
    Preset { label: "x² + y²", expr: "x^2 + y^2" },
    Preset { label: "course example", expr: "x^2y + 3xy^2 + y^3" },
    Preset { label: "x²y + sin(xy)", expr: "x^2y + sin(xy)" },
    Preset { label: "saddle", expr: "x^2 - y^2" },
    Preset { label: "Himmelblau", expr: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2" },
    Preset { label: "Rosenbrock", expr: "(1 - x)^2 + 100(y - x^2)^2" },
    Preset { label: "x²", expr: "x^2" },
    Preset { label: "e^(x²)", expr: "e^(x^2)" },
    Preset { label: "sin x", expr: "sin(x)" },
    Preset { label: "1/x", expr: "1/x" },
    Preset { label: "x³ − 3x", expr: "x^3 - 3x" },
    Preset { label: "neuron loss", expr: NEURON },
];

/// A neuron ŷ = σ(w·x + b) and its squared loss on two data points fixed in the text,
/// (x, y) = (2, 0.9) and (−1, 0.2): a function of (w, b) for the map, descent and the graph
/// panel, where w and b each feed both neurons (the backward pass sums at a fan-out).
/// Its minimum is 0 where σ(2w + b) = 0.9 and σ(b − w) = 0.2.
pub const NEURON: &str = "L(w, b) = (0.9 - σ(2w + b))^2 + (0.2 - σ(b - w))^2";

const ROSENBROCK: &str = "(1 - x)^2 + 100(y - x^2)^2";

/// The lab's presets.
fn lab_presets() -> Vec<LabPreset> {
    let preset = |name, expr, view, start, lr, steps, optimizers, log_scale| LabPreset { name, expr: Some(expr), view: Some(view), start: Some(start), lr, steps, optimizers, log_scale };
    vec![
        preset("Rosenbrock race", ROSENBROCK, [-2.0, 2.0, -1.0, 3.0], [-1.5, 2.0], 0.001, 3000, &["gd", "momentum", "nesterov", "rmsprop", "adam"], true),
        preset("Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", [-5.0, 5.0, -5.0, 5.0], [-0.3, -0.9], 0.005, 1000, &["gd", "momentum", "adam"], false),
        preset("Beale", "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2", [-4.5, 4.5, -4.5, 4.5], [1.0, 1.5], 0.001, 5000, &["gd", "momentum", "adam"], true),
        preset("saddle", "x^2 - y^2", [-3.0, 3.0, -3.0, 3.0], [2.5, 0.01], 0.05, 120, &["gd", "momentum"], false),
        preset("zig-zag (ill-conditioned)", "x^2 + 25y^2", [-3.0, 3.0, -1.5, 1.5], [-2.5, 1.0], 0.037, 200, &["gd", "momentum", "adam"], false),
        preset("plateau bowl", "1 - exp(-(x^2 + y^2)/2)", [-4.0, 4.0, -4.0, 4.0], [3.0, 2.5], 0.5, 400, &["gd", "momentum", "adam"], false),
        preset("η too large", ROSENBROCK, [-4.0, 4.0, -2.0, 6.0], [-3.0, 4.0], 0.01, 200, &["gd"], true),
        preset("neuron (w, b)", NEURON, [-4.0, 4.0, -4.0, 4.0], [-2.5, 2.5], 2.0, 2000, &["gd", "momentum"], false),
        LabPreset { name: "linear regression", expr: None, view: None, start: None, lr: 0.02, steps: 2000, optimizers: &["gd"], log_scale: false },
    ]
}

/// Everything the page offers.
pub fn catalogue() -> Catalogue {
    let defaults = Settings::default();
    let legend = |entries: &[(Style, &'static str)]| entries.iter().map(|&(s, label)| (hex(color_of(s)), label)).collect();
    let panels = |ps: &[Panel]| ps.iter().map(|p| p.id()).collect();
    Catalogue {
        presets: PRESETS.to_vec(),
        lab_presets: lab_presets(),
        optimizers: Optimizer::ALL
            .iter()
            .map(|o| OptimizerEntry { id: o.as_str(), label: o.label(), color: hex(PATH_COLORS[o.index()]) })
            .collect(),
        hyper: vec![
            Hyper { key: "beta", label: "β (momentum, Nesterov)", default: defaults.beta },
            Hyper { key: "rho", label: "ρ (RMSProp)", default: defaults.rho },
            Hyper { key: "beta1", label: "β₁ (Adam)", default: defaults.beta1 },
            Hyper { key: "beta2", label: "β₂ (Adam)", default: defaults.beta2 },
            Hyper { key: "eps", label: "ε (RMSProp, Adam)", default: defaults.eps },
        ],
        graph_legend: legend(&[
            (Style::Curve, "f"),
            (Style::Derivative, "f′"),
            (Style::SecondDerivative, "f″"),
            (Style::Tangent, "tangent"),
            (Style::Secant, "secant"),
            (Style::CriticalSaddle, "inflection"),
            (Style::Answer, "your f′ (check my derivative)"),
            (Style::Taylor, "Taylor polynomial Tₙ"),
        ]),
        map_legend: legend(&[
            (Style::CriticalMin, "minimum"),
            (Style::CriticalMax, "maximum"),
            (Style::CriticalSaddle, "saddle"),
            (Style::CriticalDegenerate, "degenerate"),
            (Style::Gradient, "∇f"),
            (Style::Direction, "u"),
            (Style::ContourHighlight, "level curve through the point"),
        ]),
        graph_panels: panels(&[Panel::Limit, Panel::TaylorError]),
        map_panels: panels(&[Panel::SliceX, Panel::SliceY, Panel::Directional, Panel::Line]),
        lab_panels: panels(&[Panel::Regression, Panel::Losses]),
        layouts: [(Layout::Map, "map"), (Layout::Surface, "surface"), (Layout::Split, "both")].iter().map(|&(l, label)| (l.id(), label)).collect(),
        limits: Limits {
            lr_log10: (-5.0, 1.0),
            max_steps: crate::app::lab::MAX_STEPS,
            levels: (2, 30),
            h_log10: (-15.0, 0.0),
            max_points: MAX_POINTS,
            max_chars: crate::expr::lex::MAX_CHARS,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;

    #[test]
    fn every_preset_reads_and_every_lab_preset_runs() {
        let c = catalogue();
        for p in &c.presets {
            assert!(App::new().set_expression(p.expr).is_ok(), "{}", p.expr);
        }
        for p in c.lab_presets.iter().filter(|p| p.expr.is_some()) {
            let mut app = App::new();
            app.set_expression(p.expr.unwrap_or_default()).expect("reads");
            let request = crate::app::lab::DescentRequest {
                start: p.start.map(|s| s.to_vec()),
                steps: Some(p.steps as f64),
                optimizers: Some(p.optimizers.iter().map(|s| s.to_string()).collect()),
                shared: crate::app::lab::SettingsRequest { lr: Some(p.lr), ..Default::default() },
                ..Default::default()
            };
            assert_eq!(app.run_descent(&request).expect("runs"), p.optimizers.len(), "{}", p.name);
        }
    }

    #[test]
    fn colours_exist_once_and_match_the_palette() {
        let c = catalogue();
        assert_eq!(c.optimizers.len(), Optimizer::ALL.len());
        assert_eq!(c.optimizers[0].color, "#e63946");
        assert_eq!(c.map_legend[5].0, "#00c8ff");
        assert!(c.map_panels.iter().chain(&c.graph_panels).chain(&c.lab_panels).all(|id| Panel::from_id(id).is_some()));
    }
}
