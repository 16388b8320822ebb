//! `Nabla`, the handle JavaScript holds: a thin `#[wasm_bindgen]` layer over [`App`]. Values
//! cross as numbers, strings and JSON through [`crate::wire`]; a refusal becomes a thrown JS
//! `Error` whose message is the core's [`crate::app::Error`] written for the learner.

use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::app::App;
use crate::compute::geometry::{Frame, View};
use crate::render::{render_chart_themed, render_themed, Hook};
use crate::view::chart::Chart;
use crate::view::charts::Panel;
use crate::view::graph::GraphOptions;
use crate::web::canvas::{run_hook, Canvas};
use crate::wire;

/// Makes a panic (always a bug) readable in the console before the trap.
fn install_panic_hook() {
    use std::sync::Once;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("Nabla bug (please report): {info}").into());
        }));
    });
}

/// A core refusal as a JS `Error`.
fn js(e: crate::app::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// The visualizer as JavaScript sees it: one opaque handle.
#[wasm_bindgen]
pub struct Nabla {
    app: App,
    /// Holds the heatmap image before it is stretched onto the plot.
    scratch: Option<HtmlCanvasElement>,
    /// The surface's own scratch canvas: in `split` the map's heatmap and the surface's raster
    /// differ in size, and one canvas resized twice a frame was reallocated twice a frame.
    surface_scratch: Option<HtmlCanvasElement>,
    /// Each small chart as last drawn, with its canvas size: an unchanged chart is not redrawn.
    drawn_panels: Vec<(Panel, Chart, (u32, u32))>,
    /// The theme `drawn_panels` were drawn in: a new theme redraws them.
    drawn_theme: crate::render::palette::Theme,
}

impl Default for Nabla {
    fn default() -> Self {
        Nabla::new()
    }
}

#[wasm_bindgen]
impl Nabla {
    /// A visualizer showing the default function.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Nabla {
        install_panic_hook();
        Nabla { app: App::new(), scratch: None, surface_scratch: None, drawn_panels: Vec::new(), drawn_theme: Default::default() }
    }

    /// Everything the page's controls offer, as JSON (see [`crate::app::catalogue`]).
    pub fn catalogue() -> String {
        wire::catalogue(&crate::app::catalogue::catalogue())
    }

    /// Reads an expression; returns `{"ok":true}` or `{"ok":false,"error":{message,start,end}}` as JSON.
    #[wasm_bindgen(js_name = setExpression)]
    pub fn set_expression(&mut self, text: &str) -> String {
        wire::expression_result(&self.app.set_expression(text))
    }

    /// Moves the selected point.
    #[wasm_bindgen(js_name = setPoint)]
    pub fn set_point(&mut self, coords: Vec<f64>) {
        self.app.set_point(&coords);
    }

    /// Sets the direction u in degrees from +x.
    #[wasm_bindgen(js_name = setDirection)]
    pub fn set_direction(&mut self, degrees: f64) {
        self.app.set_direction(degrees);
    }

    /// Sets u along the vector (ux, uy), normalised: (3, 4) is exactly (0.6, 0.8).
    #[wasm_bindgen(js_name = setDirectionVector)]
    pub fn set_direction_vector(&mut self, ux: f64, uy: f64) {
        self.app.set_direction_vector(ux, uy);
    }

    /// Turns u along ∇f (`"gradient"`), against it (`"against"`) or along the level curve (`"level"`).
    #[wasm_bindgen(js_name = aimAlong)]
    pub fn aim_along(&mut self, along: &str) {
        if let Some(a) = crate::app::Along::from_id(along) {
            self.app.aim_along(a);
        }
    }

    /// Checks a learner's answer for ∂f/∂`which` (a variable's name) or for `"gradient"`; JSON
    /// `{right, message, at, yours, exact}` or `{error}`.
    #[wasm_bindgen(js_name = checkDerivative)]
    pub fn check_derivative(&mut self, which: &str, typed: &str) -> String {
        wire::check(&self.app.check_derivative(which, typed))
    }

    /// Sets the window; throws the reason if refused.
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&mut self, xmin: f64, xmax: f64, ymin: f64, ymax: f64) -> Result<(), JsError> {
        self.app.set_view(xmin, xmax, ymin, ymax).map_err(js)
    }

    /// Sets the secant step h; throws the reason if refused.
    #[wasm_bindgen(js_name = setH)]
    pub fn set_h(&mut self, h: f64) -> Result<(), JsError> {
        self.app.set_h(h).map_err(js)
    }

    /// About how many level curves.
    #[wasm_bindgen(js_name = setLevels)]
    pub fn set_levels(&mut self, n: u32) {
        self.app.set_levels(n as usize);
    }

    /// Field arrows of one length (true) or proportional to ‖∇f‖ (false).
    #[wasm_bindgen(js_name = setNormalizedArrows)]
    pub fn set_normalized_arrows(&mut self, normalized: bool) {
        self.app.set_normalized_arrows(normalized);
    }

    /// Colours and levels on a log scale or linear.
    #[wasm_bindgen(js_name = setLogScale)]
    pub fn set_log_scale(&mut self, log: bool) {
        self.app.set_log_scale(log);
    }

    /// Shows or hides the gradient field.
    #[wasm_bindgen(js_name = setShowField)]
    pub fn set_show_field(&mut self, show: bool) {
        self.app.set_show_field(show);
    }

    /// What the one-variable view draws: f′, the secant, f″, and whether the secant is central.
    #[wasm_bindgen(js_name = setGraphOptions)]
    pub fn set_graph_options(&mut self, show_derivative: bool, show_secant: bool, show_second: bool, central: bool) {
        self.app.set_graph_options(GraphOptions { show_derivative, show_secant, show_second, central });
    }

    /// Selects the point under a canvas pixel.
    pub fn pick(&mut self, px: f64, py: f64) {
        self.app.pick(px, py);
    }

    /// Enters the regression lab with points given as JSON `[[x, y], …]`, or `"default"` for
    /// its default data; entries that are not points are left out with a notice.
    #[wasm_bindgen(js_name = setRegression)]
    pub fn set_regression(&mut self, points_json: &str) {
        self.app.load_regression(wire::regression_items(points_json).as_deref());
    }

    /// The index of the regression point under a pixel of the regression chart, or -1.
    #[wasm_bindgen(js_name = regressionHit)]
    pub fn regression_hit(&self, px: f64, py: f64, radius: f64) -> i32 {
        self.app.regression_hit(px, py, radius).map_or(-1, |i| i as i32)
    }

    /// Adds a regression point at a pixel of its chart.
    #[wasm_bindgen(js_name = addRegressionPoint)]
    pub fn add_regression_point(&mut self, px: f64, py: f64) {
        self.app.add_regression_point(px, py);
    }

    /// Moves regression point `i` to a pixel of its chart.
    #[wasm_bindgen(js_name = moveRegressionPoint)]
    pub fn move_regression_point(&mut self, i: u32, px: f64, py: f64) {
        self.app.move_regression_point(i as usize, px, py);
    }

    /// Deletes regression point `i`.
    #[wasm_bindgen(js_name = removeRegressionPoint)]
    pub fn remove_regression_point(&mut self, i: u32) {
        self.app.remove_regression_point(i as usize);
    }

    /// Leaves a dot (a, f′(a)) at the point (one variable).
    pub fn trace(&mut self) {
        self.app.trace();
    }

    /// Continues the work left for later by one slice of a few milliseconds (the page calls it
    /// between frames); returns whether any remains.
    pub fn refine(&mut self) -> bool {
        self.app.refine()
    }

    /// Removes the traced dots.
    #[wasm_bindgen(js_name = clearTrace)]
    pub fn clear_trace(&mut self) {
        self.app.clear_trace();
    }

    /// Points u towards a canvas pixel.
    pub fn aim(&mut self, px: f64, py: f64) {
        self.app.aim(px, py);
    }

    /// What is under a canvas pixel: "point", "direction" or "plot".
    pub fn hit(&self, px: f64, py: f64, radius: f64) -> String {
        self.app.hit(px, py, radius).as_str().into()
    }

    /// Pans by a pixel offset.
    #[wasm_bindgen(js_name = panPixels)]
    pub fn pan_pixels(&mut self, dx: f64, dy: f64) {
        self.app.pan_pixels(dx, dy);
    }

    /// Zooms about a pixel.
    #[wasm_bindgen(js_name = zoomAt)]
    pub fn zoom_at(&mut self, px: f64, py: f64, factor: f64) {
        self.app.zoom_at(px, py, factor);
    }

    /// Moves the point by hundredths of the view.
    pub fn nudge(&mut self, dx: f64, dy: f64) {
        self.app.nudge(dx, dy);
    }

    /// Fits the one-variable view's y-range to f over its x-range ("fit view").
    #[wasm_bindgen(js_name = fitView)]
    pub fn fit_view(&mut self) -> Result<(), JsError> {
        self.app.fit_view().map_err(js)
    }

    /// `n` samples of f along the line the audio trace follows, with its ticks, as JSON.
    #[wasm_bindgen(js_name = audioTrace)]
    pub fn audio_trace(&self, n: u32) -> String {
        wire::audio_trace(self.app.audio_trace(n as usize).as_ref())
    }

    /// Back to the default window.
    #[wasm_bindgen(js_name = resetView)]
    pub fn reset_view(&mut self) {
        self.app.reset_view();
    }

    /// Chooses the colour scheme, `"light"` or `"dark"`; anything else follows the system's again.
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&mut self, name: &str) {
        self.app.set_theme(crate::render::palette::Theme::from_id(name));
    }

    /// Tells the engine the system's colour scheme (`prefers-color-scheme: dark`), used while no
    /// theme is chosen.
    #[wasm_bindgen(js_name = setSystemTheme)]
    pub fn set_system_theme(&mut self, dark: bool) {
        self.app.set_system_theme(if dark { crate::render::palette::Theme::Dark } else { crate::render::palette::Theme::Light });
    }

    /// The plain-language description of the view and the point (`describe()`).
    pub fn describe(&mut self) -> String {
        self.app.snapshot_with(false).description
    }

    /// Forgets shown notices.
    #[wasm_bindgen(js_name = clearNotices)]
    pub fn clear_notices(&mut self) {
        self.app.clear_notices();
    }

    /// The snapshot for `state()`, as JSON. With `whole_runs` false, descent runs carry only
    /// the current and next iteration.
    #[wasm_bindgen(js_name = stateJson)]
    pub fn state_json(&mut self, whole_runs: bool) -> String {
        wire::snapshot(&self.app.snapshot_with(whole_runs))
    }

    /// The share-link pairs as JSON `[[key, value], …]` (values raw; the page encodes them).
    #[wasm_bindgen(js_name = linkPairs)]
    pub fn link_pairs(&self) -> String {
        wire::link_pairs(&self.app.link_pairs())
    }

    /// The state as exact pairs, JSON `[[key, value], …]`: what a recovery restores (the link
    /// rounds numbers to what is visible; this keeps every digit and u as a vector).
    #[wasm_bindgen(js_name = statePairs)]
    pub fn state_pairs(&self) -> String {
        wire::link_pairs(&self.app.exact_pairs())
    }

    /// Applies decoded link pairs given as JSON `[[key, value], …]`.
    #[wasm_bindgen(js_name = applyLink)]
    pub fn apply_link(&mut self, pairs_json: &str) {
        self.app.apply_link(&wire::read_link_pairs(pairs_json));
    }

    /// Runs the optimizers `options_json` asks for; returns how many ran, or throws why not.
    /// The runs themselves are `state()`'s: five of 3,000 steps are a megabyte of JSON, which
    /// the page reads a task later.
    #[wasm_bindgen(js_name = runDescent)]
    pub fn run_descent(&mut self, options_json: &str) -> Result<u32, JsError> {
        let request = wire::descent_request(options_json).map_err(js)?;
        self.app.run_descent(&request).map(|count| count as u32).map_err(js)
    }

    /// Iterations `from .. from + count` of run `run` as JSON (at most 10,000 per call): the
    /// whole of a long run, page by page, where `state()` thins it. `null` for no such run.
    #[wasm_bindgen(js_name = descentWindow)]
    pub fn descent_window(&self, run: u32, from: u32, count: u32) -> String {
        wire::run_window(self.app.descent_window(run as usize, from as usize, (count as usize).min(10_000)).as_ref())
    }

    /// Shows iteration `k` of the runs.
    #[wasm_bindgen(js_name = setDescentFrame)]
    pub fn set_descent_frame(&mut self, k: u32) {
        self.app.set_descent_frame(k as usize);
    }

    /// Iterates in the longest run.
    #[wasm_bindgen(js_name = descentLength)]
    pub fn descent_length(&self) -> u32 {
        self.app.descent_length() as u32
    }

    /// Removes the runs.
    #[wasm_bindgen(js_name = clearDescent)]
    pub fn clear_descent(&mut self) {
        self.app.clear_descent();
    }

    /// Logarithmic loss axis or not.
    #[wasm_bindgen(js_name = setLossLog)]
    pub fn set_loss_log(&mut self, log: bool) {
        self.app.set_loss_log(log);
    }

    /// Draws the small chart with id `name` on `canvas`; returns whether there was one to draw.
    #[wasm_bindgen(js_name = renderPanel)]
    pub fn render_panel(&mut self, name: &str, canvas: &HtmlCanvasElement, scale: f64) -> Result<bool, JsError> {
        let Some(panel) = Panel::from_id(name) else { return Ok(false) };
        let Some(chart) = self.app.panel(panel) else { return Ok(false) };
        let size = (canvas.width(), canvas.height());
        if self.drawn_theme != self.app.theme() {
            self.drawn_theme = self.app.theme();
            self.drawn_panels.clear();
        }
        if self.drawn_panels.iter().any(|(p, c, s)| *p == panel && *c == chart && *s == size) {
            return Ok(true);
        }
        self.drawn_panels.retain(|(p, _, _)| *p != panel);
        let rect = render_chart_themed(&Canvas::new(canvas)?.into_drawing_area(), &chart, scale, self.app.theme()).map_err(|e| JsError::new(&e))?;
        let (x, y) = (chart.x_range, chart.y_range);
        self.app.set_panel_frame(panel, Frame { view: View { xmin: x.0, xmax: x.1, ymin: y.0, ymax: y.1 }, rect });
        // Remembered only once drawn: a chart whose drawing threw is drawn again next frame.
        self.drawn_panels.push((panel, chart, size));
        Ok(true)
    }

    /// The plot as an SVG document: the scene a `width × height` canvas at `scale` shows.
    #[wasm_bindgen(js_name = exportSvg)]
    pub fn export_svg(&mut self, width: u32, height: u32, scale: f64) -> Result<String, JsError> {
        crate::web::export::svg(&mut self.app, width, height, scale)
    }

    /// The lessons and the parts a teacher's link may hide, as JSON (see [`wire::lesson_catalogue`]).
    #[wasm_bindgen(js_name = lessonCatalogue)]
    pub fn lesson_catalogue() -> String {
        wire::lesson_catalogue(crate::app::lessons::catalogue::LESSONS, &crate::app::teacher::PARTS)
    }

    /// Opens step `step` (from 1) of lesson `id`; throws why not.
    #[wasm_bindgen(js_name = startLesson)]
    pub fn start_lesson(&mut self, id: &str, step: u32) -> Result<(), JsError> {
        self.app.start_lesson(id, step as usize).map_err(js)
    }

    /// The lesson's next step.
    #[wasm_bindgen(js_name = nextStep)]
    pub fn next_step(&mut self) {
        self.app.next_step();
    }

    /// The lesson's step before.
    #[wasm_bindgen(js_name = previousStep)]
    pub fn previous_step(&mut self) {
        self.app.previous_step();
    }

    /// Leaves the lesson, restoring the learner's own state.
    #[wasm_bindgen(js_name = endLesson)]
    pub fn end_lesson(&mut self) {
        self.app.end_lesson();
    }

    /// The number the learner typed for the step's task; throws why it is not one.
    #[wasm_bindgen(js_name = answerLesson)]
    pub fn answer_lesson(&mut self, text: &str) -> Result<(), JsError> {
        self.app.answer_lesson(text).map_err(js)
    }

    /// Shows the step's answer, if the learner has tried.
    #[wasm_bindgen(js_name = revealAnswer)]
    pub fn reveal_answer(&mut self) {
        self.app.reveal_answer();
    }

    /// The learner's own state a lesson restores on leaving, JSON `[[key, value], …]`.
    #[wasm_bindgen(js_name = lessonReturn)]
    pub fn lesson_return(&self) -> String {
        wire::link_pairs(&self.app.lesson_return())
    }

    /// Replaces the state a lesson restores on leaving (kept by the page across a reload).
    #[wasm_bindgen(js_name = setLessonReturn)]
    pub fn set_lesson_return(&mut self, pairs_json: &str) {
        self.app.set_lesson_return(wire::read_link_pairs(pairs_json));
    }

    /// Opens or closes the computational-graph panel.
    #[wasm_bindgen(js_name = showGraph)]
    pub fn show_graph(&mut self, open: bool) {
        self.app.show_graph(open);
    }

    /// Shows step `k` of the graph's forward and backward passes.
    #[wasm_bindgen(js_name = setGraphStep)]
    pub fn set_graph_step(&mut self, k: u32) {
        self.app.set_graph_step(k as usize);
    }

    /// Selects the graph node under a pixel of its canvas (or none); returns its id or -1.
    #[wasm_bindgen(js_name = pickGraphNode)]
    pub fn pick_graph_node(&mut self, px: f64, py: f64) -> i32 {
        self.app.pick_graph_node(px, py).map_or(-1, |i| i as i32)
    }

    /// Selects graph node `id` (-1 clears the selection).
    #[wasm_bindgen(js_name = selectGraphNode)]
    pub fn select_graph_node(&mut self, id: i32) {
        self.app.select_graph_node(usize::try_from(id).ok());
    }

    /// Draws the computational graph on `canvas`; returns whether there was one to draw.
    #[wasm_bindgen(js_name = renderGraph)]
    pub fn render_graph(&mut self, canvas: &HtmlCanvasElement, scale: f64) -> Result<bool, JsError> {
        let Some((Some(scene), _)) = self.app.graph_view() else { return Ok(false) };
        let boxes = crate::render::network::render_network(&Canvas::new(canvas)?.into_drawing_area(), &scene, scale, self.app.theme()).map_err(|e| JsError::new(&e))?;
        self.app.set_graph_boxes(boxes);
        Ok(true)
    }

    /// Shows the map (`"2d"`), the surface (`"3d"`) or both (`"split"`).
    #[wasm_bindgen(js_name = setLayout)]
    pub fn set_layout(&mut self, name: &str) {
        self.app.set_layout(name);
    }

    /// Points the 3D camera: azimuth and elevation in degrees.
    #[wasm_bindgen(js_name = setCamera)]
    pub fn set_camera(&mut self, azimuth: f64, elevation: f64) {
        self.app.set_camera(azimuth, elevation);
    }

    /// The order of the local model at the point (0 hides it).
    #[wasm_bindgen(js_name = setTaylor)]
    pub fn set_taylor(&mut self, order: f64) {
        self.app.set_taylor(order);
    }

    /// Turns the camera by a drag of canvas pixels.
    #[wasm_bindgen(js_name = rotatePixels)]
    pub fn rotate_pixels(&mut self, dx: f64, dy: f64, scale: f64) {
        self.app.rotate_pixels(dx, dy, scale);
    }

    /// Zooms the surface (< 1 zooms in).
    #[wasm_bindgen(js_name = zoomSurface)]
    pub fn zoom_surface(&mut self, factor: f64) {
        self.app.zoom_surface(factor);
    }

    /// Whether a canvas pixel is on the surface's area.
    #[wasm_bindgen(js_name = onSurface)]
    pub fn on_surface(&self, px: f64, py: f64) -> bool {
        self.app.on_surface(px, py)
    }

    /// What is under a pixel of the surface: `"point"` or `"surface"`.
    #[wasm_bindgen(js_name = surfaceHit)]
    pub fn surface_hit(&self, px: f64, py: f64, radius: f64) -> String {
        self.app.surface_hit(px, py, radius).into()
    }

    /// Moves the point to the surface under a pixel.
    #[wasm_bindgen(js_name = pickSurface)]
    pub fn pick_surface(&mut self, px: f64, py: f64) {
        self.app.pick_surface(px, py);
    }

    /// Panics on purpose, to test that the page survives a trap (a bug) and recovers. Only in
    /// builds with the `test-hooks` feature (`make test`), never in the served product.
    #[cfg(feature = "test-hooks")]
    #[wasm_bindgen(js_name = debugTrap)]
    pub fn debug_trap(&mut self) {
        panic!("debugTrap: a deliberate panic to test recovery");
    }

    /// Draws the current state on `canvas` (sized in device pixels by the page) at `scale`
    /// device pixels per CSS pixel.
    pub fn render(&mut self, canvas: &HtmlCanvasElement, scale: f64) -> Result<(), JsError> {
        if let Some(layout) = self.app.layout().filter(|l| *l != crate::app::surface::Layout::Map) {
            let scratch = crate::web::surface::scratch(&mut self.scratch)?;
            let surface_scratch = crate::web::surface::scratch(&mut self.surface_scratch)?;
            return crate::web::surface::render_layout(&mut self.app, canvas, [&scratch, &surface_scratch], scale, layout);
        }
        let (width, height) = (canvas.width() as f64, canvas.height() as f64);
        let Some(scene) = self.app.scene(width, height, scale) else {
            return Ok(());
        };
        let backend = Canvas::new(canvas)?;
        let pen = backend.pen();
        let root = backend.into_drawing_area();
        let scratch = crate::web::surface::scratch(&mut self.scratch)?;
        let mut failure: Option<String> = None;
        let mut hook = |hook: Hook| {
            if let Err(e) = run_hook(&pen, &scratch, hook) {
                failure.get_or_insert(e);
            }
        };
        let rect = render_themed(&root, &scene, scale, self.app.theme(), &mut hook).map_err(|e| JsError::new(&e))?;
        self.app.set_plot_rect(rect);
        match failure {
            Some(e) => Err(JsError::new(&e)),
            None => Ok(()),
        }
    }
}
