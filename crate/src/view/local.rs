//! The local models as the views show them: `state().taylor`, the Taylor polynomial drawn over
//! the graph, and on the map the linear or quadratic model's level curves around the point,
//! the Hessian's eigenvector axes and the Newton step.

use serde::Serialize;

use crate::compute::contour::{contour_levels, nice_levels};
use crate::compute::geometry::View;
use crate::compute::taylor::{condition_number, newton_step, quadratic, symmetric_eigen, Taylor, TOLERANCE};
use crate::eval::model::Model;
use crate::eval::tape::Tape;
use crate::expr::print::format_number;
use crate::view::chart::{Chart, Series, SeriesStyle};
use crate::view::scene::{Arrow, Label, Polyline, Scene, Style};

/// The Hessian's eigenvalues (ascending) and unit eigenvectors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EigenInfo {
    /// λ₁ ≤ λ₂.
    pub values: [f64; 2],
    /// The eigenvector of each.
    pub vectors: [[f64; 2]; 2],
}

/// `state().taylor`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaylorInfo {
    /// The order shown.
    pub order: usize,
    /// The point the model is taken at.
    pub center: Vec<f64>,
    /// One variable: the coefficients of (x − a)ᵏ, k = 0 … order (null where unknown).
    pub coefficients: Option<Vec<f64>>,
    /// One variable: Tₙ as text, with exact fractions.
    pub formula: Option<String>,
    /// One variable: |f − Tₙ| stays below this on `interval`.
    pub tolerance: f64,
    /// One variable: the interval around a where |f − Tₙ| ≤ tolerance (within the view).
    pub interval: Option<[f64; 2]>,
    /// Two variables: the Hessian's eigen-decomposition at the point.
    pub hessian_eigen: Option<EigenInfo>,
    /// Two variables: |λ|max / |λ|min (null when H is singular).
    pub condition_number: Option<f64>,
    /// Two variables: −H⁻¹∇f (null when H is singular).
    pub newton_step: Option<[f64; 2]>,
}

/// f, f′, … at `a` from the derivative tape, as the Taylor polynomial (`order` + 1 coefficients,
/// NaN for orders the tape could not build).
pub fn taylor_at(tape: &Tape, a: f64, order: usize) -> Taylor {
    let mut out = vec![f64::NAN; tape.n_outputs()];
    tape.eval_point(&[a], &mut out);
    out.resize(order + 1, f64::NAN);
    Taylor::new(a, &out)
}

/// `state().taylor` in one variable, and the polynomial (when every coefficient is known).
pub fn taylor_one(model: &Model, taylor: &Taylor, order: usize, view: &View) -> TaylorInfo {
    let defined = taylor.is_defined();
    let reach = view.width().max(0.0);
    let interval = if defined { taylor.within(|x| model.value_at(&[x]), TOLERANCE, reach).map(|(lo, hi)| [lo, hi]) } else { None };
    let var = model.parsed.vars.first().map(String::as_str).unwrap_or("x");
    TaylorInfo {
        order,
        center: vec![taylor.center],
        coefficients: Some(taylor.coefficients.clone()),
        formula: defined.then(|| format!("T{order}({var}) = {}", taylor.formula(var))),
        tolerance: TOLERANCE,
        interval,
        hessian_eigen: None,
        condition_number: None,
        newton_step: None,
    }
}

/// f, ∇f and H at the point, in the first two variables.
fn local_data(model: &Model, point: &[f64]) -> (f64, [f64; 2], [[f64; 2]; 2]) {
    let (value, g) = model.value_grad_at(point);
    let h = model.hessian_at(point);
    let hv = |i: usize, j: usize| h.get(i).and_then(|r| r.get(j)).copied().unwrap_or(f64::NAN);
    let gv = |i: usize| g.get(i).copied().unwrap_or(f64::NAN);
    (value, [gv(0), gv(1)], [[hv(0, 0), hv(0, 1)], [hv(1, 0), hv(1, 1)]])
}

