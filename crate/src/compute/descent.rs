//! Gradient-descent optimizers (GD, momentum, Nesterov, RMSProp, Adam) as pure, deterministic state machines over θ ∈ ℝⁿ.
//!
//! The course's update rule is θ ← θ − η∇L; the other optimizers change what multiplies or replaces ∇L.
//! A [`Descent`] owns one run's state and advances one iteration per [`Descent::step`], so the canvas can
//! animate a run frame by frame; [`run`] drives a whole run and records the path for drawing.
//!
//! Stopping rules, checked after every accepted step:
//! - Converged: ‖∇f(θ_k)‖ < tol, or the step ‖θ_k − θ_{k−1}‖ < tol while ‖∇f(θ_k)‖ < 10·tol.
//! - Diverged: the candidate θ_{k+1} is non-finite or leaves the box |θ_i| ≤ 1e12, or f(θ_{k+1}) or ∇f(θ_{k+1})
//!   is non-finite. The candidate is rejected, so θ, the path, the losses and the gradient norms stay finite.
//! - Diverged also: the loss went the wrong way in more than half of the last 16 steps and its
//!   envelope grew more than 4× (a growing oscillation); or, for plain GD, it rose in all 16, or in
//!   14 or more and by more than half of where it was (a slow but steady overshoot).
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

