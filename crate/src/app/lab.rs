//! The gradient-descent lab: what to run (checked from a typed request), the runs, and the
//! iteration the animation shows. Runs are deterministic, so they are computed at once and the
//! animation replays them.

use crate::app::error::Error;
use crate::compute::descent::{run, Optimizer, Run, Settings, MAX_STEPS_CAP};
use crate::eval::model::Model;
#[cfg(test)]
use crate::view::runs::RunInfo;

/// Most steps a run may take.
pub const MAX_STEPS: usize = MAX_STEPS_CAP;
/// Gradient norm below which a run has converged.
pub const TOLERANCE: f64 = 1e-6;
/// Most numbers the runs of one request may record (θ, f and ‖∇f‖ per iterate, per run):
/// 16 MB, five 2-variable runs of 100,000 steps.
pub const MAX_RECORDED: usize = 2_000_000;
/// Most tape instructions the runs of one request may execute (steps × runs × tape length):
/// a fraction of a second in the browser.
pub const MAX_WORK: usize = 60_000_000;

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct LabOptions {
    /// θ₀.
    pub start: Vec<f64>,
    /// η.
    pub lr: f64,
    /// Step budget.
    pub steps: usize,
    /// Optimizers, raced from the same start.
    pub optimizers: Vec<Optimizer>,
    /// Hyper-parameters shared by the runs (each optimizer reads its own).
    pub settings: Settings,
    /// Per-optimizer settings that override the shared ones, by [`Optimizer::index`].
    pub own: [Option<Settings>; Optimizer::ALL.len()],
}

impl LabOptions {
    /// The settings optimizer `o` runs with: its own if given, else the shared ones at η.
    pub fn settings_for(&self, o: Optimizer) -> Settings {
        self.own.get(o.index()).copied().flatten().unwrap_or(Settings { lr: self.lr, ..self.settings })
    }
}

impl Default for LabOptions {
    fn default() -> Self {
        LabOptions {
            start: vec![-1.5, 2.0],
            lr: 0.01,
            steps: 500,
            optimizers: vec![Optimizer::Gd],
            settings: Settings::default(),
            own: [None; Optimizer::ALL.len()],
        }
    }
}

/// Hyper-parameters as a caller gives them; `None` keeps the current value.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SettingsRequest {
    /// η.
    pub lr: Option<f64>,
    /// β of momentum and Nesterov.
    pub beta: Option<f64>,
    /// β₁ of Adam.
    pub beta1: Option<f64>,
    /// β₂ of Adam.
    pub beta2: Option<f64>,
    /// ρ of RMSProp.
    pub rho: Option<f64>,
    /// ε of RMSProp and Adam.
    pub eps: Option<f64>,
    /// Climb θ + η∇f instead (Mistake 5).
    pub ascent: Option<bool>,
    /// Halve η when the loss would rise (plain descent).
    pub backtrack: Option<bool>,
}

/// A descent as the API and links ask for it: every field optional, nothing checked yet
/// (see [`LabOptions::with`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DescentRequest {
    /// θ₀.
    pub start: Option<Vec<f64>>,
    /// Step budget, as given (capped at [`MAX_STEPS`]).
    pub steps: Option<f64>,
    /// Optimizer ids, as given.
    pub optimizers: Option<Vec<String>>,
    /// Settings shared by every run.
    pub shared: SettingsRequest,
    /// Settings of one optimizer, on top of the shared ones.
    pub own: Vec<(Optimizer, SettingsRequest)>,
}

