//! Gradient-descent optimizers (GD, momentum, Nesterov, RMSProp, Adam) as pure, deterministic state machines over θ ∈ ℝⁿ.
//!
//! The course's update rule is θ ← θ − η∇L; the other optimizers change what multiplies or replaces ∇L.
//! A [`Descent`] owns one run's state and advances one iteration per [`Descent::step`], so the canvas can
//! animate a run frame by frame; [`run`] drives a whole run and records the path for drawing.
//!
//! Stopping rules, checked after every accepted step:
//! - Converged: ‖∇f(θ_k)‖ < tol.
//! - Diverged: the candidate θ_{k+1} is non-finite or leaves the box |θ_i| ≤ 1e12, or f(θ_{k+1}) or ∇f(θ_{k+1})
//!   is non-finite. The candidate is rejected, so θ, the path, the losses and the gradient norms stay finite.
//! - Oscillating: over the last 16 steps the loss moved the wrong way (up for descent, down for ascent) in more
//!   than half of them. This ends plain GD only; see [`Descent::oscillating`] for why the others just report it.
//! - MaxSteps: the step budget (never more than [`MAX_STEPS_CAP`]) ran out.

use std::fmt;
use std::str::FromStr;

use crate::eval::numeric::norm;

/// Hard cap on the number of steps of one run, whatever the caller asks, so every run loop is bounded.
pub const MAX_STEPS_CAP: usize = 100_000;

/// A coordinate beyond ±1e12 counts as divergence: nothing out there can be drawn, and it stops a blow-up
/// before it overflows into infinities.
pub const DIVERGENCE_BOX: f64 = 1e12;

/// Number of trailing steps the oscillation rule looks at (it must fit in the `u32` history mask).
pub const OSCILLATION_WINDOW: u32 = 16;

/// Relative size below which a change of the loss counts as floating-point noise in the oscillation rule.
const LOSS_NOISE: f64 = 1e-12;

/// The message of every run that diverged while descending, after "diverged at step k: ".
const DIVERGED_REASON: &str = "the learning rate is too large for this curvature";

/// Which update rule a run uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Optimizer {
    /// Plain gradient descent: θ ← θ − η g.
    Gd,
    /// Heavy-ball momentum (Polyak 1964) in PyTorch's form: v ← β v + g, θ ← θ − η v.
    Momentum,
    /// Nesterov accelerated gradient in PyTorch's form: v ← β v + g, θ ← θ − η (g + β v).
    Nesterov,
    /// RMSProp (Hinton, Coursera lecture 6e): s ← ρ s + (1−ρ) g², θ ← θ − η g / (√s + ε).
    RmsProp,
    /// Adam with bias correction (Kingma & Ba 2015, Algorithm 1).
    Adam,
}

impl Optimizer {
    /// Every optimizer, in the order a menu should list them.
    pub const ALL: [Optimizer; 5] = [
        Optimizer::Gd,
        Optimizer::Momentum,
        Optimizer::Nesterov,
        Optimizer::RmsProp,
        Optimizer::Adam,
    ];

    /// Position in [`Optimizer::ALL`], which also picks its colour on the page.
    pub fn index(self) -> usize {
        Optimizer::ALL.iter().position(|o| *o == self).unwrap_or(0)
    }

    /// The stable id used in URLs and settings: "gd", "momentum", "nesterov", "rmsprop" or "adam".
    pub fn as_str(self) -> &'static str {
        match self {
            Optimizer::Gd => "gd",
            Optimizer::Momentum => "momentum",
            Optimizer::Nesterov => "nesterov",
            Optimizer::RmsProp => "rmsprop",
            Optimizer::Adam => "adam",
        }
    }

    /// A human-readable name for legends and menus.
    pub fn label(self) -> &'static str {
        match self {
            Optimizer::Gd => "Gradient descent",
            Optimizer::Momentum => "Momentum",
            Optimizer::Nesterov => "Nesterov",
            Optimizer::RmsProp => "RMSProp",
            Optimizer::Adam => "Adam",
        }
    }
}

impl fmt::Display for Optimizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an optimizer id that is not one of [`Optimizer::as_str`]'s ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOptimizer(pub String);

impl fmt::Display for UnknownOptimizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown optimizer \"{}\" (expected gd, momentum, nesterov, rmsprop or adam)",
            self.0
        )
    }
}

impl std::error::Error for UnknownOptimizer {}

impl FromStr for Optimizer {
    type Err = UnknownOptimizer;

    /// Parses an id, ignoring ASCII case and surrounding whitespace so hand-typed URLs still work.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let id = s.trim();
        Optimizer::ALL
            .iter()
            .copied()
            .find(|o| o.as_str().eq_ignore_ascii_case(id))
            .ok_or_else(|| UnknownOptimizer(s.to_string()))
    }
}

/// Hyper-parameters of a run; each optimizer reads only the ones it uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Learning rate η (finite, ≥ 0).
    pub lr: f64,
    /// Momentum coefficient β of heavy-ball and Nesterov, in [0, 1).
    pub beta: f64,
    /// Adam's first-moment decay β₁, in [0, 1).
    pub beta1: f64,
    /// Adam's second-moment decay β₂, in [0, 1).
    pub beta2: f64,
    /// RMSProp's decay ρ of the squared-gradient average, in [0, 1).
    pub rho: f64,
    /// The ε added to √s in RMSProp and Adam (finite, > 0) so a zero gradient never divides by zero.
    pub eps: f64,
    /// Mistake 5: step *up* the gradient (θ ← θ + η·update) to show the path climbing.
    pub ascent: bool,
}

impl Default for Settings {
    /// The usual defaults: η = 0.01, β = 0.9, β₁ = 0.9, β₂ = 0.999, ρ = 0.9, ε = 1e-8, descending.
    fn default() -> Self {
        Settings {
            lr: 0.01,
            beta: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            rho: 0.9,
            eps: 1e-8,
            ascent: false,
        }
    }
}

