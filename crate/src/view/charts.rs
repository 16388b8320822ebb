//! Builds the small charts ([`Chart`]) that explain the main plot: partial slices with their
//! tangents, D_u f over a full turn, the slice along u, the secant's error against h, and losses.

use serde::Serialize;

use crate::compute::regression::DATA_RANGE;
use crate::expr::print::format_number;
use crate::view::chart::{Chart, ChartMarker, Series, SeriesStyle};
use crate::compute::geometry::View;
use crate::eval::model::Model;

/// The small charts beside the main plot, by what they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    /// g(x) = f(x, y₀) with its tangent (two or more variables).
    SliceX,
    /// h(y) = f(x₀, y) with its tangent (two or more variables).
    SliceY,
    /// D_u f over a full turn of u (two or more variables).
    Directional,
    /// t ↦ f(p + t·u) (two or more variables).
    Line,
    /// The secant's error against h (one variable).
    Limit,
    /// The regression lab's data and line.
    Regression,
    /// The descent runs' losses.
    Losses,
    /// |f − Tₙ| across the view, on a log scale, against the tolerance (one variable).
    TaylorError,
}

impl Panel {
    /// Every panel, in the order the page lays them out.
    pub const ALL: [Panel; 8] = [Panel::SliceX, Panel::SliceY, Panel::Directional, Panel::Line, Panel::Limit, Panel::Regression, Panel::Losses, Panel::TaylorError];

    /// Its id on the page (`data-panel`).
    pub fn id(self) -> &'static str {
        match self {
            Panel::SliceX => "slice-x",
            Panel::SliceY => "slice-y",
            Panel::Directional => "directional",
            Panel::Line => "line",
            Panel::Limit => "limit",
            Panel::Regression => "regression",
            Panel::Losses => "losses",
            Panel::TaylorError => "taylor-error",
        }
    }

    /// The panel with this id.
    pub fn from_id(id: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Whether it sits in the lab (beside its controls) rather than under the plot.
    pub fn in_lab(self) -> bool {
        matches!(self, Panel::Regression | Panel::Losses)
    }
}

const SAMPLES: usize = 160;

/// f and the gradient at `point` as the readouts show it: no slope where f is undefined or
/// has a kink (the charts' titles never print a slope that is not there).
pub fn honest_at(model: &Model, point: &[f64]) -> (f64, Vec<f64>) {
    let (value, exact) = model.value_grad_at(point);
    let honest = crate::view::readouts::honest_gradient(|p| model.value_at(p), point, value, &exact, &model.parsed.vars);
    (value, honest.gradient)
}

fn linspace(a: f64, b: f64, n: usize) -> impl Iterator<Item = f64> {
    (0..n).map(move |i| a + (b - a) * i as f64 / (n - 1).max(1) as f64)
}

/// The slice through the point along `axis` (0: g(x) = f(x, y₀), 1: h(y) = f(x₀, y)), with its
/// tangent of slope ∂f/∂x or ∂f/∂y at the point.
pub fn slice_chart(model: &Model, point: &[f64], view: &View, axis: usize) -> Chart {
    let names = model.parsed.vars.clone();
    let (value, gradient) = honest_at(model, point);
    let (lo, hi) = if axis == 0 { (view.xmin, view.xmax) } else { (view.ymin, view.ymax) };
    let at = point[axis];
    let mut p = point.to_vec();
    let curve: Vec<[f64; 2]> = linspace(lo, hi, SAMPLES)
        .map(|t| {
            p[axis] = t;
            [t, model.value_at(&p)]
        })
        .collect();
    let slope = gradient.get(axis).copied().unwrap_or(f64::NAN);
    let other = 1 - axis;
    let title = format!(
        "slice {} = {}: slope ∂f/∂{} = {}",
        names[other],
        crate::expr::print::format_number(point[other]),
        names[axis],
        crate::expr::print::format_number(slope)
    );
    let mut chart = Chart::new(&title, &names[axis], "f", (lo, hi), (0.0, 1.0));
    chart.series.push(Series { name: "f".into(), points: curve, style: SeriesStyle::Main });
    chart.fit_y();
    if value.is_finite() && slope.is_finite() {
        let line = |t: f64| value + slope * (t - at);
        chart.series.push(Series { name: "tangent".into(), points: vec![[lo, line(lo)], [hi, line(hi)]], style: SeriesStyle::Tangent });
        chart.markers.push(ChartMarker { at: [at, value], label: String::new(), style: SeriesStyle::Main });
    }
    chart
}