/// `state().taylor` in two variables.
pub fn taylor_two(model: &Model, point: &[f64], order: usize) -> TaylorInfo {
    let (value, g, h) = local_data(model, point);
    let defined = value.is_finite() && g.iter().all(|v| v.is_finite());
    let eigen = if defined { symmetric_eigen(h) } else { None };
    TaylorInfo {
        order,
        center: point.to_vec(),
        coefficients: None,
        formula: None,
        tolerance: TOLERANCE,
        interval: None,
        hessian_eigen: eigen.map(|(values, vectors)| EigenInfo { values, vectors }),
        condition_number: eigen.and_then(|(values, _)| condition_number(values)),
        newton_step: if defined { newton_step(g, h) } else { None },
    }
}

/// |f − Tₙ| across the view on a log scale, with the tolerance as a line: the error is ~0 at
/// the point and grows like |x − a|ⁿ⁺¹ away from it.
pub fn taylor_error_chart(model: &Model, taylor: &Taylor, view: &View, order: usize) -> Chart {
    let n = 240;
    let points: Vec<[f64; 2]> = (0..=n)
        .map(|i| {
            let x = view.xmin + view.width() * i as f64 / n as f64;
            let e = (model.value_at(&[x]) - taylor.at(x)).abs();
            // An exact zero (at the point) would be −∞ on a log axis: floored at 1e-17.
            [x, if e.is_finite() { e.max(1e-17).log10() } else { f64::NAN }]
        })
        .collect();
    let mut chart = Chart::new(&format!("error |f − T{order}| (log)"), "x", "|f − Tₙ|", (view.xmin, view.xmax), (-17.0, 1.0));
    chart.log_y = true;
    chart.series.push(Series { name: format!("|f − T{order}|"), points, style: SeriesStyle::Main });
    chart.fit_y();
    let tol = TOLERANCE.log10();
    chart.series.push(Series { name: format!("tolerance {TOLERANCE}"), points: vec![[view.xmin, tol], [view.xmax, tol]], style: SeriesStyle::Cursor });
    chart
}

/// Tₙ over the graph's view (one variable).
pub fn add_taylor_curve(scene: &mut Scene, taylor: &Taylor) {
    if !taylor.is_defined() {
        return;
    }
    let view = scene.view;
    let n = 400;
    // Far outside the window the polynomial is cut, so no segment reaches huge values.
    let limit = 50.0 * view.height();
    let points: Vec<[f64; 2]> = (0..=n)
        .map(|i| {
            let x = view.xmin + view.width() * i as f64 / n as f64;
            let y = taylor.at(x);
            [x, if (y - 0.5 * (view.ymin + view.ymax)).abs() <= limit { y } else { f64::NAN }]
        })
        .collect();
    scene.polylines.push(Polyline { points, style: Style::Taylor });
}

/// On the map around the point: the model's level curves (straight lines for order 1, ellipses
/// or hyperbolas for order 2), and for order 2 the eigenvector axes with their λ and the
/// Newton step as an arrow.
pub fn add_local_model(scene: &mut Scene, model: &Model, point: &[f64], order: usize) {
    let (value, g, h) = local_data(model, point);
    if !(value.is_finite() && g.iter().all(|v| v.is_finite())) || point.len() < 2 {
        return;
    }
    let second = order >= 2 && h.iter().flatten().all(|v| v.is_finite());
    let q = |d: [f64; 2]| if second { quadratic(value, g, h, d) } else { value + g[0] * d[0] + g[1] * d[1] };
    let view = scene.view;
    let half = 0.3 * view.width().min(view.height());
    let n = 41;
    let side = |i: usize| -half + 2.0 * half * i as f64 / (n - 1) as f64;
    let mut values = Vec::with_capacity(n * n);
    for j in 0..n {
        for i in 0..n {
            values.push(q([side(i), side(j)]));
        }
    }
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    let levels = nice_levels(lo, hi, 8);
    let (x0, y0) = (point[0], point[1]);
    for curves in contour_levels(&values, n, n, &levels) {
        for line in curves.lines {
            let points = line.iter().map(|p| [x0 + side(0) + p[0] * 2.0 * half / (n - 1) as f64, y0 + side(0) + p[1] * 2.0 * half / (n - 1) as f64]).collect();
            scene.polylines.push(Polyline { points, style: Style::Quadratic });
        }
    }
    if !second {
        return;
    }
    if let Some((lambdas, vectors)) = symmetric_eigen(h) {
        // Each axis as long as the model's ellipse is in that direction: ∝ 1/√|λ|.
        let smallest = lambdas[0].abs().min(lambdas[1].abs()).max(1e-300);
        for (l, v) in lambdas.iter().zip(vectors) {
            let len = if *l == 0.0 { half } else { half * 0.8 * (smallest / l.abs()).sqrt() };
            let (a, b) = ([x0 - v[0] * len, y0 - v[1] * len], [x0 + v[0] * len, y0 + v[1] * len]);
            scene.polylines.push(Polyline { points: vec![a, b], style: Style::Eigen });
            scene.labels.push(Label { at: b, text: format!("λ = {}", format_number(*l)) });
        }
    }
    if let Some(step) = newton_step(g, h) {
        scene.arrows.push(Arrow { from: [x0, y0], to: [x0 + step[0], y0 + step[1]], style: Style::Newton });
    }
}

