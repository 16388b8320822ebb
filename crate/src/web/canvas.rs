//! The browser's canvas as a plotters backend, written for the way our frames draw: hundreds of
//! lines in a few colours. The context's styles are set only when they change, and consecutive
//! strokes of one style go into one path, stroked once; the heatmap is blitted with one
//! `putImageData` and one `drawImage`.
//!
//! plotters-canvas formats a colour string for every line, text and fill, and the browser
//! decodes and parses each one: on a drag frame of the map that was about 2.5 ms of 12.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform};
use wasm_bindgen::{Clamped, JsCast, JsError, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A drawing call the canvas refused.
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "canvas error: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn refused(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(e.as_string().unwrap_or_else(|| format!("{e:?}"))))
}

/// A colour as the context holds it: 8-bit channels and alpha (the canvas keeps no more).
type Rgba = [u8; 4];

fn rgba(color: BackendColor) -> Rgba {
    let (r, g, b) = color.rgb;
    [r, g, b, (color.alpha.clamp(0.0, 1.0) * 255.0).round() as u8]
}

/// What was last set on the context, so that only changes cross to JavaScript.
#[derive(Default)]
struct Set {
    stroke: Option<Rgba>,
    line_width: Option<u32>,
    fill: Option<Rgba>,
    font: String,
    align: &'static str,
    baseline: &'static str,
    /// The style of a path begun and not yet stroked.
    open: Option<(Rgba, u32)>,
    /// Scratch for colour strings.
    text: String,
}

/// The 2D context with what was last set on it; shared by the backend and the drawing hooks
/// (the heatmap blit, the clip), which must see every stroke before theirs.
pub struct Pen {
    ctx: CanvasRenderingContext2d,
    set: RefCell<Set>,
}

impl Pen {
    /// The context of `canvas`, with nothing known to be set.
    pub fn new(canvas: &HtmlCanvasElement) -> Result<Rc<Pen>, JsError> {
        Ok(Rc::new(Pen { ctx: context_of(canvas)?, set: RefCell::new(Set::default()) }))
    }

    /// Strokes the open path, if any: what was drawn so far is on the canvas.
    pub fn flush(&self) {
        if self.set.borrow_mut().open.take().is_some() {
            self.ctx.stroke();
        }
    }

    /// After `restore()` the context's styles are whatever was saved: forget what was set.
    fn forget(&self) {
        let mut set = self.set.borrow_mut();
        let text = std::mem::take(&mut set.text);
        *set = Set { text, ..Set::default() };
    }

    /// Adds a polyline to the open path when it has the same style, else strokes that path and
    /// begins one in this style.
    fn stroke<I: Iterator<Item = (f64, f64)>>(&self, color: Rgba, width: u32, mut points: I) {
        let Some(first) = points.next() else { return };
        let mut set = self.set.borrow_mut();
        if set.open != Some((color, width)) {
            if set.open.is_some() {
                self.ctx.stroke();
            }
            if set.stroke != Some(color) {
                set.stroke = Some(color);
                let text = css(&mut set.text, color);
                self.ctx.set_stroke_style_str(text);
            }
            if set.line_width != Some(width) {
                set.line_width = Some(width);
                self.ctx.set_line_width(width as f64);
            }
            self.ctx.begin_path();
            set.open = Some((color, width));
        }
        self.ctx.move_to(first.0, first.1);
        // Points come in whole pixels: a run of the same pixel (a dense curve) is one point.
        let mut last = first;
        for p in points {
            if p != last {
                self.ctx.line_to(p.0, p.1);
                last = p;
            }
        }
    }

    /// Strokes the open path and sets the fill colour.
    fn fill_with(&self, color: Rgba) {
        self.flush();
        let mut set = self.set.borrow_mut();
        if set.fill != Some(color) {
            set.fill = Some(color);
            let text = css(&mut set.text, color);
            self.ctx.set_fill_style_str(text);
        }
    }

    fn font(&self, font: &str) {
        let mut set = self.set.borrow_mut();
        if set.font != font {
            set.font.clear();
            set.font.push_str(font);
            self.ctx.set_font(font);
        }
    }
}

/// Sets `value` on the context with `apply` only when it differs from what `known` says is set.
fn changed(known: &mut &'static str, value: &'static str, apply: impl FnOnce(&str)) {
    if *known != value {
        *known = value;
        apply(value);
    }
}

