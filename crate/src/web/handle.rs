//! The one module that knows the browser: a thin `#[wasm_bindgen]` handle over [`App`], and the
//! canvas work plotters does slowly (the heatmap blit, clipping).

use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::app::App;
use crate::render::{render, render_chart, Hook};

/// plotters-canvas, but measuring text with the canvas's own `measureText`. plotters' default
/// measures by inserting a `<span style=…>` into the page, which a strict Content-Security-Policy
/// (`style-src 'self'`) blocks; everything else is delegated unchanged.
struct Canvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl Canvas {
    fn new(canvas: &HtmlCanvasElement) -> Result<Canvas, JsError> {
        let inner = CanvasBackend::with_canvas_object(canvas.clone())
            .ok_or_else(|| JsError::new("the canvas cannot be drawn on"))?;
        Ok(Canvas { inner, context: context_of(canvas)? })
    }
}

impl DrawingBackend for Canvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, fill: bool) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        // The same font string plotters-canvas draws with.
        self.context.set_font(&format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str()));
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(style.size() * 0.6 * text.len() as f64);
        Ok((width.ceil().max(0.0) as u32, style.size().ceil().max(0.0) as u32))
    }
}

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

/// The visualizer as JavaScript sees it: one opaque handle.
#[wasm_bindgen]
pub struct Nabla {
    app: App,
    /// Holds the heatmap image before it is stretched onto the plot.
    scratch: Option<HtmlCanvasElement>,
    /// Each small chart as last drawn, with its canvas size: an unchanged chart is not redrawn.
    drawn_panels: Vec<(String, crate::view::chart::Chart, (u32, u32))>,
}

