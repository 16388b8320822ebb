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
    fn trends_call_rounding_flat() {
        assert_eq!(Trend::of(-3.997e-15, 2.0), Trend::Flat);
        assert_eq!(Trend::of(-0.5, 2.0), Trend::Decreasing);
        assert_eq!(Trend::of(1e-3, 0.0), Trend::Increasing);
        assert_eq!(Trend::of(f64::NAN, 1.0), Trend::Undefined);
        assert_eq!(step_length(&[0.0, 0.0], &[3.0, 4.0]), 5.0);
        assert_eq!(error_of(6.5, 6.0), Some(0.5));
    }
}
