//! What the audio trace follows: f along x (one variable), or along the slice through the
//! point in the direction u (two or more), over the same reach as the slice chart.

use crate::app::App;
use crate::view::audio::{audio_trace, AudioTrace};

impl App {
    /// `n` samples of f along the traced line, with their ticks; `None` with no function.
    pub fn audio_trace(&self, n: usize) -> Option<AudioTrace> {
        let model = self.session.model()?;
        if model.n_vars() == 1 {
            let v = self.viewport.view;
            return Some(audio_trace(|x| model.value.eval1(&[x]), v.xmin, v.xmax, n));
        }
        let shown = self.viewport.shown;
        let reach = 0.25 * shown.width().min(shown.height());
        let (point, u) = (self.selection.point.clone(), self.selection.direction());
        let mut p = point.clone();
        Some(audio_trace(
            move |t| {
                p[0] = point[0] + t * u[0];
                p[1] = point[1] + t * u[1];
                model.value.eval1(&p)
            },
            -reach,
            reach,
            n,
        ))
    }
}