impl Settings {
    /// The default settings with learning rate `lr`.
    pub fn with_lr(lr: f64) -> Self {
        Settings {
            lr,
            ..Settings::default()
        }
    }

    /// Checks that the hyper-parameters make the update rules well defined.
    ///
    /// # Errors
    /// A sentence naming the first bad parameter and its value.
    pub fn validate(&self) -> Result<(), String> {
        let unit = |name: &str, v: f64| {
            // A decay of 1 never forgets and makes Adam's bias correction divide by 1 − 1 = 0.
            if (0.0..1.0).contains(&v) {
                Ok(())
            } else {
                Err(format!("{name} must be in [0, 1), got {v}"))
            }
        };
        if !(self.lr.is_finite() && self.lr >= 0.0) {
            return Err(format!(
                "the learning rate must be finite and >= 0, got {}",
                self.lr
            ));
        }
        unit("beta", self.beta)?;
        unit("beta1", self.beta1)?;
        unit("beta2", self.beta2)?;
        unit("rho", self.rho)?;
        if !(self.eps.is_finite() && self.eps > 0.0) {
            return Err(format!("eps must be finite and > 0, got {}", self.eps));
        }
        Ok(())
    }
}

/// Where a run stands after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Still going: call [`Descent::step`] again.
    Running,
    /// ‖∇f(θ_k)‖ < tol.
    Converged,
    /// The next point, f or ∇f left the finite world (or the ±1e12 box), or the settings were invalid.
    Diverged,
    /// Plain GD's loss went the wrong way in most of the last [`OSCILLATION_WINDOW`] steps.
    Oscillating,
    /// The step budget ran out first.
    MaxSteps,
}

