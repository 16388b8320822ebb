//! Drawing the `3d` and `split` layouts on the canvas: the surface's raster goes through the
//! heatmap's blit, the map (in `split`) through the usual scene renderer on its half.

use plotters::prelude::*;
use wasm_bindgen::{JsCast, JsError};
use web_sys::HtmlCanvasElement;

use crate::app::surface::{split_areas, surface_area, Layout};
use crate::app::App;
use crate::render::surface::render_surface;
use crate::render::palette::ink;
use crate::render::{render_themed, Hook};
use crate::web::canvas::{run_hook, Canvas};

/// The scratch canvas the blit stretches from, made once.
pub fn scratch(slot: &mut Option<HtmlCanvasElement>) -> Result<HtmlCanvasElement, JsError> {
    if let Some(c) = slot {
        return Ok(c.clone());
    }
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsError::new("no document"))?;
    let c: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| JsError::new("cannot create a canvas"))?
        .dyn_into()
        .map_err(|_| JsError::new("cannot create a canvas"))?;
    *slot = Some(c.clone());
    Ok(c)
}

/// Draws the surface (`3d`) or the map beside the surface (`split`) on `canvas`.
/// `scratch` holds the map's heatmap and the surface's raster, one canvas each.
pub fn render_layout(app: &mut App, canvas: &HtmlCanvasElement, scratch: [&HtmlCanvasElement; 2], scale: f64, layout: Layout) -> Result<(), JsError> {
    let (width, height) = (canvas.width() as f64, canvas.height() as f64);
    let backend = Canvas::new(canvas)?;
    let pen = backend.pen();
    let root = backend.into_drawing_area();
    let theme = app.theme();
    let ink = ink(theme);
    root.fill(&ink.background).map_err(|e| JsError::new(&format!("drawing failed: {e}")))?;
    let failure: std::cell::RefCell<Option<String>> = std::cell::RefCell::new(None);
    let hook_on = |scratch: &HtmlCanvasElement, hook: Hook| {
        if let Err(e) = run_hook(&pen, scratch, hook) {
            failure.borrow_mut().get_or_insert(e);
        }
    };
    let surface_rect = if layout == Layout::Split {
        let (stacked, cut, rect) = split_areas(width, height, scale);
        let (map_area, _) = if stacked { root.split_vertically(cut as u32) } else { root.split_horizontally(cut as u32) };
        let (w, h) = if stacked { (width, cut) } else { (cut, height) };
        if let Some(scene) = app.scene(w, h, scale) {
            let plot = render_themed(&map_area, &scene, scale, theme, &mut |h| hook_on(scratch[0], h)).map_err(|e| JsError::new(&e))?;
            app.set_plot_rect(plot);
        }
        rect
    } else {
        surface_area(width, height, scale)
    };
    if let Some(picture) = app.draw_surface(surface_rect, scale) {
        render_surface(&root, app.surface_raster(), &picture, scale, &ink, &mut |h| hook_on(scratch[1], h)).map_err(|e| JsError::new(&e))?;
    }
    match failure.into_inner() {
        Some(e) => Err(JsError::new(&e)),
        None => Ok(()),
    }
}