impl LabOptions {
    /// These options changed as `request` asks, checked: a bad value is an error for the
    /// learner and changes nothing.
    pub fn with(&self, request: &DescentRequest) -> Result<LabOptions, Error> {
        let refuse = |text: String| Error::Refused(text);
        let mut o = self.clone();
        if let Some(start) = &request.start {
            if start.is_empty() || start.iter().any(|v| !v.is_finite()) {
                return Err(refuse("start must be finite numbers".into()));
            }
            o.start = start.clone();
        }
        if let Some(steps) = request.steps {
            if !(steps.is_finite() && steps >= 1.0) {
                return Err(refuse("steps must be a positive number".into()));
            }
            o.steps = (steps as usize).min(MAX_STEPS);
        }
        if let Some(ids) = &request.optimizers {
            let mut optimizers = Vec::new();
            for id in ids {
                optimizers.push(id.parse::<Optimizer>().map_err(|e| refuse(e.to_string()))?);
            }
            // Each optimizer once, in the order first named (`Vec::dedup` drops only
            // neighbours: `gd,adam,gd,adam,…` once started a run per entry).
            let mut seen = [false; Optimizer::ALL.len()];
            optimizers.retain(|o| !std::mem::replace(&mut seen[o.index()], true));
            if optimizers.is_empty() {
                return Err(refuse("choose at least one optimizer".into()));
            }
            o.optimizers = optimizers;
        }
        // The shared η and hyper-parameters, checked in one place for them and per optimizer.
        o.settings.lr = o.lr;
        apply_settings(&request.shared, &mut o.settings)?;
        o.lr = o.settings.lr;
        o.own = [None; Optimizer::ALL.len()];
        for (optimizer, own) in &request.own {
            let mut settings = o.settings;
            apply_settings(own, &mut settings)?;
            settings.validate().map_err(|e| refuse(format!("{}: {e}", optimizer.as_str())))?;
            o.own[optimizer.index()] = Some(settings);
        }
        o.settings.validate().map_err(refuse)?;
        Ok(o)
    }
}

/// Writes the given fields of `request` into `s`; η must be in (0, 1000].
fn apply_settings(request: &SettingsRequest, s: &mut Settings) -> Result<(), Error> {
    if let Some(lr) = request.lr {
        if !(lr.is_finite() && lr > 0.0 && lr <= 1e3) {
            return Err(Error::Refused(format!("the learning rate must be in (0, 1000], got {lr}")));
        }
        s.lr = lr;
    }
    for (value, field) in [(request.beta, &mut s.beta), (request.beta1, &mut s.beta1), (request.beta2, &mut s.beta2), (request.rho, &mut s.rho), (request.eps, &mut s.eps)] {
        if let Some(v) = value {
            *field = v;
        }
    }
    if let Some(ascent) = request.ascent {
        s.ascent = ascent;
    }
    if let Some(backtrack) = request.backtrack {
        s.backtrack = backtrack;
    }
    Ok(())
}

/// The step budget that keeps `options` within [`MAX_RECORDED`] and [`MAX_WORK`] for a
/// function of `n_vars` variables whose value-and-gradient tape has `tape_len` instructions;
/// `None` when the asked-for steps fit.
pub fn affordable_steps(options: &LabOptions, n_vars: usize, tape_len: usize) -> Option<usize> {
    let runs = options.optimizers.len().max(1);
    let per_step_values = runs.saturating_mul(n_vars + 2);
    let per_step_work = runs.saturating_mul(tape_len.max(1) + n_vars);
    let fits = (MAX_RECORDED / per_step_values.max(1)).min(MAX_WORK / per_step_work.max(1)).saturating_sub(1).max(1);
    (options.steps > fits).then_some(fits)
}

/// Runs every optimizer of `options` on `model`.
pub fn run_all(model: &Model, options: &LabOptions) -> Vec<Run> {
    let n = model.n_vars();
    let mut start = options.start.clone();
    start.resize(n, 0.0);
    let mut out = vec![0.0; n + 1];
    options
        .optimizers
        .iter()
        .map(|&optimizer| {
            let value_grad = |theta: &[f64], grad: &mut [f64]| {
                model.value_grad.eval_point(theta, &mut out);
                grad.copy_from_slice(&out[1..=grad.len()]);
                out[0]
            };
            run(optimizer, options.settings_for(optimizer), &start, options.steps, TOLERANCE, value_grad)
        })
        .collect()
}