impl Status {
    /// The stable id: "running", "converged", "diverged", "oscillating" or "max-steps".
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Converged => "converged",
            Status::Diverged => "diverged",
            Status::Oscillating => "oscillating",
            Status::MaxSteps => "max-steps",
        }
    }

    /// Whether the run has ended (every status except `Running`).
    pub fn is_terminal(self) -> bool {
        self != Status::Running
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One run's state: θ_k, the optimizer's memory (velocity or moments), f and ∇f at θ_k, and the step count k.
///
/// All buffers are allocated in [`Descent::new`] (or reused by [`Descent::reset`]); stepping allocates
/// nothing except the message string when the run ends.
#[derive(Clone, Debug)]
pub struct Descent {
    optimizer: Optimizer,
    settings: Settings,
    tol: f64,
    max_steps: usize,
    theta: Vec<f64>,
    /// The candidate θ_{k+1}, swapped with `theta` once it has been checked.
    next: Vec<f64>,
    grad: Vec<f64>,
    /// ∇f at the candidate, swapped with `grad` on acceptance so a rejected candidate leaves no trace.
    grad_next: Vec<f64>,
    /// Momentum/Nesterov velocity v, or Adam's first moment m.
    first: Vec<f64>,
    /// RMSProp's s, or Adam's second moment v.
    second: Vec<f64>,
    /// β₁^t and β₂^t for Adam's bias correction, kept as running products instead of powers.
    beta1_pow: f64,
    beta2_pow: f64,
    k: usize,
    value: f64,
    grad_norm: f64,
    started: bool,
    /// Bit i set when the loss went the wrong way i+1 steps ago; only the low [`OSCILLATION_WINDOW`] bits count.
    wrong_way: u32,
    status: Status,
    message: Option<String>,
}

impl Descent {
    /// A run of `optimizer` from `start`, with tolerance 1e-8 and a budget of [`MAX_STEPS_CAP`] steps.
    ///
    /// Invalid settings or a non-finite start (or one outside the ±1e12 box) give a run that is already
    /// `Diverged`, with the reason in [`Descent::message`].
    pub fn new(optimizer: Optimizer, settings: Settings, start: &[f64]) -> Self {
        let n = start.len();
        let mut d = Descent {
            optimizer,
            settings,
            tol: 1e-8,
            max_steps: MAX_STEPS_CAP,
            theta: Vec::with_capacity(n),
            next: vec![0.0; n],
            grad: vec![0.0; n],
            grad_next: vec![0.0; n],
            first: vec![0.0; n],
            second: vec![0.0; n],
            beta1_pow: 1.0,
            beta2_pow: 1.0,
            k: 0,
            value: f64::NAN,
            grad_norm: f64::NAN,
            started: false,
            wrong_way: 0,
            status: Status::Running,
            message: None,
        };
        d.reset(start);
        d
    }

    /// Sets the convergence tolerance on ‖∇f‖; a NaN or negative tol becomes 0 (never converges early).
    #[must_use]
    pub fn with_tolerance(mut self, tol: f64) -> Self {
        self.tol = tol.max(0.0);
        self
    }

    /// Sets the step budget, clamped to [`MAX_STEPS_CAP`].
    #[must_use]
    pub fn with_max_steps(mut self, max_steps: usize) -> Self {
        self.max_steps = max_steps.min(MAX_STEPS_CAP);
        self
    }

    /// Restarts the run from `start`, keeping optimizer, settings, tolerance and budget, and reusing the
    /// buffers when the dimension is unchanged (so dragging the start point does not allocate).
    pub fn reset(&mut self, start: &[f64]) {
        let n = start.len();
        self.theta.clear();
        self.theta.extend_from_slice(start);
        for buf in [
            &mut self.next,
            &mut self.grad,
            &mut self.grad_next,
            &mut self.first,
            &mut self.second,
        ] {
            buf.clear();
            buf.resize(n, 0.0);
        }
        self.beta1_pow = 1.0;
        self.beta2_pow = 1.0;
        self.k = 0;
        self.value = f64::NAN;
        self.grad_norm = f64::NAN;
        self.started = false;
        self.wrong_way = 0;
        self.status = Status::Running;
        self.message = None;
        if let Err(reason) = self.settings.validate() {
            self.status = Status::Diverged;
            self.message = Some(format!("invalid settings: {reason}"));
        } else if !in_box(start) {
            self.status = Status::Diverged;
            self.message = Some(
                "diverged at step 0: the start point is not finite or lies beyond ±1e12"
                    .to_string(),
            );
        }
    }

    /// Evaluates f and ∇f at θ_0 if that has not happened yet, and reports whether θ_0 already converged.
    ///
    /// [`Descent::step`] calls this itself; call it directly to learn f(θ_0) before the first move.
    pub fn start(&mut self, value_grad: &mut impl FnMut(&[f64], &mut [f64]) -> f64) -> Status {
        if self.started || self.status.is_terminal() {
            return self.status;
        }
        self.started = true;
        let value = value_grad(&self.theta, &mut self.grad);
        let norm = norm(&self.grad);
        if !(value.is_finite() && norm.is_finite()) {
            self.status = Status::Diverged;
            self.message = Some(
                "diverged at step 0: f or its gradient is not finite at the start point"
                    .to_string(),
            );
            return self.status;
        }
        self.value = value;
        self.grad_norm = norm;
        if norm < self.tol {
            self.status = Status::Converged;
        } else if self.max_steps == 0 {
            self.status = Status::MaxSteps;
        }
        self.status
    }

    /// Advances one iteration: θ_{k+1} from θ_k and ∇f(θ_k), then f and ∇f at θ_{k+1}.
    ///
    /// `value_grad(θ, grad_out)` must return f(θ) and write every component of ∇f(θ) into `grad_out`.
    /// The first call also evaluates θ_0. Once the status is terminal, further calls change nothing.
    pub fn step(&mut self, value_grad: &mut impl FnMut(&[f64], &mut [f64]) -> f64) -> Status {
        if self.start(value_grad).is_terminal() {
            return self.status;
        }
        if self.k >= self.max_steps {
            return self.finish_max_steps();
        }
        let t = self.k + 1;
        self.propose();
        if !in_box(&self.next) {
            return self.diverge(t);
        }
        let value = value_grad(&self.next, &mut self.grad_next);
        let norm = norm(&self.grad_next);
        if !(value.is_finite() && norm.is_finite()) {
            return self.diverge(t);
        }

        // Accept the candidate.
        std::mem::swap(&mut self.theta, &mut self.next);
        std::mem::swap(&mut self.grad, &mut self.grad_next);
        let change = if self.settings.ascent {
            self.value - value
        } else {
            value - self.value
        };
        // A move the wrong way within rounding of f is noise near a stalled minimum, not evidence of instability.
        let wrong_way = change > LOSS_NOISE * value.abs().max(self.value.abs());
        self.wrong_way = (self.wrong_way << 1) | u32::from(wrong_way);
        self.k = t;
        self.value = value;
        self.grad_norm = norm;

        if norm < self.tol {
            self.status = Status::Converged;
        } else if self.optimizer == Optimizer::Gd && self.oscillating() {
            self.status = Status::Oscillating;
            self.message = Some(format!(
                "oscillating at step {t}: the loss {} in {} of the last {OSCILLATION_WINDOW} steps, \
                 so the learning rate is too large for this curvature",
                self.wrong_word(),
                self.wrong_count()
            ));
        } else if self.k >= self.max_steps {
            return self.finish_max_steps();
        }
        self.status
    }

    /// Writes θ_{k+1} into `next` from θ_k, g = ∇f(θ_k) and the optimizer's memory (updated in place).
    fn propose(&mut self) {
        let s = self.settings;
        // Descent moves against the update direction; Mistake 5 (ascent) moves along it.
        let signed_lr = if s.ascent { s.lr } else { -s.lr };
        let rows = self
            .next
            .iter_mut()
            .zip(&self.theta)
            .zip(&self.grad)
            .zip(self.first.iter_mut().zip(self.second.iter_mut()));
        match self.optimizer {
            Optimizer::Gd => {
                for (((next, &theta), &g), _) in rows {
                    *next = theta + signed_lr * g;
                }
            }
            Optimizer::Momentum => {
                for (((next, &theta), &g), (v, _)) in rows {
                    *v = s.beta * *v + g;
                    *next = theta + signed_lr * *v;
                }
            }
            Optimizer::Nesterov => {
                // PyTorch's form, equal to Sutskever et al. (2013)'s gradient at the look-ahead point θ − ηβv
                // after the change of variables θ' = θ − ηβv; it needs only ∇f(θ_k), so one evaluation a step.
                for (((next, &theta), &g), (v, _)) in rows {
                    *v = s.beta * *v + g;
                    *next = theta + signed_lr * (g + s.beta * *v);
                }
            }
            Optimizer::RmsProp => {
                for (((next, &theta), &g), (_, sq)) in rows {
                    *sq = s.rho * *sq + (1.0 - s.rho) * g * g;
                    *next = theta + signed_lr * g / (sq.sqrt() + s.eps);
                }
            }
            Optimizer::Adam => {
                // Kingma & Ba (2015), Algorithm 1, with t = k + 1.
                self.beta1_pow *= s.beta1;
                self.beta2_pow *= s.beta2;
                let c1 = 1.0 - self.beta1_pow;
                let c2 = 1.0 - self.beta2_pow;
                for (((next, &theta), &g), (m, v)) in rows {
                    *m = s.beta1 * *m + (1.0 - s.beta1) * g;
                    *v = s.beta2 * *v + (1.0 - s.beta2) * g * g;
                    let m_hat = *m / c1;
                    let v_hat = *v / c2;
                    *next = theta + signed_lr * m_hat / (v_hat.sqrt() + s.eps);
                }
            }
        }
    }

    fn diverge(&mut self, t: usize) -> Status {
        self.status = Status::Diverged;
        self.message = Some(if self.settings.ascent {
            // Climbing a bowl runs off to infinity at any learning rate, so blaming η would mislead.
            format!("diverged at step {t}: ascent climbed without bound")
        } else {
            format!("diverged at step {t}: {DIVERGED_REASON}")
        });
        self.status
    }

    fn finish_max_steps(&mut self) -> Status {
        self.status = Status::MaxSteps;
        if self.oscillating() {
            self.message = Some(format!(
                "stopped after {} steps while oscillating: the loss {} in {} of the last {OSCILLATION_WINDOW} steps",
                self.k,
                self.wrong_word(),
                self.wrong_count()
            ));
        }
        self.status
    }

    fn wrong_count(&self) -> u32 {
        (self.wrong_way & ((1u32 << OSCILLATION_WINDOW) - 1)).count_ones()
    }

    fn wrong_word(&self) -> &'static str {
        if self.settings.ascent {
            "fell"
        } else {
            "rose"
        }
    }

    /// Whether the loss went the wrong way (up when descending, down when ascending) in more than half of
    /// the last [`OSCILLATION_WINDOW`] steps; false until that many steps exist.
    ///
    /// Plain GD with η below 2/L never raises a smooth f (the descent lemma), so for GD this is a sound sign
    /// that η is past the stability limit, and it ends the run. Momentum, Nesterov, RMSProp and Adam
    /// legitimately spiral or hover with a non-monotone loss while converging, so for them it is only reported.
    pub fn oscillating(&self) -> bool {
        self.k >= OSCILLATION_WINDOW as usize && self.wrong_count() > OSCILLATION_WINDOW / 2
    }

    /// θ_k, the current point.
    pub fn theta(&self) -> &[f64] {
        &self.theta
    }

    /// ∇f(θ_k), once θ_0 has been evaluated.
    pub fn grad(&self) -> Option<&[f64]> {
        self.has_value().then_some(self.grad.as_slice())
    }

    /// f(θ_k), once θ_0 has been evaluated successfully.
    pub fn value(&self) -> Option<f64> {
        self.has_value().then_some(self.value)
    }

    /// ‖∇f(θ_k)‖, once θ_0 has been evaluated successfully.
    pub fn grad_norm(&self) -> Option<f64> {
        self.has_value().then_some(self.grad_norm)
    }

    fn has_value(&self) -> bool {
        self.started && self.value.is_finite()
    }

    /// k, the number of accepted steps (θ_k is the current point).
    pub fn steps(&self) -> usize {
        self.k
    }

    /// The status after the last call.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Why the run ended, for Diverged, Oscillating and MaxSteps-while-oscillating; None otherwise.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The optimizer of this run.
    pub fn optimizer(&self) -> Optimizer {
        self.optimizer
    }

    /// The hyper-parameters of this run.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}

/// A finished run, recorded for drawing: `path[i]` is θ_i, `losses[i]` = f(θ_i), `grad_norms[i]` = ‖∇f(θ_i)‖.
///
/// Every recorded number is finite. `path` is empty only when θ_0 itself could not be evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The optimizer that produced the run.
    pub optimizer: Optimizer,
    /// The learning rate η of the run.
    pub lr: f64,
    /// θ_0 … θ_k.
    pub path: Vec<Vec<f64>>,
    /// f(θ_0) … f(θ_k).
    pub losses: Vec<f64>,
    /// ‖∇f(θ_0)‖ … ‖∇f(θ_k)‖.
    pub grad_norms: Vec<f64>,
    /// How the run ended (never `Running`).
    pub status: Status,
    /// k, the number of steps taken (path.len() − 1 when the path is not empty).
    pub steps: usize,
    /// Why the run ended, when there is something to explain (see [`Descent::message`]).
    pub message: Option<String>,
}

