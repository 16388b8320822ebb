//! The application's state and every action on it, with no browser in sight: the wasm boundary
//! forwards to this, and native tests drive it directly.

pub mod lab;
pub mod link;

use crate::expr::ExprError;
use crate::compute::field::ArrowLength;
use crate::compute::geometry::{Frame, PlotRect, View};
use crate::view::graph::{graph_scene, points_of_interest, GraphOptions, Interest};
use crate::app::link::{format_numbers, parse_numbers};
use crate::compute::descent::Run;
use crate::app::lab::{add_paths, parse_options, run_all, LabOptions, RunInfo};
use crate::view::map::{map_scene, Canvas, MapCache, MapOptions};
use crate::eval::model::Model;
use crate::eval::numeric::{central_difference, norm, numerical_gradient};
use crate::render::plot_size;
use crate::view::scene::Scene;
pub use crate::view::snapshot::{CriticalInfo, ErrorInfo, GradientCheck, Secant, Snapshot, Tangent};

/// The function shown when the page opens: the course's paraboloid.
pub const DEFAULT_EXPRESSION: &str = "x^2 + y^2";
/// The point selected when the page opens: the course's (1, 2).
pub const DEFAULT_POINT: [f64; 2] = [1.0, 2.0];
/// The secant step when the page opens.
pub const DEFAULT_H: f64 = 0.5;

