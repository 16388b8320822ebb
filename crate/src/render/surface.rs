//! Draws a [`SurfaceScene`]: the mesh coloured by height with the map's colormap and lit by a
//! light beside the eye (two-sided Lambert), then the curves, the translucent local model and
//! the dots, into one [`Raster`]; tick labels are drawn over the blitted image with plotters.

use std::hash::{Hash, Hasher};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::compute::colormap::viridis;
use crate::compute::geometry::PlotRect;
use crate::compute::surface::Projector;
use crate::render::palette::{style_of, Ink};
use crate::render::raster::{Raster, NO_FACET};
use crate::render::Hook;
use crate::view::scene::Style;
use crate::view::surface::SurfaceScene;

/// Most pixels the rasterizer fills per frame (a 1280 × 800 page's plot at DPR 1 is 660,000);
/// a larger plot is drawn at a lower resolution and stretched by the blit (smoothly), so DPR 2
/// and 4K screens cost about what DPR 1 does (measured: at 1.4 million pixels a DPR 2 rotation
/// took 3.6 times the DPR 1 one).
pub const MAX_PIXELS: usize = 700_000;
/// Depth (in units of the normalised box) within which a curve on the surface still shows.
const LINE_BIAS: f32 = 0.02;

/// A drawn surface: where on the canvas, and its texts in canvas pixels.
#[derive(Debug, Clone, Default)]
pub struct Picture {
    /// Where the raster is stretched on the canvas.
    pub rect: PlotRect,
    /// Tick labels and axis names: canvas position of the text's left baseline, and the text.
    pub labels: Vec<([f64; 2], String)>,
}

/// The raster's size for a plot area `rect` (device pixels), capped at `max_pixels`.
pub fn raster_size(rect: PlotRect, max_pixels: usize) -> (usize, usize) {
    let (w, h) = (rect.width.max(1.0), rect.height.max(1.0));
    let shrink = ((w * h) / max_pixels.max(1) as f64).sqrt().max(1.0);
    (((w / shrink).round() as usize).max(1), ((h / shrink).round() as usize).max(1))
}

fn rgb_of(style: Style) -> ([f32; 3], f32, f64) {
    let s = style_of(style, 1.0);
    let c = s.color;
    ([c.0 as f32, c.1 as f32, c.2 as f32], c.3 as f32, s.stroke_width as f64)
}

/// What the base (mesh, floor, level curves) of a picture is drawn from: when none of it
/// changed, the base is copied instead of drawn again.
fn base_key(scene: &SurfaceScene, w: usize, h: usize, s: f64, floor: RGBColor) -> u64 {
    let mut hash = std::collections::hash_map::DefaultHasher::new();
    (floor.0, floor.1, floor.2).hash(&mut hash);
    let bits = |v: f64| v.to_bits();
    let c = scene.camera;
    let v = scene.view;
    (w, h, bits(s), [c.azimuth, c.elevation, c.zoom].map(bits), [v.xmin, v.xmax, v.ymin, v.ymax].map(bits)).hash(&mut hash);
    (bits(scene.zrange.0), bits(scene.zrange.1), scene.facets.len()).hash(&mut hash);
    for f in scene.facets {
        f.map(|p| bits(p.at[2])).hash(&mut hash);
    }
    for line in scene.contours {
        (line.points.len(), line.points.first().map(|p| p.map(bits)), line.points.last().map(|p| p.map(bits))).hash(&mut hash);
    }
    hash.finish()
}

