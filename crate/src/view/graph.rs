//! The one-variable view as a scene: the curve, f′, the tangent at a, the secant with step h,
//! and the critical and inflection points in view.

use crate::compute::critical::CriticalKind;
use crate::compute::roots::find_roots;
use crate::compute::curve::sample_curve;
use crate::compute::geometry::View;
use crate::eval::model::Model;
use crate::expr::tree::Expr;
use crate::view::scene::{Marker, Polyline, Scene, Style};

/// A point where f′ = 0 (critical) or f″ changes sign (inflection), in view.
#[derive(Debug, Clone, PartialEq)]
pub struct PointOfInterest {
    /// Where.
    pub x: f64,
    /// f there.
    pub value: f64,
    /// Min, max, or degenerate (f″ = 0 there too) for critical points.
    pub kind: Option<CriticalKind>,
}

/// The critical and the inflection points of a view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interest {
    /// Roots of f′, classified by f″.
    pub critical: Vec<PointOfInterest>,
    /// Sign changes of f″.
    pub inflections: Vec<PointOfInterest>,
}

/// f′(x), undefined where f is: a derivative never outlives f's domain (ln(x) has no slope at −1).
fn slope_at(model: &Model, x: f64) -> f64 {
    let (value, gradient) = model.value_grad_at(&[x]);
    if value.is_finite() { gradient.first().copied().unwrap_or(f64::NAN) } else { f64::NAN }
}

/// f″(x), undefined where f is.
fn second_at(model: &Model, x: f64) -> f64 {
    if !model.value_at(&[x]).is_finite() {
        return f64::NAN;
    }
    model.hessian_at(&[x]).first().and_then(|r| r.first()).copied().unwrap_or(f64::NAN)
}

/// Gradient evaluations [`points_of_interest`] takes, about: 600 samples each of f′ and of f″
/// (a Hessian pass costs two), bisection, and the classification (measured: 7 ms natively for
/// (x+1)…(x+50), whose value-and-gradient tape costs 1,423).
const INTEREST_EVALS: usize = 5_000;

/// Whether [`points_of_interest`] takes longer than a frame may: it is then run between frames.
pub fn interest_is_heavy(model: &Model) -> bool {
    model.value_grad.cost() * INTEREST_EVALS > crate::view::FRAME_WORK
}

/// Critical points (roots of f′) and inflection points (sign changes of f″) in `[a, b]`.
pub fn points_of_interest(model: &Model, a: f64, b: f64) -> Interest {
    let derivative = |x: f64| slope_at(model, x);
    let second = |x: f64| second_at(model, x);
    // Roots are found to about 1e-15 of the view; one that close to 0 is 0 (x³ at −7.6e-16).
    let clean = |x: f64| if x.abs() < 1e-9 * (b - a).abs() { 0.0 } else { x };
    // A critical point is isolated: where f′ is 0 on a whole stretch (sign(x), floor(x), a
    // constant) every point is one, and the root finder would name only the view's ends.
    let isolated = |&x: &f64| {
        let d = (b - a) * 1e-4;
        derivative(x - d) != 0.0 || derivative(x + d) != 0.0
    };
    let critical_x: Vec<f64> = find_roots(derivative, a, b, 600).into_iter().map(clean).filter(isolated).collect();
    let inflection_x: Vec<f64> = find_roots(second, a, b, 600)
        .into_iter()
        .map(clean)
        // An inflection needs f″ to change sign, not just touch zero.
        .filter(|&x| {
            let d = (b - a) * 1e-4;
            second(x - d) * second(x + d) < 0.0
        })
        .collect();
    let critical = critical_x
        .into_iter()
        .map(|x| {
            let f2 = second_at(model, x);
            let scale = 1e-9 * (1.0 + f2.abs());
            let kind = if f2 > scale {
                CriticalKind::Min
            } else if f2 < -scale {
                CriticalKind::Max
            } else {
                CriticalKind::Degenerate
            };
            PointOfInterest { x, value: model.value_at(&[x]), kind: Some(kind) }
        })
        .collect();
    let inflections = inflection_x.into_iter().map(|x| PointOfInterest { x, value: model.value_at(&[x]), kind: None }).collect();
    Interest { critical, inflections }
}

/// The curves of f, f′, f″ and a learner's f′ as last sampled, for the function, view and width
/// they were sampled for: dragging the point moves only the tangent and the secant.
#[derive(Debug, Clone, Default)]
pub struct Curves {
    key: Option<(u64, View, usize, bool, bool, u64)>,
    polylines: Vec<Polyline>,
}

/// What the graph shows besides f.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphOptions {
    /// Draw f′ too.
    pub show_derivative: bool,
    /// Draw the secant with step h.
    pub show_secant: bool,
    /// Draw f″ too.
    pub show_second: bool,
    /// The secant through a − h and a + h (central difference) instead of a and a + h.
    pub central: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions { show_derivative: true, show_secant: true, show_second: false, central: false }
    }
}