/// `#rrggbbaa`: the cheapest colour string to write and to parse.
fn css(buf: &mut String, [r, g, b, a]: Rgba) -> &str {
    buf.clear();
    let _ = write!(buf, "#{r:02x}{g:02x}{b:02x}{a:02x}");
    buf
}

/// The font string plotters-canvas draws with (and text is measured with).
fn font_of<S: BackendTextStyle>(style: &S) -> String {
    format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str())
}

/// The backend drawing on one canvas.
pub struct Canvas {
    canvas: HtmlCanvasElement,
    pen: Rc<Pen>,
}

impl Canvas {
    /// The backend drawing on `canvas`.
    pub fn new(canvas: &HtmlCanvasElement) -> Result<Canvas, JsError> {
        Ok(Canvas { canvas: canvas.clone(), pen: Pen::new(canvas)? })
    }

    /// The pen this backend draws with, for the hooks run between its calls.
    pub fn pen(&self) -> Rc<Pen> {
        self.pen.clone()
    }
}

impl Drop for Canvas {
    fn drop(&mut self) {
        self.pen.flush();
    }
}

/// A one-pixel horizontal or vertical line sits on pixel centres (as plotters-canvas draws it).
fn crisp(from: BackendCoord, to: BackendCoord) -> [(f64, f64); 2] {
    let (mut a, mut b) = ((from.0 as f64, from.1 as f64), (to.0 as f64, to.1 as f64));
    if a.0 == b.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if a.1 == b.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    [a, b]
}

impl DrawingBackend for Canvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.pen.flush();
        Ok(())
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha > 0.0 {
            self.pen.fill_with(rgba(color));
            self.pen.ctx.fill_rect(point.0 as f64, point.1 as f64, 1.0, 1.0);
        }
        Ok(())
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha > 0.0 {
            self.pen.stroke(rgba(style.color()), style.stroke_width(), crisp(from, to).into_iter());
        }
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y, w, h) = (a.0 as f64, a.1 as f64, (b.0 - a.0) as f64, (b.1 - a.1) as f64);
        if fill {
            self.pen.fill_with(rgba(style.color()));
            self.pen.ctx.fill_rect(x, y, w, h);
        } else {
            let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
            self.pen.stroke(rgba(style.color()), style.stroke_width(), corners.into_iter());
            // Closed, so the first corner is joined like the others.
            self.pen.ctx.close_path();
        }
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha > 0.0 {
            self.pen.stroke(rgba(style.color()), style.stroke_width(), path.into_iter().map(|p| (p.0 as f64, p.1 as f64)));
        }
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        // Not merged like strokes: overlapping polygons of opposite winding would cancel.
        self.pen.fill_with(rgba(style.color()));
        let ctx = &self.pen.ctx;
        ctx.begin_path();
        let mut vert = vert.into_iter();
        if let Some(p) = vert.next() {
            ctx.move_to(p.0 as f64, p.1 as f64);
            for p in vert {
                ctx.line_to(p.0 as f64, p.1 as f64);
            }
            ctx.close_path();
        }
        ctx.fill();
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y, r) = (center.0 as f64, center.1 as f64, radius as f64);
        if fill {
            self.pen.fill_with(rgba(style.color()));
            let ctx = &self.pen.ctx;
            ctx.begin_path();
            ctx.arc(x, y, r, 0.0, std::f64::consts::TAU).map_err(refused)?;
            ctx.fill();
        } else {
            // A circle in the open path: a move to its rightmost point keeps it a separate loop.
            self.pen.stroke(rgba(style.color()), style.stroke_width(), std::iter::once((x + r, y)));
            self.pen.ctx.arc(x, y, r, 0.0, std::f64::consts::TAU).map_err(refused)?;
        }
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let pen = &self.pen;
        pen.fill_with(rgba(color));
        pen.font(&font_of(style));
        {
            let mut set = pen.set.borrow_mut();
            let baseline = match style.anchor().v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            };
            changed(&mut set.baseline, baseline, |v| pen.ctx.set_text_baseline(v));
            let align = match style.anchor().h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "center",
            };
            changed(&mut set.align, align, |v| pen.ctx.set_text_align(v));
        }
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.25,
            FontTransform::Rotate180 => 0.5,
            FontTransform::Rotate270 => 0.75,
        } * std::f64::consts::TAU;
        let (x, y) = (pos.0 as f64, pos.1 as f64);
        if turn == 0.0 {
            return pen.ctx.fill_text(text, x, y).map_err(refused);
        }
        // Styles were set before `save`, so `restore` leaves them as they are known to be.
        pen.ctx.save();
        let drawn = pen.ctx.translate(x, y).and_then(|_| pen.ctx.rotate(turn)).and_then(|_| pen.ctx.fill_text(text, 0.0, 0.0));
        pen.ctx.restore();
        drawn.map_err(refused)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        // Measured by the canvas itself: plotters' default inserts a `<span style=…>` into the
        // page, which a strict Content-Security-Policy (`style-src 'self'`) blocks.
        self.pen.font(&font_of(style));
        let width = self.pen.ctx.measure_text(text).map(|m| m.width()).unwrap_or(style.size() * 0.6 * text.len() as f64);
        Ok((width.ceil().max(0.0) as u32, style.size().ceil().max(0.0) as u32))
    }
}