/// Rasterizes `scene` at `rect` (device pixels on the canvas) into `raster`, at most
/// `max_pixels` of it; returns the projector of the raster's pixels (for picking) and the
/// picture for [`render_surface`].
/// `floor_color` is the theme's colour of the floor under the mesh.
pub fn draw_surface(scene: &SurfaceScene, rect: PlotRect, scale: f64, max_pixels: usize, floor_color: RGBColor, raster: &mut Raster) -> (Projector, Picture) {
    let (w, h) = raster_size(rect, max_pixels);
    // The raster's own pixel size relative to the canvas's (1 unless the plot was too large).
    let k = w as f64 / rect.width.max(1.0);
    let s = scale.clamp(0.5, 4.0) * k;
    let projector = Projector::new(&scene.view, scene.zrange, scene.camera, PlotRect { left: 0.0, top: 0.0, width: w as f64, height: h as f64 });
    let (zlo, zhi) = scene.zrange;
    let span = zhi - zlo;
    // The light is fixed in the world (above, from −x and +y), so a facet's shade does not
    // change as the camera turns: the colours are computed once per mesh and kept.
    let light = {
        let l = [-0.4, 0.5, 0.75];
        let n: f64 = (l[0] * l[0] + l[1] * l[1] + l[2] * l[2]) as f64;
        l.map(|c: f64| c / n.sqrt())
    };
    let shade = |v: &crate::compute::surface::Vertex| -> [f32; 3] {
        let t = if span > 0.0 { (v.at[2] - zlo) / span } else { 0.5 };
        let [r, g, b] = viridis(t).unwrap_or([128, 128, 128]);
        let n = projector.normal(v.slope[0], v.slope[1]);
        let lambert = (n[0] * light[0] + n[1] * light[1] + n[2] * light[2]).abs();
        let i = (0.45 + 0.65 * lambert).min(1.1) as f32;
        [r, g, b].map(|c| (c as f32 * i).min(255.0))
    };
    let line = |raster: &mut Raster, points: &[[f64; 3]], style: Style| {
        let (rgb, alpha, width) = rgb_of(style);
        let width = (width * s).max(1.0);
        for pair in points.windows(2) {
            raster.line(projector.project(pair[0]), projector.project(pair[1]), rgb, alpha, width, LINE_BIAS);
        }
    };
    let kept = base_key(scene, w, h, s, floor_color);
    if !raster.restore_base(kept, w, h) {
        raster.clear(w, h);
        let key = scene.facets.first().map(|f| (scene.facets.len(), scene.zrange.0.to_bits(), scene.zrange.1.to_bits(), f[0].at.map(f64::to_bits), f[2].at.map(f64::to_bits)));
        if raster.shades.0 != key {
            raster.shades = (key, scene.facets.iter().map(|f| [shade(&f[0]), shade(&f[1]), shade(&f[2])]).collect());
        }
        let shades = std::mem::take(&mut raster.shades.1);
        for (id, (f, colors)) in scene.facets.iter().zip(&shades).enumerate() {
            raster.triangle(f.map(|v| projector.project(v.at)), *colors, id as u32, 1.0);
        }
        raster.shades.1 = shades;
        // The floor after the surface: where the surface covers it, its pixels fail the depth test
        // at once instead of being filled and overwritten.
        let v = scene.view;
        let floor = [[v.xmin, v.ymin, zlo], [v.xmax, v.ymin, zlo], [v.xmax, v.ymax, zlo], [v.xmin, v.ymax, zlo]].map(|p| projector.project(p));
        let pale = [floor_color.0 as f32, floor_color.1 as f32, floor_color.2 as f32];
        raster.triangle([floor[0], floor[1], floor[2]], [pale; 3], NO_FACET, 1.0);
        raster.triangle([floor[0], floor[2], floor[3]], [pale; 3], NO_FACET, 1.0);
        for c in scene.contours {
            line(raster, &c.points, c.style);
        }
        raster.keep_base(kept);
    }
    let (plane, plane_alpha, _) = rgb_of(Style::TangentPlane);
    for f in &scene.translucent {
        raster.triangle(f.map(|v| projector.project(v.at)), [plane; 3], NO_FACET, plane_alpha);
    }
    for l in &scene.lines {
        line(raster, &l.points, l.style);
    }
    for m in &scene.markers {
        let (rgb, _, _) = rgb_of(m.style);
        let p = projector.project(m.at);
        let radius = match m.style {
            Style::Point => 6.0,
            Style::Axis => 3.0,
            _ => 4.0,
        };
        raster.dot([p[0], p[1]], radius * s, rgb);
    }
    let to_canvas = |p: [f64; 3], offset: [f64; 2]| {
        [rect.left + p[0] / k + offset[0] * scale, rect.top + p[1] / k + offset[1] * scale]
    };
    let labels = scene.labels.iter().map(|l| (to_canvas(projector.project(l.at), l.offset), l.text.clone())).collect();
    (projector, Picture { rect, labels })
}

/// Blits the raster through `hook` over the theme's background and writes the labels over it.
pub fn render_surface<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    raster: &Raster,
    picture: &Picture,
    scale: f64,
    ink: &Ink,
    hook: &mut dyn FnMut(Hook),
) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("drawing failed: {e}");
    let r = picture.rect;
    let background = ShapeStyle { color: ink.background.mix(1.0), filled: true, stroke_width: 0 };
    let corner = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    root.draw(&Rectangle::new([corner(r.left, r.top), corner(r.left + r.width, r.top + r.height)], background)).map_err(|e| fail(&e))?;
    hook(Hook::Heatmap(r, &raster.image));
    let s = scale.clamp(0.5, 4.0);
    let font = ("sans-serif", 12.0 * s).into_font().color(&ink.text);
    for (at, text) in &picture.labels {
        if at[0].is_finite() && at[1].is_finite() {
            root.draw(&Text::new(text.clone(), corner(at[0], at[1] - 12.0 * s), font.clone())).map_err(|e| fail(&e))?;
        }
    }
    root.present().map_err(|e| fail(&e))?;
    Ok(())
}
