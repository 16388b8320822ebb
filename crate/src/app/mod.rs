//! The application's state and every action on it, with no browser and no JSON in sight: the
//! wasm handle forwards to this through the wire, and native tests drive it directly.
//!
//! [`App`] is a small façade over sub-states with one job each: the [`Session`] (the function),
//! the [`Selection`] (point and direction), the [`Viewport`] (window, frames, hit-testing),
//! the map's options and cache, the one-variable [`SingleVar`], the descent [`Lab`], the
//! [`RegressionLab`], and the [`Notices`]. The link codec is [`link`]; `state()` is built in
//! [`snapshot`].

pub mod appearance;
pub mod audio;
pub mod catalogue;
pub mod error;
pub mod fit;
pub mod lab;
pub mod lessons;
pub mod link;
pub mod network;
pub mod notices;
pub mod pointer;
pub mod regression;
pub mod selection;
pub mod session;
pub mod single;
pub mod snapshot;
pub mod teacher;
pub mod surface;
pub mod viewport;

use crate::compute::field::ArrowLength;
use crate::compute::geometry::{Frame, PlotRect, View};
use crate::render::layout::plot_size;
use crate::view::charts::{self, Panel};
use crate::view::graph::{graph_scene, GraphOptions};
use crate::view::map::{map_scene, Canvas, Detail, MapCache, MapOptions};
use crate::view::runs::{add_paths, RunInfo};
use crate::view::scene::{Marker, Scene, Style};

pub use error::Error;
pub use pointer::Along;
use appearance::Appearance;
use lab::{DescentRequest, Lab};
use notices::Notices;
use regression::RegressionLab;
use selection::Selection;
use session::Session;
use single::SingleVar;
use viewport::Viewport;

/// The function shown when the page opens: the course's paraboloid.
pub const DEFAULT_EXPRESSION: &str = "x^2 + y^2";
/// The point selected when the page opens: the course's (1, 2).
pub const DEFAULT_POINT: [f64; 2] = [1.0, 2.0];
/// Pixels within which a dragged point snaps to a critical or inflection point.
pub(crate) const SNAP_PX: f64 = 8.0;
/// The whole state of one visualizer.
pub struct App {
    session: Session,
    selection: Selection,
    viewport: Viewport,
    map_options: MapOptions,
    map_cache: MapCache,
    /// Whether the view is moving under a pan or zoom gesture: the map is drawn coarsely until
    /// [`App::refine`] is called in a pause (or the view is set).
    moving: bool,
    single: SingleVar,
    lab: Lab,
    /// The regression lab, when the function shown is its loss.
    regression: Option<RegressionLab>,
    notices: Notices,
    /// `embed=1`: the page is a chrome-free figure in another page's `<iframe>` (no header).
    embed: bool,
    /// The guided lesson being followed, if any.
    lesson: Option<lessons::ActiveLesson>,
    /// A teacher's link: hidden parts and the locked field.
    teacher: teacher::Teacher,
    /// The computational-graph panel.
    graph: network::GraphPanel,
    /// The colour scheme drawn with.
    appearance: Appearance,
    /// The layout, the 3D surface and the local models.
    surface: surface::SurfaceState,
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

impl App {
    /// A visualizer showing the default function.
    pub fn new() -> App {
        let mut app = App {
            session: Session::default(),
            selection: Selection::default(),
            viewport: Viewport::default(),
            map_options: MapOptions::default(),
            map_cache: MapCache::default(),
            moving: false,
            single: SingleVar::default(),
            lab: Lab::default(),
            regression: None,
            notices: Notices::default(),
            embed: false,
            lesson: None,
            teacher: teacher::Teacher::default(),
            graph: network::GraphPanel::default(),
            appearance: Appearance::default(),
            surface: surface::SurfaceState::default(),
        };
        let _ = app.set_expression(DEFAULT_EXPRESSION);
        app
    }

    /// Reads a new expression. On error the text is kept, the error recorded, and the last good
    /// function stays on screen. Typing a function leaves the regression lab.
    pub fn set_expression(&mut self, text: &str) -> Result<(), Error> {
        self.regression = None;
        let after_curve = self.session.n_vars() == 1;
        self.load_expression(text)?;
        // A new function of one variable gets a y-range that shows it (x² runs off a fixed −3..3).
        // A function whose values no view can hold ((x+1)…(x+50) reaches 1e64) keeps the view:
        // the function itself is fine.
        let fitted = if after_curve && self.session.n_vars() >= 2 { self.square_view() } else { self.fit_view() };
        if let Err(e) = fitted {
            self.notices.push(format!("kept the view: {e}"));
        }
        Ok(())
    }

