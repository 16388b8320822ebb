//! A scene as an SVG document, through plotters' own SVG backend: the same drawing as the
//! canvas, with every curve, arrow, marker and label a vector element and the heatmap one
//! embedded image.
//!
//! The two hooks the canvas handles itself (see [`Hook`]) are written into the SVG here: the
//! heatmap becomes an `<image>` whose `href` the caller encodes (the browser has a PNG encoder;
//! the core needs none), and the plot's clip becomes a `<clipPath>` group. plotters writes the
//! document as it draws, so at a hook we draw a placeholder text and swap it afterwards.

use plotters::prelude::*;

use crate::compute::geometry::PlotRect;
use crate::compute::heatmap::Heatmap;
use crate::render::{render, Hook};
use crate::view::scene::Scene;

/// The id of the plot's clip path in the document.
const CLIP_ID: &str = "nabla-plot";

/// A placeholder's text: private-use characters no scene label contains.
fn placeholder(i: usize) -> String {
    format!("\u{E000}nabla-hook-{i}\u{E000}")
}

/// Draws `scene` as an SVG document of `width × height` pixels at `scale` (device pixels per
/// CSS pixel, as the canvas was drawn). `heatmap_href` turns the heatmap image into an
/// `<image>` reference (a `data:image/png;base64,…` URL); `None` leaves the heatmap out.
pub fn render_svg(
    scene: &Scene,
    width: u32,
    height: u32,
    scale: f64,
    heatmap_href: &mut dyn FnMut(&Heatmap) -> Option<String>,
) -> Result<String, String> {
    let (width, height) = (width.clamp(1, 16_384), height.clamp(1, 16_384));
    let mut svg = String::new();
    // What each placeholder becomes, in drawing order.
    let mut swaps: Vec<String> = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let font = ("sans-serif", 1.0).into_font();
        let mut hook = |h: Hook| {
            let element = match h {
                Hook::Heatmap(rect, heatmap) => match heatmap_href(heatmap) {
                    Some(href) => image_element(rect, &href),
                    None => String::new(),
                },
                Hook::BeginClip(rect) => format!(
                    "<defs><clipPath id=\"{CLIP_ID}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs><g clip-path=\"url(#{CLIP_ID})\">",
                    rect.left, rect.top, rect.width, rect.height
                ),
                Hook::EndClip => "</g>".to_string(),
            };
            // A failed placeholder only loses that element; the drawing goes on.
            if root.draw(&Text::new(placeholder(swaps.len()), (0, 0), font.clone())).is_ok() {
                swaps.push(element);
            }
        };
        render(&root, scene, scale, &mut hook)?;
    }
    for (i, element) in swaps.iter().enumerate() {
        svg = swap_text_element(&svg, &placeholder(i), element);
    }
    Ok(svg)
}

/// The heatmap stretched over the plotting area, as the canvas's `drawImage` does.
fn image_element(rect: PlotRect, href: &str) -> String {
    // Only a data URL of an image goes in (and it has no quote to break out of the attribute).
    if !href.starts_with("data:image/") || href.contains(['"', '<', '>']) {
        return String::new();
    }
    format!(
        "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" href=\"{href}\"/>",
        rect.left, rect.top, rect.width, rect.height
    )
}

/// `svg` with the `<text …>` element holding `marker` replaced by `element`.
fn swap_text_element(svg: &str, marker: &str, element: &str) -> String {
    let Some(at) = svg.find(marker) else { return svg.to_string() };
    let start = svg[..at].rfind("<text").unwrap_or(at);
    let end = svg[at..].find("</text>").map_or(at + marker.len(), |e| at + e + "</text>".len());
    format!("{}{element}{}", &svg[..start], &svg[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;

    /// The trimmed contents of every `<text>` element.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text").skip(1).filter_map(|t| Some(t.split_once('>')?.1.split('<').next()?.trim().to_string())).collect()
    }

    fn svg_of(app: &mut App) -> String {
        let scene = app.scene(800.0, 600.0, 1.0).expect("a function is loaded");
        render_svg(&scene, 800, 600, 1.0, &mut |h| Some(format!("data:image/png;base64,{}x{}", h.nx, h.ny))).expect("renders")
    }

    #[test]
    fn the_map_holds_one_image_then_clipped_vector_curves_arrows_and_labels() {
        let mut app = App::new();
        app.set_expression("x^2 + y^2").expect("parses");
        let svg = svg_of(&mut app);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains('\u{E000}'), "every placeholder is swapped");
        assert_eq!(svg.matches("<image").count(), 1);
        let image = svg.find("<image").expect("image");
        let clip = svg.find("<g clip-path=\"url(#nabla-plot)\">").expect("clip group");
        // The heatmap lies under the overlays, which are clipped to the plot.
        assert!(image < clip);
        let overlays = &svg[clip..];
        assert!(overlays.matches("<polyline").count() > 100, "level curves and field arrows are vectors");
        assert!(overlays.matches("<circle").count() >= 2, "the point and the minimum are dots");
        assert_eq!(overlays.matches("</g>").count(), 1);
        // Level labels (white on the map) and the axis ticks are text.
        assert!(texts(overlays).contains(&"10".to_string()), "{:?}", texts(overlays));
        assert!(texts(&svg).contains(&"-2".to_string()));
        // The image covers the plotting area, stretched.
        assert!(svg.contains("preserveAspectRatio=\"none\""));
    }

    #[test]
    fn a_graph_has_no_image_and_its_curve_is_a_polyline() {
        let mut app = App::new();
        app.set_expression("x^3 - 3x").expect("parses");
        let svg = svg_of(&mut app);
        assert!(!svg.contains("<image"));
        assert!(svg.matches("<polyline").count() >= 3, "f, f′ and the tangent");
        assert!(texts(&svg).contains(&"x".to_string()), "{:?}", texts(&svg));
    }

    #[test]
    fn only_a_data_url_of_an_image_is_embedded() {
        let rect = PlotRect { left: 1.0, top: 2.0, width: 3.0, height: 4.0 };
        assert_eq!(image_element(rect, "javascript:alert(1)"), "");
        assert_eq!(image_element(rect, "data:image/png;base64,\"/><script>"), "");
        assert!(image_element(rect, "data:image/png;base64,AAAA").starts_with("<image x=\"1\""));
        let mut app = App::new();
        let scene = app.scene(400.0, 300.0, 1.0).expect("scene");
        let svg = render_svg(&scene, 400, 300, 1.0, &mut |_| None).expect("renders");
        assert!(!svg.contains("<image") && svg.contains("<polyline"));
    }
}