/// The lab's state: the options of the last request, its runs, and the animation's iteration.
#[derive(Debug, Clone)]
pub struct Lab {
    /// What the last request ran (or the defaults).
    pub options: LabOptions,
    /// The runs, one per optimizer.
    pub runs: Vec<Run>,
    /// The iteration the animation shows.
    pub frame: usize,
    /// Whether the loss chart's y axis is logarithmic.
    pub loss_log: bool,
}

impl Default for Lab {
    fn default() -> Self {
        Lab { options: LabOptions::default(), runs: Vec::new(), frame: 0, loss_log: true }
    }
}

impl Lab {
    /// Runs `request` on `model` from iteration 0. Returns a notice when the steps had to be
    /// cut to fit the work budget.
    pub fn run(&mut self, model: &Model, request: &DescentRequest) -> Result<Option<String>, Error> {
        let mut options = self.options.with(request)?;
        let mut notice = None;
        if let Some(steps) = affordable_steps(&options, model.n_vars(), model.value_grad.len()) {
            notice = Some(format!("{} steps of {} runs would take too long here: running {steps}", options.steps, options.optimizers.len()));
            options.steps = steps;
        }
        self.runs = run_all(model, &options);
        self.options = options;
        self.frame = 0;
        Ok(notice)
    }

    /// The runs as `state()` reports them.
    #[cfg(test)]
    pub fn infos(&self) -> Vec<RunInfo> {
        self.runs.iter().map(RunInfo::from).collect()
    }

    /// Shows iteration `k` (clamped to the longest run).
    pub fn set_frame(&mut self, k: usize) {
        self.frame = k.min(self.length().saturating_sub(1));
    }

    /// The number of iterates of the longest run (0 with no runs).
    pub fn length(&self) -> usize {
        self.runs.iter().map(|r| r.path.len()).max().unwrap_or(0)
    }

