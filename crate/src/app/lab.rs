//! The gradient-descent lab: options as the page and links give them, the runs, and the
//! iteration the animation is showing. Runs are deterministic, so they are computed at once
//! and the animation replays them.

use serde::Serialize;
use serde_json::Value;

use crate::compute::descent::{run, Optimizer, Run, Settings};
use crate::app::link::{format_numbers, parse_numbers};
use crate::eval::model::Model;
use crate::view::scene::{Arrow, Marker, Polyline, Scene, Style};

/// Most steps a run may take.
pub const MAX_STEPS: usize = 100_000;
/// Gradient norm below which a run has converged.
pub const TOLERANCE: f64 = 1e-6;

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

/// One run as `state().descent` shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunInfo {
    /// Optimizer id.
    pub optimizer: &'static str,
    /// η.
    pub lr: f64,
    /// θ₀ … θₖ.
    pub path: Vec<Vec<f64>>,
    /// f(θ₀) … f(θₖ).
    pub losses: Vec<f64>,
    /// ‖∇f(θᵢ)‖.
    pub grad_norms: Vec<f64>,
    /// "converged", "diverged", "oscillating" or "max-steps" (or "running" while animating).
    pub status: &'static str,
    /// Steps taken.
    pub steps: usize,
    /// Why it ended, for the learner.
    pub message: Option<String>,
    /// The iteration `path[0]` is: 0 for a whole run, k for a window (see [`RunInfo::window`]).
    pub from: usize,
    /// Iterations between entries: 1 for every iterate; more for a thinned long run, whose
    /// last entry is still the final iterate.
    pub stride: usize,
}

/// Most iterates per run that `state()` carries; longer runs are thinned evenly (see
/// [`RunInfo::thinned`]) so the snapshot stays a few megabytes however long the race.
pub const MAX_STATE_ITERATES: usize = 10_001;

impl From<&Run> for RunInfo {
    fn from(r: &Run) -> Self {
        RunInfo::thinned(r, MAX_STATE_ITERATES)
    }
}

impl RunInfo {
    /// Iterations `from ..= from + len − 1` only: what one animation frame needs, without
    /// copying (and serialising) a path of thousands of points every frame.
    pub fn window(r: &Run, from: usize, len: usize) -> RunInfo {
        let from = from.min(r.path.len().saturating_sub(1));
        let to = from.saturating_add(len).min(r.path.len());
        RunInfo {
            optimizer: r.optimizer.as_str(),
            lr: r.lr,
            path: r.path[from..to].to_vec(),
            losses: r.losses[from..to].to_vec(),
            grad_norms: r.grad_norms[from..to].to_vec(),
            status: r.status.as_str(),
            steps: r.steps,
            message: r.message.clone(),
            from,
            stride: 1,
        }
    }

    /// The whole run with at most `max` iterates: every `stride`-th one, and the last.
    pub fn thinned(r: &Run, max: usize) -> RunInfo {
        let len = r.path.len();
        if len <= max.max(2) {
            return RunInfo::window(r, 0, len);
        }
        let stride = (len - 1).div_ceil(max.max(2) - 1);
        let mut picks: Vec<usize> = (0..len).step_by(stride).collect();
        if picks.last() != Some(&(len - 1)) {
            picks.push(len - 1);
        }
        RunInfo {
            path: picks.iter().map(|&k| r.path[k].clone()).collect(),
            losses: picks.iter().map(|&k| r.losses[k]).collect(),
            grad_norms: picks.iter().map(|&k| r.grad_norms[k]).collect(),
            stride,
            ..RunInfo::window(r, 0, 0)
        }
    }
}

