//! Draws a [`Scene`] with plotters on any backend: the canvas in the browser, SVG in tests.
//!
//! Rendering never computes: it maps styles to colours and world points to the chart. Two things
//! a generic plotters backend does slowly or not at all are left to the caller through [`Hook`]:
//! blitting the heatmap image (one `putImageData`/`drawImage` instead of one rectangle per pixel)
//! and clipping overlays to the plotting area.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::view::chart::{Chart, SeriesStyle};
use crate::expr::print::format_number;
use crate::compute::geometry::{clip_polyline, clip_segment, Frame, PlotRect, View};
use crate::compute::heatmap::Heatmap;
use crate::view::scene::{Scene, Style};

/// A moment in drawing where the caller takes over.
pub enum Hook<'a> {
    /// Draw this image stretched over the plotting area.
    Heatmap(PlotRect, &'a Heatmap),
    /// Clip what follows to the plotting area.
    BeginClip(PlotRect),
    /// Stop clipping.
    EndClip,
}

/// Colours of the runs of the descent lab, in order.
pub const PATH_COLORS: [RGBColor; 5] = [
    RGBColor(230, 57, 70),
    RGBColor(255, 183, 3),
    RGBColor(58, 134, 255),
    RGBColor(255, 0, 110),
    RGBColor(6, 214, 160),
];

/// Margins around the chart, in CSS pixels: outer margin, x-label band, y-label band.
const MARGIN: f64 = 12.0;
const X_LABEL_AREA: f64 = 36.0;
const Y_LABEL_AREA: f64 = 56.0;

/// The plotting area's size for a canvas of `width × height` device pixels at `scale`.
pub fn plot_size(width: f64, height: f64, scale: f64) -> (f64, f64) {
    let s = scale.clamp(0.5, 4.0);
    ((width - (2.0 * MARGIN + Y_LABEL_AREA) * s).max(1.0), (height - (2.0 * MARGIN + X_LABEL_AREA) * s).max(1.0))
}

fn style_of(style: Style, scale: f64) -> ShapeStyle {
    let w = |px: f64| (px * scale).round().max(1.0) as u32;
    let (color, width): (RGBAColor, u32) = match style {
        Style::Contour => (RGBColor(255, 255, 255).mix(0.55), w(1.0)),
        Style::ContourHighlight => (RGBColor(255, 140, 0).mix(1.0), w(2.5)),
        Style::LevelTangent => (RGBColor(20, 20, 20).mix(0.9), w(1.5)),
        // Coloured by magnitude: faint blue-grey where ∇f is small, bright warm white where large.
        Style::Field(s) => {
            let s = s.clamp(0.0, 1.0);
            let ramp = |lo: f64, hi: f64| (lo + (hi - lo) * s).round() as u8;
            (RGBColor(ramp(170.0, 255.0), ramp(190.0, 245.0), ramp(230.0, 200.0)).mix(0.3 + 0.7 * s), w(1.0))
        }
        Style::Gradient => (RGBColor(230, 57, 70).mix(1.0), w(3.0)),
        Style::Direction => (RGBColor(0, 200, 255).mix(1.0), w(2.5)),
        Style::Slice => (RGBColor(255, 255, 255).mix(0.8), w(1.0)),
        Style::Curve => (RGBColor(31, 94, 200).mix(1.0), w(2.5)),
        Style::Derivative => (RGBColor(240, 120, 0).mix(0.9), w(2.0)),
        Style::SecondDerivative => (RGBColor(140, 80, 200).mix(0.9), w(1.5)),
        Style::Tangent => (RGBColor(230, 57, 70).mix(1.0), w(2.0)),
        Style::Secant => (RGBColor(46, 160, 67).mix(1.0), w(1.5)),
        Style::Point => (RGBColor(20, 20, 20).mix(1.0), w(2.0)),
        Style::CriticalMin => (RGBColor(46, 160, 67).mix(1.0), w(2.0)),
        Style::CriticalMax => (RGBColor(230, 57, 70).mix(1.0), w(2.0)),
        Style::CriticalSaddle => (RGBColor(255, 183, 3).mix(1.0), w(2.0)),
        Style::CriticalDegenerate => (RGBColor(150, 150, 150).mix(1.0), w(2.0)),
        Style::Path(i) => (PATH_COLORS[i % PATH_COLORS.len()].mix(1.0), w(2.5)),
        Style::Traced => (RGBColor(240, 120, 0).mix(0.9), w(1.0)),
        Style::StepDown => (RGBColor(0, 200, 83).mix(1.0), w(3.0)),
        Style::StepUp => (RGBColor(255, 23, 68).mix(1.0), w(3.0)),
    };
    ShapeStyle { color, filled: false, stroke_width: width }
}

