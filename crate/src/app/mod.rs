//! The application's state and every action on it, with no browser and no JSON in sight: the
//! wasm handle forwards to this through the wire, and native tests drive it directly.
//!
//! [`App`] is a small façade over sub-states with one job each: the [`Session`] (the function),
//! the [`Selection`] (point and direction), the [`Viewport`] (window, frames, hit-testing),
//! the map's options and cache, the one-variable [`SingleVar`], the descent [`Lab`], the
//! [`RegressionLab`], and the [`Notices`]. The link codec is [`link`]; `state()` is built in
//! [`snapshot`].

pub mod catalogue;
pub mod error;
pub mod lab;
pub mod link;
pub mod notices;
pub mod regression;
pub mod selection;
pub mod session;
pub mod single;
pub mod snapshot;
pub mod viewport;

use crate::compute::field::ArrowLength;
use crate::compute::geometry::{Frame, PlotRect, View};
use crate::render::layout::plot_size;
use crate::view::charts::{self, Panel};
use crate::view::graph::{graph_scene, GraphOptions};
use crate::view::map::{direction_reach, map_scene, Canvas, MapCache, MapOptions};
use crate::view::runs::{add_paths, RunInfo};
use crate::view::scene::{Marker, Scene, Style};

pub use error::Error;
use lab::{DescentRequest, Lab};
use notices::Notices;
use regression::RegressionLab;
use selection::Selection;
use session::Session;
use single::SingleVar;
use viewport::{Target, Viewport};

/// The function shown when the page opens: the course's paraboloid.
pub const DEFAULT_EXPRESSION: &str = "x^2 + y^2";
/// The point selected when the page opens: the course's (1, 2).
pub const DEFAULT_POINT: [f64; 2] = [1.0, 2.0];
/// Pixels within which a dragged point snaps to a critical or inflection point.
const SNAP_PX: f64 = 8.0;
/// Degrees within which a dragged u snaps to ∇f, −∇f or the level curve.
const SNAP_DEGREES: f64 = 3.0;

/// The directions u can be turned to in one move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Along {
    /// Along ∇f: steepest ascent, D_u f = ‖∇f‖.
    Gradient,
    /// Against ∇f: steepest descent, D_u f = −‖∇f‖.
    Against,
    /// Along the level curve (∇f turned 90° counter-clockwise): D_u f = 0.
    Level,
    /// Along the level curve the other way.
    LevelBack,
}

impl Along {
    /// Every direction.
    pub const ALL: [Along; 4] = [Along::Gradient, Along::Against, Along::Level, Along::LevelBack];

    /// The direction with this id (`gradient`, `against`, `level`).
    pub fn from_id(id: &str) -> Option<Along> {
        match id {
            "gradient" => Some(Along::Gradient),
            "against" => Some(Along::Against),
            "level" => Some(Along::Level),
            _ => None,
        }
    }
}

