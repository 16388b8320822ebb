//! Local models at a point: the Taylor polynomial of one variable (exact coefficients where
//! they are fractions), and in two variables the quadratic model f(p) + ∇f·d + ½ dᵀH d with the
//! Hessian's eigen-decomposition, condition number and Newton step −H⁻¹∇f.

use crate::eval::model::Model;
use crate::eval::tape::Tape;
use crate::expr::diff::{derivative, derivative_size_bound};
use crate::expr::print::format_number;
use crate::expr::ratio::ratio;
use crate::expr::tree::Expr;

/// Highest order offered.
pub const MAX_ORDER: usize = 10;
/// Work allowed for the derivatives of orders 3 and up (nodes, as [`derivative_size_bound`]
/// counts them): past it, the higher coefficients are unknown rather than slow.
const MAX_WORK: usize = 200_000;
/// Tolerance of the interval readout: where |f − Tₙ| stays below it.
pub const TOLERANCE: f64 = 0.01;

/// f, f′, …, f⁽ⁿ⁾ of a one-variable function compiled into one tape. Orders whose derivative
/// would be too large to build are left out (the tape then has fewer outputs).
pub fn derivative_tape(model: &Model, order: usize) -> Tape {
    let mut exprs: Vec<Expr> = vec![model.parsed.expr.clone()];
    let mut work = 0usize;
    for k in 1..=order.min(MAX_ORDER) {
        let next = match k {
            1 => model.derivatives.gradient.first().cloned(),
            _ => {
                let prev = &exprs[k - 1];
                work = work.saturating_add(derivative_size_bound(prev));
                (work <= MAX_WORK).then(|| derivative(prev, 0))
            }
        };
        match next {
            Some(e) => exprs.push(e),
            None => break,
        }
    }
    let refs: Vec<&Expr> = exprs.iter().collect();
    Tape::compile(&refs, 1)
}

/// A fraction p/q in lowest terms, q > 0.
pub type Fraction = (i128, i128);

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

fn factorial(k: usize) -> i128 {
    (1..=k as i128).product()
}

/// The coefficient f⁽ᵏ⁾(a)/k! as a fraction, when f⁽ᵏ⁾(a) is (the float of) a small fraction:
/// 1/k! stays exact up to k = 10, where the float 1/3628800 would not read back as one.
pub fn exact_coefficient(derivative: f64, k: usize) -> Option<Fraction> {
    let (p, q) = ratio(derivative)?;
    let (p, q) = (p as i128, q as i128 * factorial(k));
    let g = gcd(p, q);
    Some((p / g, q / g))
}

/// The Taylor polynomial of order n at a: its coefficients of (x − a)ᵏ, from f⁽ᵏ⁾(a).
#[derive(Debug, Clone, PartialEq)]
pub struct Taylor {
    /// The centre a.
    pub center: f64,
    /// f⁽ᵏ⁾(a)/k! for k = 0 … n (NaN where unknown).
    pub coefficients: Vec<f64>,
    /// The same as fractions, where exact.
    pub exact: Vec<Option<Fraction>>,
}

impl Taylor {
    /// The polynomial from the derivatives f(a), f′(a), … at `center`.
    pub fn new(center: f64, derivatives: &[f64]) -> Taylor {
        let coefficients = derivatives.iter().enumerate().map(|(k, d)| d / factorial(k) as f64).collect();
        let exact = derivatives.iter().enumerate().map(|(k, &d)| exact_coefficient(d, k)).collect();
        Taylor { center, coefficients, exact }
    }

    /// Whether every coefficient is known.
    pub fn is_defined(&self) -> bool {
        self.coefficients.iter().all(|c| c.is_finite())
    }

    /// Tₙ(x), by Horner's rule in (x − a).
    pub fn at(&self, x: f64) -> f64 {
        let d = x - self.center;
        self.coefficients.iter().rev().fold(0.0, |acc, c| acc * d + c)
    }

