//! `state()`: the plain, JSON-serialisable snapshot of the app that the page and tests read
//! (see INTERFACE.md). Non-finite numbers serialise as `null`.

use serde::Serialize;

use crate::expr::ExprError;
use crate::view::readouts::Trend;
use crate::view::runs::RunInfo;

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
    /// Whether f rises, falls or is flat at a.
    pub trend: Trend,
}

/// The secant with step h (one variable).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Secant {
    /// The step.
    pub h: f64,
    /// (f(a + h) − f(a)) / h.
    pub slope: f64,
    /// The central difference (f(a + h) − f(a − h)) / 2h.
    pub central: f64,
    /// |slope − f′(a)|.
    pub error: Option<f64>,
    /// |central − f′(a)|.
    pub central_error: Option<f64>,
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

/// What `state().regression` shows.
#[derive(Debug, Clone, Serialize)]
pub struct RegressionInfo {
    /// The data.
    pub points: Vec<[f64; 2]>,
    /// The closed-form least-squares (a, b).
    pub fit: Option<[f64; 2]>,
    /// The line drawn now: the descent's current (a, b), or the selected point.
    pub line: [f64; 2],
    /// The loss as an expression.
    pub loss: String,
}

/// The view options the controls show, as the engine holds them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionsInfo {
    /// About how many level curves.
    pub levels: usize,
    /// Field arrows of one length.
    pub normalized_arrows: bool,
    /// The gradient field is drawn.
    pub show_field: bool,
    /// One variable: f′ is drawn.
    pub show_derivative: bool,
    /// One variable: the secant is drawn.
    pub show_secant: bool,
    /// One variable: f″ is drawn.
    pub show_second: bool,
    /// One variable: the secant is the central one.
    pub central: bool,
    /// The loss chart's axis is logarithmic.
    pub loss_log: bool,
}

/// The lab's settings as its controls show them: the last request's, or the defaults.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabInfo {
    /// θ₀.
    pub start: Vec<f64>,
    /// η.
    pub lr: f64,
    /// Step budget.
    pub steps: usize,
    /// Optimizer ids.
    pub opt: Vec<&'static str>,
    /// Climbing θ + η∇f.
    pub ascent: bool,
    /// Halving η when the loss would rise.
    pub backtrack: bool,
    /// β (momentum, Nesterov).
    pub beta: f64,
    /// β₁ (Adam).
    pub beta1: f64,
    /// β₂ (Adam).
    pub beta2: f64,
    /// ρ (RMSProp).
    pub rho: f64,
    /// ε (RMSProp, Adam).
    pub eps: f64,
}

/// `state()`: a plain snapshot, serialisable to JSON (non-finite numbers become `null`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// As typed.
    pub expr: String,
    /// What is evaluated (of the function shown).
    pub normalized: Option<String>,
    /// A note on how the function was read, when its reading is a convention a textbook might
    /// not share (`1/2x` is read as (1/2)·x); `null` when there is nothing to say.
    pub hint: Option<String>,
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
    /// The same as MathML (`null` for a partial too long to typeset: the page shows its text).
    pub partials_mathml: Vec<Option<String>>,
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
    /// θ between ∇f and u, in degrees (D_u f = ‖∇f‖ cos θ).
    pub angle_to_gradient: Option<f64>,
    /// Where f has a kink at the point: no derivative, and the slopes from each side.
    pub kinks: Vec<crate::view::readouts::Kink>,
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
    pub regression: Option<RegressionInfo>,
    /// The values at the two ends of the map's colour scale.
    pub color_range: Option<[f64; 2]>,
    /// Whether the map's colours and levels are on a log scale.
    pub log_scale: bool,
    /// How many level curves the map draws, of how many levels it has (every k-th of them when
    /// they were too dense to draw); null without a map.
    pub level_curves: Option<crate::view::map::LevelCount>,
    /// 2/λmax of the Hessian at the lab's start: plain descent is unstable above it.
    pub stable_lr: Option<f64>,
    /// The limit lab's quotients for h = 1 … 1e-15 (one variable).
    pub limit_table: Vec<crate::view::charts::LimitRow>,
    /// `[xmin, xmax, ymin, ymax]`.
    pub view: [f64; 4],
    /// What the view controls show.
    pub options: OptionsInfo,
    /// What the lab's controls show.
    pub lab: LabInfo,
    /// Notices for the learner (bad link values, refused views, undefined points).
    pub notices: Vec<String>,
    /// `embed=1`: a chrome-free figure for another page's `<iframe>` (the page hides its header).
    pub embed: bool,
    /// What is still being computed (`criticalPoints` while its search runs in slices); empty
    /// when everything shown is final.
    pub pending: Vec<&'static str>,
    /// The guided lesson being followed (INTERFACE.md §3), or `null`.
    pub lesson: Option<crate::view::lesson::LessonInfo>,
    /// The parts a teacher's link hides (`hide=`).
    pub hide: Vec<&'static str>,
    /// `"f"` when a teacher's link locks the expression (`lock=f`), else `null`.
    pub lock: Option<&'static str>,
    /// Filled in by the page.
    pub last_frame_ms: Option<f64>,
    /// The computational graph at the point, when its panel is open (INTERFACE.md §3).
    pub graph: Option<crate::view::network::NetworkInfo>,
    /// The view and the point in words, for screen readers (see [`crate::view::describe`]).
    pub description: String,
    /// The colours drawn with: "light" or "dark" (`theme=` in the link, else the system's).
    pub theme: &'static str,
    /// `2d`, `3d` or `split` (two or more variables; null in one).
    pub layout: Option<&'static str>,
    /// The 3D camera `[azimuth, elevation]` in degrees (two or more variables).
    pub camera: Option<[f64; 2]>,
    /// Where the point is drawn on the surface, in canvas pixels (`3d`, `split`; else null).
    pub surface_point: Option<[f64; 2]>,
    /// The local model at the point (null when hidden).
    pub taylor: Option<crate::view::local::TaylorInfo>,
}