/// D_u f = ‖∇f‖ cos θ against the angle of u over a full turn, with its maximum along ∇f,
/// minimum opposite, zeros along the level curve, and the current u.
pub fn directional_chart(gradient: [f64; 2], u_degrees: f64) -> Chart {
    let norm = gradient[0].hypot(gradient[1]);
    let phi = gradient[1].atan2(gradient[0]).to_degrees().rem_euclid(360.0);
    let d = |deg: f64| {
        let r = deg.to_radians();
        gradient[0] * r.cos() + gradient[1] * r.sin()
    };
    // The range is ±1.15‖∇f‖, capped at f64::MAX (then too large to draw, never a wrong chart).
    let m = if norm.is_finite() && norm > 0.0 { norm } else { 1.0 };
    let m = (1.15 * m).min(f64::MAX) / 1.15;
    let mut chart = Chart::new("D_u f = ∇f·u = ‖∇f‖ cos θ", "angle of u (°)", "D_u f", (0.0, 360.0), (-1.15 * m, 1.15 * m));
    chart.series.push(Series { name: "D_u f".into(), points: linspace(0.0, 360.0, SAMPLES).map(|a| [a, d(a)]).collect(), style: SeriesStyle::Main });
    if norm.is_finite() && norm > 0.0 {
        let fmt = crate::expr::print::format_number;
        chart.markers.push(ChartMarker { at: [phi, norm], label: format!("max ‖∇f‖ = {}", fmt(norm)), style: SeriesStyle::Run(4) });
        chart.markers.push(ChartMarker { at: [(phi + 180.0) % 360.0, -norm], label: "min −‖∇f‖".to_string(), style: SeriesStyle::Run(0) });
        for zero in [(phi + 90.0) % 360.0, (phi + 270.0) % 360.0] {
            chart.markers.push(ChartMarker { at: [zero, 0.0], label: "0: along the level curve".into(), style: SeriesStyle::Second });
        }
    }
    let u = u_degrees.rem_euclid(360.0);
    chart.series.push(Series { name: "u".into(), points: vec![[u, -1.15 * m], [u, 1.15 * m]], style: SeriesStyle::Cursor });
    chart.markers.push(ChartMarker { at: [u, d(u)], label: String::new(), style: SeriesStyle::Main });
    chart
}

/// t ↦ f(p + t·u) with its tangent of slope D_u f at t = 0.
pub fn line_slice_chart(model: &Model, point: &[f64], u: [f64; 2], reach: f64) -> Chart {
    let mut p = point.to_vec();
    let mut along = |t: f64| {
        p[0] = point[0] + t * u[0];
        p[1] = point[1] + t * u[1];
        model.value_at(&p)
    };
    let curve: Vec<[f64; 2]> = linspace(-reach, reach, SAMPLES).map(|t| [t, along(t)]).collect();
    let (value, gradient) = honest_at(model, point);
    let slope = gradient.first().copied().unwrap_or(f64::NAN) * u[0] + gradient.get(1).copied().unwrap_or(f64::NAN) * u[1];
    let title = format!("f(p + t·u): slope at t = 0 is D_u f = {}", crate::expr::print::format_number(slope));
    let mut chart = Chart::new(&title, "t", "f", (-reach, reach), (0.0, 1.0));
    chart.series.push(Series { name: "f(p + t·u)".into(), points: curve, style: SeriesStyle::Main });
    chart.fit_y();
    if value.is_finite() && slope.is_finite() {
        chart.series.push(Series {
            name: "tangent".into(),
            points: vec![[-reach, value - slope * reach], [reach, value + slope * reach]],
            style: SeriesStyle::Tangent,
        });
        chart.markers.push(ChartMarker { at: [0.0, value], label: String::new(), style: SeriesStyle::Main });
    }
    chart
}