/// What a chart says instead of drawing axes it cannot compute.
pub const TOO_LARGE: &str = "values too large to draw";

/// Whether plotters can lay out ticks over `lo..hi`: finite ends, a finite width (ends near
/// ±f64::MAX can have an infinite difference), and a width well above the spacing of floats
/// there. plotters' tick loop never ends for the others (it steps by a width of inf, or by a
/// step that rounds away), so every range goes through this before it reaches plotters.
pub fn drawable_range(lo: f64, hi: f64) -> bool {
    let width = hi - lo;
    lo.is_finite() && hi.is_finite() && width.is_finite() && width > 0.0 && width >= 1e-12 * lo.abs().max(hi.abs())
}

/// Clears `root` and says, where the chart would be, why it is not.
fn draw_refusal<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, title: &str, scale: f64) -> Result<PlotRect, String> {
    let fail = |e: &dyn std::fmt::Display| format!("drawing failed: {e}");
    let s = scale.clamp(0.5, 4.0);
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let (w, h) = root.dim_in_pixel();
    let font = ("sans-serif", 12.0 * s).into_font().color(&RGBColor(90, 90, 90));
    let line = (16.0 * s) as i32;
    if !title.is_empty() {
        root.draw(&Text::new(title.to_string(), (line / 2, line / 2), font.clone())).map_err(|e| fail(&e))?;
    }
    root.draw(&Text::new(TOO_LARGE, (line / 2, h as i32 / 2), font)).map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))?;
    Ok(PlotRect { left: 0.0, top: 0.0, width: f64::from(w.max(1)), height: f64::from(h.max(1)) })
}