    fn load_expression(&mut self, text: &str) -> Result<(), Error> {
        self.session.load(text)?;
        self.selection.fit(self.session.n_vars());
        // Notices, runs and dots were about the old function (or the link that loaded it).
        self.notices.clear();
        self.lab.clear();
        self.single.traced.clear();
        self.single.answer = None;
        Ok(())
    }

    /// Records a refusal as a notice and hands it back.
    fn refused<T>(&mut self, result: Result<T, Error>) -> Result<T, Error> {
        if let Err(e) = &result {
            self.notices.push(e.to_string());
        }
        result
    }

    /// Moves the selected point; missing coordinates keep their value, non-finite ones are refused.
    pub fn set_point(&mut self, coords: &[f64]) {
        let result = self.selection.set_point(coords);
        let _ = self.refused(result);
    }

    /// Sets the direction u by its angle in degrees from +x.
    pub fn set_direction(&mut self, degrees: f64) {
        let result = self.selection.set_direction(degrees);
        let _ = self.refused(result);
    }

    /// Sets the visible window; an invalid one is refused with a notice.
    pub fn set_view(&mut self, xmin: f64, xmax: f64, ymin: f64, ymax: f64) -> Result<(), Error> {
        let result = self.viewport.set(xmin, xmax, ymin, ymax);
        self.moving = false;
        self.refused(result)
    }

    /// Sets the secant step h (0 < |h| ≤ 10).
    pub fn set_h(&mut self, h: f64) -> Result<(), Error> {
        let result = self.single.set_h(h);
        self.refused(result)
    }

    /// How many level curves, about (1 to 40).
    pub fn set_levels(&mut self, n: usize) {
        self.map_options.n_levels = n.clamp(1, 40);
    }

    /// Field arrows all one length (`true`) or proportional to ‖∇f‖.
    pub fn set_normalized_arrows(&mut self, normalized: bool) {
        self.map_options.arrow_length = if normalized { ArrowLength::Normalized } else { ArrowLength::True };
    }

    /// Colours and levels on a log scale (`true`) or linear.
    pub fn set_log_scale(&mut self, log: bool) {
        self.map_options.log_scale = log;
    }

    /// Show or hide the gradient field.
    pub fn set_show_field(&mut self, show: bool) {
        self.map_options.show_field = show;
    }

    /// What the one-variable view draws besides f.
    pub fn set_graph_options(&mut self, options: GraphOptions) {
        self.single.options = options;
    }

    /// Forgets the notices shown so far.
    pub fn clear_notices(&mut self) {
        self.notices.clear();
    }

    /// The number of variables of the function shown (0 before any).
    pub fn n_vars(&self) -> usize {
        self.session.n_vars()
    }

    /// The visible window.
    pub fn view(&self) -> View {
        self.viewport.view
    }

    /// The frame drawn last, for pixel ↔ world conversions.
    pub fn frame(&self) -> Option<Frame> {
        self.viewport.frame()
    }

    /// Records where the last scene was drawn.
    pub fn set_plot_rect(&mut self, rect: PlotRect) {
        self.viewport.record_plot(rect);
    }

    /// Records where a small chart's plotting area was drawn and what range it shows.
    pub fn set_panel_frame(&mut self, panel: Panel, frame: Frame) {
        self.viewport.record_panel(panel, frame);
    }

    /// Pans by a pixel offset of the last frame (drag right → content moves right).
    pub fn pan_pixels(&mut self, dx: f64, dy: f64) {
        self.viewport.pan_pixels(dx, dy);
        self.moving = true;
    }

    /// Zooms by `factor` (< 1 zooms in) about a pixel of the last frame.
    pub fn zoom_at(&mut self, px: f64, py: f64, factor: f64) {
        let result = self.viewport.zoom_at(px, py, factor);
        let _ = self.refused(result);
        self.moving = true;
    }

    /// Moves the point by `(dx, dy)` hundredths of the view (arrow keys).
    pub fn nudge(&mut self, dx: f64, dy: f64) {
        let view = self.viewport.view;
        let mut p = self.selection.point.clone();
        p[0] += dx * view.width() / 100.0;
        if p.len() > 1 {
            p[1] += dy * view.height() / 100.0;
        }
        // On the link's grid, as a placed point is (0.1 + 0.06 is 0.16000000000000003).
        for v in p.iter_mut().take(2) {
            *v = link::on_visible_grid(*v, view);
        }
        self.set_point(&p);
    }

    /// Back to the default window.
    pub fn reset_view(&mut self) {
        self.viewport.reset();
    }

    /// The unit vector u in the x-y plane.
    pub fn direction(&self) -> [f64; 2] {
        self.selection.direction()
    }

    /// Leaves a dot (a, f′(a)) at the current point (one variable), building f′ by hand.
    pub fn trace(&mut self) {
        if let Some(model) = self.session.model().filter(|m| m.n_vars() == 1) {
            self.single.trace(model, self.selection.point[0]);
        }
    }

