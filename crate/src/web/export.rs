//! Exports the page cannot make from pixels alone: the plot as SVG (the same scene drawn by
//! plotters' SVG backend, the heatmap embedded as a PNG the browser encodes) and animated GIFs
//! (frames read from the canvas, encoded in the core).

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{HtmlCanvasElement, ImageData};

use crate::app::App;
use crate::compute::heatmap::Heatmap;
use crate::render::gif::Animation;
use crate::render::svg::render_svg;
use crate::web::canvas::context_of;

/// The scene `app` draws on a `width × height` canvas at `scale`, as an SVG document.
pub fn svg(app: &mut App, width: u32, height: u32, scale: f64) -> Result<String, JsError> {
    let Some(scene) = app.complete_scene(f64::from(width), f64::from(height), scale) else {
        return Err(JsError::new("there is no function to export"));
    };
    render_svg(&scene, width, height, scale, &mut png_data_url).map_err(|e| JsError::new(&e))
}

/// The heatmap as a `data:image/png` URL, encoded by the browser (no PNG encoder in the core).
fn png_data_url(heatmap: &Heatmap) -> Option<String> {
    let (w, h) = (heatmap.nx as u32, heatmap.ny as u32);
    if w == 0 || h == 0 {
        return None;
    }
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w);
    canvas.set_height(h);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&heatmap.rgba), w, h).ok()?;
    context_of(&canvas).ok()?.put_image_data(&image, 0.0, 0.0).ok()?;
    canvas.to_data_url_with_type("image/png").ok()
}

/// An animated GIF being written: the page draws each frame on a canvas and hands its RGBA here.
#[wasm_bindgen]
pub struct GifWriter {
    animation: Option<Animation>,
}

#[wasm_bindgen]
impl GifWriter {
    /// A looping GIF of `width × height` frames; throws why not (too large, empty).
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32) -> Result<GifWriter, JsError> {
        Ok(GifWriter { animation: Some(Animation::new(width, height).map_err(|e| JsError::new(&e))?) })
    }

    /// Adds a frame of RGBA pixels shown for `delay_ms`; throws why not (wrong size, too many).
    pub fn push(&mut self, rgba: &mut [u8], delay_ms: f64) -> Result<(), JsError> {
        let animation = self.animation.as_mut().ok_or_else(|| JsError::new("this GIF is finished"))?;
        animation.push(rgba, delay_ms).map_err(|e| JsError::new(&e))
    }

    /// The GIF's bytes; the writer is finished after this.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        let animation = self.animation.take().ok_or_else(|| JsError::new("this GIF is finished"))?;
        animation.finish().map_err(|e| JsError::new(&e))
    }
}
