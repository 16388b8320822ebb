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
    let theta = (2.0 * norm(&diff).atan2(norm(&sum))).to_degrees();
    // u set along ∇f, against it or along the level curve differs from ĝ here in the last bit
    // (7.1e-15° for "along ∇f" at (1, 2)): that is the angle the learner chose.
    let right = (theta / 90.0).round() * 90.0;
    Some(if (theta - right).abs() < 1e-9 { right } else { theta })
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
/// The one-sided steps tried, each a tenth of the last, from 1e-5 (relative to the point) to
/// 1e-10: a point a little way from a corner, jump or pole is smooth at the steps shorter than
/// that way (abs(x) at 1e-7, tan(x) 3e-8 from π/2).
const LEVELS: i32 = 6;

/// What f looks like along one variable at a pair of steps `h` and `h/10` from the point.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    /// The one-sided slopes agree ever more closely: f has a derivative here.
    Smooth,
    /// f is not finite on some side at these steps: nothing is told.
    Unknown,
    /// On some side f stays away from f(a) however short the step: a jump (sign(x) at 0).
    Jump,
    /// On some side the slope grows as the step shrinks: a vertical tangent or a cusp (x^(2/3)).
    Unbounded,
    /// Both sides have slopes, and they differ: a corner (abs(x) at 0: −1 and 1).
    Kink { left: f64, right: f64 },
}

/// The shape of f at `a` (where it is `value`) with steps `h` and `h/10`.
fn shape(at: &mut impl FnMut(f64) -> f64, a: f64, value: f64, h: f64) -> Shape {
    let (far, near) = ([at(a - h), at(a + h)], [at(a - h / 10.0), at(a + h / 10.0)]);
    if far.iter().chain(&near).any(|v| !v.is_finite()) {
        return Shape::Unknown;
    }
    // Rounding leaves f(a ± h) a few ulps from f(a) even where f is flat: not a jump.
    let noise = 1e-9 * (1.0 + value.abs());
    let jump = (0..2).any(|i| (near[i] - value).abs() > noise.max(0.5 * (far[i] - value).abs()));
    if jump {
        return Shape::Jump;
    }
    // Slopes from the left and from the right, at h and at h/10.
    let (l1, r1) = ((value - far[0]) / h, (far[1] - value) / h);
    let (left, right) = (10.0 * (value - near[0]) / h, 10.0 * (near[1] - value) / h);
    let grows = |wide: f64, narrow: f64| narrow.abs() > 1.5 * wide.abs() && narrow.abs() - wide.abs() > KINK_RATIO * (1.0 + wide.abs());
    if grows(l1, left) || grows(r1, right) {
        return Shape::Unbounded;
    }
    // A smooth f's gap closes tenfold with the step (it is about h·f″), a kink's stays.
    let (wide, narrow) = ((r1 - l1).abs(), (right - left).abs());
    if narrow > KINK_RATIO * (1.0 + left.abs() + right.abs()) && narrow > 0.5 * wide {
        return Shape::Kink { left, right };
    }
    Shape::Smooth
}

/// Checks the exact `gradient` at `point` (where f is `value`) against f itself: nothing is
/// shown where f is undefined, and where f jumps, has a kink or a slope without bound there is
/// no derivative, whatever the formula gives there (sign(0) = 0 for abs, 0 for sign).
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
        // Smooth at any step: the derivative stands. Otherwise the longest step that tells
        // something says what f does here.
        let scale = 1e-5 * a.abs().max(1.0);
        let mut told = None;
        for k in 0..LEVELS {
            match shape(&mut at, a, value, scale / 10f64.powi(k)) {
                Shape::Smooth => {
                    told = None;
                    break;
                }
                Shape::Unknown => {}
                other => {
                    told.get_or_insert(other);
                }
            }
        }
        let name = names.get(i).map_or("x", String::as_str);
        match told {
            Some(Shape::Kink { left, right }) => {
                kinks.push(Kink { var: i, left, right });
                notes.push(format!("f has a kink in {name} here: no derivative, the slopes from the two sides are {} and {}", short(left), short(right)));
            }
            Some(Shape::Jump) => notes.push(format!("f jumps in {name} here (it is not continuous), so it has no derivative")),
            Some(_) => notes.push(format!("the slope of f in {name} grows without bound here (a vertical tangent or a cusp): no derivative")),
            None if !g.is_finite() => {
                notes.push(format!("∂f/∂{name} cannot be computed here from its formula (it may not exist, or be a limit the formula cannot reach)"));
            }
            None => continue,
        }
        *g = f64::NAN;
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
        // A last-bit difference from ĝ is the angle chosen, 0° (the walk read 7.112e-15°).
        let g: [f64; 2] = [3.167_706_0, 0.583_853_2];
        let u = [g[0] / g[0].hypot(g[1]), f64::from_bits((g[1] / g[0].hypot(g[1])).to_bits() + 2)];
        assert_eq!(angle_to_gradient(&g, &u), Some(0.0));
        assert!(angle_to_gradient(&g, &[g[0], g[1] * 1.001]).is_some_and(|t| t > 1e-3));
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

    /// sign(x), 0 at 0 (as the engine's `sign`).
    fn sign(x: f64) -> f64 {
        if x == 0.0 { 0.0 } else { x.signum() }
    }

    /// The gradient `honest_gradient` lets through for `f` at `a`, with its notes.
    fn told(f: fn(f64) -> f64, a: f64, formula: f64) -> (f64, Vec<String>) {
        let h = honest_gradient(|p: &[f64]| f(p[0]), &[a], f(a), &[formula], &["x".to_string()]);
        (h.gradient[0], h.notes)
    }

    #[test]
    fn jumps_and_unbounded_slopes_have_no_derivative() {
        // sign(x) at 0: both one-sided quotients are 1/h, equal, but f jumps.
        let (g, notes) = told(sign, 0.0, 0.0);
        assert!(g.is_nan() && notes[0].contains("jumps"), "{notes:?}");
        // floor at 1, round at 0.5, ceil at 2: jumps, not kinks with slopes of a million.
        for (f, a) in [(f64::floor as fn(f64) -> f64, 1.0), (f64::round, 0.5), (f64::ceil, 2.0)] {
            let (g, notes) = told(f, a, 0.0);
            assert!(g.is_nan() && notes[0].contains("jumps"), "{a}: {notes:?}");
        }
        // x^(2/3) at 0 is a cusp: its slopes grow without bound, they are not ±100.
        let (g, notes) = told(|x| x.abs().cbrt().powi(2), 0.0, f64::NAN);
        assert!(g.is_nan() && notes[0].contains("without bound"), "{notes:?}");
    }

    #[test]
    fn a_point_near_a_corner_jump_or_pole_keeps_its_derivative() {
        // The walk's cases: each is smooth at steps shorter than its distance to the feature.
        assert_eq!(told(f64::abs, 1e-7, 1.0), (1.0, vec![]));
        assert_eq!(told(|x| 1.0 / x, 1e-6, -1e12), (-1e12, vec![]));
        let a: f64 = 1.570_796_3;
        let sec2 = 1.0 / a.cos().powi(2);
        assert_eq!(told(f64::tan, a, sec2), (sec2, vec![]));
        assert_eq!(told(sign, 1e-9, 0.0), (0.0, vec![]));
        assert_eq!(told(f64::floor, 0.999_999_999, 0.0), (0.0, vec![]));
        // ln(x) beside its domain's edge.
        assert_eq!(told(f64::ln, 1e-7, 1e7), (1e7, vec![]));
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