/// Reads options from JSON as the API takes them: `{start, lr, steps, opt, ascent, beta, beta1,
/// beta2, rho, eps}`; `opt` is an array or a comma-separated string. Missing keys keep `base`.
pub fn parse_options(json: &str, base: &LabOptions) -> Result<LabOptions, String> {
    let value: Value = serde_json::from_str(json).map_err(|e| format!("options are not valid JSON: {e}"))?;
    let mut o = base.clone();
    let number = |key: &str| value.get(key).and_then(Value::as_f64);
    if let Some(start) = value.get("start") {
        let coords: Option<Vec<f64>> = match start {
            Value::Array(xs) => xs.iter().map(Value::as_f64).collect(),
            Value::String(s) => parse_numbers(s, None).ok(),
            _ => None,
        };
        o.start = coords.filter(|c| !c.is_empty() && c.iter().all(|v| v.is_finite())).ok_or("start must be finite numbers")?;
    }
    if let Some(steps) = number("steps") {
        if !(steps.is_finite() && steps >= 1.0) {
            return Err("steps must be a positive number".into());
        }
        o.steps = (steps as usize).min(MAX_STEPS);
    }
    if let Some(opt) = value.get("opt") {
        let ids: Vec<String> = match opt {
            Value::Array(xs) => xs.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            Value::String(s) => s.split(',').map(str::to_string).collect(),
            _ => Vec::new(),
        };
        let parsed: Result<Vec<Optimizer>, _> = ids.iter().map(|id| id.parse::<Optimizer>()).collect();
        let mut optimizers = parsed.map_err(|e| e.to_string())?;
        // Each optimizer once, in the order first named (`Vec::dedup` drops only neighbours:
        // `gd,adam,gd,adam,…` once started a run per entry).
        let mut seen = [false; Optimizer::ALL.len()];
        optimizers.retain(|o| !std::mem::replace(&mut seen[o.index()], true));
        if optimizers.is_empty() {
            return Err("choose at least one optimizer".into());
        }
        o.optimizers = optimizers;
    }
    // The shared η and hyper-parameters, checked in one place for them and per optimizer.
    o.settings.lr = o.lr;
    read_settings(&value, &mut o.settings)?;
    o.lr = o.settings.lr;
    // Per-optimizer settings: `{"adam": {"lr": 0.1, "beta1": 0.8}, …}` start from the shared ones.
    o.own = [None; Optimizer::ALL.len()];
    for optimizer in Optimizer::ALL {
        if let Some(own) = value.get(optimizer.as_str()).filter(|v| v.is_object()) {
            let mut settings = o.settings;
            read_settings(own, &mut settings)?;
            settings.validate().map_err(|e| format!("{}: {e}", optimizer.as_str()))?;
            o.own[optimizer.index()] = Some(settings);
        }
    }
    o.settings.validate()?;
    Ok(o)
}

/// Reads `lr`, `beta`, `beta1`, `beta2`, `rho`, `eps` and `ascent` from a JSON object into `s`.
fn read_settings(value: &Value, s: &mut Settings) -> Result<(), String> {
    if let Some(lr) = value.get("lr").and_then(Value::as_f64) {
        if !(lr.is_finite() && lr > 0.0 && lr <= 1e3) {
            return Err(format!("the learning rate must be in (0, 1000], got {lr}"));
        }
        s.lr = lr;
    }
    for (key, field) in [("beta", &mut s.beta), ("beta1", &mut s.beta1), ("beta2", &mut s.beta2), ("rho", &mut s.rho), ("eps", &mut s.eps)] {
        if let Some(v) = value.get(key).and_then(Value::as_f64) {
            *field = v;
        }
    }
    if let Some(ascent) = value.get("ascent").and_then(Value::as_bool) {
        s.ascent = ascent;
    }
    Ok(())
}

/// Most numbers the runs of one request may record (θ, f and ‖∇f‖ per iterate, per run):
/// 16 MB, five 2-variable runs of 100,000 steps.
pub const MAX_RECORDED: usize = 2_000_000;
/// Most tape instructions the runs of one request may execute (steps × runs × tape length):
/// a fraction of a second in the browser.
pub const MAX_WORK: usize = 60_000_000;

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