/// The whole state of one visualizer.
pub struct App {
    session: Session,
    selection: Selection,
    viewport: Viewport,
    map_options: MapOptions,
    map_cache: MapCache,
    single: SingleVar,
    lab: Lab,
    /// The regression lab, when the function shown is its loss.
    regression: Option<RegressionLab>,
    notices: Notices,
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
            single: SingleVar::default(),
            lab: Lab::default(),
            regression: None,
            notices: Notices::default(),
        };
        let _ = app.set_expression(DEFAULT_EXPRESSION);
        app
    }

    /// Reads a new expression. On error the text is kept, the error recorded, and the last good
    /// function stays on screen. Typing a function leaves the regression lab.
    pub fn set_expression(&mut self, text: &str) -> Result<(), Error> {
        self.regression = None;
        self.load_expression(text)
    }

    fn load_expression(&mut self, text: &str) -> Result<(), Error> {
        self.session.load(text)?;
        self.selection.fit(self.session.n_vars());
        // Notices, runs and dots were about the old function (or the link that loaded it).
        self.notices.clear();
        self.lab.clear();
        self.single.traced.clear();
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

    /// Selects the world point under a pixel of the last frame. In one variable a point within
    /// a few pixels of a critical or inflection point lands exactly on it.
    pub fn pick(&mut self, px: f64, py: f64) {
        let (Some((x, y)), Some(frame)) = (self.viewport.world_at(px, py), self.viewport.frame()) else { return };
        if self.n_vars() <= 1 {
            let snap = SNAP_PX * frame.world_per_pixel().0;
            let targets = self.single.snap_targets(self.session.model(), self.session.version(), self.viewport.view);
            let x = targets.into_iter().find(|t| (t - x).abs() <= snap).unwrap_or(x);
            self.set_point(&[x]);
        } else {
            // Within a few pixels of a critical point, land exactly on it (as dragging in one
            // variable does), so its readouts say ∇f = 0.
            let near = self.map_cache.critical_points().iter().map(|c| c.at).find(|c| {
                let (qx, qy) = frame.to_pixel(c[0], c[1]);
                (qx - px).hypot(qy - py) <= SNAP_PX
            });
            let [x, y] = near.unwrap_or([x, y]);
            self.set_point(&[x, y]);
        }
    }

    /// Points u from the selected point towards a pixel; within a few degrees of ∇f, −∇f or
    /// the level curve it lands exactly on it.
    pub fn aim(&mut self, px: f64, py: f64) {
        let (Some((x, y)), Some(frame)) = (self.viewport.world_at(px, py), self.viewport.frame()) else { return };
        let (x0, y0) = self.selection.xy();
        let (dx, dy) = (x - x0, y - y0);
        // Angles are measured in screen-square units so the arrow follows the pointer.
        let (wx, wy) = frame.world_per_pixel();
        let (ax, ay) = (dx / wx, dy / wy);
        let aimed = ay.atan2(ax);
        let snapped = Along::ALL.into_iter().filter_map(|a| self.along(a)).find(|t| {
            let off = (t[1].atan2(t[0]) - aimed).rem_euclid(std::f64::consts::TAU);
            off.min(std::f64::consts::TAU - off) < SNAP_DEGREES.to_radians()
        });
        let result = match snapped {
            Some(t) => self.selection.set_direction_vector(t[0], t[1]),
            None => self.selection.set_direction_vector(ax * wx, ay * wy),
        };
        let _ = self.refused(result);
    }

    /// Sets u along the vector (ux, uy), normalised exactly.
    pub fn set_direction_vector(&mut self, ux: f64, uy: f64) {
        let result = self.selection.set_direction_vector(ux, uy);
        let _ = self.refused(result);
    }

    /// Turns u along ∇f, against it, or along the level curve at the point (where ∇f exists).
    pub fn aim_along(&mut self, along: Along) {
        match self.along(along) {
            Some(t) => self.set_direction_vector(t[0], t[1]),
            None => self.notices.push("∇f is zero or undefined here, so it gives no direction"),
        }
    }

    /// The direction `along` names at the point, if ∇f there is finite and not zero.
    fn along(&self, along: Along) -> Option<[f64; 2]> {
        let model = self.session.model().filter(|m| m.n_vars() >= 2)?;
        let (value, g) = model.value_grad_at(&self.selection.point);
        let (gx, gy) = (*g.first()?, *g.get(1)?);
        if !(value.is_finite() && gx.is_finite() && gy.is_finite()) || (gx == 0.0 && gy == 0.0) {
            return None;
        }
        Some(match along {
            Along::Gradient => [gx, gy],
            Along::Against => [-gx, -gy],
            Along::Level => [-gy, gx],
            Along::LevelBack => [gy, -gx],
        })
    }

    /// What is under a pixel: the point, the head of u, or the plot.
    pub fn hit(&self, px: f64, py: f64, radius_px: f64) -> Target {
        let Some(frame) = self.viewport.frame() else { return Target::Plot };
        let near = |x: f64, y: f64| {
            let (qx, qy) = frame.to_pixel(x, y);
            (qx - px).hypot(qy - py) <= radius_px
        };
        let (x0, y0) = self.selection.xy();
        if self.n_vars() >= 2 {
            let reach = direction_reach(&self.viewport.shown);
            let u = self.selection.direction();
            if near(x0 + u[0] * reach, y0 + u[1] * reach) {
                return Target::Direction;
            }
            if near(x0, y0) {
                return Target::Point;
            }
        } else if let Some(fa) = self.session.model().map(|m| m.value_at(&[x0])) {
            if fa.is_finite() && near(x0, fa) {
                return Target::Point;
            }
        }
        Target::Plot
    }

    /// Pans by a pixel offset of the last frame (drag right → content moves right).
    pub fn pan_pixels(&mut self, dx: f64, dy: f64) {
        self.viewport.pan_pixels(dx, dy);
    }

    /// Zooms by `factor` (< 1 zooms in) about a pixel of the last frame.
    pub fn zoom_at(&mut self, px: f64, py: f64, factor: f64) {
        let result = self.viewport.zoom_at(px, py, factor);
        let _ = self.refused(result);
    }

    /// Moves the point by `(dx, dy)` hundredths of the view (arrow keys).
    pub fn nudge(&mut self, dx: f64, dy: f64) {
        let view = self.viewport.view;
        let mut p = self.selection.point.clone();
        p[0] += dx * view.width() / 100.0;
        if p.len() > 1 {
            p[1] += dy * view.height() / 100.0;
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
        let interest = self.single.interest(self.session.model(), self.session.version(), self.viewport.view);
        let model = self.session.model()?;
        let point = &self.selection.point;
        // The map keeps one unit the same length on both axes; a graph uses its window as given.
        let view = if model.n_vars() >= 2 { self.viewport.view.fitted(width, height) } else { self.viewport.view };
        self.viewport.shown = view;
        let mut scene = if model.n_vars() >= 2 {
            let canvas = Canvas { width, height, scale };
            let direction = self.selection.direction();
            map_scene(model, self.session.version(), &mut self.map_cache, view, canvas, point, direction, self.map_options)
        } else {
            let width_px = (width.max(1.0) as usize).min(8192);
            let mut scene = graph_scene(model, view, width_px, point[0], self.single.h, self.single.options, &interest);
            scene.markers.extend(self.single.traced.iter().map(|&at| Marker { at, style: Style::Traced }));
            scene
        };
        add_paths(&mut scene, &self.lab.runs, self.lab.frame);
        Some(scene)
    }

    /// Runs the optimizers `request` asks for and rewinds the animation to iteration 0.
    pub fn run_descent(&mut self, request: &DescentRequest) -> Result<Vec<RunInfo>, Error> {
        let Some(model) = self.session.model() else { return Err(Error::Refused("no function to descend".into())) };
        match self.lab.run(model, request) {
            Ok(notice) => {
                if let Some(notice) = notice {
                    self.notices.push(notice);
                }
                Ok(self.lab.infos())
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
                let (value, exact) = model.value_grad_at(point);
                let g = crate::view::readouts::honest_gradient(|p| model.value_at(p), point, value, &exact, &model.parsed.vars).gradient;
                Some(charts::directional_chart([g[0], g[1]], self.selection.degrees()))
            }
            Panel::Line if n >= 2 => {
                let reach = 0.25 * shown.width().min(shown.height());
                Some(charts::line_slice_chart(model, point, self.selection.direction(), reach))
            }
            Panel::Limit if n == 1 => Some(charts::limit_chart(model, point[0], self.single.h)),
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

    // ---- the regression lab ----

    /// Enters the regression lab with these data points (tidied; see
    /// [`crate::compute::regression::tidy_points`]): the function becomes their MSE loss L(a, b).
    /// On entering, the view is centred on the least-squares line.
    pub fn set_regression(&mut self, points: &[[f64; 2]]) {
        let lab = RegressionLab::new(points);
        let entering = self.regression.is_none();
        if self.load_expression(&crate::compute::regression::loss_text(&lab.points)).is_err() {
            self.notices.push("these points could not be turned into a loss");
            return;
        }
        if entering {
            let (a, b) = crate::compute::regression::closed_form(&lab.points).unwrap_or((0.0, 0.0));
            let _ = self.set_view(a - 2.5, a + 2.5, b - 4.0, b + 4.0);
            self.selection.point = vec![0.0, 0.0];
            self.lab.options.start = vec![0.0, 0.0];
        }
        self.regression = Some(lab);
    }

    /// Enters the regression lab with data as a caller gave it: `None` asks for the default
    /// data; entries that are not two finite numbers are left out, with a notice saying so (and
    /// the default data when nothing is left).
    pub fn load_regression(&mut self, items: Option<&[Option<[f64; 2]>]>) {
        let (points, notice) = regression::sort_out(items);
        self.set_regression(&points);
        if let Some(notice) = notice {
            self.notices.push(notice);
        }
    }

    /// The regression data point under a pixel of the regression chart, if any.
    pub fn regression_hit(&self, px: f64, py: f64, radius_px: f64) -> Option<usize> {
        let frame = self.viewport.panel_frame(Panel::Regression)?;
        self.regression.as_ref()?.hit(frame, px, py, radius_px)
    }

    /// Adds a data point at a pixel of the regression chart.
    pub fn add_regression_point(&mut self, px: f64, py: f64) {
        let (Some(frame), Some(lab)) = (self.viewport.panel_frame(Panel::Regression), &self.regression) else { return };
        match lab.with_added(frame, px, py) {
            Ok(points) => self.set_regression(&points),
            Err(why) => self.notices.push(why),
        }
    }

    /// Moves data point `i` to a pixel of the regression chart.
    pub fn move_regression_point(&mut self, i: usize, px: f64, py: f64) {
        let (Some(frame), Some(lab)) = (self.viewport.panel_frame(Panel::Regression), &self.regression) else { return };
        if let Some(points) = lab.with_moved(i, frame, px, py) {
            self.set_regression(&points);
        }
    }

    /// Deletes data point `i`.
    pub fn remove_regression_point(&mut self, i: usize) {
        if let Some(points) = self.regression.as_ref().and_then(|lab| lab.without(i)) {
            self.set_regression(&points);
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
