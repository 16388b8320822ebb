//! Exact rational constants inside f64s. A constant the learner typed as `2/3` is folded to the
//! f64 nearest 2/3; folding `2/3 − 1` in f64 would give a neighbour of −1/3, and printing it to
//! six digits a wrong formula. Here a float is read back as the small fraction it is the nearest
//! float to, arithmetic on such floats is done on the fractions, and the result is again the
//! nearest float: so `2/3 − 1` is exactly the float of −1/3 and prints as `-1/3`.

/// Largest denominator recognised: plenty for what people type, small enough that a float
/// with no simple fraction behind it is not mistaken for one.
pub const MAX_DENOMINATOR: i64 = 100_000;
/// Largest numerator kept exact (so products of two stay within i128 easily).
const MAX_NUMERATOR: i128 = 1 << 53;

/// The fraction p/q (q > 0, in lowest terms, q ≤ [`MAX_DENOMINATOR`]) whose nearest float is
/// exactly `v`, found by continued fractions; `None` for other floats.
pub fn ratio(v: f64) -> Option<(i64, i64)> {
    if !v.is_finite() || v.abs() > MAX_NUMERATOR as f64 {
        return None;
    }
    if v.fract() == 0.0 {
        return Some((v as i64, 1));
    }
    // Convergents h/k of the continued fraction of |v|.
    let (mut h0, mut h1, mut k0, mut k1) = (0i128, 1i128, 1i128, 0i128);
    let mut x = v.abs();
    for _ in 0..64 {
        let a = x.floor();
        let (h2, k2) = (a as i128 * h1 + h0, a as i128 * k1 + k0);
        if k2 > MAX_DENOMINATOR as i128 || h2 > MAX_NUMERATOR {
            return None;
        }
        if h2 as f64 / k2 as f64 == v.abs() {
            let p = if v < 0.0 { -h2 } else { h2 };
            return Some((p as i64, k2 as i64));
        }
        let rest = x - a;
        if rest == 0.0 {
            return None;
        }
        x = 1.0 / rest;
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
    }
    None
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// The float nearest p/q, when the fraction stays small enough to be read back.
fn exact(p: i128, q: i128) -> Option<f64> {
    let g = gcd(p, q);
    let (p, q) = (p / g, q / g);
    (q <= MAX_DENOMINATOR as i128 && p.abs() <= MAX_NUMERATOR).then(|| p as f64 / q as f64)
}

/// The sum of `values`: exact when each is a small fraction (and the result is one), else the
/// float sum.
pub fn sum(values: &[f64]) -> f64 {
    let exact_sum = || {
        let (mut p, mut q) = (0i128, 1i128);
        for &v in values {
            let (a, b) = ratio(v)?;
            (p, q) = (p.checked_mul(b as i128)?.checked_add((a as i128).checked_mul(q)?)?, q.checked_mul(b as i128)?);
            let g = gcd(p, q);
            (p, q) = (p / g, q / g);
        }
        exact(p, q)
    };
    exact_sum().unwrap_or_else(|| values.iter().sum())
}

/// The product of `values`, exact in the same way as [`sum`].
pub fn product(values: &[f64]) -> f64 {
    let exact_product = || {
        let (mut p, mut q) = (1i128, 1i128);
        for &v in values {
            let (a, b) = ratio(v)?;
            (p, q) = (p.checked_mul(a as i128)?, q.checked_mul(b as i128)?);
            let g = gcd(p, q);
            (p, q) = (p / g, q / g);
        }
        exact(p, q)
    };
    exact_product().unwrap_or_else(|| values.iter().product())
}

/// `base^n` for an integer n, exact for a small fraction (`3^-1` is the float of 1/3).
pub fn powi(base: f64, n: f64) -> Option<f64> {
    if n.fract() != 0.0 || n.abs() > 64.0 {
        return None;
    }
    let (a, b) = ratio(base)?;
    if a == 0 && n < 0.0 {
        return None;
    }
    let (mut p, mut q) = (1i128, 1i128);
    for _ in 0..(n.abs() as u32) {
        p = p.checked_mul(a as i128)?;
        q = q.checked_mul(b as i128)?;
    }
    if n < 0.0 {
        (p, q) = if p < 0 { (-q, -p) } else { (q, p) };
    }
    exact(p, q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_read_back_from_their_floats() {
        assert_eq!(ratio(2.0 / 3.0), Some((2, 3)));
        assert_eq!(ratio(-1.0 / 3.0), Some((-1, 3)));
        assert_eq!(ratio(0.1), Some((1, 10)));
        assert_eq!(ratio(5.0), Some((5, 1)));
        assert_eq!(ratio(std::f64::consts::PI), None);
        assert_eq!(ratio(2f64.sqrt()), None);
        assert_eq!(ratio(f64::NAN), None);
    }

    #[test]
    fn arithmetic_on_fractions_is_exact() {
        // In floats 2/3 − 1 is −0.33333333333333337, not the float of −1/3.
        assert_ne!(2.0 / 3.0 - 1.0, -1.0 / 3.0);
        assert_eq!(sum(&[2.0 / 3.0, -1.0]), -1.0 / 3.0);
        assert_eq!(sum(&[1.0 / 3.0, -1.0]), -2.0 / 3.0);
        assert_eq!(sum(&[0.1, 0.2]), 0.3);
        assert_eq!(product(&[2.0, 1.0 / 3.0]), 2.0 / 3.0);
        assert_eq!(product(&[2.0 / 3.0, -1.0 / 3.0]), -2.0 / 9.0);
        assert_eq!(powi(3.0, -1.0), Some(1.0 / 3.0));
        assert_eq!(powi(-2.0 / 3.0, 2.0), Some(4.0 / 9.0));
        assert_eq!(powi(0.0, -1.0), None);
        // Other floats fall back to float arithmetic.
        assert_eq!(sum(&[std::f64::consts::PI, 1.0]), std::f64::consts::PI + 1.0);
    }
}