fn context_of(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .map_err(|_| JsError::new("the canvas has no 2D context"))?
        .ok_or_else(|| JsError::new("the canvas has no 2D context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsError::new("the canvas has no 2D context"))
}

#[wasm_bindgen]
impl Nabla {
    /// A visualizer showing the default function.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Nabla {
        install_panic_hook();
        Nabla { app: App::new(), scratch: None, drawn_panels: Vec::new() }
    }

    /// Reads an expression; returns `{"ok":true}` or `{"ok":false,"error":{message,start,end}}` as JSON.
    #[wasm_bindgen(js_name = setExpression)]
    pub fn set_expression(&mut self, text: &str) -> String {
        match self.app.set_expression(text) {
            Ok(()) => "{\"ok\":true}".into(),
            Err(e) => serde_json::json!({ "ok": false, "error": e }).to_string(),
        }
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

    /// Sets the window; returns an error message if refused.
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&mut self, xmin: f64, xmax: f64, ymin: f64, ymax: f64) -> Option<String> {
        self.app.set_view(xmin, xmax, ymin, ymax).err()
    }

    /// Sets the secant step h; returns an error message if refused.
    #[wasm_bindgen(js_name = setH)]
    pub fn set_h(&mut self, h: f64) -> Option<String> {
        self.app.set_h(h).err()
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
        self.app.set_graph_options(crate::view::graph::GraphOptions { show_derivative, show_secant, show_second, central });
    }

    /// Selects the point under a canvas pixel.
    pub fn pick(&mut self, px: f64, py: f64) {
        self.app.pick(px, py);
    }

    /// Enters the regression lab with points given as JSON `[[x, y], …]`, or `"default"` for
    /// its default data; anything else is reported (see [`App::load_regression`]).
    #[wasm_bindgen(js_name = setRegression)]
    pub fn set_regression(&mut self, points_json: &str) {
        let value: serde_json::Value = serde_json::from_str(points_json).unwrap_or(serde_json::Value::Null);
        let point = |v: &serde_json::Value| match v.as_array().map(Vec::as_slice) {
            Some([x, y]) => Some([x.as_f64()?, y.as_f64()?]),
            _ => None,
        };
        match value {
            serde_json::Value::String(s) if s == "default" => self.app.load_regression(None),
            serde_json::Value::Array(items) => {
                let items: Vec<Option<[f64; 2]>> = items.iter().take(10_000).map(point).collect();
                self.app.load_regression(Some(&items));
            }
            _ => self.app.load_regression(Some(&[None])),
        }
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
        self.app.hit(px, py, radius).into()
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

    /// Back to the default window.
    #[wasm_bindgen(js_name = resetView)]
    pub fn reset_view(&mut self) {
        self.app.reset_view();
    }

    /// Forgets shown notices.
    #[wasm_bindgen(js_name = clearNotices)]
    pub fn clear_notices(&mut self) {
        self.app.clear_notices();
    }

    /// The snapshot for `state()`, as JSON.
    /// With `whole_runs` false, descent runs carry only the current and next iteration.
    #[wasm_bindgen(js_name = stateJson)]
    pub fn state_json(&mut self, whole_runs: bool) -> String {
        serde_json::to_string(&self.app.snapshot_with(whole_runs))
            .unwrap_or_else(|e| format!("{{\"serializeError\":\"{e}\"}}"))
    }

    /// The share-link pairs as JSON `[[key, value], …]` (values raw; the page encodes them).
    #[wasm_bindgen(js_name = linkPairs)]
    pub fn link_pairs(&self) -> String {
        serde_json::to_string(&self.app.link_pairs()).unwrap_or_else(|_| "[]".into())
    }

    /// Applies decoded link pairs given as JSON `[[key, value], …]`.
    #[wasm_bindgen(js_name = applyLink)]
    pub fn apply_link(&mut self, pairs_json: &str) {
        let pairs: Vec<(String, String)> = serde_json::from_str(pairs_json).unwrap_or_default();
        self.app.apply_link(&pairs);
    }

    /// Runs the optimizers `options_json` asks for; returns the runs as JSON, or `{"error": …}`.
    #[wasm_bindgen(js_name = runDescent)]
    pub fn run_descent(&mut self, options_json: &str) -> String {
        match self.app.run_descent(options_json) {
            Ok(runs) => serde_json::to_string(&runs).unwrap_or_else(|_| "[]".into()),
            Err(e) => serde_json::json!({ "error": e }).to_string(),
        }
    }

    /// Iterations `from .. from + count` of run `run` as JSON (at most 10,000 per call): the
    /// whole of a long run, page by page, where `state()` thins it. `null` for no such run.
    #[wasm_bindgen(js_name = descentWindow)]
    pub fn descent_window(&self, run: u32, from: u32, count: u32) -> String {
        let window = self.app.descent_window(run as usize, from as usize, (count as usize).min(10_000));
        serde_json::to_string(&window).unwrap_or_else(|_| "null".into())
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

    /// Draws the small chart `name` on `canvas`; returns whether there was one to draw.
    #[wasm_bindgen(js_name = renderPanel)]
    pub fn render_panel(&mut self, name: &str, canvas: &HtmlCanvasElement, scale: f64) -> Result<bool, JsError> {
        let Some(chart) = self.app.panel(name) else { return Ok(false) };
        let size = (canvas.width(), canvas.height());
        if self.drawn_panels.iter().any(|(n, c, s)| n == name && *c == chart && *s == size) {
            return Ok(true);
        }
        self.drawn_panels.retain(|(n, _, _)| n != name);
        self.drawn_panels.push((name.to_string(), chart.clone(), size));
        let rect = render_chart(&Canvas::new(canvas)?.into_drawing_area(), &chart, scale).map_err(|e| JsError::new(&e))?;
        let (x, y) = (chart.x_range, chart.y_range);
        let view = crate::compute::geometry::View { xmin: x.0, xmax: x.1, ymin: y.0, ymax: y.1 };
        self.app.set_panel_frame(name, crate::compute::geometry::Frame { view, rect });
        Ok(true)
    }

    /// Panics on purpose, to test that the page survives a trap (a bug) and recovers.
    #[wasm_bindgen(js_name = debugTrap)]
    pub fn debug_trap(&mut self) {
        panic!("debugTrap: a deliberate panic to test recovery");
    }

    /// Draws the current state on `canvas` (sized in device pixels by the page) at `scale`
    /// device pixels per CSS pixel.
    pub fn render(&mut self, canvas: &HtmlCanvasElement, scale: f64) -> Result<(), JsError> {
        let ctx = context_of(canvas)?;
        let (width, height) = (canvas.width() as f64, canvas.height() as f64);
        let Some(scene) = self.app.scene(width, height, scale) else {
            return Ok(());
        };
        let root = Canvas::new(canvas)?.into_drawing_area();
        let scratch = match &self.scratch {
            Some(c) => c.clone(),
            None => {
                let document = web_sys::window()
                    .and_then(|w| w.document())
                    .ok_or_else(|| JsError::new("no document"))?;
                let c: HtmlCanvasElement = document
                    .create_element("canvas")
                    .map_err(|_| JsError::new("cannot create a canvas"))?
                    .dyn_into()
                    .map_err(|_| JsError::new("cannot create a canvas"))?;
                self.scratch = Some(c.clone());
                c
            }
        };
        let mut failure: Option<String> = None;
        let mut hook = |hook: Hook| {
            let result = match hook {
                Hook::Heatmap(rect, heatmap) => blit(&ctx, &scratch, rect, heatmap),
                Hook::BeginClip(rect) => {
                    ctx.save();
                    ctx.begin_path();
                    ctx.rect(rect.left, rect.top, rect.width, rect.height);
                    ctx.clip();
                    Ok(())
                }
                Hook::EndClip => {
                    ctx.restore();
                    Ok(())
                }
            };
            if let Err(e) = result {
                failure.get_or_insert(e);
            }
        };
        let rect = render(&root, &scene, scale, &mut hook).map_err(|e| JsError::new(&e))?;
        self.app.set_plot_rect(rect);
        match failure {
            Some(e) => Err(JsError::new(&e)),
            None => Ok(()),
        }
    }
}

impl Default for Nabla {
    fn default() -> Self {
        Nabla::new()
    }
}

/// Puts the heatmap into the scratch canvas at its own size, then stretches it over the plot
/// with smoothing: one `putImageData` and one `drawImage` per frame.
fn blit(
    ctx: &CanvasRenderingContext2d,
    scratch: &HtmlCanvasElement,
    rect: crate::compute::geometry::PlotRect,
    heatmap: &crate::compute::heatmap::Heatmap,
) -> Result<(), String> {
    let (w, h) = (heatmap.nx as u32, heatmap.ny as u32);
    if w == 0 || h == 0 {
        return Ok(());
    }
    if scratch.width() != w || scratch.height() != h {
        scratch.set_width(w);
        scratch.set_height(h);
    }
    let scratch_ctx = context_of(scratch).map_err(|_| "no scratch context".to_string())?;
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&heatmap.rgba), w, h)
        .map_err(|_| "cannot make the heatmap image".to_string())?;
    scratch_ctx.put_image_data(&image, 0.0, 0.0).map_err(|_| "cannot put the heatmap image".to_string())?;
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(scratch, rect.left, rect.top, rect.width, rect.height)
        .map_err(|_| "cannot draw the heatmap".to_string())
}