/// One row of the limit lab's table.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitRow {
    /// The step.
    pub h: f64,
    /// (f(a + h) − f(a)) / h.
    pub forward: f64,
    /// (f(a + h) − f(a − h)) / 2h.
    pub central: f64,
    /// |forward − f′(a)|.
    pub forward_error: f64,
    /// |central − f′(a)|.
    pub central_error: f64,
}

/// The difference quotients at a for h = 10⁰, 10⁻¹, …, 10⁻¹⁵.
pub fn limit_table(model: &Model, a: f64) -> Vec<LimitRow> {
    let (fa, g) = model.value_grad_at(&[a]);
    let exact = g.first().copied().unwrap_or(f64::NAN);
    (0..=15)
        .map(|k| {
            let h = 10f64.powi(-k);
            let (up, down) = (model.value_at(&[a + h]), model.value_at(&[a - h]));
            let forward = (up - fa) / h;
            let central = (up - down) / (2.0 * h);
            LimitRow { h, forward, central, forward_error: (forward - exact).abs(), central_error: (central - exact).abs() }
        })
        .collect()
}

/// log10 of the error of both quotients against log10 h: truncation falls (slope 1 and 2),
/// round-off rises (slope −1) at tiny h — why Exercise 1 uses central differences.
pub fn limit_chart(model: &Model, a: f64, h: f64) -> Chart {
    let (fa, g) = model.value_grad_at(&[a]);
    let exact = g.first().copied().unwrap_or(f64::NAN);
    let mut forward = Vec::new();
    let mut central = Vec::new();
    for e in linspace(-16.0, 0.0, 161) {
        let h = 10f64.powf(e);
        let (up, down) = (model.value_at(&[a + h]), model.value_at(&[a - h]));
        // A zero error would be −∞ on a log axis: floor it at 1e-17 (below double precision).
        let log_err = |q: f64| (q - exact).abs().max(1e-17).log10();
        forward.push([e, log_err((up - fa) / h)]);
        central.push([e, log_err((up - down) / (2.0 * h))]);
    }
    let mut chart = Chart::new("error of the difference quotient", "h", "|error|", (-16.0, 0.0), (-17.0, 1.0));
    chart.log_x = true;
    chart.log_y = true;
    chart.series.push(Series { name: "forward (f(a+h) − f(a))/h".into(), points: forward, style: SeriesStyle::Main });
    chart.series.push(Series { name: "central (f(a+h) − f(a−h))/2h".into(), points: central, style: SeriesStyle::Second });
    chart.fit_y();
    let lh = h.abs().max(1e-300).log10();
    chart.series.push(Series { name: "h".into(), points: vec![[lh, chart.y_range.0], [lh, chart.y_range.1]], style: SeriesStyle::Cursor });
    chart
}