/// Runs `optimizer` from `start` until ‖∇f‖ < tol, divergence, GD oscillation, or `max_steps` (capped at
/// [`MAX_STEPS_CAP`]), recording θ, f and ‖∇f‖ at every accepted point.
pub fn run(
    optimizer: Optimizer,
    settings: Settings,
    start: &[f64],
    max_steps: usize,
    tol: f64,
    mut value_grad: impl FnMut(&[f64], &mut [f64]) -> f64,
) -> Run {
    let mut d = Descent::new(optimizer, settings, start)
        .with_tolerance(tol)
        .with_max_steps(max_steps);
    // Reserve modestly: most runs stop long before a large budget.
    let cap = d.max_steps.saturating_add(1).min(1024);
    let mut path = Vec::with_capacity(cap);
    let mut losses = Vec::with_capacity(cap);
    let mut grad_norms = Vec::with_capacity(cap);
    let mut record = |d: &Descent| {
        if let (Some(value), Some(norm)) = (d.value(), d.grad_norm()) {
            path.push(d.theta().to_vec());
            losses.push(value);
            grad_norms.push(norm);
        }
    };
    let mut status = d.start(&mut value_grad);
    record(&d);
    // Each call either accepts a step or ends the run, so this bound is never the one that stops it.
    for _ in 0..=MAX_STEPS_CAP {
        if status.is_terminal() {
            break;
        }
        let before = d.steps();
        status = d.step(&mut value_grad);
        if d.steps() > before {
            record(&d);
        }
    }
    Run {
        optimizer,
        lr: settings.lr,
        path,
        losses,
        grad_norms,
        status,
        steps: d.steps(),
        message: d.message.take(),
    }
}

