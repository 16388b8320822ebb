//! The browser's canvas as a plotters backend, and the one thing plotters does slowly there:
//! the heatmap, blitted with one `putImageData` and one `drawImage`.

use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast, JsError};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// plotters-canvas, but measuring text with the canvas's own `measureText`. plotters' default
/// measures by inserting a `<span style=…>` into the page, which a strict Content-Security-Policy
/// (`style-src 'self'`) blocks; everything else is delegated unchanged.
pub struct Canvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl Canvas {
    /// The backend drawing on `canvas`.
    pub fn new(canvas: &HtmlCanvasElement) -> Result<Canvas, JsError> {
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

/// The canvas's 2D context.
pub fn context_of(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .map_err(|_| JsError::new("the canvas has no 2D context"))?
        .ok_or_else(|| JsError::new("the canvas has no 2D context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsError::new("the canvas has no 2D context"))
}

/// Carries out one drawing [`Hook`] on the canvas context: the heatmap blit, or a clip to the
/// plot area and its end.
pub fn run_hook(ctx: &CanvasRenderingContext2d, scratch: &HtmlCanvasElement, hook: crate::render::Hook) -> Result<(), String> {
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
            Ok(())
        }
    }
}

/// Puts the heatmap into the scratch canvas at its own size, then stretches it over the plot
/// with smoothing: one `putImageData` and one `drawImage` per frame.
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
