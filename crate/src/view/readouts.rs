//! The small sums readouts show beside the raw numbers: the angle between ∇f and u, whether f
//! rises or falls at the point, how far a secant is from the tangent, how long a step was.
//! Computed here, once, so the page only prints them.

use serde::Serialize;

use crate::eval::numeric::norm;

/// Whether f rises, falls or is flat at the point, from the sign of f′.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// f′ > 0.
    Increasing,
    /// f′ < 0.
    Decreasing,
    /// f′ = 0 (to within rounding of f's own size): a critical point.
    Flat,
    /// f′ does not exist here.
    Undefined,
}

impl Trend {
    /// The trend of f at a point where f′ is `slope` and f is `value`: slopes within rounding
    /// of zero (relative to f's size) are flat, not "decreasing at the maximum".
    pub fn of(slope: f64, value: f64) -> Trend {
        if !(slope.is_finite() && value.is_finite()) {
            Trend::Undefined
        } else if slope.abs() <= 1e-12 * (1.0 + value.abs()) {
            Trend::Flat
        } else if slope > 0.0 {
            Trend::Increasing
        } else {
            Trend::Decreasing
        }
    }
}

/// θ in degrees between ∇f and u, from D_u f = ‖∇f‖ cos θ; `None` where ∇f is zero or undefined.
pub fn angle_to_gradient(gradient: &[f64], u: &[f64]) -> Option<f64> {
    let g = norm(gradient);
    let un = norm(u);
    if !(g.is_finite() && g > 0.0 && un.is_finite() && un > 0.0) {
        return None;
    }
    // Kahan's θ = 2·atan2(‖ĝ − û‖, ‖ĝ + û‖): exact near 0° and 180°, where acos of the
    // cosine loses half the digits (acos(1 − 2e-16) is 1e-6°, not 0°).
    let diff: Vec<f64> = gradient.iter().zip(u).map(|(a, b)| a / g - b / un).collect();
    let sum: Vec<f64> = gradient.iter().zip(u).map(|(a, b)| a / g + b / un).collect();
    Some((2.0 * norm(&diff).atan2(norm(&sum))).to_degrees())
}

/// |estimate − exact|, or `None` when either is undefined.
pub fn error_of(estimate: f64, exact: f64) -> Option<f64> {
    let e = (estimate - exact).abs();
    e.is_finite().then_some(e)
}

/// ‖b − a‖: the length of a step from a to b.
pub fn step_length(a: &[f64], b: &[f64]) -> f64 {
    let d: Vec<f64> = a.iter().zip(b).map(|(a, b)| b - a).collect();
    norm(&d)
}

/// A kink of f along one variable: f is continuous there but its slopes from the two sides
/// differ, so it has no derivative (`abs(x)` at 0: −1 and 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kink {
    /// The variable's index.
    pub var: usize,
    /// The slope from the left.
    pub left: f64,
    /// The slope from the right.
    pub right: f64,
}

/// The derivatives that can truthfully be shown at a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Honest {
    /// f is defined (finite) at the point.
    pub defined: bool,
    /// ∂f/∂xᵢ, NaN where there is none (f undefined, a kink, or a formula undefined there).
    pub gradient: Vec<f64>,
    /// Where f has a kink.
    pub kinks: Vec<Kink>,
    /// Why some derivative is not shown, for the learner.
    pub notes: Vec<String>,
}

/// Relative difference of the one-sided slopes that counts as a kink.
const KINK_RATIO: f64 = 1e-3;