/// The whole state of one visualizer.
pub struct App {
    text: String,
    error: Option<ExprError>,
    model: Option<Model>,
    /// Bumped whenever the model changes, so caches know.
    version: u64,
    point: Vec<f64>,
    direction_deg: f64,
    view: View,
    /// The view as drawn: `view` widened to the plot's aspect ratio in the map.
    shown: View,
    h: f64,
    map_options: MapOptions,
    graph_options: GraphOptions,
    map_cache: MapCache,
    frame: Option<Frame>,
    notices: Vec<String>,
    lab: LabOptions,
    runs: Vec<Run>,
    /// The iteration the animation shows.
    lab_frame: usize,
    /// Whether the loss chart's y axis is logarithmic.
    loss_log: bool,
    /// Dots (a, f′(a)) left while dragging in one variable: f′ built by hand.
    traced: Vec<[f64; 2]>,
    /// Critical and inflection points of the graph's view, keyed by function and view: the
    /// scene marks them, `state()` lists them, and dragging snaps to them.
    interest: Option<((u64, View), Interest)>,
    /// The regression lab's data, when the function shown is its loss.
    regression: Option<Vec<[f64; 2]>>,
    /// Where each small chart was drawn last, for turning clicks on it into data points.
    panel_frames: Vec<(String, Frame)>,
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
            text: String::new(),
            error: None,
            model: None,
            version: 0,
            point: DEFAULT_POINT.to_vec(),
            direction_deg: 45.0,
            view: View::default(),
            shown: View::default(),
            h: DEFAULT_H,
            map_options: MapOptions::default(),
            graph_options: GraphOptions::default(),
            map_cache: MapCache::default(),
            frame: None,
            notices: Vec::new(),
            lab: LabOptions::default(),
            runs: Vec::new(),
            lab_frame: 0,
            loss_log: true,
            traced: Vec::new(),
            interest: None,
            regression: None,
            panel_frames: Vec::new(),
        };
        let _ = app.set_expression(DEFAULT_EXPRESSION);
        app
    }

    /// Reads a new expression. On error the text is kept, the error recorded, and the last good
    /// function stays on screen. Typing a function leaves the regression lab.
    pub fn set_expression(&mut self, text: &str) -> Result<(), ErrorInfo> {
        self.regression = None;
        self.load_expression(text)
    }

    fn load_expression(&mut self, text: &str) -> Result<(), ErrorInfo> {
        self.text = text.to_string();
        match Model::new(text) {
            Ok(model) => {
                let n = model.n_vars();
                // Keep coordinates the learner chose; new variables start at 1.
                self.point.resize(n.max(1), 1.0);
                self.model = Some(model);
                self.error = None;
                self.version += 1;
                // Notices were about the old function or the link that loaded it.
                self.notices.clear();
                // Old runs and traces belong to the old function.
                self.runs.clear();
                self.traced.clear();
                Ok(())
            }
            Err(e) => {
                let info = ErrorInfo::from(&e);
                self.error = Some(e);
                Err(info)
            }
        }
    }

    /// Moves the selected point; missing coordinates keep their value, non-finite ones are refused.
    pub fn set_point(&mut self, coords: &[f64]) {
        if coords.iter().any(|v| !v.is_finite()) {
            self.notice("the point must be finite numbers");
            return;
        }
        for (p, c) in self.point.iter_mut().zip(coords) {
            *p = *c;
        }
    }

    /// Sets the direction u by its angle in degrees from +x.
    pub fn set_direction(&mut self, degrees: f64) {
        if degrees.is_finite() {
            self.direction_deg = degrees.rem_euclid(360.0);
        } else {
            self.notice("the direction must be a finite angle");
        }
    }

    /// Sets the visible window; an invalid one is refused with a notice.
    pub fn set_view(&mut self, xmin: f64, xmax: f64, ymin: f64, ymax: f64) -> Result<(), String> {
        match View::new(xmin, xmax, ymin, ymax) {
            Ok(v) => {
                self.view = v;
                Ok(())
            }
            Err(e) => {
                self.notice(&format!("view refused: {e}"));
                Err(e)
            }
        }
    }

    /// Sets the secant step h (0 < |h| ≤ 10).
    pub fn set_h(&mut self, h: f64) -> Result<(), String> {
        if h.is_finite() && h != 0.0 && h.abs() <= 10.0 {
            self.h = h;
            Ok(())
        } else {
            let e = "h must be a non-zero number with |h| ≤ 10".to_string();
            self.notice(&e);
            Err(e)
        }
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
        self.graph_options = options;
    }

    fn notice(&mut self, text: &str) {
        self.notices.push(text.to_string());
        if self.notices.len() > 8 {
            self.notices.remove(0);
        }
    }

    /// Forgets the notices shown so far.
    pub fn clear_notices(&mut self) {
        self.notices.clear();
    }

    /// The number of variables of the function shown (0 before any).
    pub fn n_vars(&self) -> usize {
        self.model.as_ref().map_or(0, Model::n_vars)
    }

    /// The visible window.
    pub fn view(&self) -> View {
        self.view
    }

    /// The frame drawn last, for pixel ↔ world conversions.
    pub fn frame(&self) -> Option<Frame> {
        self.frame
    }

    /// Records where the last scene was drawn.
    pub fn set_plot_rect(&mut self, rect: PlotRect) {
        self.frame = Some(Frame { view: self.shown, rect });
    }

    /// Selects the world point under a pixel of the last frame.
    pub fn pick(&mut self, px: f64, py: f64) {
        if let Some(frame) = self.frame {
            let (x, y) = frame.to_world(px, py);
            if self.n_vars() <= 1 {
                // Within 8 pixels of a critical or inflection point, land exactly on it.
                let snap = 8.0 * frame.world_per_pixel().0;
                let x = self.snap_targets().into_iter().find(|t| (t - x).abs() <= snap).unwrap_or(x);
                self.set_point(&[x]);
            } else {
                self.set_point(&[x, y]);
            }
        }
    }

    fn snap_targets(&mut self) -> Vec<f64> {
        let interest = self.interest();
        interest.critical.iter().chain(&interest.inflections).map(|p| p.x).collect()
    }

    /// The graph's critical and inflection points, computed once per function and view.
    fn interest(&mut self) -> Interest {
        let key = (self.version, self.view);
        match (&self.interest, self.model.as_mut()) {
            (Some((k, interest)), _) if *k == key => interest.clone(),
            (_, Some(model)) if model.n_vars() == 1 => {
                let interest = points_of_interest(model, self.view.xmin, self.view.xmax);
                self.interest = Some((key, interest.clone()));
                interest
            }
            _ => Interest::default(),
        }
    }

    /// Enters the regression lab with these data points (tidied; see
    /// [`crate::compute::regression::tidy_points`]): the function becomes their MSE loss L(a, b). On
    /// entering, the view is centred on the least-squares line.
    pub fn set_regression(&mut self, points: &[[f64; 2]]) {
        let points = crate::compute::regression::tidy_points(points);
        let entering = self.regression.is_none();
        if self.load_expression(&crate::compute::regression::loss_text(&points)).is_err() {
            self.notice("these points could not be turned into a loss");
            return;
        }
        if entering {
            let (a, b) = crate::compute::regression::closed_form(&points).unwrap_or((0.0, 0.0));
            let _ = self.set_view(a - 2.5, a + 2.5, b - 4.0, b + 4.0);
            self.point = vec![0.0, 0.0];
            self.lab.start = vec![0.0, 0.0];
        }
        self.regression = Some(points);
    }

    /// Enters the regression lab with data as a caller gave it: `None` asks for the default
    /// data; entries that are not two finite numbers are left out, with a notice saying so (and
    /// the default data when nothing is left).
    pub fn load_regression(&mut self, points: Option<&[Option<[f64; 2]>]>) {
        let Some(items) = points else {
            self.set_regression(&crate::compute::regression::default_points());
            return;
        };
        let good: Vec<[f64; 2]> = items.iter().flatten().copied().filter(|p| p.iter().all(|v| v.is_finite())).collect();
        let dropped = items.len() - good.len();
        if good.is_empty() && !items.is_empty() {
            self.set_regression(&crate::compute::regression::default_points());
            self.notice("the regression points were not pairs [x, y] of finite numbers: showing the default data");
        } else {
            self.set_regression(&good);
            if dropped > 0 {
                self.notice(&format!("left out {dropped} regression point(s) that were not pairs [x, y] of finite numbers"));
            }
        }
    }

    /// The regression data point under a pixel of the regression chart, if any.
    pub fn regression_hit(&self, px: f64, py: f64, radius_px: f64) -> Option<usize> {
        let frame = self.panel_frame("regression")?;
        self.regression.as_ref()?.iter().position(|p| {
            let (qx, qy) = frame.to_pixel(p[0], p[1]);
            (qx - px).hypot(qy - py) <= radius_px
        })
    }

    /// Adds a data point at a pixel of the regression chart.
    pub fn add_regression_point(&mut self, px: f64, py: f64) {
        if let (Some(frame), Some(mut points)) = (self.panel_frame("regression"), self.regression.clone()) {
            let (x, y) = frame.to_world(px, py);
            if points.len() < crate::compute::regression::MAX_POINTS {
                points.push([x, y]);
                self.set_regression(&points);
            } else {
                self.notice(&format!("at most {} points", crate::compute::regression::MAX_POINTS));
            }
        }
    }

    /// Moves data point `i` to a pixel of the regression chart.
    pub fn move_regression_point(&mut self, i: usize, px: f64, py: f64) {
        if let (Some(frame), Some(mut points)) = (self.panel_frame("regression"), self.regression.clone()) {
            if let Some(p) = points.get_mut(i) {
                let (x, y) = frame.to_world(px, py);
                *p = [x, y];
                self.set_regression(&points);
            }
        }
    }

    /// Deletes data point `i`.
    pub fn remove_regression_point(&mut self, i: usize) {
        if let Some(mut points) = self.regression.clone() {
            if i < points.len() {
                points.remove(i);
                self.set_regression(&points);
            }
        }
    }

    fn panel_frame(&self, name: &str) -> Option<Frame> {
        self.panel_frames.iter().find(|(n, _)| n == name).map(|(_, f)| *f)
    }

    /// Records where a small chart's plotting area was drawn and what range it shows.
    pub fn set_panel_frame(&mut self, name: &str, frame: Frame) {
        self.panel_frames.retain(|(n, _)| n != name);
        self.panel_frames.push((name.to_string(), frame));
    }

    /// The line the regression chart draws: the first run's current (a, b), or the point.
    fn regression_line(&self) -> [f64; 2] {
        let from_run = self.runs.first().and_then(|r| r.path.get(self.lab_frame.min(r.path.len().saturating_sub(1))));
        match from_run {
            Some(theta) if theta.len() >= 2 => [theta[0], theta[1]],
            _ => [self.point[0], self.point.get(1).copied().unwrap_or(0.0)],
        }
    }

    /// Leaves a dot (a, f′(a)) at the current point (one variable), building f′ by hand.
    pub fn trace(&mut self) {
        let a = self.point[0];
        if let Some(model) = self.model.as_mut().filter(|m| m.n_vars() == 1) {
            let slope = model.value_grad_at(&[a]).1.first().copied().unwrap_or(f64::NAN);
            if slope.is_finite() && self.traced.len() < 5000 {
                self.traced.push([a, slope]);
            }
        }
    }

    /// Removes the traced dots.
    pub fn clear_trace(&mut self) {
        self.traced.clear();
    }

    /// Points u from the selected point towards a pixel.
    pub fn aim(&mut self, px: f64, py: f64) {
        if let Some(frame) = self.frame {
            let (x, y) = frame.to_world(px, py);
            let (dx, dy) = (x - self.point[0], y - self.point.get(1).copied().unwrap_or(0.0));
            // Angles are measured in screen-square units so the arrow follows the pointer.
            let (wx, wy) = frame.world_per_pixel();
            if dx != 0.0 || dy != 0.0 {
                self.direction_deg = (dy / wy).atan2(dx / wx).to_degrees().rem_euclid(360.0);
            }
        }
    }

    /// What is under a pixel: "point", "direction" (the head of u), or "plot".
    pub fn hit(&self, px: f64, py: f64, radius_px: f64) -> &'static str {
        let Some(frame) = self.frame else { return "plot" };
        let near = |x: f64, y: f64| {
            let (qx, qy) = frame.to_pixel(x, y);
            (qx - px).hypot(qy - py) <= radius_px
        };
        let (x0, y0) = (self.point[0], self.point.get(1).copied().unwrap_or(0.0));
        if self.n_vars() >= 2 {
            let reach = 0.22 * self.shown.width().min(self.shown.height()) * 0.8;
            let u = self.direction();
            if near(x0 + u[0] * reach, y0 + u[1] * reach) {
                return "direction";
            }
            if near(x0, y0) {
                return "point";
            }
        } else if let Some(fa) = self.model.as_ref().map(|m| m.parsed.expr.eval(&[x0])) {
            if fa.is_finite() && near(x0, fa) {
                return "point";
            }
        }
        "plot"
    }

    /// Pans by a pixel offset of the last frame (drag right → content moves right).
    pub fn pan_pixels(&mut self, dx: f64, dy: f64) {
        if let Some(frame) = self.frame {
            let (wx, wy) = frame.world_per_pixel();
            if let Some(v) = self.view.panned(-dx * wx, dy * wy) {
                self.view = v;
            }
        }
    }

    /// Zooms by `factor` (< 1 zooms in) about a pixel of the last frame.
    pub fn zoom_at(&mut self, px: f64, py: f64, factor: f64) {
        let (cx, cy) = match self.frame {
            Some(frame) => frame.to_world(px, py),
            None => ((self.view.xmin + self.view.xmax) / 2.0, (self.view.ymin + self.view.ymax) / 2.0),
        };
        match self.view.zoomed(cx, cy, factor) {
            Some(v) => self.view = v,
            None => self.notice("cannot zoom further"),
        }
    }

    /// Moves the point by `(dx, dy)` hundredths of the view (arrow keys).
    pub fn nudge(&mut self, dx: f64, dy: f64) {
        let mut p = self.point.clone();
        p[0] += dx * self.view.width() / 100.0;
        if p.len() > 1 {
            p[1] += dy * self.view.height() / 100.0;
        }
        self.set_point(&p);
    }

    /// Back to the default window.
    pub fn reset_view(&mut self) {
        self.view = View::default();
    }

    /// The unit vector u in the x-y plane.
    pub fn direction(&self) -> [f64; 2] {
        let r = self.direction_deg.to_radians();
        [r.cos(), r.sin()]
    }

    /// The scene for a canvas of `width × height` device pixels at `scale` device pixels per CSS pixel.
    pub fn scene(&mut self, width: f64, height: f64, scale: f64) -> Option<Scene> {
        let (width, height) = plot_size(width, height, scale);
        let point = self.point.clone();
        let direction = self.direction();
        let interest = self.interest();
        let model = self.model.as_mut()?;
        // The map keeps one unit the same length on both axes; a graph uses its window as given.
        let view = if model.n_vars() >= 2 { self.view.fitted(width, height) } else { self.view };
        self.shown = view;
        let mut scene = if model.n_vars() >= 2 {
            let canvas = Canvas { width, height, scale };
            map_scene(model, self.version, &mut self.map_cache, view, canvas, &point, direction, self.map_options)
        } else {
            let width_px = (width.max(1.0) as usize).min(8192);
            let mut scene = graph_scene(model, view, width_px, point[0], self.h, self.graph_options, &interest);
            scene.markers.extend(self.traced.iter().map(|&at| crate::view::scene::Marker { at, style: crate::view::scene::Style::Traced }));
            scene
        };
        add_paths(&mut scene, &self.runs, self.lab_frame);
        Some(scene)
    }

    /// Runs the optimizers `options_json` asks for (see [`crate::app::lab::parse_options`]) and
    /// rewinds the animation to iteration 0.
    pub fn run_descent(&mut self, options_json: &str) -> Result<Vec<RunInfo>, String> {
        let Some(model) = self.model.as_mut() else { return Err("no function to descend".into()) };
        let mut options = parse_options(options_json, &self.lab).map_err(|e| {
            self.notices.push(format!("descent refused: {e}"));
            e
        })?;
        if let Some(steps) = crate::app::lab::affordable_steps(&options, model.n_vars(), model.value_grad.len()) {
            let asked = options.steps;
            options.steps = steps;
            self.notice(&format!("{asked} steps of {} runs would take too long here: running {steps}", options.optimizers.len()));
        }
        let Some(model) = self.model.as_mut() else { return Err("no function to descend".into()) };
        self.runs = run_all(model, &options);
        self.lab = options;
        self.lab_frame = 0;
        Ok(self.runs.iter().map(RunInfo::from).collect())
    }

    /// Iterations `from .. from + count` of run `run`, unthinned (see [`RunInfo::thinned`]).
    pub fn descent_window(&self, run: usize, from: usize, count: usize) -> Option<RunInfo> {
        self.runs.get(run).map(|r| RunInfo::window(r, from, count))
    }

    /// Shows iteration `k` of the runs (clamped to the longest).
    pub fn set_descent_frame(&mut self, k: usize) {
        self.lab_frame = k.min(self.descent_length().saturating_sub(1));
    }

    /// The number of iterates of the longest run (0 with no runs).
    pub fn descent_length(&self) -> usize {
        self.runs.iter().map(|r| r.path.len()).max().unwrap_or(0)
    }

    /// Removes the runs.
    pub fn clear_descent(&mut self) {
        self.runs.clear();
        self.lab_frame = 0;
    }

    /// Linear (`false`) or logarithmic (`true`) loss axis.
    pub fn set_loss_log(&mut self, log: bool) {
        self.loss_log = log;
    }

    /// The largest stable learning rate of plain descent at the lab's start (2/λmax of the Hessian).
    pub fn stable_lr(&mut self) -> Option<f64> {
        let model = self.model.as_mut()?;
        let mut start = self.lab.start.clone();
        start.resize(model.n_vars(), 0.0);
        let h = model.hessian_at(&start);
        let at = |i: usize, j: usize| h.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0);
        match model.n_vars() {
            1 => (at(0, 0) > 0.0).then(|| 2.0 / at(0, 0)),
            _ => crate::compute::descent::stable_lr_limit([[at(0, 0), at(0, 1)], [at(1, 0), at(1, 1)]]),
        }
    }

    /// A small chart by name: "slice-x", "slice-y", "directional", "line" (two variables),
    /// "limit" (one variable), "losses" (after a descent).
    pub fn panel(&mut self, name: &str) -> Option<crate::view::chart::Chart> {
        let point = self.point.clone();
        let u = self.direction();
        let shown = self.shown;
        let model = self.model.as_mut()?;
        let n = model.n_vars();
        match name {
            "slice-x" | "slice-y" if n >= 2 => {
                let axis = if name == "slice-x" { 0 } else { 1 };
                Some(crate::view::charts::slice_chart(model, &point, &shown, axis))
            }
            "directional" if n >= 2 => {
                let (_, g) = model.value_grad_at(&point);
                Some(crate::view::charts::directional_chart([g[0], g[1]], self.direction_deg))
            }
            "line" if n >= 2 => {
                let reach = 0.25 * shown.width().min(shown.height());
                Some(crate::view::charts::line_slice_chart(model, &point, u, reach))
            }
            "limit" if n == 1 => Some(crate::view::charts::limit_chart(model, point[0], self.h)),
            "regression" => {
                let line = self.regression_line();
                let points = self.regression.as_ref()?;
                Some(crate::compute::regression::chart(points, line, crate::compute::regression::closed_form(points)))
            }
            "losses" if !self.runs.is_empty() => {
                let runs: Vec<(String, usize, Vec<f64>)> = self
                    .runs
                    .iter()
                    .map(|r| (r.optimizer.label().to_string(), r.optimizer.index(), r.losses.clone()))
                    .collect();
                Some(crate::view::charts::loss_chart(&runs, self.lab_frame, self.loss_log))
            }
            _ => None,
        }
    }

    /// Writes the share-link pairs (keys and raw values; the page percent-encodes them).
    pub fn link_pairs(&self) -> Vec<(String, String)> {
        // A refused over-long paste is not worth a megabyte of URL: the link keeps the function shown.
        let f = match &self.model {
            Some(m) if self.text.len() > crate::expr::lex::MAX_CHARS * 4 => m.parsed.text.clone(),
            _ => self.text.clone(),
        };
        let mut pairs = vec![
            ("f".to_string(), f),
            ("p".to_string(), format_numbers(&self.point)),
            ("view".to_string(), format_numbers(&self.view.as_array())),
        ];
        if self.n_vars() >= 2 {
            pairs.push(("u".to_string(), format_numbers(&[self.direction_deg])));
        } else {
            pairs.push(("h".to_string(), format_numbers(&[self.h])));
        }
        if !self.runs.is_empty() {
            pairs.extend(crate::app::lab::link_pairs(&self.lab));
        }
        if self.map_options.log_scale {
            pairs.push(("scale".to_string(), "log".to_string()));
        }
        if let Some(points) = &self.regression {
            let flat: Vec<f64> = points.iter().flatten().copied().collect();
            pairs.push(("data".to_string(), format_numbers(&flat)));
        }
        pairs
    }

    /// Applies a share link's pairs (already percent-decoded). Unknown keys are ignored; bad
    /// values keep their defaults and leave a notice.
    pub fn apply_link(&mut self, pairs: &[(String, String)]) {
        let pairs = &pairs[..pairs.len().min(crate::app::link::MAX_KEYS)];
        let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        if let Some(f) = get("f") {
            let _ = self.set_expression(f);
        }
        if let Some(v) = get("data") {
            match parse_numbers(v, None).or_else(|e| if v.is_empty() { Ok(Vec::new()) } else { Err(e) }) {
                Ok(n) if n.len() % 2 == 0 => {
                    let points: Vec<[f64; 2]> = n.chunks(2).map(|c| [c[0], c[1]]).collect();
                    self.set_regression(&points);
                }
                Ok(_) => self.notice("ignored the link's data: it needs x,y pairs"),
                Err(e) => self.notice(&format!("ignored the link's data: {e}")),
            }
        }
        match get("scale") {
            Some("log") => self.map_options.log_scale = true,
            Some("linear") | None => self.map_options.log_scale = false,
            Some(_) => self.notice("ignored the link's scale: it is log or linear"),
        }
        if let Some(v) = get("view") {
            match parse_numbers(v, Some(4)) {
                Ok(n) => {
                    let _ = self.set_view(n[0], n[1], n[2], n[3]);
                }
                Err(e) => self.notice(&format!("ignored the link's view: {e}")),
            }
        }
        if let Some(v) = get("p") {
            match parse_numbers(v, None) {
                Ok(n) => self.set_point(&n),
                Err(e) => self.notice(&format!("ignored the link's point: {e}")),
            }
        }
        if let Some(v) = get("u") {
            match parse_numbers(v, Some(1)) {
                Ok(n) => self.set_direction(n[0]),
                Err(e) => self.notice(&format!("ignored the link's direction: {e}")),
            }
        }
        // The lab's keys start a run when any of them is present; a malformed one is reported
        // and left out, so the run uses its default.
        let mut lab = serde_json::Map::new();
        for key in ["start", "lr", "steps", "opt"] {
            let Some(v) = get(key) else { continue };
            let value = match key {
                "lr" | "steps" => parse_numbers(v, Some(1)).map(|n| serde_json::json!(n[0])),
                _ => Ok(serde_json::json!(v)),
            };
            match value {
                Ok(value) => {
                    lab.insert(key.to_string(), value);
                }
                Err(e) => self.notice(&format!("ignored the link's {key}: {e}")),
            }
        }
        if !lab.is_empty() {
            let json = serde_json::Value::Object(lab).to_string();
            if let Err(e) = self.run_descent(&json) {
                self.notice(&format!("ignored the link's descent settings: {e}"));
            }
        }
        if let Some(v) = get("h") {
            match parse_numbers(v, Some(1)) {
                Ok(n) => {
                    let _ = self.set_h(n[0]);
                }
                Err(e) => self.notice(&format!("ignored the link's h: {e}")),
            }
        }
    }

    /// The snapshot `state()` returns.
    pub fn snapshot(&mut self) -> Snapshot {
        self.snapshot_with(true)
    }

    /// The snapshot; with `whole_runs` false, each descent run holds only the current
    /// iteration and the next (`from` says which), which is all a frame of the animation shows.
    pub fn snapshot_with(&mut self, whole_runs: bool) -> Snapshot {
        let frame = self.lab_frame;
        // A frame never needs a huge refused paste echoed back (the full state() keeps it).
        let expr = if whole_runs || self.text.len() <= 4 * crate::expr::lex::MAX_CHARS {
            self.text.clone()
        } else {
            self.text.chars().take(crate::expr::lex::MAX_CHARS).collect()
        };
        let point = self.point.clone();
        let direction = self.direction();
        let view = self.view;
        let h = self.h;
        let mut snap = Snapshot {
            expr,
            normalized: None,
            vars: Vec::new(),
            error: self.error.as_ref().map(ErrorInfo::from),
            point: point.clone(),
            value: None,
            gradient: None,
            gradient_norm: None,
            partials: Vec::new(),
            partials_mathml: Vec::new(),
            mathml: None,
            second_derivative: None,
            hessian: None,
            direction: None,
            direction_degrees: None,
            directional_derivative: None,
            tangent: None,
            secant: None,
            gradient_check: None,
            critical_points: Vec::new(),
            inflection_points: Vec::new(),
            steps: Vec::new(),
            descent: self
                .runs
                .iter()
                .map(|r| if whole_runs { RunInfo::from(r) } else { RunInfo::window(r, frame, 2) })
                .collect(),
            color_range: self.map_cache.color_range().map(|(lo, hi)| [lo, hi]),
            log_scale: self.map_options.log_scale,
            regression: self.regression.as_ref().map(|points| crate::compute::regression::RegressionInfo {
                points: points.clone(),
                fit: crate::compute::regression::closed_form(points).map(|(a, b)| [a, b]),
                line: self.regression_line(),
                loss: self.text.clone(),
            }),
            descent_frame: self.lab_frame,
            stable_lr: None,
            limit_table: Vec::new(),
            view: view.as_array(),
            notices: self.notices.clone(),
            last_frame_ms: None,
        };
        let critical_2d: Vec<CriticalInfo> = self
            .map_cache
            .critical_points()
            .iter()
            .map(|c| CriticalInfo { at: c.at.to_vec(), kind: c.kind.as_str(), value: c.value })
            .collect();
        snap.stable_lr = self.stable_lr();
        let interest = self.interest();
        let Some(model) = self.model.as_mut() else { return snap };
        let n = model.n_vars();
        snap.normalized = Some(model.parsed.normalized.clone());
        snap.vars = model.parsed.vars.clone();
        snap.partials = model.partial_texts.clone();
        snap.partials_mathml = model.partial_mathml.clone();
        snap.mathml = Some(model.mathml.clone());
        snap.second_derivative = model.second_text.clone();
        snap.steps = model.steps.clone();
        let (value, gradient) = model.value_grad_at(&point);
        let finite = value.is_finite() && gradient.iter().all(|g| g.is_finite());
        if !finite {
            snap.notices.push("f or its gradient is undefined at this point".into());
        }
        snap.value = Some(value);
        snap.gradient_norm = Some(norm(&gradient));
        snap.hessian = Some(model.hessian_at(&point));
        let numeric = {
            numerical_gradient(|p| model.value.eval1(p), &point)
        };
        let diff: Vec<f64> = gradient.iter().zip(&numeric).map(|(a, b)| a - b).collect();
        snap.gradient_check =
            Some(GradientCheck { relative_error: norm(&diff) / norm(&gradient).max(1e-300), numeric });
        if n >= 2 {
            let mut u = vec![0.0; n];
            u[0] = direction[0];
            u[1] = direction[1];
            snap.directional_derivative = Some(gradient.iter().zip(&u).map(|(g, u)| g * u).sum());
            snap.direction = Some(u);
            snap.direction_degrees = Some(self.direction_deg);
            snap.critical_points = critical_2d;
        } else if n == 1 {
            let a = point[0];
            let slope = gradient.first().copied().unwrap_or(f64::NAN);
            snap.tangent = Some(Tangent { slope, intercept: value - slope * a });
            let g = |x: f64| model.value.eval1(&[x]);
            let forward = (g(a + h) - value) / h;
            snap.secant = Some(Secant { h, slope: forward, central: central_difference(g, a, h) });
            snap.critical_points = interest
                .critical
                .iter()
                .map(|p| CriticalInfo {
                    at: vec![p.x],
                    kind: p.kind.map_or("degenerate", |k| k.as_str()),
                    value: p.value,
                })
                .collect();
            snap.inflection_points = interest.inflections.iter().map(|p| p.x).collect();
            snap.limit_table = crate::view::charts::limit_table(model, a);
        }
        snap.gradient = Some(gradient);
        snap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_example_at_1_2_with_u_at_45_degrees() {
        let mut app = App::new();
        app.set_point(&[1.0, 2.0]);
        app.set_direction(45.0);
        let s = app.snapshot();
        assert_eq!(s.value, Some(5.0));
        assert_eq!(s.gradient, Some(vec![2.0, 4.0]));
        assert!((s.directional_derivative.unwrap_or(0.0) - 3.0 * 2f64.sqrt()).abs() < 1e-12);
        assert!((s.gradient_norm.unwrap_or(0.0) - 20f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.partials, ["2*x", "2*y"]);
    }

    #[test]
    fn directional_derivative_identities_over_a_turn() {
        let mut app = App::new();
        app.set_expression("x^2y + 3xy^2 + y^3").expect("parses");
        app.set_point(&[1.0, -0.5]);
        let g = app.snapshot().gradient.expect("gradient");
        let norm = g[0].hypot(g[1]);
        let phi = g[1].atan2(g[0]).to_degrees();
        for (offset, expected) in [(0.0, norm), (90.0, 0.0), (180.0, -norm), (270.0, 0.0)] {
            app.set_direction(phi + offset);
            let d = app.snapshot().directional_derivative.expect("2-D");
            assert!((d - expected).abs() < 1e-9 * norm.max(1.0), "θ = φ + {offset}: {d} vs {expected}");
        }
    }

    #[test]
    fn critical_and_inflection_points_of_the_cubic() {
        let mut app = App::new();
        app.set_expression("x^3 - 3x").expect("parses");
        let s = app.snapshot();
        let kinds: Vec<(f64, &str)> = s.critical_points.iter().map(|c| (c.at[0], c.kind)).collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        assert!((kinds[0].0 + 1.0).abs() < 1e-9 && kinds[0].1 == "max");
        assert!((kinds[1].0 - 1.0).abs() < 1e-9 && kinds[1].1 == "min");
        assert_eq!(s.inflection_points.len(), 1);
        assert!(s.inflection_points[0].abs() < 1e-9);
    }

    #[test]
    fn a_log_scale_puts_levels_in_the_rosenbrock_valley() {
        let mut app = App::new();
        app.set_expression("(1 - x)^2 + 100(y - x^2)^2").expect("parses");
        app.set_view(-2.0, 2.0, -1.0, 3.0).expect("valid");
        let smallest_label = |app: &mut App| {
            let scene = app.scene(800.0, 600.0, 1.0).expect("scene");
            scene.labels.iter().filter_map(|l| l.text.parse::<f64>().ok()).fold(f64::INFINITY, f64::min)
        };
        let linear = smallest_label(&mut app);
        app.set_log_scale(true);
        let log = smallest_label(&mut app);
        assert!(linear >= 100.0 && log < 5.0, "linear {linear}, log {log}");
        let (lo, hi) = app.snapshot_with(false).color_range.map(|r| (r[0], r[1])).expect("range");
        assert!(lo < 5.0 && hi > 100.0, "{lo} {hi}");
        assert!(app.link_pairs().contains(&("scale".to_string(), "log".to_string())));
    }

    #[test]
    fn constants_have_no_variable_and_still_draw() {
        // Found by fuzzing: the graph view once indexed the first variable of `2`.
        for text in ["2", "pi", "9^9", "0/0"] {
            let mut app = App::new();
            app.set_expression(text).expect("parses");
            assert!(app.scene(800.0, 600.0, 1.0).is_some(), "{text}");
            assert!(app.snapshot().vars.is_empty());
        }
    }

    #[test]
    fn a_bad_expression_keeps_the_last_good_function() {
        let mut app = App::new();
        let err = app.set_expression("sin(x").expect_err("unbalanced");
        assert_eq!((err.start, err.end), (3, 4));
        let s = app.snapshot();
        assert_eq!(s.expr, "sin(x");
        assert_eq!(s.normalized.as_deref(), Some("x^2 + y^2"));
        assert_eq!(s.value, Some(5.0));
        assert!(s.error.is_some());
    }

    #[test]
    fn one_variable_gives_tangent_and_secant() {
        let mut app = App::new();
        app.set_expression("x^2").expect("parses");
        app.set_point(&[3.0]);
        app.set_h(0.5).expect("valid h");
        let s = app.snapshot();
        let t = s.tangent.expect("tangent");
        assert_eq!((t.slope, t.intercept), (6.0, -9.0));
        // The course's limit: ((a+h)² − a²)/h = 2a + h.
        assert_eq!(s.secant.expect("secant").slope, 6.5);
        assert!(s.direction.is_none());
    }

    #[test]
    fn links_round_trip_and_bad_values_leave_notices() {
        let mut app = App::new();
        app.set_expression("x^2y + sin(xy)").expect("parses");
        app.set_point(&[0.5, -1.0]);
        app.set_view(-2.0, 2.0, -1.0, 1.0).expect("valid");
        let pairs = app.link_pairs();
        let mut other = App::new();
        other.apply_link(&pairs);
        let (a, b) = (app.snapshot(), other.snapshot());
        assert_eq!((a.expr, a.point, a.view), (b.expr, b.point, b.view));

        let mut bad = App::new();
        let hostile = |v: &str| vec![("p".to_string(), v.to_string()), ("view".to_string(), "1,0,0,1".to_string())];
        bad.apply_link(&hostile("<img src=x onerror=alert(1)>"));
        let s = bad.snapshot();
        assert_eq!(s.point, vec![1.0, 2.0]);
        assert_eq!(s.view, View::default().as_array());
        assert_eq!(s.notices.len(), 2, "{:?}", s.notices);
    }

    #[test]
    fn undefined_points_give_null_numbers_not_garbage() {
        let mut app = App::new();
        app.set_expression("ln(x) + y").expect("parses");
        app.set_point(&[-1.0, 0.0]);
        let s = app.snapshot();
        let json = serde_json::to_string(&s).expect("serialises");
        assert!(json.contains("\"value\":null"), "{json}");
        assert!(s.notices.iter().any(|n| n.contains("undefined")));
    }
}

#[cfg(test)]
mod overflow_texts {
    use super::*;

    #[test]
    fn derivative_texts_never_print_nan_or_inf_for_finite_constants() {
        // Issue 11: `1e308*10*0*x + y` printed NaN, `1e200x*1e200y` inf - inf.
        for text in ["1e308*10*0*x + y", "1e200x*1e200y", "1e308x + 1e308x + y", "x*1e300*1e300/y"] {
            let mut app = App::new();
            app.set_expression(text).expect("parses");
            let s = app.snapshot();
            for p in &s.partials {
                assert!(!p.contains("NaN") && !p.contains("inf"), "{text}: {p}");
            }
        }
    }
}
