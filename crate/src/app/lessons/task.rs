//! A lesson step's task: a predicate on the state the page shows, so the page can say when
//! the learner has done it. Each predicate reads only the snapshot (what `state()` returns),
//! the runs' last iterates, and the number the learner typed.

use crate::view::snapshot::Snapshot;

/// How a run ended, and where: what a task about descent needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEnd {
    /// The optimizer's id.
    pub optimizer: &'static str,
    /// "converged", "diverged", "oscillating" or "max-steps".
    pub status: &'static str,
    /// Steps taken.
    pub steps: usize,
    /// The last iterate.
    pub last: Vec<f64>,
}

/// What a task is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The snapshot, as `state()` returns it.
    pub snap: &'a Snapshot,
    /// Each descent run's end.
    pub runs: &'a [RunEnd],
    /// The number the learner entered for this step, if any.
    pub entered: Option<f64>,
    /// "Check my derivative" on this step: whether it has said wrong, and whether right.
    pub checks: Checks,
}

/// What "check my derivative" has said on a step.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Checks {
    /// An answer was wrong.
    pub wrong: bool,
    /// An answer was right.
    pub right: bool,
}

/// A check on the state. Tolerances are absolute unless named in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Task {
    /// The point is within `tol` of `at` in every coordinate.
    PointNear { at: &'static [f64], tol: f64 },
    /// One variable: the tangent's slope is within `tol` of 0.
    Flat { tol: f64 },
    /// One variable: the secant step |h| is at most this.
    HAtMost(f64),
    /// u is within `deg` degrees of ∇f (D_u f is largest); ∇f must not vanish.
    AlongGradient { deg: f64 },
    /// u is within `deg` degrees of −∇f (D_u f is smallest).
    AgainstGradient { deg: f64 },
    /// u is within `deg` degrees of the level curve (D_u f = 0).
    AlongLevel { deg: f64 },
    /// ‖∇f‖ at the point is at most `tol`: a critical point.
    Critical { tol: f64 },
    /// ‖∇f‖ at the point is within `tol` of `value`.
    GradientNorm { value: f64, tol: f64 },
    /// A run descending (not climbing) converged within `steps` steps; with `optimizer`, a run
    /// of that optimizer.
    Converged { steps: usize, optimizer: Option<&'static str> },
    /// A run diverged.
    Diverged,
    /// The point is within `tol` of the regression's least-squares fit (a, b) in each coordinate.
    AtFit { tol: f64 },
    /// A converged run's last iterate is within `tol` of the regression's least-squares fit.
    ReachesFit { tol: f64 },
    /// "Check my derivative" said wrong to one answer and then right to another (a mistake
    /// seen, then fixed).
    CheckedWrongThenRight,
    /// The learner entered a number within `tol` of `value`.
    Answer { value: f64, tol: f64 },
}

impl Task {
    /// Whether the task holds for these facts. Undefined numbers (null in the snapshot) never
    /// satisfy a task.
    pub fn holds(&self, facts: &Facts) -> bool {
        let s = facts.snap;
        match *self {
            Task::PointNear { at, tol } => {
                s.point.len() >= at.len() && at.iter().zip(&s.point).all(|(a, p)| (a - p).abs() <= tol)
            }
            Task::Flat { tol } => s.tangent.as_ref().is_some_and(|t| t.slope.abs() <= tol),
            Task::HAtMost(h) => s.secant.as_ref().is_some_and(|sec| sec.h.abs() <= h),
            Task::AlongGradient { deg } => moving(s) && angle(s).is_some_and(|a| a <= deg),
            Task::AgainstGradient { deg } => moving(s) && angle(s).is_some_and(|a| a >= 180.0 - deg),
            Task::AlongLevel { deg } => moving(s) && angle(s).is_some_and(|a| (a - 90.0).abs() <= deg),
            Task::Critical { tol } => s.gradient_norm.is_some_and(|g| g <= tol),
            Task::GradientNorm { value, tol } => s.gradient_norm.is_some_and(|g| (g - value).abs() <= tol),
            Task::Converged { steps, optimizer } => {
                !s.lab.ascent
                    && facts.runs.iter().any(|r| r.status == "converged" && r.steps <= steps && optimizer.is_none_or(|o| o == r.optimizer))
            }
            Task::Diverged => facts.runs.iter().any(|r| r.status == "diverged"),
            Task::AtFit { tol } => {
                s.regression.as_ref().and_then(|r| r.fit).is_some_and(|fit| s.point.len() == 2 && s.point.iter().zip(fit).all(|(p, f)| (p - f).abs() <= tol))
            }
            Task::ReachesFit { tol } => {
                let Some(fit) = s.regression.as_ref().and_then(|r| r.fit) else { return false };
                facts.runs.iter().any(|r| r.status == "converged" && r.last.len() == 2 && r.last.iter().zip(fit).all(|(a, b)| (a - b).abs() <= tol))
            }
            Task::CheckedWrongThenRight => facts.checks.wrong && facts.checks.right,
            Task::Answer { value, tol } => facts.entered.is_some_and(|v| (v - value).abs() <= tol),
        }
    }

    /// Whether the learner answers this task by typing a number.
    pub fn wants_number(&self) -> bool {
        matches!(self, Task::Answer { .. })
    }
}

/// The angle between ∇f and u in degrees, where both exist.
fn angle(s: &Snapshot) -> Option<f64> {
    s.angle_to_gradient.filter(|a| a.is_finite())
}

/// ∇f is not zero here, so "along ∇f" means something.
fn moving(s: &Snapshot) -> bool {
    s.gradient_norm.is_some_and(|g| g > 1e-9)
}

/// Reads a number the learner typed: decimals with an optional sign (a Unicode minus too) and
/// exponent, commas as decimal points refused as ambiguous. `None` for anything else.
pub fn read_number(text: &str) -> Option<f64> {
    let t = text.trim().replace('\u{2212}', "-");
    if t.is_empty() || t.len() > 64 || t.contains(',') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}