/// Draws the runs up to iteration `frame`: each path so far, its current point, and the step
/// taken from there, green where f went down and red where it went up. In one variable the
/// path is drawn on the graph as (θ, f(θ)).
pub fn add_paths(scene: &mut Scene, runs: &[Run], frame: usize) {
    for r in runs {
        // Each optimizer keeps its colour whichever others run beside it.
        let i = r.optimizer.index();
        let point = |k: usize| -> [f64; 2] {
            let theta = &r.path[k];
            match theta.as_slice() {
                [x] => [*x, r.losses[k]],
                [x, y, ..] => [*x, *y],
                [] => [f64::NAN, f64::NAN],
            }
        };
        if r.path.is_empty() {
            continue;
        }
        let k = frame.min(r.path.len() - 1);
        scene.polylines.push(Polyline { points: (0..=k).map(point).collect(), style: Style::Path(i) });
        if k + 1 < r.path.len() {
            let style = if r.losses[k + 1] < r.losses[k] { Style::StepDown } else { Style::StepUp };
            scene.arrows.push(Arrow { from: point(k), to: point(k + 1), style });
        }
        scene.markers.push(Marker { at: point(k), style: Style::Path(i) });
    }
}

/// The link pairs of the lab: `start`, `lr`, `steps`, `opt`.
pub fn link_pairs(options: &LabOptions) -> Vec<(String, String)> {
    vec![
        ("start".into(), format_numbers(&options.start)),
        ("lr".into(), format_numbers(&[options.lr])),
        ("steps".into(), options.steps.to_string()),
        ("opt".into(), options.optimizers.iter().map(|o| o.as_str()).collect::<Vec<_>>().join(",")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_accept_arrays_and_strings_and_refuse_junk() {
        let base = LabOptions::default();
        let o = parse_options(r#"{"start":[-1.5,2],"lr":0.001,"steps":3000,"opt":["momentum","adam"]}"#, &base).expect("valid");
        assert_eq!(o.optimizers, vec![Optimizer::Momentum, Optimizer::Adam]);
        assert_eq!((o.lr, o.steps), (0.001, 3000));
        let o = parse_options(r#"{"opt":"gd,rmsprop"}"#, &base).expect("valid");
        assert_eq!(o.optimizers, vec![Optimizer::Gd, Optimizer::RmsProp]);
        assert!(parse_options(r#"{"opt":"sgd"}"#, &base).is_err());
        assert!(parse_options(r#"{"lr":-1}"#, &base).is_err());
        assert!(parse_options(r#"{"beta":1.5}"#, &base).is_err());
        assert!(parse_options("<script>", &base).is_err());
        assert_eq!(parse_options(r#"{"steps":1e9}"#, &base).expect("capped").steps, MAX_STEPS);
        // Each optimizer may have its own settings on top of the shared ones.
        let o = parse_options(r#"{"lr":0.01,"beta":0.5,"adam":{"lr":0.2,"beta1":0.8}}"#, &base).expect("valid");
        let adam = o.settings_for(Optimizer::Adam);
        assert_eq!((adam.lr, adam.beta1, adam.beta), (0.2, 0.8, 0.5));
        assert_eq!(o.settings_for(Optimizer::Momentum).lr, 0.01);
        assert!(parse_options(r#"{"adam":{"beta2":1}}"#, &base).is_err());
    }

    #[test]
    fn repeated_optimizers_run_once_each_in_the_order_first_named() {
        // Issue 11: `opt=gd,adam,gd,adam,…` once started one run per entry.
        let base = LabOptions::default();
        let many = ["gd", "adam"].repeat(300).join(",");
        let o = parse_options(&format!(r#"{{"opt":"{many}"}}"#), &base).expect("valid");
        assert_eq!(o.optimizers, vec![Optimizer::Gd, Optimizer::Adam]);
        let o = parse_options(r#"{"opt":["adam","gd","momentum","gd","adam","nesterov"]}"#, &base).expect("valid");
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