    /// Removes the traced dots.
    pub fn clear_trace(&mut self) {
        self.single.traced.clear();
    }

    /// The scene for a canvas of `width × height` device pixels at `scale` device pixels per CSS pixel.
    pub fn scene(&mut self, width: f64, height: f64, scale: f64) -> Option<Scene> {
        let (width, height) = plot_size(width, height, scale);
        let interest = self.single.interest(self.session.model(), self.session.version(), self.viewport.view, self.moving);
        let model = self.session.model()?;
        let point = &self.selection.point;
        // The map keeps one unit the same length on both axes; a graph uses its window as given.
        let view = if model.n_vars() >= 2 { self.viewport.view.fitted(width, height) } else { self.viewport.view };
        self.viewport.shown = view;
        let mut scene = if model.n_vars() >= 2 {
            let canvas = Canvas { width, height, scale };
            let direction = self.selection.direction();
            let detail = if self.moving { Detail::Moving } else { Detail::Full };
            map_scene(model, self.session.version(), &mut self.map_cache, view, canvas, point, direction, self.map_options, detail)
        } else {
            let width_px = (width.max(1.0) as usize).min(8192);
            let mut scene = graph_scene(model, self.session.version(), &mut self.single.curves, view, width_px, point[0], self.single.h, self.single.options, &interest, self.single.answer.as_ref());
            scene.markers.extend(self.single.traced.iter().map(|&at| Marker { at, style: Style::Traced }));
            scene
        };
        add_paths(&mut scene, &self.lab.runs, self.lab.frame);
        self.add_local_models(&mut scene);
        Some(scene)
    }

    /// The scene a `width × height` canvas shows, drawn in full: a map still coarse (an
    /// expensive function, a gesture in progress) is completed now. For exports, which wait for
    /// it; the page's own frames never do.
    pub fn complete_scene(&mut self, width: f64, height: f64, scale: f64) -> Option<Scene> {
        let moving = std::mem::take(&mut self.moving);
        let _ = self.scene(width, height, scale);
        if let Some(model) = self.session.model() {
            let version = self.session.version();
            while self.map_cache.refine_map(model, version) {}
            while self.map_cache.refine_critical(model, version) {}
            self.single.refine_interest(model, version, self.viewport.view);
        }
        let scene = self.scene(width, height, scale);
        self.moving = moving;
        scene
    }

    /// Continues the work left for later (the critical-point search of an expensive function,
    /// a map completed in slices, a graph's points of interest that take longer than a frame)
    /// by one slice of a few milliseconds; returns whether any remains.
    pub fn refine(&mut self) -> bool {
        if self.moving || self.surface.turning {
            // The gesture has paused: the next frame draws the map and the surface in full.
            self.moving = false;
            self.surface.turning = false;
            return false;
        }
        let Some(model) = self.session.model() else { return false };
        let version = self.session.version();
        if model.n_vars() == 1 {
            self.single.refine_interest(model, version, self.viewport.view);
            return false;
        }
        // A map being completed takes the whole slice (its last one colours and contours it).
        if self.map_cache.refining_map() {
            return self.map_cache.refine_map(model, version) || self.map_cache.critical_searching_for(version);
        }
        self.map_cache.refine_critical(model, version)
    }

    /// What is still being computed, by its `state()` name: `criticalPoints` while the search
    /// for them runs in slices.
    pub fn pending(&self) -> Vec<&'static str> {
        let mut pending = Vec::new();
        // A coarse map waits for a frame that draws the map: in the `3d` layout none does, so
        // only a search still running is pending there.
        let map_shown = self.n_vars() >= 2 && self.layout() != Some(crate::app::surface::Layout::Surface);
        let coarse = map_shown && self.map_cache.coarse();
        if map_shown && self.map_cache.map_pending() {
            pending.push("map");
        }
        if self.surface_coarse() {
            pending.push("surface");
        }
        let one_variable_stale = self.single.interest_pending(self.session.model(), self.session.version(), self.viewport.view);
        if (self.n_vars() >= 2 && (self.map_cache.critical_searching() || coarse)) || one_variable_stale {
            pending.push("criticalPoints");
        }
        pending
    }

    /// Runs the optimizers `request` asks for and rewinds the animation to iteration 0; returns
    /// how many ran (`snapshot().descent` has them, thinned).
    pub fn run_descent(&mut self, request: &DescentRequest) -> Result<usize, Error> {
        let Some(model) = self.session.model() else { return Err(Error::Refused("no function to descend".into())) };
        match self.lab.run(model, request) {
            Ok(notice) => {
                if let Some(notice) = notice {
                    self.notices.push(notice);
                }
                Ok(self.lab.runs.len())
            }
            Err(e) => {
                self.notices.push(format!("descent refused: {e}"));
                Err(e)
            }
        }
    }