/// Draws `scene` on `root`; returns where the plotting area is, for turning clicks into points.
pub fn render<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scene: &Scene,
    scale: f64,
    hook: &mut dyn FnMut(Hook),
) -> Result<PlotRect, String> {
    let fail = |e: &dyn std::fmt::Display| format!("drawing failed: {e}");
    let view = scene.view;
    if !(drawable_range(view.xmin, view.xmax) && drawable_range(view.ymin, view.ymax)) {
        return draw_refusal(root, "", scale);
    }
    let s = scale.clamp(0.5, 4.0);
    let px = |v: f64| (v * s).round() as i32;
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(root)
        .margin(px(MARGIN))
        .x_label_area_size(px(X_LABEL_AREA))
        .y_label_area_size(px(Y_LABEL_AREA))
        .build_cartesian_2d(view.xmin..view.xmax, view.ymin..view.ymax)
        .map_err(|e| fail(&e))?;
    let font = ("sans-serif", 13.0 * s).into_font().color(&RGBColor(60, 60, 60));
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(9)
        .y_labels(9)
        .x_label_formatter(&|v| format_number(*v))
        .y_label_formatter(&|v| format_number(*v))
        .label_style(font.clone())
        .axis_desc_style(("sans-serif", 14.0 * s).into_font().color(&RGBColor(60, 60, 60)))
        .x_desc(scene.axis_names.0.as_str())
        .y_desc(scene.axis_names.1.as_str())
        .axis_style(ShapeStyle { color: RGBColor(120, 120, 120).mix(1.0), filled: false, stroke_width: px(1.0).max(1) as u32 })
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
        for piece in clip_polyline(&line.points, &view) {
            let points: Vec<(f64, f64)> = piece.iter().map(as_tuple).collect();
            area.draw(&PathElement::new(points, style_of(line.style, s))).map_err(|e| fail(&e))?;
        }
    }
    for arrow in &scene.arrows {
        // An arrow whose head leaves the view keeps its visible shaft but loses the head.
        let Some((from, to)) = clip_segment(arrow.from, arrow.to, &view) else { continue };
        let path = if to == arrow.to {
            arrow_path(&frame, from, to, s)
        } else {
            vec![as_tuple(&from), as_tuple(&to)]
        };
        if !path.is_empty() {
            area.draw(&PathElement::new(path, style_of(arrow.style, s))).map_err(|e| fail(&e))?;
        }
    }
    for marker in scene.markers.iter().filter(|m| view.contains(m.at[0], m.at[1])) {
        let style = style_of(marker.style, s);
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

fn series_style(style: SeriesStyle, scale: f64) -> ShapeStyle {
    let w = |px: f64| (px * scale).round().max(1.0) as u32;
    let (color, width): (RGBAColor, u32) = match style {
        SeriesStyle::Main => (RGBColor(31, 94, 200).mix(1.0), w(2.0)),
        SeriesStyle::Tangent => (RGBColor(230, 57, 70).mix(1.0), w(1.5)),
        SeriesStyle::Second => (RGBColor(240, 120, 0).mix(1.0), w(2.0)),
        SeriesStyle::Run(i) => (PATH_COLORS[i % PATH_COLORS.len()].mix(1.0), w(2.0)),
        SeriesStyle::Cursor => (RGBColor(120, 120, 120).mix(0.8), w(1.0)),
    };
    ShapeStyle { color, filled: false, stroke_width: width }
}

/// Draws a small [`Chart`] on `root`; returns where its plotting area is.
pub fn render_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart, scale: f64) -> Result<PlotRect, String> {
    let fail = |e: &dyn std::fmt::Display| format!("drawing failed: {e}");
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    if !(drawable_range(x0, x1) && drawable_range(y0, y1)) {
        return draw_refusal(root, &chart.title, scale);
    }
    let s = scale.clamp(0.5, 4.0);
    let px = |v: f64| (v * s).round() as i32;
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut ctx = ChartBuilder::on(root)
        .caption(chart.title.as_str(), ("sans-serif", 12.0 * s).into_font().color(&RGBColor(40, 40, 40)))
        .margin(px(6.0))
        .x_label_area_size(px(26.0))
        .y_label_area_size(px(48.0))
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| fail(&e))?;
    let log_label = |v: &f64| format!("1e{}", v.round() as i64);
    let plain_label = |v: &f64| format_number(*v);
    let x_fmt: &dyn Fn(&f64) -> String = if chart.log_x { &log_label } else { &plain_label };
    let y_fmt: &dyn Fn(&f64) -> String = if chart.log_y { &log_label } else { &plain_label };
    ctx.configure_mesh()
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(225, 225, 225))
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .label_style(("sans-serif", 10.0 * s).into_font().color(&RGBColor(90, 90, 90)))
        .x_desc(chart.x_name.as_str())
        .axis_desc_style(("sans-serif", 11.0 * s).into_font().color(&RGBColor(90, 90, 90)))
        .draw()
        .map_err(|e| fail(&e))?;
    let view = View { xmin: x0, xmax: x1, ymin: y0, ymax: y1 };
    let area = ctx.plotting_area();
    let (xr, yr) = area.get_pixel_range();
    let rect = PlotRect {
        left: xr.start as f64,
        top: yr.start as f64,
        width: (xr.end - xr.start) as f64,
        height: (yr.end - yr.start) as f64,
    };
    for series in &chart.series {
        for piece in clip_polyline(&series.points, &view) {
            let points: Vec<(f64, f64)> = piece.iter().map(|p| (p[0], p[1])).collect();
            area.draw(&PathElement::new(points, series_style(series.style, s))).map_err(|e| fail(&e))?;
        }
    }
    for marker in chart.markers.iter().filter(|m| view.contains(m.at[0], m.at[1])) {
        let style = ShapeStyle { filled: true, ..series_style(marker.style, s) };
        area.draw(&Circle::new((marker.at[0], marker.at[1]), px(4.0), style)).map_err(|e| fail(&e))?;
        if !marker.label.is_empty() {
            let font = ("sans-serif", 10.0 * s).into_font().color(&RGBColor(40, 40, 40));
            area.draw(&Text::new(marker.label.clone(), (marker.at[0], marker.at[1]), font)).map_err(|e| fail(&e))?;
        }
    }
    root.present().map_err(|e| fail(&e))?;
    Ok(rect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;

    /// Renders the app's scene into an SVG string, recording the hooks called.
    fn svg_of(app: &mut App) -> (String, Vec<&'static str>) {
        let scene = app.scene(800.0, 600.0, 1.0).expect("a function is loaded");
        let mut svg = String::new();
        let mut hooks = Vec::new();
        let rect = {
            let root = SVGBackend::with_string(&mut svg, (800, 600)).into_drawing_area();
            render(&root, &scene, 1.0, &mut |h| {
                hooks.push(match h {
                    Hook::Heatmap(rect, heatmap) => {
                        assert!(rect.width > 600.0 && rect.height > 450.0, "{rect:?}");
                        assert_eq!(heatmap.rgba.len(), heatmap.nx * heatmap.ny * 4);
                        "heatmap"
                    }
                    Hook::BeginClip(_) => "clip",
                    Hook::EndClip => "unclip",
                })
            })
            .expect("renders")
        };
        app.set_plot_rect(rect);
        (svg, hooks)
    }

    /// Renders a chart into an SVG string.
    fn chart_svg(chart: &Chart) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (340, 170)).into_drawing_area();
            render_chart(&root, chart, 1.0).expect("renders");
        }
        svg
    }

    #[test]
    fn ranges_plotters_cannot_tick_are_refused_in_words_not_looped_on() {
        // Issue 11: a finite range of infinite width (±1.15‖∇f‖ with ‖∇f‖ = 8e307) hung the tab.
        let huge = [(-9.2e307, 9.2e307), (-f64::MAX, f64::MAX), (-1e308, 1e308)];
        for (lo, hi) in huge {
            let mut chart = Chart::new("D_u f", "θ", "D_u f", (0.0, 360.0), (0.0, 1.0));
            chart.y_range = (lo, hi);
            assert!(chart_svg(&chart).contains(TOO_LARGE), "{lo}..{hi}");
        }
        // Too narrow for the floats there, subnormal, and a point: widened or refused, never hung.
        for range in [(1e20, 1e20 + 1.0), (0.0, 5e-324), (3.0, 3.0), (1e308, 1e308), (-0.0, 0.0)] {
            let chart = Chart::new("t", "x", "y", range, range);
            let svg = chart_svg(&chart);
            assert!(svg.contains("<svg"), "{range:?}");
        }
        assert!(drawable_range(-1.0, 1.0) && drawable_range(1e300, 1.1e300));
        assert!(!drawable_range(-f64::MAX, f64::MAX) && !drawable_range(1.0, 1.0) && !drawable_range(f64::NAN, 1.0));
        assert!(!drawable_range(1e20, 1e20 + 1.0));
    }

    #[test]
    fn the_hang_links_of_issue_11_draw_every_chart() {
        use crate::app::App;
        for (f, p) in [("x^2 + y^2", [4e307, 0.0]), ("1e308x + y", [1.0, 2.0]), ("exp(x) + y", [709.0, 0.0]), ("exp(x) + y", [709.7, 0.0])] {
            let mut app = App::new();
            app.set_expression(f).expect("parses");
            app.set_point(&p);
            let (svg, _) = svg_of(&mut app);
            assert!(svg.contains("<svg"));
            for name in ["slice-x", "slice-y", "directional", "line"] {
                let chart = app.panel(name).expect("a two-variable chart");
                let svg = chart_svg(&chart);
                assert!(svg.contains("<svg"), "{f} at {p:?}: {name}");
            }
            let s = app.snapshot();
            assert!(serde_json::to_string(&s).is_ok());
        }
    }

    #[test]
    fn the_map_blits_its_heatmap_then_draws_contours_arrows_and_labels() {
        let mut app = App::new();
        app.set_expression("x^2 + y^2").expect("parses");
        let (svg, hooks) = svg_of(&mut app);
        assert_eq!(hooks, ["heatmap", "clip", "unclip"]);
        // Level curves, field arrows, the gradient and u: many strokes.
        assert!(svg.matches("<polyline").count() > 100, "{}", svg.matches("<polyline").count());
        // The selected point and the minimum at the origin are dots.
        assert!(svg.matches("<circle").count() >= 2);
        // Axis tick labels and level labels are text.
        let texts: Vec<&str> = svg.split("<text").skip(1).filter_map(|t| Some(t.split('>').nth(1)?.split('<').next()?.trim())).collect();
        assert!(texts.contains(&"-2") && texts.contains(&"2") && texts.contains(&"x"), "{texts:?}");
        // Level labels of x² + y² at nice values (2, 4, …, 18).
        assert!(texts.contains(&"10") && texts.contains(&"18"), "{texts:?}");
    }

    #[test]
    fn the_graph_draws_the_curve_without_joining_across_the_pole_of_one_over_x() {
        let mut app = App::new();
        app.set_expression("1/x").expect("parses");
        let (svg, hooks) = svg_of(&mut app);
        assert_eq!(hooks, ["clip", "unclip"], "no heatmap in one variable");
        // Every polyline stays on one side of x = 0: none crosses the pole.
        let frame_x0 = {
            let scene = app.scene(800.0, 600.0, 1.0).expect("scene");
            let rect = app.frame().expect("drawn").rect;
            let v = scene.view;
            rect.left + (0.0 - v.xmin) / v.width() * rect.width
        };
        let mut curves = 0;
        for line in svg.split("<polyline").skip(1) {
            let points = line.split("points=\"").nth(1).and_then(|p| p.split('"').next()).unwrap_or("");
            let xs: Vec<f64> = points.split_whitespace().filter_map(|p| p.split(',').next()?.parse().ok()).collect();
            if xs.len() > 20 {
                curves += 1;
                let left = xs.iter().all(|&x| x <= frame_x0 + 1.0);
                let right = xs.iter().all(|&x| x >= frame_x0 - 1.0);
                assert!(left || right, "a long polyline crosses x = 0");
            }
        }
        assert!(curves >= 2, "both branches of 1/x (and of f′) are drawn: {curves}");
    }
}