/// f′, f″, f and a learner's f′ as curves over the view, in drawing order.
fn sample_curves(model: &Model, view: View, width_px: usize, options: GraphOptions, answer: Option<&Expr>) -> Vec<Polyline> {
    let (x0, x1, y0, y1) = (view.xmin, view.xmax, view.ymin, view.ymax);
    let mut out = Vec::new();
    if options.show_derivative {
        let derivative = |x: f64| slope_at(model, x);
        for points in sample_curve(derivative, x0, x1, y0, y1, width_px) {
            out.push(Polyline { points, style: Style::Derivative });
        }
    }
    if options.show_second {
        let second = |x: f64| second_at(model, x);
        for points in sample_curve(second, x0, x1, y0, y1, width_px) {
            out.push(Polyline { points, style: Style::SecondDerivative });
        }
    }
    let f = |x: f64| model.value_at(&[x]);
    for points in sample_curve(f, x0, x1, y0, y1, width_px) {
        out.push(Polyline { points, style: Style::Curve });
    }
    // The learner's f′ from "check my derivative", beside the exact one (over f, which a wrong
    // answer is sometimes equal to: e^(x²) for the derivative of e^(x²)).
    if let Some(answer) = answer {
        for points in sample_curve(|x| answer.eval(&[x]), x0, x1, y0, y1, width_px) {
            out.push(Polyline { points, style: Style::Answer });
        }
    }
    out
}

/// Builds the graph scene for the point `a` and secant step `h`, marking `interest`.
#[allow(clippy::too_many_arguments)]
pub fn graph_scene(model: &Model, version: u64, curves: &mut Curves, view: View, width_px: usize, a: f64, h: f64, options: GraphOptions, interest: &Interest, answer: Option<&Expr>) -> Scene {
    // A constant (`2`, `pi`) has no variable: it is drawn as a horizontal line over x.
    let x_name = model.parsed.vars.first().cloned().unwrap_or_else(|| "x".into());
    let mut scene = Scene { view, axis_names: (x_name, "y".into()), ..Scene::default() };
    let answer_hash = answer.map_or(0, |e| {
        use std::hash::{Hash, Hasher};
        let mut hash = std::collections::hash_map::DefaultHasher::new();
        e.hash(&mut hash);
        hash.finish() | 1
    });
    let key = (version, view, width_px, options.show_derivative, options.show_second, answer_hash);
    if curves.key != Some(key) {
        curves.polylines = sample_curves(model, view, width_px, options, answer);
        curves.key = Some(key);
    }
    scene.polylines.extend(curves.polylines.iter().cloned());
    let (x0, x1) = (view.xmin, view.xmax);
    let f = |x: f64| model.value_at(&[x]);
    let (fa, slope) = {
        let (v, g) = model.value_grad_at(&[a]);
        // No tangent where there is no derivative: at a kink, or where f is undefined.
        let honest = crate::view::readouts::honest_gradient(|p| model.value_at(p), &[a], v, &g, &model.parsed.vars);
        (v, honest.gradient.first().copied().unwrap_or(f64::NAN))
    };
    if fa.is_finite() && slope.is_finite() {
        let line = |x: f64| fa + slope * (x - a);
        scene.polylines.push(Polyline { points: vec![[x0, line(x0)], [x1, line(x1)]], style: Style::Tangent });
    }
    if options.show_secant {
        // Forward: through (a, f(a)) and (a + h, f(a + h)); central: through a − h and a + h.
        let (left, right) = if options.central { (a - h, a + h) } else { (a, a + h) };
        let (fl, fr) = (f(left), f(right));
        let secant = (fr - fl) / (right - left);
        if fl.is_finite() && fr.is_finite() && secant.is_finite() {
            let line = |x: f64| fl + secant * (x - left);
            scene.polylines.push(Polyline { points: vec![[x0, line(x0)], [x1, line(x1)]], style: Style::Secant });
            scene.markers.push(Marker { at: [right, fr], style: Style::Secant });
            if options.central {
                scene.markers.push(Marker { at: [left, fl], style: Style::Secant });
            }
        }
    }
    for p in &interest.critical {
        let style = match p.kind {
            Some(CriticalKind::Min) => Style::CriticalMin,
            Some(CriticalKind::Max) => Style::CriticalMax,
            _ => Style::CriticalDegenerate,
        };
        scene.markers.push(Marker { at: [p.x, p.value], style });
    }
    for p in &interest.inflections {
        scene.markers.push(Marker { at: [p.x, p.value], style: Style::CriticalSaddle });
    }
    if fa.is_finite() {
        scene.markers.push(Marker { at: [a, fa], style: Style::Point });
    }
    scene
}