    /// Iterations `from .. from + count` of run `run`, unthinned (see [`RunInfo::thinned`]).
    pub fn descent_window(&self, run: usize, from: usize, count: usize) -> Option<RunInfo> {
        self.lab.runs.get(run).map(|r| RunInfo::window(r, from, count))
    }

    /// Shows iteration `k` of the runs (clamped to the longest).
    pub fn set_descent_frame(&mut self, k: usize) {
        self.lab.set_frame(k);
    }

    /// The number of iterates of the longest run (0 with no runs).
    pub fn descent_length(&self) -> usize {
        self.lab.length()
    }

    /// Removes the runs.
    pub fn clear_descent(&mut self) {
        self.lab.clear();
    }

    /// Linear (`false`) or logarithmic (`true`) loss axis.
    pub fn set_loss_log(&mut self, log: bool) {
        self.lab.loss_log = log;
    }

    /// The largest stable learning rate of plain descent at the lab's start (2/λmax of the Hessian).
    pub fn stable_lr(&self) -> Option<f64> {
        let model = self.session.model()?;
        let mut start = self.lab.options.start.clone();
        start.resize(model.n_vars(), 0.0);
        let h = model.hessian_at(&start);
        let at = |i: usize, j: usize| h.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0);
        match model.n_vars() {
            1 => (at(0, 0) > 0.0).then(|| 2.0 / at(0, 0)),
            _ => crate::compute::descent::stable_lr_limit([[at(0, 0), at(0, 1)], [at(1, 0), at(1, 1)]]),
        }
    }

    /// Checks a learner's answer for the derivative named `which` (a variable's name: ∂f/∂x,
    /// or `gradient`: ∇f as `[…, …]`) against the exact one, across the view.
    pub fn check_derivative(&mut self, which: &str, typed: &str) -> Result<crate::compute::check::Check, Error> {
        let model = self.session.model().ok_or_else(|| Error::Refused("no function to check against".into()))?;
        let (point, view) = (&self.selection.point, &self.viewport.view);
        let checked = if which == "gradient" {
            crate::compute::check::check_gradient(model, typed, point, view)
        } else {
            let var = model.parsed.vars.iter().position(|v| v == which).ok_or_else(|| Error::Refused(format!("f has no variable `{which}`")))?;
            crate::compute::check::check_partial(model, var, typed, point, view)
        };
        let checked = checked.map_err(Error::Expression)?;
        // In one variable a wrong f′ is drawn beside the exact one.
        self.single.answer = match (&checked.answer, checked.right, model.n_vars()) {
            (Some(answer), false, 1) => Some(answer.clone()),
            _ => None,
        };
        self.note_check(checked.right);
        Ok(checked)
    }

    /// A small chart, if it has something to show for the function and mode shown.
    pub fn panel(&self, panel: Panel) -> Option<crate::view::chart::Chart> {
        let point = &self.selection.point;
        let shown = self.viewport.shown;
        let model = self.session.model()?;
        let n = model.n_vars();
        match panel {
            Panel::SliceX | Panel::SliceY if n >= 2 => {
                let axis = if panel == Panel::SliceX { 0 } else { 1 };
                Some(charts::slice_chart(model, point, &shown, axis))
            }
            Panel::Directional if n >= 2 => {
                let (_, g) = charts::honest_at(model, point);
                Some(charts::directional_chart([g[0], g[1]], self.selection.degrees()))
            }
            Panel::Line if n >= 2 => {
                let reach = 0.25 * shown.width().min(shown.height());
                Some(charts::line_slice_chart(model, point, self.selection.direction(), reach))
            }
            Panel::Limit if n == 1 => Some(charts::limit_chart(model, point[0], self.single.h)),
            Panel::TaylorError if n == 1 => self.taylor_error_chart(),
            Panel::Regression => {
                let points = &self.regression.as_ref()?.points;
                Some(charts::regression_chart(points, self.regression_line(), crate::compute::regression::closed_form(points)))
            }
            Panel::Losses if !self.lab.runs.is_empty() => {
                let runs: Vec<(String, usize, Vec<f64>)> =
                    self.lab.runs.iter().map(|r| (r.optimizer.label().to_string(), r.optimizer.index(), r.losses.clone())).collect();
                Some(charts::loss_chart(&runs, self.lab.frame, self.lab.loss_log))
            }
            _ => None,
        }
    }

    /// The line the regression chart draws: the first run's current (a, b), or the point.
    fn regression_line(&self) -> [f64; 2] {
        let frame = self.lab.frame;
        let from_run = self.lab.runs.first().and_then(|r| r.path.get(frame.min(r.path.len().saturating_sub(1))));
        match from_run {
            Some(theta) if theta.len() >= 2 => [theta[0], theta[1]],
            _ => {
                let (a, b) = self.selection.xy();
                [a, b]
            }
        }
    }
}

#[cfg(test)]
mod tests;