    /// Removes the runs.
    pub fn clear(&mut self) {
        self.runs.clear();
        self.frame = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::runs::MAX_STATE_ITERATES;

    fn ids(list: &[&str]) -> DescentRequest {
        DescentRequest { optimizers: Some(list.iter().map(|s| s.to_string()).collect()), ..DescentRequest::default() }
    }

    #[test]
    fn requests_are_checked_and_bad_ones_change_nothing() {
        let base = LabOptions::default();
        let request = DescentRequest {
            start: Some(vec![-1.5, 2.0]),
            steps: Some(3000.0),
            shared: SettingsRequest { lr: Some(0.001), ..SettingsRequest::default() },
            ..ids(&["momentum", "adam"])
        };
        let o = base.with(&request).expect("valid");
        assert_eq!(o.optimizers, vec![Optimizer::Momentum, Optimizer::Adam]);
        assert_eq!((o.lr, o.steps), (0.001, 3000));
        assert!(base.with(&ids(&["sgd"])).is_err());
        assert!(base.with(&ids(&[])).is_err());
        let lr = |v: f64| DescentRequest { shared: SettingsRequest { lr: Some(v), ..SettingsRequest::default() }, ..DescentRequest::default() };
        assert!(base.with(&lr(-1.0)).is_err() && base.with(&lr(f64::NAN)).is_err());
        let beta = DescentRequest { shared: SettingsRequest { beta: Some(1.5), ..SettingsRequest::default() }, ..DescentRequest::default() };
        assert!(base.with(&beta).is_err());
        assert!(base.with(&DescentRequest { start: Some(vec![f64::NAN]), ..DescentRequest::default() }).is_err());
        assert_eq!(base.with(&DescentRequest { steps: Some(1e9), ..DescentRequest::default() }).expect("capped").steps, MAX_STEPS);
        // Each optimizer may have its own settings on top of the shared ones.
        let request = DescentRequest {
            shared: SettingsRequest { lr: Some(0.01), beta: Some(0.5), ..SettingsRequest::default() },
            own: vec![(Optimizer::Adam, SettingsRequest { lr: Some(0.2), beta1: Some(0.8), ..SettingsRequest::default() })],
            ..DescentRequest::default()
        };
        let o = base.with(&request).expect("valid");
        let adam = o.settings_for(Optimizer::Adam);
        assert_eq!((adam.lr, adam.beta1, adam.beta), (0.2, 0.8, 0.5));
        assert_eq!(o.settings_for(Optimizer::Momentum).lr, 0.01);
        let bad_own = DescentRequest { own: vec![(Optimizer::Adam, SettingsRequest { beta2: Some(1.0), ..SettingsRequest::default() })], ..DescentRequest::default() };
        assert!(base.with(&bad_own).is_err());
    }

    #[test]
    fn repeated_optimizers_run_once_each_in_the_order_first_named() {
        // Issue 11: `opt=gd,adam,gd,adam,…` once started one run per entry.
        let base = LabOptions::default();
        let many = ["gd", "adam"].repeat(300);
        let o = base.with(&ids(&many)).expect("valid");
        assert_eq!(o.optimizers, vec![Optimizer::Gd, Optimizer::Adam]);
        let o = base.with(&ids(&["adam", "gd", "momentum", "gd", "adam", "nesterov"])).expect("valid");
        assert_eq!(o.optimizers, vec![Optimizer::Adam, Optimizer::Gd, Optimizer::Momentum, Optimizer::Nesterov]);
    }

    #[test]
    fn long_runs_are_thinned_for_the_snapshot_and_keep_their_end() {
        let model = Model::new("x^2 + y^2").expect("parses");
        let slow = LabOptions { lr: 1e-5, steps: 25_000, start: vec![1.0, 1.0], ..LabOptions::default() };
        let run = &run_all(&model, &slow)[0];
        assert_eq!(run.path.len(), 25_001);
        let info = RunInfo::from(run);
        assert!(info.path.len() <= MAX_STATE_ITERATES + 1 && info.stride == 3, "{} {}", info.path.len(), info.stride);
        assert_eq!(info.path[1], run.path[3]);
        assert_eq!(info.path.last(), run.path.last());
        assert_eq!(info.losses.len(), info.path.len());
        assert_eq!(info.steps, 25_000);
        // A short run is whole.
        let short = LabOptions { steps: 10, ..slow };
        let info = RunInfo::from(&run_all(&model, &short)[0]);
        assert_eq!((info.path.len(), info.stride), (11, 1));
    }

    #[test]
    fn a_request_is_bounded_by_what_it_records_and_executes() {
        let all = LabOptions { steps: MAX_STEPS, optimizers: Optimizer::ALL.to_vec(), ..LabOptions::default() };
        // Rosenbrock: five runs of 100,000 steps fit the work budget but not the record budget.
        let steps = affordable_steps(&all, 2, 20).expect("too many numbers");
        assert!(steps * 5 * 4 <= MAX_RECORDED && steps > 50_000, "{steps}");
        // A long function's tape bounds the steps by work.
        let steps = affordable_steps(&all, 2, 6000).expect("too much work");
        assert!((steps + 1) * 5 * 6002 <= MAX_WORK + 5 * 6002, "{steps}");
        // The presets' requests fit as asked.
        let race = LabOptions { steps: 3000, optimizers: Optimizer::ALL.to_vec(), ..LabOptions::default() };
        assert_eq!(affordable_steps(&race, 2, 40), None);
    }

    #[test]
    fn rosenbrock_races_and_plain_descent_breaks_with_a_large_rate() {
        let model = Model::new("(1-x)^2 + 100(y-x^2)^2").expect("parses");
        let fast = LabOptions { lr: 0.001, steps: 20_000, optimizers: vec![Optimizer::Adam], ..LabOptions::default() };
        let adam = &run_all(&model, &fast)[0];
        assert!(adam.losses.last().copied().unwrap_or(f64::NAN) < 1e-3, "{:?}", adam.losses.last());
        let broken = LabOptions { lr: 0.01, start: vec![-3.0, 4.0], optimizers: vec![Optimizer::Gd], ..LabOptions::default() };
        let gd = &run_all(&model, &broken)[0];
        assert_eq!(gd.status.as_str(), "diverged");
        assert!(gd.message.as_deref().is_some_and(|m| m.contains("learning rate is too large")));
        assert!(gd.path.iter().flatten().all(|v| v.is_finite()));
    }
}
