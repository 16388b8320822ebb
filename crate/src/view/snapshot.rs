//! `state()`: the plain, JSON-serialisable snapshot of the app that the page and tests read
//! (see INTERFACE.md). Non-finite numbers serialise as `null`.

use serde::Serialize;

use crate::expr::ExprError;
use crate::app::lab::RunInfo;

/// An error as the page shows it: message and byte range in the typed text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ErrorInfo {
    /// For the learner.
    pub message: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<&ExprError> for ErrorInfo {
    fn from(e: &ExprError) -> Self {
        ErrorInfo { message: e.message.clone(), start: e.span.start, end: e.span.end }
    }
}

/// The tangent line y = slope·x + intercept at the point (one variable).
#[derive(Debug, Clone, Serialize)]
pub struct Tangent {
    /// f′(a).
    pub slope: f64,
    /// f(a) − f′(a)·a.
    pub intercept: f64,
}

/// The secant with step h (one variable).
#[derive(Debug, Clone, Serialize)]
pub struct Secant {
    /// The step.
    pub h: f64,
    /// (f(a + h) − f(a)) / h.
    pub slope: f64,
    /// The central difference (f(a + h) − f(a − h)) / 2h.
    pub central: f64,
}

/// A critical point in `state()`.
#[derive(Debug, Clone, Serialize)]
pub struct CriticalInfo {
    /// Where.
    pub at: Vec<f64>,
    /// "min", "max", "saddle" or "degenerate".
    pub kind: &'static str,
    /// f there.
    pub value: f64,
}

/// The exact gradient beside a central-difference estimate.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GradientCheck {
    /// Central differences.
    pub numeric: Vec<f64>,
    /// ‖exact − numeric‖ / max(‖exact‖, tiny).
    pub relative_error: f64,
}

/// `state()`: a plain snapshot, serialisable to JSON (non-finite numbers become `null`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// As typed.
    pub expr: String,
    /// What is evaluated (of the function shown).
    pub normalized: Option<String>,
    /// Variables of the function shown.
    pub vars: Vec<String>,
    /// The current text's error, if any.
    pub error: Option<ErrorInfo>,
    /// Selected point.
    pub point: Vec<f64>,
    /// f(point).
    pub value: Option<f64>,
    /// ∇f(point), exact.
    pub gradient: Option<Vec<f64>>,
    /// ‖∇f(point)‖.
    pub gradient_norm: Option<f64>,
    /// Simplified ∂f/∂vᵢ.
    pub partials: Vec<String>,
    /// The same as MathML.
    pub partials_mathml: Vec<String>,
    /// f as MathML.
    pub mathml: Option<String>,
    /// f″ as text (one variable).
    pub second_derivative: Option<String>,
    /// Hessian at the point.
    pub hessian: Option<Vec<Vec<f64>>>,
    /// Unit vector u (two or more variables).
    pub direction: Option<Vec<f64>>,
    /// The angle of u in degrees from +x.
    pub direction_degrees: Option<f64>,
    /// ∇f·u.
    pub directional_derivative: Option<f64>,
    /// Tangent line (one variable).
    pub tangent: Option<Tangent>,
    /// Secant (one variable).
    pub secant: Option<Secant>,
    /// Exact gradient against central differences.
    pub gradient_check: Option<GradientCheck>,
    /// Critical points in view.
    pub critical_points: Vec<CriticalInfo>,
    /// Inflection points in view (one variable).
    pub inflection_points: Vec<f64>,
    /// Derivation steps of f′ (one variable).
    pub steps: Vec<crate::expr::diff::Step>,
    /// Descent runs.
    pub descent: Vec<RunInfo>,
    /// The iteration the animation shows.
    pub descent_frame: usize,
    /// The regression lab, when active.
    pub regression: Option<crate::compute::regression::RegressionInfo>,
    /// The values at the two ends of the map's colour scale.
    pub color_range: Option<[f64; 2]>,
    /// Whether the map's colours and levels are on a log scale.
    pub log_scale: bool,
    /// 2/λmax of the Hessian at the lab's start: plain descent is unstable above it.
    pub stable_lr: Option<f64>,
    /// The limit lab's quotients for h = 1 … 1e-15 (one variable).
    pub limit_table: Vec<crate::view::charts::LimitRow>,
    /// `[xmin, xmax, ymin, ymax]`.
    pub view: [f64; 4],
    /// Notices for the learner (bad link values, refused views, undefined points).
    pub notices: Vec<String>,
    /// Filled in by the page.
    pub last_frame_ms: Option<f64>,
}