/// The canvas's 2D context, desynchronized: Chromium then draws the canvas straight to the
/// screen instead of committing a copy of its bitmap with every frame, which without a GPU was
/// most of a dragged frame's main-thread time (a context keeps the options of its first call).
pub fn context_of(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    let options = web_sys::js_sys::Object::new();
    let _ = web_sys::js_sys::Reflect::set(&options, &"desynchronized".into(), &JsValue::TRUE);
    canvas
        .get_context_with_context_options("2d", &options)
        .map_err(|_| JsError::new("the canvas has no 2D context"))?
        .ok_or_else(|| JsError::new("the canvas has no 2D context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsError::new("the canvas has no 2D context"))
}

/// Carries out one drawing [`Hook`](crate::render::Hook) with the pen, after the strokes drawn
/// before it: the heatmap blit, or a clip to the plot area and its end.
pub fn run_hook(pen: &Pen, scratch: &HtmlCanvasElement, hook: crate::render::Hook) -> Result<(), String> {
    pen.flush();
    let ctx = &pen.ctx;
    match hook {
        crate::render::Hook::Heatmap(rect, heatmap) => blit(ctx, scratch, rect, heatmap),
        crate::render::Hook::BeginClip(rect) => {
            ctx.save();
            ctx.begin_path();
            ctx.rect(rect.left, rect.top, rect.width, rect.height);
            ctx.clip();
            Ok(())
        }
        crate::render::Hook::EndClip => {
            ctx.restore();
            pen.forget();
            Ok(())
        }
    }
}
/// Puts the heatmap into the scratch canvas's corner, then stretches that corner over the plot
/// with smoothing: one `putImageData` and one `drawImage` per frame. The scratch canvas only
/// grows: resizing it for every coarse-then-full map cost about 8 ms a time in Chromium.
pub fn blit(
    ctx: &CanvasRenderingContext2d,
    scratch: &HtmlCanvasElement,
    rect: crate::compute::geometry::PlotRect,
    heatmap: &crate::compute::heatmap::Heatmap,
) -> Result<(), String> {
    let (w, h) = (heatmap.nx as u32, heatmap.ny as u32);
    if w == 0 || h == 0 {
        return Ok(());
    }
    if scratch.width() < w || scratch.height() < h {
        scratch.set_width(scratch.width().max(w));
        scratch.set_height(scratch.height().max(h));
    }
    let scratch_ctx = context_of(scratch).map_err(|_| "no scratch context".to_string())?;
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&heatmap.rgba), w, h)
        .map_err(|_| "cannot make the heatmap image".to_string())?;
    scratch_ctx.put_image_data(&image, 0.0, 0.0).map_err(|_| "cannot put the heatmap image".to_string())?;
    // Smoothing may read a pixel past the corner's right and bottom edges: where an older,
    // larger image lies there, the last column, row and corner pixel are repeated over it.
    if scratch.width() > w || scratch.height() > h {
        let (wf, hf) = (w as f64, h as f64);
        for (dx, dy, x, y, cw, ch) in [(1.0, 0.0, wf - 1.0, 0.0, 1.0, hf), (0.0, 1.0, 0.0, hf - 1.0, wf, 1.0), (1.0, 1.0, wf - 1.0, hf - 1.0, 1.0, 1.0)] {
            scratch_ctx
                .put_image_data_with_dirty_x_and_dirty_y_and_dirty_width_and_dirty_height(&image, dx, dy, x, y, cw, ch)
                .map_err(|_| "cannot put the heatmap image".to_string())?;
        }
    }
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
        scratch, 0.0, 0.0, w as f64, h as f64, rect.left, rect.top, rect.width, rect.height,
    )
        .map_err(|_| "cannot draw the heatmap".to_string())
}