/// The stability limit of plain gradient descent on a quadratic with Hessian H: η < 2 / λmax(H).
///
/// The off-diagonal entries are averaged, so a slightly asymmetric finite-difference Hessian still works.
/// None when λmax ≤ 0 (no curvature to go unstable on) or anything is non-finite.
pub fn stable_lr_limit(hessian: [[f64; 2]; 2]) -> Option<f64> {
    let [[a, b1], [b2, d]] = hessian;
    let b = 0.5 * (b1 + b2);
    // λmax of [[a, b], [b, d]] = mean + √(half-difference² + b²); hypot avoids overflow of the squares.
    let lambda_max = 0.5 * (a + d) + (0.5 * (a - d)).hypot(b);
    if !(lambda_max.is_finite() && lambda_max > 0.0) {
        return None;
    }
    let limit = 2.0 / lambda_max;
    // A subnormal λmax would give an infinite limit.
    limit.is_finite().then_some(limit)
}


/// Whether every coordinate is finite and within ±[`DIVERGENCE_BOX`].
fn in_box(theta: &[f64]) -> bool {
    theta.iter().all(|x| x.abs() <= DIVERGENCE_BOX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f = x² + 10y², ∇f = (2x, 20y): λ = 2 and 20, so plain GD is stable for η < 0.1.
    fn bowl(t: &[f64], g: &mut [f64]) -> f64 {
        let (x, y) = (t[0], t[1]);
        g[0] = 2.0 * x;
        g[1] = 20.0 * y;
        x * x + 10.0 * y * y
    }

    /// Rosenbrock (1−x)² + 100(y−x²)², minimum 0 at (1, 1).
    fn rosenbrock(t: &[f64], g: &mut [f64]) -> f64 {
        let (x, y) = (t[0], t[1]);
        let r = y - x * x;
        g[0] = -2.0 * (1.0 - x) - 400.0 * x * r;
        g[1] = 200.0 * r;
        (1.0 - x).powi(2) + 100.0 * r * r
    }

    /// Takes `n` steps of `optimizer` on the bowl from (1, 1) with η = 0.01 and returns every θ_1..θ_n.
    fn first_steps(optimizer: Optimizer, n: usize) -> Vec<Vec<f64>> {
        let mut d = Descent::new(optimizer, Settings::with_lr(0.01), &[1.0, 1.0]);
        let mut f = bowl;
        (0..n)
            .map(|_| {
                assert_eq!(d.step(&mut f), Status::Running);
                d.theta().to_vec()
            })
            .collect()
    }

    fn assert_close(actual: &[f64], expected: [f64; 2], tol: f64) {
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() < tol, "{actual:?} vs {expected:?}");
        }
    }

    #[test]
    fn gd_first_two_steps() {
        // g0 = (2, 20): θ1 = (1 − 0.02, 1 − 0.2); g1 = (1.96, 16): θ2 = (0.98 − 0.0196, 0.8 − 0.16).
        let p = first_steps(Optimizer::Gd, 2);
        assert_close(&p[0], [0.98, 0.8], 1e-15);
        assert_close(&p[1], [0.9604, 0.64], 1e-15);
    }

    #[test]
    fn momentum_first_two_steps() {
        // v1 = g0 = (2, 20), θ1 = (0.98, 0.8); v2 = 0.9·(2, 20) + (1.96, 16) = (3.76, 34), θ2 = θ1 − 0.01·v2.
        let p = first_steps(Optimizer::Momentum, 2);
        assert_close(&p[0], [0.98, 0.8], 1e-15);
        assert_close(&p[1], [0.9424, 0.46], 1e-15);
    }

    #[test]
    fn nesterov_first_two_steps() {
        // v1 = (2, 20), θ1 = 1 − 0.01·(g0 + 0.9 v1) = (1 − 0.038, 1 − 0.38);
        // g1 = (1.924, 12.4), v2 = (3.724, 30.4), θ2 = θ1 − 0.01·(g1 + 0.9 v2) = (0.962 − 0.052756, 0.62 − 0.3976).
        let p = first_steps(Optimizer::Nesterov, 2);
        assert_close(&p[0], [0.962, 0.62], 1e-15);
        assert_close(&p[1], [0.909244, 0.2224], 1e-14);
    }

    #[test]
    fn rmsprop_first_two_steps() {
        // s1 = 0.1·g0² so g0/√s1 = √10 in both coordinates: θ1 = 1 − 0.01√10 = 0.968377223398316 (ε shifts
        // it by < 1e-9). Then g1 = 2·θ1, s2 = 0.9·0.4 + 0.1·g1² = 0.735101..., θ2_x = θ1 − 0.01·g1/√s2 = 0.9457880247.
        let p = first_steps(Optimizer::RmsProp, 2);
        assert_close(&p[0], [0.968377223398316, 0.968377223398316], 1e-9);
        assert_close(&p[1], [0.9457880247, 0.9457880247], 1e-8);
    }

    #[test]
    fn adam_first_two_steps() {
        // t = 1: m̂ = g, v̂ = g², so the step is η·sign(g): θ1 = (0.99, 0.99).
        // t = 2: g1 = (1.98, 19.8), m2 = (0.378, 3.78), v2 = (0.0079164, 0.79164);
        // m̂/√v̂ = (0.378/0.19)/√(0.0079164/0.001999) = 0.999724... in both coordinates, θ2 = 0.98000274590.
        let p = first_steps(Optimizer::Adam, 2);
        assert_close(&p[0], [0.99, 0.99], 1e-9);
        assert_close(&p[1], [0.9800027459, 0.9800027459], 1e-9);
    }

    #[test]
    fn every_optimizer_converges_to_the_known_minimum() {
        // f = (x − 1)² + 10(y + 2)², minimum at (1, −2).
        let shifted = |t: &[f64], g: &mut [f64]| {
            let (x, y) = (t[0] - 1.0, t[1] + 2.0);
            g[0] = 2.0 * x;
            g[1] = 20.0 * y;
            x * x + 10.0 * y * y
        };
        for (optimizer, lr) in [
            (Optimizer::Gd, 0.05),
            (Optimizer::Momentum, 0.01),
            (Optimizer::Nesterov, 0.01),
            (Optimizer::RmsProp, 0.01),
            (Optimizer::Adam, 0.05),
        ] {
            let r = run(
                optimizer,
                Settings::with_lr(lr),
                &[-1.0, 1.0],
                20_000,
                1e-9,
                shifted,
            );
            assert_eq!(r.status, Status::Converged, "{optimizer}");
            assert_eq!(r.message, None);
            assert_eq!(r.path.len(), r.steps + 1);
            assert_eq!(r.losses.len(), r.path.len());
            assert_eq!(r.grad_norms.len(), r.path.len());
            assert_eq!(r.path[0], vec![-1.0, 1.0]);
            let last = &r.path[r.steps];
            assert_close(last, [1.0, -2.0], 1e-6);
            assert!(r.grad_norms[r.steps] < 1e-9);
            assert!(
                r.grad_norms[..r.steps].iter().all(|&n| n >= 1e-9),
                "stopped at the first converged point"
            );
        }
    }

    #[test]
    fn rosenbrock_with_lr_001_diverges_at_step_3() {
        // From (−3, 4): θ1 = (57.08, 14), θ2 = (−740642.98…, 6502.25…), θ3_x = 1.6e18 leaves the ±1e12 box.
        // From (5, 5): θ1 = (−395.08, 45), θ2 = (2.47e8, 3.1e5), θ3_x = −6.0e25.
        for (start, theta2_x) in [
            ([-3.0, 4.0], -740642.981248),
            ([5.0, 5.0], 246597812.779648),
        ] {
            let r = run(
                Optimizer::Gd,
                Settings::with_lr(0.01),
                &start,
                1000,
                1e-8,
                rosenbrock,
            );
            assert_eq!(r.status, Status::Diverged);
            assert_eq!(r.steps, 2);
            assert_eq!(r.path.len(), 3);
            assert_eq!(
                r.message.as_deref(),
                Some("diverged at step 3: the learning rate is too large for this curvature")
            );
            assert!((r.path[2][0] - theta2_x).abs() < 1e-5 * theta2_x.abs());
            assert!(r.path.iter().flatten().all(|v| v.is_finite()));
            assert!(r.losses.iter().chain(&r.grad_norms).all(|v| v.is_finite()));
        }
    }

    #[test]
    fn first_non_finite_value_or_gradient_stops_the_run_before_it() {
        // f = x with ∇f = 1 and GD η = 0.1 visits 1, 0.9, 0.8, 0.7; f is NaN below 0.75, so step 3 is rejected.
        let nan_below = |t: &[f64], g: &mut [f64]| {
            g[0] = 1.0;
            if t[0] < 0.75 {
                f64::NAN
            } else {
                t[0]
            }
        };
        let r = run(
            Optimizer::Gd,
            Settings::with_lr(0.1),
            &[1.0],
            100,
            1e-8,
            nan_below,
        );
        assert_eq!(r.status, Status::Diverged);
        assert_eq!(r.steps, 2);
        assert_eq!(r.path.len(), 3);
        assert_eq!(
            r.message.as_deref(),
            Some("diverged at step 3: the learning rate is too large for this curvature")
        );
        // The same with an infinite gradient component and a finite value.
        let inf_grad = |t: &[f64], g: &mut [f64]| {
            g[0] = if t[0] < 0.75 { f64::INFINITY } else { 1.0 };
            t[0]
        };
        let mut d = Descent::new(Optimizer::Momentum, Settings::with_lr(0.1), &[1.0]);
        let mut f = inf_grad;
        // Momentum: v = 1, θ1 = 0.9; v = 1.9, θ2 = 0.71 has an infinite gradient.
        assert_eq!(d.step(&mut f), Status::Running);
        assert_eq!(d.step(&mut f), Status::Diverged);
        assert_eq!(d.steps(), 1);
        assert_eq!(d.theta(), &[0.9]);
        assert_eq!(
            d.message(),
            Some("diverged at step 2: the learning rate is too large for this curvature")
        );
        // A terminal run stays put.
        assert_eq!(d.step(&mut f), Status::Diverged);
        assert_eq!(d.theta(), &[0.9]);
    }

    #[test]
    fn ascent_climbs_uphill() {
        for optimizer in Optimizer::ALL {
            let settings = Settings {
                ascent: true,
                ..Settings::with_lr(0.01)
            };
            let r = run(optimizer, settings, &[1.0, 1.0], 50, 1e-8, bowl);
            assert!(r.losses.len() > 10, "{optimizer}");
            assert!(
                r.losses.windows(2).all(|w| w[1] > w[0]),
                "{optimizer}: {:?}",
                r.losses
            );
        }
        // GD ascent: θ1 = θ0 + 0.01·g0 = (1.02, 1.2).
        let settings = Settings {
            ascent: true,
            ..Settings::with_lr(0.01)
        };
        let mut d = Descent::new(Optimizer::Gd, settings, &[1.0, 1.0]);
        d.step(&mut bowl);
        assert_close(d.theta(), [1.02, 1.2], 1e-15);
        // Climbing the bowl for long enough leaves the box, with a message that does not blame η.
        let r = run(
            Optimizer::Gd,
            settings,
            &[1.0, 1.0],
            MAX_STEPS_CAP,
            1e-8,
            bowl,
        );
        assert_eq!(r.status, Status::Diverged);
        assert!(r
            .message
            .as_deref()
            .is_some_and(|m| m.ends_with("ascent climbed without bound")));
    }

    #[test]
    fn stable_lr_limit_is_two_over_the_largest_eigenvalue() {
        assert_eq!(stable_lr_limit([[2.0, 0.0], [0.0, 20.0]]), Some(0.1));
        // [[11, 9], [9, 11]] has eigenvalues 20 and 2 (the bowl rotated by 45°).
        let rotated = stable_lr_limit([[11.0, 9.0], [9.0, 11.0]]).unwrap_or(f64::NAN);
        assert!((rotated - 0.1).abs() < 1e-15);
        // A saddle diag(4, −1) is still unstable along its positive direction: 2/4.
        assert_eq!(stable_lr_limit([[4.0, 0.0], [0.0, -1.0]]), Some(0.5));
        assert_eq!(stable_lr_limit([[-1.0, 0.0], [0.0, -3.0]]), None);
        assert_eq!(stable_lr_limit([[0.0, 0.0], [0.0, 0.0]]), None);
        assert_eq!(stable_lr_limit([[f64::NAN, 0.0], [0.0, 1.0]]), None);
        assert_eq!(stable_lr_limit([[f64::INFINITY, 0.0], [0.0, 1.0]]), None);
        assert_eq!(stable_lr_limit([[1e-320, 0.0], [0.0, 0.0]]), None);
    }

    #[test]
    fn gd_on_x_squared_is_stable_only_below_lr_one() {
        let square = |t: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * t[0];
            t[0] * t[0]
        };
        let limit = stable_lr_limit([[2.0, 0.0], [0.0, 0.0]]);
        assert_eq!(limit, Some(1.0));
        // η = 0.99: x ← −0.98x converges.
        let below = run(
            Optimizer::Gd,
            Settings::with_lr(0.99),
            &[1.0],
            10_000,
            1e-8,
            square,
        );
        assert_eq!(below.status, Status::Converged);
        // η = 1.01: x ← −1.02x, the loss rises every step, so GD stops after the 16-step window.
        let above = run(
            Optimizer::Gd,
            Settings::with_lr(1.01),
            &[1.0],
            10_000,
            1e-8,
            square,
        );
        assert_eq!(above.status, Status::Oscillating);
        assert_eq!(above.steps, 16);
        assert_eq!(
            above.message.as_deref(),
            Some(
                "oscillating at step 16: the loss rose in 16 of the last 16 steps, \
                 so the learning rate is too large for this curvature"
            )
        );
        // η = 100: x ← −199x leaves the box at step 6 (199⁵ ≈ 3.1e11, 199⁶ ≈ 6.2e13).
        let far = run(
            Optimizer::Gd,
            Settings::with_lr(100.0),
            &[1.0],
            10_000,
            1e-8,
            square,
        );
        assert_eq!(far.status, Status::Diverged);
        assert_eq!(far.steps, 5);
        // Momentum is not stopped by the rule, only told: it runs on to its budget or its own divergence.
        let momentum = run(
            Optimizer::Momentum,
            Settings::with_lr(1.01),
            &[1.0],
            20,
            1e-8,
            square,
        );
        assert_ne!(momentum.status, Status::Oscillating);
    }

    #[test]
    fn gd_oscillates_in_the_rosenbrock_valley_just_above_its_local_limit() {
        // At the minimum (1, 1) the Hessian is [[802, −400], [−400, 200]], λmax ≈ 1001.6, so 2/λmax ≈ 0.001997.
        let limit = stable_lr_limit([[802.0, -400.0], [-400.0, 200.0]]).unwrap_or(f64::NAN);
        assert!(limit > 0.0019 && limit < 0.002, "{limit}");
        let above = run(
            Optimizer::Gd,
            Settings::with_lr(0.002),
            &[-1.0, 1.5],
            MAX_STEPS_CAP,
            1e-9,
            rosenbrock,
        );
        assert_eq!(above.status, Status::Oscillating);
        let below = run(
            Optimizer::Gd,
            Settings::with_lr(0.0019),
            &[-1.0, 1.5],
            MAX_STEPS_CAP,
            1e-9,
            rosenbrock,
        );
        assert_eq!(below.status, Status::Converged);
        assert_close(&below.path[below.steps], [1.0, 1.0], 1e-6);
    }

    #[test]
    fn momentum_reports_oscillation_without_stopping() {
        // Heavy ball with β = 0.9 on x² (λ = 2) is stable for η < 2(1+β)/λ = 1.9. At η = 1.85,
        // x_{k+1} = (1 + β − ηλ) x_k − β x_{k−1} = −1.8 x_k − 0.9 x_{k−1}, whose roots have modulus √0.9 and
        // angle ≈ 162°: the point flips side almost every step and the loss rises often, yet it converges.
        let square = |t: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * t[0];
            t[0] * t[0]
        };
        let mut d =
            Descent::new(Optimizer::Momentum, Settings::with_lr(1.85), &[1.0]).with_tolerance(1e-8);
        let mut f = square;
        let mut seen = false;
        for _ in 0..MAX_STEPS_CAP {
            if d.step(&mut f).is_terminal() {
                break;
            }
            seen |= d.oscillating();
        }
        assert!(seen);
        assert_eq!(d.status(), Status::Converged);
    }

    #[test]
    fn ids_round_trip_and_unknown_ids_are_errors() {
        for optimizer in Optimizer::ALL {
            assert_eq!(optimizer.as_str().parse::<Optimizer>(), Ok(optimizer));
            assert_eq!(optimizer.to_string(), optimizer.as_str());
        }
        assert_eq!(" ADAM ".parse::<Optimizer>(), Ok(Optimizer::Adam));
        assert_eq!(
            "sgd".parse::<Optimizer>(),
            Err(UnknownOptimizer("sgd".to_string()))
        );
        assert_eq!(
            "".parse::<Optimizer>(),
            Err(UnknownOptimizer(String::new()))
        );
        let ids: Vec<&str> = [
            Status::Running,
            Status::Converged,
            Status::Diverged,
            Status::Oscillating,
            Status::MaxSteps,
        ]
        .iter()
        .map(|s| s.as_str())
        .collect();
        assert_eq!(
            ids,
            [
                "running",
                "converged",
                "diverged",
                "oscillating",
                "max-steps"
            ]
        );
    }

    #[test]
    fn bad_inputs_end_the_run_without_panics_or_non_finite_output() {
        let bad = Settings {
            beta2: 1.0,
            ..Settings::default()
        };
        let r = run(Optimizer::Adam, bad, &[1.0, 1.0], 100, 1e-8, bowl);
        assert_eq!(r.status, Status::Diverged);
        assert_eq!(
            r.message.as_deref(),
            Some("invalid settings: beta2 must be in [0, 1), got 1")
        );
        assert!(r.path.is_empty());
        let r = run(
            Optimizer::Gd,
            Settings::with_lr(f64::NAN),
            &[1.0, 1.0],
            100,
            1e-8,
            bowl,
        );
        assert_eq!(r.status, Status::Diverged);
        let r = run(
            Optimizer::Gd,
            Settings::default(),
            &[f64::NAN, 1.0],
            100,
            1e-8,
            bowl,
        );
        assert_eq!(r.status, Status::Diverged);
        assert!(r.path.is_empty() && r.losses.is_empty());
        assert_eq!(
            r.message.as_deref(),
            Some("diverged at step 0: the start point is not finite or lies beyond ±1e12")
        );
        let r = run(
            Optimizer::Gd,
            Settings::default(),
            &[1.0],
            100,
            1e-8,
            |_, _| f64::INFINITY,
        );
        assert_eq!(r.status, Status::Diverged);
        assert_eq!(r.steps, 0);
        assert!(r.path.is_empty());
        // n = 0: the empty gradient has norm 0, so the run converges at θ_0.
        let r = run(
            Optimizer::Adam,
            Settings::default(),
            &[],
            100,
            1e-8,
            |_, _| 3.0,
        );
        assert_eq!((r.status, r.steps, r.path.len()), (Status::Converged, 0, 1));
        // A finite gradient near f64::MAX still has a finite norm; the step it causes leaves the box.
        let huge = |_: &[f64], g: &mut [f64]| {
            g[0] = 1e300;
            g[1] = 1e300;
            0.0
        };
        let r = run(
            Optimizer::Gd,
            Settings::default(),
            &[0.0, 0.0],
            100,
            1e-8,
            huge,
        );
        assert_eq!(r.status, Status::Diverged);
        assert!((r.grad_norms[0] / 1e300 - 2f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn step_budget_is_honoured_and_capped() {
        let r = run(
            Optimizer::Gd,
            Settings::with_lr(0.001),
            &[1.0, 1.0],
            3,
            1e-8,
            bowl,
        );
        assert_eq!((r.status, r.steps, r.path.len()), (Status::MaxSteps, 3, 4));
        let r = run(
            Optimizer::Gd,
            Settings::default(),
            &[1.0, 1.0],
            0,
            1e-8,
            bowl,
        );
        assert_eq!((r.status, r.steps, r.path.len()), (Status::MaxSteps, 0, 1));
        // f = x never converges and GD crawls 1e-9 a step, so only the hard cap stops it.
        let slope = |t: &[f64], g: &mut [f64]| {
            g[0] = 1.0;
            t[0]
        };
        let r = run(
            Optimizer::Gd,
            Settings::with_lr(1e-9),
            &[0.0],
            usize::MAX,
            1e-8,
            slope,
        );
        assert_eq!((r.status, r.steps), (Status::MaxSteps, MAX_STEPS_CAP));
        assert_eq!(r.message, None);
    }

    #[test]
    fn reset_restarts_from_a_new_point() {
        let mut d = Descent::new(Optimizer::Adam, Settings::with_lr(0.01), &[1.0, 1.0]);
        let mut f = bowl;
        d.step(&mut f);
        d.step(&mut f);
        d.reset(&[1.0, 1.0]);
        assert_eq!(
            (d.steps(), d.status(), d.value()),
            (0, Status::Running, None)
        );
        d.step(&mut f);
        // The bias correction restarted too, so the first step is η·sign(g) again.
        assert_close(d.theta(), [0.99, 0.99], 1e-9);
        // f(0.99, 0.99) = 11 · 0.9801 = 10.7811.
        assert!(d.value().is_some_and(|v| (v - 10.7811).abs() < 1e-6));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Whatever the start, η and optimizer, a run ends, records only finite numbers, and keeps the
        /// path, losses and gradient norms in step.
        #[test]
        fn runs_always_end_with_finite_records(
            x in -5.0..5.0f64,
            y in -5.0..5.0f64,
            log_lr in -4.0..0.5f64,
            which in 0usize..5,
            ascent in proptest::bool::ANY,
        ) {
            let optimizer = Optimizer::ALL[which];
            let settings = Settings { ascent, ..Settings::with_lr(10f64.powf(log_lr)) };
            let r = run(optimizer, settings, &[x, y], 300, 1e-8, rosenbrock);
            proptest::prop_assert!(r.status.is_terminal());
            proptest::prop_assert_eq!(r.path.len(), r.steps + 1);
            proptest::prop_assert_eq!(r.losses.len(), r.path.len());
            proptest::prop_assert_eq!(r.grad_norms.len(), r.path.len());
            proptest::prop_assert!(r.path.iter().flatten().chain(&r.losses).chain(&r.grad_norms).all(|v| v.is_finite()));
            proptest::prop_assert_eq!(r.status == Status::Diverged, r.message.as_deref().is_some_and(|m| m.starts_with("diverged at step")));
        }
    }
}