    /// The formula, with exact fractions where known: `1 + x + 1/2*x^2 + 1/6*x^3`, or in
    /// powers of `(x - a)` away from 0.
    pub fn formula(&self, var: &str) -> String {
        let base = if self.center == 0.0 {
            var.to_string()
        } else if self.center > 0.0 {
            format!("({var} - {})", format_number(self.center))
        } else {
            format!("({var} + {})", format_number(-self.center))
        };
        let mut out = String::new();
        for (k, (&c, exact)) in self.coefficients.iter().zip(&self.exact).enumerate() {
            if c == 0.0 {
                continue;
            }
            let (negative, magnitude) = match exact {
                Some((p, q)) if *q == 1 => (*p < 0, p.abs().to_string()),
                Some((p, q)) => (*p < 0, format!("{}/{}", p.abs(), q)),
                None => (c < 0.0, format_number(c.abs())),
            };
            let power = match k {
                0 => String::new(),
                1 => base.clone(),
                _ => format!("{base}^{k}"),
            };
            let term = match (k, magnitude.as_str()) {
                (0, m) => m.to_string(),
                (_, "1") => power,
                (_, m) => format!("{m}*{power}"),
            };
            if out.is_empty() {
                out = if negative { format!("-{term}") } else { term };
            } else {
                out.push_str(if negative { " - " } else { " + " });
                out.push_str(&term);
            }
        }
        if out.is_empty() {
            out.push('0');
        }
        out
    }

    /// The widest interval [lo, hi] around a, within `reach` on each side, where
    /// |f − Tₙ| ≤ `tolerance`, found in 400 steps per side; `None` if it fails at a itself.
    pub fn within(&self, f: impl Fn(f64) -> f64, tolerance: f64, reach: f64) -> Option<(f64, f64)> {
        let ok = |x: f64| {
            let e = (f(x) - self.at(x)).abs();
            e.is_finite() && e <= tolerance
        };
        if !ok(self.center) || !(reach.is_finite() && reach > 0.0) {
            return None;
        }
        let steps = 400;
        let edge = |sign: f64| {
            let mut last = self.center;
            for i in 1..=steps {
                let x = self.center + sign * reach * i as f64 / steps as f64;
                if !ok(x) {
                    break;
                }
                last = x;
            }
            last
        };
        Some((edge(-1.0), edge(1.0)))
    }
}

/// Eigenvalues (ascending) and unit eigenvectors of a symmetric 2 × 2 matrix (the off-diagonal
/// entries averaged); `None` for non-finite entries.
pub fn symmetric_eigen(h: [[f64; 2]; 2]) -> Option<([f64; 2], [[f64; 2]; 2])> {
    let [[a, b1], [b2, d]] = h;
    let b = 0.5 * (b1 + b2);
    if ![a, b, d].iter().all(|v| v.is_finite()) {
        return None;
    }
    let mean = 0.5 * (a + d);
    let r = (0.5 * (a - d)).hypot(b);
    let (small, big) = (mean - r, mean + r);
    if !(small.is_finite() && big.is_finite()) {
        return None;
    }
    // The eigenvector of λ: (b, λ − a) or (λ − d, b), whichever is longer (the other may vanish).
    let vector = |l: f64| {
        let (v1, v2) = ([b, l - a], [l - d, b]);
        let v = if v1[0].hypot(v1[1]) >= v2[0].hypot(v2[1]) { v1 } else { v2 };
        let n = v[0].hypot(v[1]);
        // The sign is a convention: the larger component positive, so (1, 0), not (−1, 0).
        let n = if v[0].abs().max(v[1].abs()) == v[0].abs() { n * v[0].signum() } else { n * v[1].signum() };
        if n != 0.0 && n.is_finite() {
            [v[0] / n, v[1] / n]
        } else {
            // A multiple of the identity: every direction is an eigenvector; the axes are chosen.
            if l == small { [1.0, 0.0] } else { [0.0, 1.0] }
        }
    };
    let (mut v_small, v_big) = (vector(small), vector(big));
    if r == 0.0 {
        v_small = [1.0, 0.0];
        return Some(([small, big], [v_small, [0.0, 1.0]]));
    }
    Some(([small, big], [v_small, v_big]))
}

/// Whether H is singular at working precision: |det| below 1e-12 of the squared largest entry.
fn singular(h: [[f64; 2]; 2]) -> bool {
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let scale = h.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    !(det.is_finite() && scale.is_finite()) || det.abs() <= 1e-12 * scale * scale
}

