//! Draws a small [`Chart`] on any plotters backend.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::compute::geometry::{clip_polyline, PlotRect, View};
use crate::expr::print::format_number;
use crate::render::palette::{ink, themed_series_style, Theme};
use crate::render::{draw_refusal, drawable_range};
use crate::view::chart::{Chart, SeriesStyle};

/// Draws a small [`Chart`] on `root`; returns where its plotting area is.
pub fn render_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart, scale: f64) -> Result<PlotRect, String> {
    render_chart_themed(root, chart, scale, Theme::Light)
}

/// Draws a small [`Chart`] on `root` in the colours of `theme` (see [`render_chart`]).
pub fn render_chart_themed<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart, scale: f64, theme: Theme) -> Result<PlotRect, String> {
    let ink = ink(theme);
    let fail = |e: &dyn std::fmt::Display| format!("drawing failed: {e}");
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    if !(drawable_range(x0, x1) && drawable_range(y0, y1)) {
        return draw_refusal(root, &chart.title, scale);
    }
    let s = scale.clamp(0.5, 4.0);
    let px = |v: f64| (v * s).round() as i32;
    root.fill(&ink.background).map_err(|e| fail(&e))?;
    let mut ctx = ChartBuilder::on(root)
        .caption(chart.title.as_str(), ("sans-serif", 12.0 * s).into_font().color(&ink.caption))
        .margin(px(6.0))
        .x_label_area_size(px(26.0))
        .y_label_area_size(px(48.0))
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| fail(&e))?;
    // Whole decades read 1e-5; a tick between them gets its own mantissa (3.2e-1), where
    // rounding the exponent labelled every tick of a narrow range "1e-1".
    let log_label = |v: &f64| if (v - v.round()).abs() < 1e-6 { format!("1e{}", v.round() as i64) } else { format!("{:.1e}", 10f64.powf(*v)) };
    let plain_label = |v: &f64| format_number(*v);
    let x_fmt: &dyn Fn(&f64) -> String = if chart.log_x { &log_label } else { &plain_label };
    let y_fmt: &dyn Fn(&f64) -> String = if chart.log_y { &log_label } else { &plain_label };
    ctx.configure_mesh()
        .light_line_style(ink.light_grid)
        .bold_line_style(ink.bold_grid)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .label_style(("sans-serif", 10.0 * s).into_font().color(&ink.text))
        .x_desc(chart.x_name.as_str())
        .axis_desc_style(("sans-serif", 11.0 * s).into_font().color(&ink.text))
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
            area.draw(&PathElement::new(points, themed_series_style(series.style, s, theme))).map_err(|e| fail(&e))?;
        }
    }
    for marker in chart.markers.iter().filter(|m| view.contains(m.at[0], m.at[1])) {
        let style = ShapeStyle { filled: true, ..themed_series_style(marker.style, s, theme) };
        area.draw(&Circle::new((marker.at[0], marker.at[1]), px(4.0), style)).map_err(|e| fail(&e))?;
        if !marker.label.is_empty() {
            let font = ("sans-serif", 10.0 * s).into_font().color(&ink.caption);
            // Beside the dot, on whichever side keeps the whole label inside the plotting area
            // (at 360° "0: along the level curve" was cut to "0: alor").
            let (mx, my) = area.map_coordinate(&(marker.at[0], marker.at[1]));
            let width = (marker.label.chars().count() as f64 * 5.8 * s).round() as i32;
            let x = if mx + px(6.0) + width > xr.end { (mx - px(6.0) - width).max(xr.start) } else { mx + px(6.0) };
            let y = if my - px(14.0) < yr.start { my + px(4.0) } else { my - px(14.0) };
            root.draw(&Text::new(marker.label.clone(), (x, y), font)).map_err(|e| fail(&e))?;
        }
    }
    // Two curves of one kind (the forward and the central quotient's errors) are told apart by
    // a legend in the top-right corner: the first word of each name beside its stroke.
    let keyed: Vec<&crate::view::chart::Series> =
        chart.series.iter().filter(|s| matches!(s.style, SeriesStyle::Main | SeriesStyle::Second) && !s.name.is_empty()).collect();
    if keyed.len() >= 2 {
        let font = ("sans-serif", 10.0 * s).into_font().color(&ink.text);
        let line = px(13.0);
        let (right, top) = (xr.end - px(70.0), yr.start + px(6.0));
        for (i, series) in keyed.iter().enumerate() {
            let y = top + i as i32 * line + line / 2;
            let stroke = themed_series_style(series.style, s, theme);
            root.draw(&PathElement::new(vec![(right, y), (right + px(14.0), y)], stroke)).map_err(|e| fail(&e))?;
            let word = series.name.split_whitespace().next().unwrap_or("").to_string();
            root.draw(&Text::new(word, (right + px(18.0), y - px(5.0)), font.clone())).map_err(|e| fail(&e))?;
        }
    }
    root.present().map_err(|e| fail(&e))?;
    Ok(rect)
}