/// Checks the exact `gradient` at `point` (where f is `value`) against f itself: nothing is
/// shown where f is undefined, and a kink (one-sided slopes that differ) has no derivative,
/// whatever the formula gives there (sign(0) = 0 for abs).
pub fn honest_gradient(f: impl Fn(&[f64]) -> f64, point: &[f64], value: f64, gradient: &[f64], names: &[String]) -> Honest {
    if !value.is_finite() {
        return Honest {
            defined: false,
            gradient: vec![f64::NAN; gradient.len()],
            kinks: Vec::new(),
            notes: vec!["f is undefined at this point, so it has no slope here".into()],
        };
    }
    // −0 is 0: ∇(x² − y²) at the saddle reads [0, 0], not [0, −0].
    let mut out: Vec<f64> = gradient.iter().map(|g| g + 0.0).collect();
    let mut kinks = Vec::new();
    let mut notes = Vec::new();
    let mut p = point.to_vec();
    for (i, g) in out.iter_mut().enumerate() {
        let a = point[i];
        let mut at = |t: f64| {
            p[i] = t;
            let v = f(&p);
            p[i] = a;
            v
        };
        // One-sided slopes at two steps: a smooth f's gap closes tenfold with the step (it is
        // about h·f″), a kink's stays.
        let mut sides = |h: f64| ((value - at(a - h)) / h, (at(a + h) - value) / h);
        let h = 1e-5 * a.abs().max(1.0);
        let (l1, r1) = sides(h);
        let (left, right) = sides(h / 10.0);
        let (wide, narrow) = ((r1 - l1).abs(), (right - left).abs());
        let name = names.get(i).map_or("x", String::as_str);
        let kink = [l1, r1, left, right].iter().all(|v| v.is_finite())
            && narrow > KINK_RATIO * (1.0 + left.abs() + right.abs())
            && narrow > 0.5 * wide;
        if kink {
            kinks.push(Kink { var: i, left, right });
            notes.push(format!("f has a kink in {name} here: no derivative, the slopes from the two sides are {} and {}", short(left), short(right)));
            *g = f64::NAN;
        } else if !g.is_finite() {
            notes.push(format!("∂f/∂{name} cannot be computed here from its formula (it may not exist, or be a limit the formula cannot reach)"));
            *g = f64::NAN;
        }
    }
    Honest { defined: true, gradient: out, kinks, notes }
}

/// A one-sided slope as the note shows it: rounded to what the quotient can tell.
fn short(v: f64) -> String {
    crate::expr::print::format_number((v * 1e4).round() / 1e4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_angles() {
        // ∇f = (2, 4) at (1, 2) of x² + y²; u along ∇f, against it and along the level curve.
        let g = [2.0, 4.0];
        assert_eq!(angle_to_gradient(&g, &[1.0, 2.0]), Some(0.0));
        assert!(angle_to_gradient(&g, &[-1.0, -2.0]).is_some_and(|t| (t - 180.0).abs() < 1e-6));
        assert!(angle_to_gradient(&g, &[-2.0, 1.0]).is_some_and(|t| (t - 90.0).abs() < 1e-9));
        assert_eq!(angle_to_gradient(&[0.0, 0.0], &[1.0, 0.0]), None);
    }

    #[test]
    fn kinks_and_undefined_points_have_no_slope() {
        let names = ["x".to_string()];
        let abs = |p: &[f64]| p[0].abs();
        let h = honest_gradient(abs, &[0.0], 0.0, &[0.0], &names);
        assert!(h.defined && h.gradient[0].is_nan());
        assert_eq!(h.kinks.len(), 1);
        assert!((h.kinks[0].left + 1.0).abs() < 1e-9 && (h.kinks[0].right - 1.0).abs() < 1e-9);
        // Away from the kink the slope stands.
        assert_eq!(honest_gradient(abs, &[2.0], 2.0, &[1.0], &names).gradient, [1.0]);
        // Where f is undefined nothing is shown, whatever the formula says (ln(x) at −1).
        let ln = |p: &[f64]| p[0].ln();
        let h = honest_gradient(ln, &[-1.0], f64::NAN, &[-1.0], &names);
        assert!(!h.defined && h.gradient[0].is_nan());
        // A smooth steep function is not a kink.
        let steep = |p: &[f64]| (1e3 * p[0]).sin();
        assert!(honest_gradient(steep, &[0.3], steep(&[0.3]), &[1e3 * (300f64).cos()], &names).kinks.is_empty());
    }

    #[test]
    fn trends_call_rounding_flat() {
        assert_eq!(Trend::of(-3.997e-15, 2.0), Trend::Flat);
        assert_eq!(Trend::of(-0.5, 2.0), Trend::Decreasing);
        assert_eq!(Trend::of(1e-3, 0.0), Trend::Increasing);
        assert_eq!(Trend::of(f64::NAN, 1.0), Trend::Undefined);
        assert_eq!(step_length(&[0.0, 0.0], &[3.0, 4.0]), 5.0);
        assert_eq!(error_of(6.5, 6.0), Some(0.5));
    }
}
