//! Draws a [`Scene`] on any plotters backend.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::compute::geometry::{clip_polyline, clip_segment, Frame, PlotRect};
use crate::expr::print::format_number;
use crate::render::layout::{MARGIN, X_LABEL_AREA, Y_LABEL_AREA};
use crate::render::palette::{ink, themed_style, Theme};
use crate::render::{draw_refusal, drawable_range, Hook};
use crate::view::scene::{Scene, Style};

/// Draws `scene` on `root`; returns where the plotting area is, for turning clicks into points.
pub fn render<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scene: &Scene,
    scale: f64,
    hook: &mut dyn FnMut(Hook),
) -> Result<PlotRect, String> {
    render_themed(root, scene, scale, Theme::Light, hook)
}

/// Draws `scene` on `root` in the colours of `theme` (see [`render`]).
pub fn render_themed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scene: &Scene,
    scale: f64,
    theme: Theme,
    hook: &mut dyn FnMut(Hook),
) -> Result<PlotRect, String> {
    let ink = ink(theme);
    let fail = |e: &dyn std::fmt::Display| format!("drawing failed: {e}");
    let view = scene.view;
    if !(drawable_range(view.xmin, view.xmax) && drawable_range(view.ymin, view.ymax)) {
        return draw_refusal(root, "", scale);
    }
    let s = scale.clamp(0.5, 4.0);
    let px = |v: f64| (v * s).round() as i32;
    root.fill(&ink.background).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(root)
        .margin(px(MARGIN))
        .x_label_area_size(px(X_LABEL_AREA))
        .y_label_area_size(px(Y_LABEL_AREA))
        .build_cartesian_2d(view.xmin..view.xmax, view.ymin..view.ymax)
        .map_err(|e| fail(&e))?;
    let font = ("sans-serif", 13.0 * s).into_font().color(&ink.text);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(9)
        .y_labels(9)
        .x_label_formatter(&|v| format_number(*v))
        .y_label_formatter(&|v| format_number(*v))
        .label_style(font.clone())
        .axis_desc_style(("sans-serif", 14.0 * s).into_font().color(&ink.text))
        .x_desc(scene.axis_names.0.as_str())
        .y_desc(scene.axis_names.1.as_str())
        .axis_style(ShapeStyle { color: ink.axis.mix(1.0), filled: false, stroke_width: px(1.0).max(1) as u32 })
        .draw()
        .map_err(|e| fail(&e))?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let rect = PlotRect {
        left: xr.start as f64,
        top: yr.start as f64,
        width: (xr.end - xr.start) as f64,
        height: (yr.end - yr.start) as f64,
    };
    if let Some(heatmap) = &scene.heatmap {
        hook(Hook::Heatmap(rect, heatmap));
    }
    hook(Hook::BeginClip(rect));
    let area = chart.plotting_area();
    let frame = Frame { view, rect };
    let as_tuple = |p: &[f64; 2]| (p[0], p[1]);
    for line in &scene.polylines {
        let style = themed_style(line.style, s, theme);
        // Level curves lie inside the view by construction: only the rest needs clipping.
        if line.points.iter().all(|p| view.contains(p[0], p[1])) {
            area.draw(&PathElement::new(line.points.iter().map(as_tuple).collect::<Vec<_>>(), style)).map_err(|e| fail(&e))?;
            continue;
        }
        for piece in clip_polyline(&line.points, &view) {
            let points: Vec<(f64, f64)> = piece.iter().map(as_tuple).collect();
            area.draw(&PathElement::new(points, style)).map_err(|e| fail(&e))?;
        }
    }
    // Field arrows in 16 shades, all outlines and then all shafts, each shade one path: two
    // strokes per shade instead of two per arrow (a 40×30 field had 660 style changes a frame).
    let shade = |s: f64| (s.clamp(0.0, 1.0) * 15.0).round() / 15.0;
    let mut field: Vec<(f64, Vec<(f64, f64)>)> = Vec::new();
    let mut marked = Vec::new();
    for arrow in &scene.arrows {
        // An arrow whose head leaves the view keeps its visible shaft but loses the head.
        let Some((from, to)) = clip_segment(arrow.from, arrow.to, &view) else { continue };
        let path = if to == arrow.to {
            arrow_path(&frame, from, to, s)
        } else {
            vec![as_tuple(&from), as_tuple(&to)]
        };
        if path.is_empty() {
            continue;
        }
        match arrow.style {
            Style::Field(strength) => field.push((shade(strength), path)),
            style => marked.push((style, path)),
        }
    }
    crate::order::sort_by_number(&mut field);
    // Light field arrows get a dark outline so they show on viridis' yellow corners too.
    for (strength, path) in &field {
        let width = themed_style(Style::Field(*strength), s, theme).stroke_width + px(2.0).max(1) as u32;
        let outline = ShapeStyle { color: RGBColor(20, 20, 30).mix(0.45 * (0.3 + 0.7 * strength)), filled: false, stroke_width: width };
        area.draw(&PathElement::new(path.clone(), outline)).map_err(|e| fail(&e))?;
    }
    for (strength, path) in field {
        area.draw(&PathElement::new(path, themed_style(Style::Field(strength), s, theme))).map_err(|e| fail(&e))?;
    }
    // ∇f, u and the rest over the field.
    for (style, path) in marked {
        area.draw(&PathElement::new(path, themed_style(style, s, theme))).map_err(|e| fail(&e))?;
    }
    for marker in scene.markers.iter().filter(|m| view.contains(m.at[0], m.at[1])) {
        let style = themed_style(marker.style, s, theme);
        let radius = px(match marker.style {
            Style::Point => 6.0,
            Style::Traced => 3.0,
            _ => 5.0,
        });
        let fill = ShapeStyle { filled: true, ..style };
        let outline = ShapeStyle { color: WHITE.mix(1.0), filled: false, stroke_width: px(1.5).max(1) as u32 };
        area.draw(&Circle::new(as_tuple(&marker.at), radius, fill)).map_err(|e| fail(&e))?;
        area.draw(&Circle::new(as_tuple(&marker.at), radius, outline)).map_err(|e| fail(&e))?;
    }
    let label_font = ("sans-serif", 11.0 * s).into_font().color(&WHITE);
    for label in scene.labels.iter().filter(|l| view.contains(l.at[0], l.at[1])) {
        area.draw(&Text::new(label.text.clone(), as_tuple(&label.at), label_font.clone())).map_err(|e| fail(&e))?;
    }
    hook(Hook::EndClip);
    root.present().map_err(|e| fail(&e))?;
    Ok(rect)
}

/// Shaft and head as one path (one stroke), the head sized in pixels so it looks the same at any zoom.
fn arrow_path(frame: &Frame, from: [f64; 2], to: [f64; 2], scale: f64) -> Vec<(f64, f64)> {
    let (x0, y0) = frame.to_pixel(from[0], from[1]);
    let (x1, y1) = frame.to_pixel(to[0], to[1]);
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len = dx.hypot(dy);
    if !(len.is_finite() && len > 0.5) {
        return Vec::new();
    }
    let head = (7.0 * scale).min(len * 0.5);
    let (ux, uy) = (dx / len, dy / len);
    let wing = |side: f64| {
        let (hx, hy) = (x1 - head * ux - side * 0.5 * head * uy, y1 - head * uy + side * 0.5 * head * ux);
        let (wx, wy) = frame.to_world(hx, hy);
        (wx, wy)
    };
    vec![(from[0], from[1]), (to[0], to[1]), wing(1.0), (to[0], to[1]), wing(-1.0)]
}

