//! Draws scenes and charts with plotters on any backend: the canvas in the browser, SVG in
//! tests.
//!
//! Rendering never computes: it maps styles to colours and world points to the chart. Two things
//! a generic plotters backend does slowly or not at all are left to the caller through [`Hook`]:
//! blitting the heatmap image (one `putImageData`/`drawImage` instead of one rectangle per pixel)
//! and clipping overlays to the plotting area.

pub mod chart;
pub mod gif;
pub mod layout;
pub mod network;
pub mod palette;
pub mod raster;
pub mod scene;
pub mod svg;
pub mod surface;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::compute::geometry::PlotRect;
use crate::compute::heatmap::Heatmap;

pub use chart::{render_chart, render_chart_themed};
pub use scene::{render, render_themed};

/// A moment in drawing where the caller takes over.
pub enum Hook<'a> {
    /// Draw this image stretched over the plotting area.
    Heatmap(PlotRect, &'a Heatmap),
    /// Clip what follows to the plotting area.
    BeginClip(PlotRect),
    /// Stop clipping.
    EndClip,
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
pub(crate) fn draw_refusal<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, title: &str, scale: f64) -> Result<PlotRect, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::chart::Chart;
    use crate::view::charts::Panel;
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
    fn the_error_chart_names_forward_and_central_and_the_log_axis_labels_whole_decades() {
        let mut app = App::new();
        app.set_expression("x^3 - 3x").expect("parses");
        let chart = app.panel(Panel::Limit).expect("the limit chart");
        let svg = chart_svg(&chart);
        let texts: Vec<&str> = svg.split("<text").skip(1).filter_map(|t| Some(t.split('>').nth(1)?.split('<').next()?.trim())).collect();
        assert!(texts.contains(&"forward") && texts.contains(&"central"), "{texts:?}");
        // No two tick labels of one log axis say the same decade (both axes are log here).
        let decades: Vec<&&str> = texts.iter().filter(|t| t.starts_with("1e")).collect();
        assert!(!decades.is_empty());
        assert!(decades.iter().all(|d| decades.iter().filter(|e| e == &d).count() <= 2), "{decades:?}");
        // A loss chart over a narrow log range (0.1 to 0.3) no longer labels every tick "1e-1".
        let mut narrow = crate::view::chart::Chart::new("loss", "k", "f (log)", (0.0, 10.0), (-1.0, -0.5));
        narrow.log_y = true;
        let narrow_svg = chart_svg(&narrow);
        assert!(narrow_svg.matches(">1e-1<").count() <= 1, "{}", narrow_svg.matches(">1e-1<").count());
        let labels: Vec<&str> = narrow_svg.split("<text").skip(1).filter_map(|t| Some(t.split('>').nth(1)?.split('<').next()?.trim())).collect();
        assert!(labels.iter().filter(|l| l.contains("e-1")).count() >= 3, "ticks between decades have mantissas: {labels:?}");
        // A chart with one curve has no legend.
        app.set_expression("x^2 + y^2").expect("parses");
        let slice = chart_svg(&app.panel(Panel::SliceX).expect("a slice"));
        assert!(!slice.contains(">forward<"));
    }

    #[test]
    fn the_directional_charts_labels_stay_inside_the_chart() {
        // ∇f = (2, 4) at (1, 2): a zero of D_u f at 333.4°, near the right edge.
        let mut app = App::new();
        app.set_point(&[1.0, 2.0]);
        let svg = chart_svg(&app.panel(Panel::Directional).expect("the D_u f chart"));
        let mut seen = 0;
        for t in svg.split("<text").skip(1) {
            let text = t.split('>').nth(1).and_then(|r| r.split('<').next()).unwrap_or("").trim();
            if !(text.starts_with("0: along") || text.starts_with("max") || text.starts_with("min")) {
                continue;
            }
            seen += 1;
            let x: f64 = t.split("x=\"").nth(1).and_then(|r| r.split('"').next()).and_then(|v| v.parse().ok()).expect("an x");
            assert!(x >= 0.0 && x + 5.8 * text.chars().count() as f64 <= 340.0 + 0.5, "{text} at x = {x}");
        }
        assert!(seen >= 3, "{seen} labels");
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
            for name in [Panel::SliceX, Panel::SliceY, Panel::Directional, Panel::Line] {
                let chart = app.panel(name).expect("a two-variable chart");
                let svg = chart_svg(&chart);
                assert!(svg.contains("<svg"), "{f} at {p:?}: {name:?}");
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