/// In the descent lab: λmax's eigenvector through the start, the direction plain descent
/// zig-zags along once η nears 2/λmax.
pub fn add_zigzag_axis(scene: &mut Scene, model: &Model, start: &[f64]) {
    let (_, _, h) = local_data(model, start);
    let Some((values, vectors)) = symmetric_eigen(h) else { return };
    if !(values[1] > 0.0) || start.len() < 2 {
        return;
    }
    let v = vectors[1];
    let len = 0.15 * scene.view.width().min(scene.view.height());
    let (a, b) = ([start[0] - v[0] * len, start[1] - v[1] * len], [start[0] + v[0] * len, start[1] + v[1] * len]);
    scene.polylines.push(Polyline { points: vec![a, b], style: Style::Eigen });
    scene.labels.push(Label { at: b, text: format!("λmax = {}: η ≈ 2/λmax = {} zig-zags along this", format_number(values[1]), format_number(2.0 / values[1])) });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_of_x2_plus_10y2_at_1_2() {
        let model = Model::new("x^2 + 10y^2").expect("parses");
        let t = taylor_two(&model, &[1.0, 2.0], 2);
        let eigen = t.hessian_eigen.expect("finite");
        assert_eq!(eigen.values, [2.0, 20.0]);
        assert_eq!(t.newton_step, Some([-1.0, -2.0]));
        assert_eq!(t.condition_number, Some(10.0));
        // x² − y² at (1, 1): a saddle, its model's level curves are hyperbolas around the point.
        let saddle = Model::new("x^2 - y^2").expect("parses");
        let mut scene = Scene { view: View::default(), ..Scene::default() };
        add_local_model(&mut scene, &saddle, &[1.0, 1.0], 2);
        assert!(scene.polylines.iter().filter(|l| l.style == Style::Quadratic).count() >= 4);
        assert_eq!(scene.polylines.iter().filter(|l| l.style == Style::Eigen).count(), 2);
        // Newton goes straight to the saddle (0, 0): −H⁻¹∇f = −(2/2, −2/−2) = (−1, −1).
        assert_eq!(scene.arrows[0].to, [0.0, 0.0]);
    }

    #[test]
    fn the_one_variable_state_has_the_formula_and_the_interval() {
        let model = Model::new("e^x").expect("parses");
        let tape = crate::compute::taylor::derivative_tape(&model, 3);
        let taylor = taylor_at(&tape, 0.0, 3);
        let info = taylor_one(&model, &taylor, 3, &View::default());
        assert_eq!(info.formula.as_deref(), Some("T3(x) = 1 + x + 1/2*x^2 + 1/6*x^3"));
        let [lo, hi] = info.interval.expect("defined");
        assert!(lo < -0.3 && hi > 0.3, "{lo} {hi}");
        let mut scene = Scene { view: View::default(), ..Scene::default() };
        add_taylor_curve(&mut scene, &taylor);
        assert_eq!(scene.polylines[0].points[200], [0.0, 1.0]);
    }
}