/// The Newton step −H⁻¹∇f, or `None` when H is singular or anything is not finite.
pub fn newton_step(gradient: [f64; 2], h: [[f64; 2]; 2]) -> Option<[f64; 2]> {
    if singular(h) || !gradient.iter().all(|g| g.is_finite()) {
        return None;
    }
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let [gx, gy] = gradient;
    let step = [-(h[1][1] * gx - h[0][1] * gy) / det, -(-h[1][0] * gx + h[0][0] * gy) / det];
    step.iter().all(|s| s.is_finite()).then_some(step)
}

/// |λ|max / |λ|min, or `None` when H is singular.
pub fn condition_number(values: [f64; 2]) -> Option<f64> {
    let (lo, hi) = (values[0].abs().min(values[1].abs()), values[0].abs().max(values[1].abs()));
    let c = hi / lo;
    (lo > 0.0 && c.is_finite() && c < 1e12).then_some(c)
}

/// The quadratic model's value at offset d from the point: f + ∇f·d + ½ dᵀH d.
pub fn quadratic(value: f64, gradient: [f64; 2], h: [[f64; 2]; 2], d: [f64; 2]) -> f64 {
    let hd = [h[0][0] * d[0] + h[0][1] * d[1], h[1][0] * d[0] + h[1][1] * d[1]];
    value + gradient[0] * d[0] + gradient[1] * d[1] + 0.5 * (d[0] * hd[0] + d[1] * hd[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derivatives_at(text: &str, order: usize, a: f64) -> Vec<f64> {
        let model = Model::new(text).expect("parses");
        let tape = derivative_tape(&model, order);
        let mut out = vec![f64::NAN; tape.n_outputs()];
        tape.eval_point(&[a], &mut out);
        out
    }

    #[test]
    fn e_to_the_x_at_0_has_coefficients_one_over_k_factorial_exactly() {
        let t = Taylor::new(0.0, &derivatives_at("e^x", 10, 0.0));
        assert_eq!(t.coefficients.len(), 11);
        for (k, c) in t.coefficients.iter().enumerate() {
            assert!((c - 1.0 / factorial(k) as f64).abs() < 1e-15, "{k}: {c}");
            assert_eq!(t.exact[k], Some((1, factorial(k))));
        }
        assert_eq!(
            Taylor::new(0.0, &derivatives_at("e^x", 3, 0.0)).formula("x"),
            "1 + x + 1/2*x^2 + 1/6*x^3"
        );
        assert!(t.formula("x").ends_with("1/3628800*x^10"));
        // T₁₀(1) is e to 1e-7 (the remainder is below 1/11!).
        assert!((t.at(1.0) - std::f64::consts::E).abs() < 3e-8);
    }

    #[test]
    fn polynomials_are_their_own_taylor_polynomials_about_any_centre() {
        // x³ − 3x at a = 2: f = 2, f′ = 9, f″/2 = 6, f‴/6 = 1.
        let t = Taylor::new(2.0, &derivatives_at("x^3 - 3x", 4, 2.0));
        assert_eq!(t.coefficients, vec![2.0, 9.0, 6.0, 1.0, 0.0]);
        assert_eq!(t.formula("x"), "2 + 9*(x - 2) + 6*(x - 2)^2 + (x - 2)^3");
        for x in [-3.0, 0.5, 7.0] {
            assert!((t.at(x) - (x * x * x - 3.0 * x)).abs() < 1e-9);
        }
        // sin at 0: x − x³/6 + x⁵/120, with zeros left out and signs right.
        let s = Taylor::new(0.0, &derivatives_at("sin(x)", 5, 0.0));
        assert_eq!(s.formula("x"), "x - 1/6*x^3 + 1/120*x^5");
        // A centre below 0 prints (x + 1).
        assert!(Taylor::new(-1.0, &[1.0, 2.0]).formula("x").contains("(x + 1)"));
    }

    #[test]
    fn the_interval_within_the_tolerance_grows_with_the_order() {
        let f = |x: f64| x.exp();
        let widths: Vec<f64> = [1, 2, 4, 8]
            .iter()
            .map(|&n| {
                let t = Taylor::new(0.0, &derivatives_at("e^x", n, 0.0));
                let (lo, hi) = t.within(f, TOLERANCE, 5.0).expect("T(a) = f(a)");
                assert!(lo < 0.0 && hi > 0.0);
                // At the ends the error is at most the tolerance (by construction) …
                assert!((f(hi) - t.at(hi)).abs() <= TOLERANCE);
                hi - lo
            })
            .collect();
        assert!(widths.windows(2).all(|w| w[1] > w[0]), "{widths:?}");
        // … and for T₁ by hand: eˣ − 1 − x = 0.01 at x ≈ 0.1382 and x ≈ −0.1448 (steps of 0.0025).
        let t1 = Taylor::new(0.0, &derivatives_at("e^x", 1, 0.0));
        let (lo, hi) = t1.within(f, TOLERANCE, 1.0).expect("defined");
        assert!((hi - 0.1382).abs() < 0.0026 && (lo + 0.1448).abs() < 0.0026, "{lo} {hi}");
    }

    #[test]
    fn x2_plus_10y2_has_eigenvalues_2_and_20_and_newton_lands_on_the_minimum() {
        let model = Model::new("x^2 + 10y^2").expect("parses");
        let (_, g) = model.value_grad_at(&[1.0, 2.0]);
        let h = model.hessian_at(&[1.0, 2.0]);
        let h = [[h[0][0], h[0][1]], [h[1][0], h[1][1]]];
        let (values, vectors) = symmetric_eigen(h).expect("finite");
        assert_eq!(values, [2.0, 20.0]);
        assert_eq!(vectors, [[1.0, 0.0], [0.0, 1.0]]);
        assert_eq!(newton_step([g[0], g[1]], h), Some([-1.0, -2.0]));
        assert_eq!(condition_number(values), Some(10.0));
        // The quadratic model of a quadratic is the function itself.
        for d in [[0.5, -1.0], [-3.0, 2.0]] {
            let q = quadratic(model.value_at(&[1.0, 2.0]), [g[0], g[1]], h, d);
            assert!((q - model.value_at(&[1.0 + d[0], 2.0 + d[1]])).abs() < 1e-12);
        }
    }

    #[test]
    fn saddles_have_eigenvalues_of_both_signs_and_singular_hessians_no_newton_step() {
        // x² − y²: eigenvalues −2 and 2, eigenvectors the axes.
        let (values, vectors) = symmetric_eigen([[2.0, 0.0], [0.0, -2.0]]).expect("finite");
        assert_eq!(values, [-2.0, 2.0]);
        assert_eq!(vectors[0].map(f64::abs), [0.0, 1.0]);
        // xy: eigenvalues ∓1 along the diagonals.
        let (values, vectors) = symmetric_eigen([[0.0, 1.0], [1.0, 0.0]]).expect("finite");
        assert_eq!(values, [-1.0, 1.0]);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vectors[1][0] - s).abs() < 1e-15 && (vectors[1][1] - s).abs() < 1e-15);
        assert!((vectors[0][0] * vectors[0][1] + 0.5).abs() < 1e-15);
        // x² (as a function of x and y): H singular, no Newton step, no condition number.
        assert_eq!(newton_step([2.0, 0.0], [[2.0, 0.0], [0.0, 0.0]]), None);
        assert_eq!(condition_number([0.0, 2.0]), None);
        assert_eq!(symmetric_eigen([[f64::NAN, 0.0], [0.0, 1.0]]), None);
        // A multiple of the identity: the axes.
        assert_eq!(symmetric_eigen([[3.0, 0.0], [0.0, 3.0]]), Some(([3.0, 3.0], [[1.0, 0.0], [0.0, 1.0]])));
    }

    #[test]
    fn too_complex_high_derivatives_are_left_out_not_built() {
        // A deep nest: the high derivatives are refused by the work bound, quickly.
        let model = Model::new("sin(cos(sin(cos(sin(cos(x))))))*exp(sin(x^2))").expect("parses");
        let started = std::time::Instant::now();
        let tape = derivative_tape(&model, 10);
        assert!(tape.n_outputs() >= 3 && tape.n_outputs() <= 11);
        assert!(started.elapsed().as_secs_f64() < 5.0);
    }
}
