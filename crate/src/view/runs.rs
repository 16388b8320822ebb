//! The lab's runs as the views show them: paths drawn on the plot up to the animation's
//! iteration, and each run as `state().descent` reports it.

use serde::Serialize;

use crate::compute::descent::Run;
use crate::view::readouts::step_length;
use crate::view::scene::{Arrow, Marker, Polyline, Scene, Style};

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
    /// ‖θ₍from+1₎ − θ₍from₎‖: the length of the step taken from the first iterate shown.
    pub step_length: Option<f64>,
    /// The steps at which backtracking halved η.
    pub halved_at: Vec<usize>,
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
            step_length: r.path.get(from + 1).filter(|_| to > from).map(|next| step_length(&r.path[from], next)),
            halved_at: r.halved_at.clone(),
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
        // Where backtracking halved η: the step that would have raised the loss started here.
        let mut halved: Vec<usize> = r.halved_at.iter().map(|&t| t - 1).filter(|&from| from <= k).collect();
        halved.dedup();
        scene.markers.extend(halved.into_iter().map(|from| Marker { at: point(from), style: Style::StepUp }));
        scene.markers.push(Marker { at: point(k), style: Style::Path(i) });
    }
}

