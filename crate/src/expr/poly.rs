//! Polynomials expanded and collected: `-2(1.6 - (a + b)) - 4(2.9 - (2a + b)) - …` (the
//! regression loss's ∂/∂a) reads `c₁·a + c₂·b + c₀`. Used on printed derivatives only, only
//! where every coefficient is exact, and only where the collected form is much shorter.

use std::collections::BTreeMap;

use super::ratio;
use super::simplify::{add, mul, num, pow};
use super::tree::Expr;

/// Most terms an expansion may reach before it is abandoned (it would not be shorter).
const MAX_TERMS: usize = 64;
/// Highest power expanded: `(x + 1)^9` has ten terms, more is not worth reading.
const MAX_POWER: u32 = 8;

/// Exponents per variable → coefficient.
type Poly = BTreeMap<Vec<u32>, f64>;

fn constant(c: f64, n: usize) -> Poly {
    let mut p = Poly::new();
    if c != 0.0 {
        p.insert(vec![0; n], c);
    }
    p
}

fn plus(mut a: Poly, b: Poly) -> Option<Poly> {
    for (k, c) in b {
        let e = a.entry(k.clone()).or_insert(0.0);
        *e = ratio::sum(&[*e, c]);
        // Only exact coefficients (small fractions, see `ratio`): a rounded one would print a
        // formula that is not quite f′, and an overflowing one stays as typed.
        if ratio::ratio(*e).is_none() {
            return None;
        }
        if *e == 0.0 {
            a.remove(&k);
        }
    }
    (a.len() <= MAX_TERMS).then_some(a)
}

fn times(a: &Poly, b: &Poly) -> Option<Poly> {
    let mut out = Poly::new();
    for (ka, ca) in a {
        for (kb, cb) in b {
            let k: Vec<u32> = ka.iter().zip(kb).map(|(x, y)| x + y).collect();
            out = plus(out, Poly::from([(k, ratio::product(&[*ca, *cb]))]))?;
        }
    }
    Some(out)
}

/// `e` as a polynomial in `n` variables, if it is one (integer powers, no functions).
fn to_poly(e: &Expr, n: usize) -> Option<Poly> {
    match e {
        Expr::Num(v) if v.is_finite() => Some(constant(*v, n)),
        Expr::Var(i) if *i < n => {
            let mut k = vec![0; n];
            k[*i] = 1;
            Some(Poly::from([(k, 1.0)]))
        }
        Expr::Add(xs) => xs.iter().try_fold(Poly::new(), |acc, x| plus(acc, to_poly(x, n)?)),
        Expr::Mul(xs) => xs.iter().try_fold(constant(1.0, n), |acc, x| times(&acc, &to_poly(x, n)?)),
        Expr::Pow(b, x) => {
            let k = x.as_num().filter(|k| k.fract() == 0.0 && (0.0..=MAX_POWER as f64).contains(k))? as u32;
            let base = to_poly(b, n)?;
            (0..k).try_fold(constant(1.0, n), |acc, _| times(&acc, &base))
        }
        _ => None,
    }
}

fn from_poly(p: &Poly) -> Expr {
    // Highest total degree first, then by variable order: 3a² + 2ab + b + 1.
    let mut terms: Vec<(&Vec<u32>, &f64)> = p.iter().collect();
    crate::order::sort_by(&mut terms, |(a, _), (b, _)| {
        let (da, db) = (a.iter().sum::<u32>(), b.iter().sum::<u32>());
        db.cmp(&da).then_with(|| b.cmp(a))
    });
    add(terms
        .into_iter()
        .map(|(k, c)| {
            let mut factors = vec![num(*c)];
            factors.extend(k.iter().enumerate().filter(|(_, e)| **e > 0).map(|(i, e)| pow(Expr::Var(i), num(f64::from(*e)))));
            mul(factors)
        })
        .collect())
}

/// `e` expanded and collected when it is a polynomial in `n_vars` variables and that form is
/// at most `ratio` of its size; otherwise `e` as it is.
pub fn collected(e: Expr, n_vars: usize, ratio: f64) -> Expr {
    match to_poly(&e, n_vars) {
        Some(p) => {
            let c = from_poly(&p);
            if (c.size() as f64) <= ratio * e.size() as f64 { c } else { e }
        }
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{derivatives, parse, print::to_text};

    #[test]
    fn the_regression_loss_partials_read_as_collected_polynomials() {
        let points = crate::compute::regression::default_points();
        let text = crate::compute::regression::loss_text(&points);
        let parsed = parse(&text).expect("parses");
        let d = derivatives(&parsed).expect("differentiates");
        let da = to_text(&d.shown[0], &parsed.vars);
        let db = to_text(&d.shown[1], &parsed.vars);
        assert!(da.len() < 40 && db.len() < 40, "{da} | {db}");
        // ∂L/∂a = (2/n) Σ xᵢ(a xᵢ + b − yᵢ): with the default data 51a + 9b − 46.125.
        let at = |e: &Expr, a: f64, b: f64| e.eval(&[a, b]);
        let n = points.len() as f64;
        let want = |a: f64, b: f64| 2.0 / n * points.iter().map(|p| p[0] * (a * p[0] + b - p[1])).sum::<f64>();
        for (a, b) in [(0.0, 0.0), (1.0, -2.0), (0.3, 0.7)] {
            assert!((at(&d.shown[0], a, b) - want(a, b)).abs() < 1e-12, "{da} at ({a}, {b})");
        }
        assert!(da.contains('a') && da.contains('b'), "{da}");
    }

    #[test]
    fn factored_forms_that_read_better_are_kept() {
        let parsed = parse("(1 - x)^2 + 100(y - x^2)^2").expect("parses");
        let d = derivatives(&parsed).expect("differentiates");
        assert!(to_text(&d.shown[0], &parsed.vars).contains("(1 - x)"));
        assert_eq!(to_text(&collected(parse("x*(x + 1)").expect("parses").expr, 1, 1.0), &["x".into()]), "x^2 + x");
    }
}