/// Most halvings of η in one step of backtracking (η shrinks by 2⁴⁰ ≈ 1e12 at most).
const MAX_HALVINGS: usize = 40;
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
    /// The course's flow chart, "loss decreased? no → reduce η": plain descent halves η and
    /// tries again whenever a step would raise the loss (off by default).
    pub backtrack: bool,
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
            backtrack: false,
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
    /// The steps at which backtracking halved η.
    halved_at: Vec<usize>,
    /// f at the last OSCILLATION_WINDOW + 1 iterates, oldest first: a growing oscillation is
    /// divergence, a bounded one is not.
    recent: std::collections::VecDeque<f64>,
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
            halved_at: Vec::new(),
            recent: std::collections::VecDeque::with_capacity(OSCILLATION_WINDOW as usize + 1),
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
        self.halved_at.clear();
        self.recent.clear();
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
        self.remember(value);
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
            return self.diverge(t, false);
        }
        let mut value = value_grad(&self.next, &mut self.grad_next);
        let mut norm = norm(&self.grad_next);
        if self.backtracks() {
            // Halve η until the step goes down (or is no longer worth taking).
            let mut halvings = 0;
            while !(value.is_finite() && norm.is_finite() && value <= self.value) && halvings < MAX_HALVINGS {
                self.settings.lr /= 2.0;
                self.halved_at.push(t);
                halvings += 1;
                self.propose();
                (value, norm) = if in_box(&self.next) {
                    let v = value_grad(&self.next, &mut self.grad_next);
                    (v, crate::eval::numeric::norm(&self.grad_next))
                } else {
                    (f64::NAN, f64::NAN)
                };
            }
        }
        if !(value.is_finite() && norm.is_finite()) {
            return self.diverge(t, true);
        }

        // Accept the candidate.
        let step_sq: f64 = self.next.iter().zip(&self.theta).map(|(a, b)| (a - b) * (a - b)).sum();
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
        self.remember(value);

        // Converged: ∇f below the tolerance, or the step below it where ∇f is nearly so (a run
        // hovering at the minimum, as momentum does at Rosenbrock's (1, 1)), never a tiny η
        // on a steep slope.
        if norm < self.tol || (step_sq.sqrt() < self.tol && norm < 10.0 * self.tol) {
            self.status = Status::Converged;
        } else if self.oscillating() && self.growing() {
            // Up and down with a growing envelope: divergence, not a bounded oscillation.
            self.status = Status::Diverged;
            self.message = Some(format!(
                "diverged at step {t}: the loss went up and down and grew {}× over the last {OSCILLATION_WINDOW} steps, \
                 so the learning rate is too large for this curvature",
                crate::expr::print::format_number(self.growth())
            ));
        } else if self.optimizer == Optimizer::Gd && self.rising() {
            // Up at (nearly) every step of the window and well above where it began: η overshoots
            // the same way each time (x² + 3y² at η = 0.34, where y's factor is 1 − 6η = −1.04).
            self.status = Status::Diverged;
            let first = self.recent.front().copied().unwrap_or(value);
            let times = if first > 0.0 { format!(" ({}× in all)", crate::expr::print::format_number((value / first * 100.0).round() / 100.0)) } else { String::new() };
            self.message = Some(format!(
                "diverged at step {t}: the loss rose in {} of the last {OSCILLATION_WINDOW} steps{times}, \
                 so the learning rate is too large for this curvature",
                self.wrong_count()
            ));
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

    /// Ends the run at the candidate of step `t`, which is not taken (the run has `t − 1` steps):
    /// it left the box or, `undefined`, landed where f or ∇f is not finite.
    fn diverge(&mut self, t: usize, undefined: bool) -> Status {
        self.status = Status::Diverged;
        // The loss fell at every step so far: f has no minimum that way, whatever η is.
        let falling = !self.settings.ascent && self.k > 0 && self.wrong_count() == 0;
        let reason = if undefined {
            "f or ∇f is undefined where it would land, outside f's domain (η may be too large, or f may fall without bound toward the domain's edge, as ln x does)"
        } else if self.settings.ascent {
            // Climbing a bowl runs off to infinity at any learning rate, so blaming η would mislead.
            "ascent climbed without bound"
        } else if falling {
            "the loss fell at every step and f has no lower bound this way, so the iterate ran off beyond ±1e12"
        } else {
            DIVERGED_REASON
        };
        self.message = Some(format!("diverged at step {t} (not taken): {reason}"));
        self.status
    }

    /// Whether the loss rose steadily over the last [`OSCILLATION_WINDOW`] steps, while
    /// descending: at every one of them, or at all but two and by more than half of where it was.
    fn rising(&self) -> bool {
        let (Some(&first), Some(&last)) = (self.recent.front(), self.recent.back()) else { return false };
        let up = self.wrong_count();
        !self.settings.ascent
            && self.recent.len() > OSCILLATION_WINDOW as usize
            && (up == OSCILLATION_WINDOW || (up + 2 >= OSCILLATION_WINDOW && last - first > 0.5 * first.abs()))
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

    /// Whether this run halves η when the loss would rise: plain descent only, when asked
    /// (the optimizers with memory would need their state rewound too).
    fn backtracks(&self) -> bool {
        self.settings.backtrack && self.optimizer == Optimizer::Gd && !self.settings.ascent
    }

    /// The steps at which η was halved, one entry per halving.
    pub fn halved_at(&self) -> &[usize] {
        &self.halved_at
    }

    fn remember(&mut self, value: f64) {
        if self.recent.len() > OSCILLATION_WINDOW as usize {
            self.recent.pop_front();
        }
        self.recent.push_back(value);
    }

    /// How many times higher the loss's envelope rose over the window: the largest f of its
    /// newer half over that of its older half, both measured from the window's smallest f.
    fn growth(&self) -> f64 {
        let floor = self.recent.iter().copied().fold(f64::INFINITY, f64::min);
        let half = self.recent.len() / 2;
        let top = |values: std::collections::vec_deque::Iter<f64>| values.fold(f64::NEG_INFINITY, |m, &v| m.max(v - floor));
        let older = top(self.recent.range(..half));
        let newer = top(self.recent.range(half..));
        newer / older.max(f64::MIN_POSITIVE)
    }

    /// Whether the loss's envelope grew over a full window (more than 4×) while descending.
    fn growing(&self) -> bool {
        !self.settings.ascent && self.recent.len() > OSCILLATION_WINDOW as usize && self.growth() > 4.0
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
    /// The steps at which backtracking halved η (one entry per halving).
    pub halved_at: Vec<usize>,
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
    let halved_at = d.halved_at.clone();
    let mut message = d.message.take();
    if !halved_at.is_empty() {
        // Backtracking is part of the story of the run: say how far η came down.
        let note = format!("η was halved {} times where the loss would have risen, to {}", halved_at.len(), crate::expr::print::format_number(d.settings.lr));
        message = Some(match message {
            Some(m) => format!("{m}; {note}"),
            None => note,
        });
    }
    Run { optimizer, lr: settings.lr, path, losses, grad_norms, status, steps: d.steps(), message, halved_at }
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
mod tests;