/// f(θ_k) against k for every run, linear or log10, with a cursor at iteration `frame`.
/// A log scale needs a positive loss: one that reaches 0 or below (x² + y² − 1) is drawn linear,
/// and says so (its |f| on a log scale rose where f fell).
pub fn loss_chart(runs: &[(String, usize, Vec<f64>)], frame: usize, log_y: bool) -> Chart {
    let n = runs.iter().map(|(_, _, l)| l.len()).max().unwrap_or(1).max(2);
    let positive = runs.iter().all(|(_, _, l)| l.iter().filter(|v| v.is_finite()).all(|&v| v > 0.0));
    let log_y = log_y && positive;
    let label = if log_y { "f (log)" } else if positive { "f" } else { "f (linear: f ≤ 0 has no log)" };
    let mut chart = Chart::new("loss f(θₖ)", "k", label, (0.0, (n - 1) as f64), (0.0, 1.0));
    chart.log_y = log_y;
    // About 600 points per run are as many as the chart has pixels; keep the cursor's own.
    let stride = (n / 600).max(1);
    for (name, color, losses) in runs {
        let points = losses
            .iter()
            .enumerate()
            .filter(|(k, _)| k % stride == 0 || *k + 1 == losses.len())
            .map(|(k, &v)| [k as f64, if log_y { v.abs().max(1e-300).log10() } else { v }])
            .collect();
        chart.series.push(Series { name: name.clone(), points, style: SeriesStyle::Run(*color) });
    }
    chart.fit_y();
    let k = frame.min(n - 1) as f64;
    chart.series.push(Series { name: "k".into(), points: vec![[k, chart.y_range.0], [k, chart.y_range.1]], style: SeriesStyle::Cursor });
    chart
}

/// The regression lab's data, the current line and the least-squares line.
pub fn regression_chart(points: &[[f64; 2]], line: [f64; 2], fit: Option<(f64, f64)>) -> Chart {
    let (lo, hi) = DATA_RANGE;
    let title = format!("ŷ = a·x + b with a = {}, b = {}", format_number(line[0]), format_number(line[1]));
    let mut chart = Chart::new(&title, "x", "y", DATA_RANGE, DATA_RANGE);
    if let Some((a, b)) = fit {
        chart.series.push(Series { name: "least squares".into(), points: vec![[lo, a * lo + b], [hi, a * hi + b]], style: SeriesStyle::Cursor });
    }
    let (a, b) = (line[0], line[1]);
    chart.series.push(Series { name: "current line".into(), points: vec![[lo, a * lo + b], [hi, a * hi + b]], style: SeriesStyle::Tangent });
    chart.markers.extend(points.iter().map(|p| ChartMarker { at: *p, label: String::new(), style: SeriesStyle::Main }));
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_below_zero_is_drawn_linear_even_when_log_is_asked() {
        // The walk: x² + y² − 1 falls from 1 to −1; its |f| on a log scale dipped and rose again.
        let runs = vec![("gd".to_string(), 0, vec![1.0, 0.28, -0.181, -0.476, -1.0])];
        let chart = loss_chart(&runs, 0, true);
        assert!(!chart.log_y);
        assert_eq!(chart.series[0].points.iter().map(|p| p[1]).collect::<Vec<_>>(), runs[0].2);
        assert!(loss_chart(&[("gd".to_string(), 0, vec![2.0, 1.0, 0.5])], 0, true).log_y);
    }

    #[test]
    fn limit_table_shows_truncation_then_round_off() {
        let model = Model::new("x^2").expect("parses");
        let rows = limit_table(&model, 3.0);
        // Forward difference of x² is exactly 2a + h: 7 at h = 1.
        assert_eq!(rows[0].forward, 7.0);
        assert_eq!(rows[0].central, 6.0);
        // Around h = 1e-8 the forward error is smallest; at 1e-15 round-off dominates.
        assert!(rows[8].forward_error < 1e-6);
        assert!(rows[15].forward_error > rows[8].forward_error);
    }

    #[test]
    fn directional_chart_peaks_along_the_gradient() {
        let chart = directional_chart([2.0, 4.0], 45.0);
        let max = &chart.markers[0];
        assert!((max.at[0] - 4f64.atan2(2.0).to_degrees()).abs() < 1e-9);
        assert!((max.at[1] - 20f64.sqrt()).abs() < 1e-12);
        // The current u at 45° reads 3√2, the course's example.
        let current = chart.markers.last().expect("marker");
        assert!((current.at[1] - 3.0 * 2f64.sqrt()).abs() < 1e-12);
    }
}
