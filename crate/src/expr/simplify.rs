//! Simplifying constructors: build sums, products and powers already in the form a person would
//! write, so derivatives print as `2*x*y + 3*y^2`, not `2*x^1*y*1 + 0`.
//!
//! Rules (each one exact for real numbers wherever both sides are defined):
//! sums flatten, fold their numbers, and merge like terms (`3*x + x` → `4*x`);
//! products flatten, fold their numbers, merge like bases with numeric exponents (`x*x^2` → `x^3`),
//! and order factors number first, then variables by index, then everything else as written;
//! powers drop exponent 1, fold exponent 0 and finite numeric powers, and multiply nested numeric
//! exponents. Only derivatives are simplified: the function itself is evaluated as typed,
//! so `x/x` stays undefined at 0.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::ratio;
use super::tree::{Constant, Expr, Func};

/// The number `v`.
pub fn num(v: f64) -> Expr {
    Expr::Num(v)
}

/// `-e`.
pub fn neg(e: Expr) -> Expr {
    mul(vec![num(-1.0), e])
}

/// `a - b`.
pub fn sub(a: Expr, b: Expr) -> Expr {
    add(vec![a, neg(b)])
}

/// `a / b`.
pub fn div(a: Expr, b: Expr) -> Expr {
    mul(vec![a, pow(b, num(-1.0))])
}

/// A simplified sum.
pub fn add(terms: Vec<Expr>) -> Expr {
    let mut flat = Vec::with_capacity(terms.len());
    flatten_into(terms, &mut flat, |e| match e {
        Expr::Add(xs) => Ok(xs),
        other => Err(other),
    });
    let mut numbers = Vec::new();
    // (coefficient, the rest of the term) in order of first appearance.
    let mut like: Vec<(f64, Expr)> = Vec::new();
    let mut seen = Seen::default();
    for term in flat {
        if let Expr::Num(v) = term {
            numbers.push(v);
            continue;
        }
        let (coefficient, rest) = split_coefficient(term);
        match seen.find(&rest, |i| &like[i].1) {
            Some(i) => like[i].0 = ratio::sum(&[like[i].0, coefficient]),
            None => {
                seen.push(&rest);
                like.push((coefficient, rest));
            }
        }
    }
    let mut out: Vec<Expr> = like
        .into_iter()
        .filter(|(c, _)| *c != 0.0)
        .map(|(c, rest)| if c == 1.0 { rest } else { mul(vec![num(c), rest]) })
        .collect();
    let constant = ratio::sum(&numbers);
    if !constant.is_finite() && numbers.iter().all(|v| v.is_finite()) {
        // An overflowing sum of finite numbers stays as typed (see `mul`).
        out.extend(numbers.into_iter().filter(|v| *v != 0.0).map(num));
    } else if constant != 0.0 || constant.is_nan() {
        out.push(num(constant));
    }
    match out.len() {
        0 => num(0.0),
        1 => out.pop().unwrap_or(Expr::Num(0.0)),
        _ => Expr::Add(out),
    }
}

/// A simplified product.
pub fn mul(factors: Vec<Expr>) -> Expr {
    let mut flat = Vec::with_capacity(factors.len());
    flatten_into(factors, &mut flat, |e| match e {
        Expr::Mul(xs) => Ok(xs),
        other => Err(other),
    });
    let mut numbers = Vec::new();
    // (base, exponent) in order of first appearance.
    let mut bases: Vec<(Expr, Expr)> = Vec::new();
    let mut seen = Seen::default();
    for factor in flat {
        if let Expr::Num(v) = factor {
            numbers.push(v);
            continue;
        }
        let (base, exponent) = match factor {
            Expr::Pow(b, e) => (*b, *e),
            other => (other, num(1.0)),
        };
        match seen.find(&base, |i| &bases[i].0) {
            Some(i) if bases[i].1.as_num().is_some() && exponent.as_num().is_some() => {
                let e = &mut bases[i].1;
                *e = num(ratio::sum(&[e.as_num().unwrap_or(0.0), exponent.as_num().unwrap_or(0.0)]));
            }
            _ => {
                seen.push(&base);
                bases.push((base, exponent));
            }
        }
    }
    let mut coefficient = ratio::product(&numbers);
    if coefficient == 0.0 && numbers.iter().all(|v| v.is_finite()) {
        return num(0.0);
    }
    // Finite numbers whose product overflows (1e200·1e200) stay as typed: folding them would
    // print `inf` where f itself computes the same overflow step by step.
    let unfolded = !coefficient.is_finite() && numbers.iter().all(|v| v.is_finite());
    if unfolded {
        coefficient = 1.0;
    }
    let mut out: Vec<Expr> = bases
        .into_iter()
        .map(|(b, e)| pow(b, e))
        .filter(|f| *f != Expr::Num(1.0))
        .collect();
    // Folding exponents may have produced numbers (x^0 → 1, 2^3 → 8): fold them in.
    let mut i = 0;
    while i < out.len() {
        if let Expr::Num(v) = out[i] {
            coefficient = ratio::product(&[coefficient, v]);
            out.remove(i);
        } else {
            i += 1;
        }
    }
    crate::order::sort_by_key(&mut out, factor_rank);
    if unfolded {
        // ±1 factors fold into the first of the others.
        let negative = numbers.iter().filter(|v| **v == -1.0).count() % 2 == 1;
        let mut kept: Vec<f64> = numbers.into_iter().filter(|v| v.abs() != 1.0).collect();
        if let Some(first) = kept.first_mut().filter(|_| negative) {
            *first = -*first;
        }
        out.splice(0..0, kept.into_iter().map(num));
    } else if coefficient != 1.0 {
        out.insert(0, num(coefficient));
    }
    match out.len() {
        0 => num(1.0),
        1 => out.pop().unwrap_or(Expr::Num(1.0)),
        _ => Expr::Mul(out),
    }
}

/// A simplified power.
pub fn pow(base: Expr, exponent: Expr) -> Expr {
    match (&base, exponent.as_num()) {
        (_, Some(0.0)) => num(1.0),
        (_, Some(1.0)) => base,
        // Numbers fold (2^3 → 8, 3^-1 → 0.333…): derivatives of x^(1/3) then read as numbers.
        (Expr::Num(b), Some(e)) if ratio::powi(*b, e).is_some() => num(ratio::powi(*b, e).unwrap_or(f64::NAN)),
        (Expr::Num(b), Some(e)) if super::tree::pow(*b, e).is_finite() => num(super::tree::pow(*b, e)),
        (Expr::Num(b), _) if *b == 1.0 => num(1.0),
        // (a^m)^n = a^(m·n) for integer n, true for every real a.
        (Expr::Pow(..), Some(n)) if n.fract() == 0.0 => match base {
            Expr::Pow(a, m) => pow(*a, mul(vec![*m, num(n)])),
            other => Expr::Pow(Box::new(other), Box::new(exponent)),
        },
        // (a·b)^n = a^n·b^n for integer n: (2x)^2 → 4*x^2.
        (Expr::Mul(_), Some(n)) if n.fract() == 0.0 => match base {
            Expr::Mul(xs) => mul(xs.into_iter().map(|x| pow(x, num(n))).collect()),
            other => Expr::Pow(Box::new(other), Box::new(exponent)),
        },
        _ => Expr::Pow(Box::new(base), Box::new(exponent)),
    }
}

/// A function call, with the few exact values a person would fold (`ln(1)`, `cos(0)`, `ln(e)`).
pub fn call(func: Func, args: Vec<Expr>) -> Expr {
    if let [Expr::Num(a)] = args.as_slice() {
        let folded = match (func, *a) {
            (Func::Sin | Func::Tan | Func::Sinh | Func::Tanh | Func::Asin | Func::Atan | Func::Sqrt | Func::Abs, v) if v == 0.0 => Some(0.0),
            (Func::Cos | Func::Cosh | Func::Exp | Func::Sec, v) if v == 0.0 => Some(1.0),
            (Func::Ln | Func::Log10 | Func::Log2, v) if v == 1.0 => Some(0.0),
            (Func::Sqrt | Func::Abs, v) if v == 1.0 => Some(1.0),
            _ => None,
        };
        if let Some(v) = folded {
            return num(v);
        }
    }
    if func == Func::Ln && args.as_slice() == [Expr::Const(Constant::E)] {
        return num(1.0);
    }
    Expr::Call(func, args)
}

/// `e` rebuilt with the simplifying constructors, so its constants fold exactly (`2/3` typed is
/// `2·3⁻¹` in the tree and becomes the float of 2/3). For the pieces of a derivative that copy a
/// typed exponent; the function itself is always evaluated as typed.
pub fn rebuild(e: &Expr) -> Expr {
    match e {
        Expr::Num(_) | Expr::Const(_) | Expr::Var(_) => e.clone(),
        Expr::Add(xs) => add(xs.iter().map(rebuild).collect()),
        Expr::Mul(xs) => mul(xs.iter().map(rebuild).collect()),
        Expr::Pow(b, x) => pow(rebuild(b), rebuild(x)),
        Expr::Call(f, xs) => call(*f, xs.iter().map(rebuild).collect()),
    }
}

/// Splits `3*x*y` into `(3, x*y)`; a term without a number has coefficient 1.
pub fn split_coefficient(term: Expr) -> (f64, Expr) {
    match term {
        Expr::Mul(mut xs) => match xs.first() {
            Some(Expr::Num(c)) => {
                let c = *c;
                xs.remove(0);
                let rest = if xs.len() == 1 { xs.pop().unwrap_or(Expr::Num(1.0)) } else { Expr::Mul(xs) };
                (c, rest)
            }
            _ => (1.0, Expr::Mul(xs)),
        },
        other => (1.0, other),
    }
}

/// The terms (or bases) met so far, by structural hash once there are many: finding a like
/// term is then a lookup, not a comparison with every earlier one (the product rule over 50
/// factors makes 2,450 terms). A few are compared directly, which is cheaper than hashing.
#[derive(Default)]
struct Seen {
    len: usize,
    by_hash: Option<HashMap<u64, Vec<usize>>>,
}

impl Seen {
    const DIRECT: usize = 8;

    fn key(e: &Expr) -> u64 {
        let mut hasher = DefaultHasher::new();
        e.hash(&mut hasher);
        hasher.finish()
    }

    /// The first index whose expression (`at(index)`) equals `e`.
    fn find<'a>(&mut self, e: &Expr, at: impl Fn(usize) -> &'a Expr) -> Option<usize> {
        if self.len <= Self::DIRECT {
            return (0..self.len).find(|&i| at(i) == e);
        }
        let by_hash = self.by_hash.get_or_insert_with(|| {
            let mut map: HashMap<u64, Vec<usize>> = HashMap::new();
            for i in 0..self.len {
                map.entry(Self::key(at(i))).or_default().push(i);
            }
            map
        });
        by_hash.get(&Self::key(e))?.iter().copied().find(|&i| at(i) == e)
    }

    /// Records that `e` is now at the next index.
    fn push(&mut self, e: &Expr) {
        if let Some(map) = &mut self.by_hash {
            map.entry(Self::key(e)).or_default().push(self.len);
        }
        self.len += 1;
    }
}

/// Moves the children of nested nodes of the same kind up, without recursion on the stack.
fn flatten_into(items: Vec<Expr>, out: &mut Vec<Expr>, open: impl Fn(Expr) -> Result<Vec<Expr>, Expr>) {
    let mut stack: Vec<Expr> = items.into_iter().rev().collect();
    while let Some(item) = stack.pop() {
        match open(item) {
            Ok(children) => stack.extend(children.into_iter().rev()),
            Err(leaf) => out.push(leaf),
        }
    }
}

/// Where a factor goes in a product: variables (and their powers) by index, then constants,
/// then everything else in the order written.
fn factor_rank(factor: &Expr) -> (u8, usize) {
    match factor {
        Expr::Num(_) => (0, 0),
        Expr::Var(i) => (1, *i),
        Expr::Pow(b, e) if matches!(**b, Expr::Var(_)) && e.as_num().is_some_and(|v| v > 0.0) => match **b {
            Expr::Var(i) => (1, i),
            _ => (3, 0),
        },
        Expr::Const(_) => (2, 0),
        _ => (3, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x() -> Expr {
        Expr::Var(0)
    }
    fn y() -> Expr {
        Expr::Var(1)
    }

    #[test]
    fn sums_fold_numbers_and_merge_like_terms() {
        assert_eq!(add(vec![num(1.0), num(2.0)]), num(3.0));
        assert_eq!(add(vec![x(), num(0.0)]), x());
        assert_eq!(add(vec![mul(vec![num(3.0), x()]), x()]), mul(vec![num(4.0), x()]));
        assert_eq!(sub(x(), x()), num(0.0));
    }

    #[test]
    fn products_merge_bases_and_order_factors() {
        assert_eq!(mul(vec![x(), x()]), pow(x(), num(2.0)));
        assert_eq!(mul(vec![y(), num(2.0), x()]), Expr::Mul(vec![num(2.0), x(), y()]));
        assert_eq!(mul(vec![x(), num(0.0)]), num(0.0));
        assert_eq!(mul(vec![x(), pow(x(), num(-1.0))]), num(1.0));
        assert_eq!(mul(vec![num(2.0), num(0.5)]), num(1.0));
    }

    #[test]
    fn many_terms_merge_by_lookup_as_they_do_by_comparison() {
        // Past `Seen::DIRECT` terms the like terms are found by hash: the same sum as a scan.
        let term = |k: usize| Expr::Call(Func::Sin, vec![mul(vec![num(k as f64), x()])]);
        let mut terms: Vec<Expr> = (0..20).map(term).collect();
        terms.extend((0..20).rev().map(|k| mul(vec![num(2.0), term(k)])));
        // −0·x is 0·x's like term too: 0.0 and −0.0 are equal, so they must hash alike.
        let raw = |zero: f64| Expr::Call(Func::Cos, vec![Expr::Add(vec![x(), Expr::Num(zero)])]);
        terms.push(mul(vec![num(-1.0), raw(-0.0)]));
        terms.push(raw(0.0));
        let Expr::Add(sum) = add(terms) else { panic!("a sum") };
        assert_eq!(sum.len(), 20, "{sum:?}");
        for (k, t) in sum.iter().enumerate() {
            assert_eq!(*t, mul(vec![num(3.0), term(k)]), "term {k} in order of first appearance");
        }
    }

    #[test]
    fn powers_fold_trivial_exponents() {
        assert_eq!(pow(x(), num(1.0)), x());
        assert_eq!(pow(x(), num(0.0)), num(1.0));
        assert_eq!(pow(num(2.0), num(3.0)), num(8.0));
        assert_eq!(pow(pow(x(), num(2.0)), num(3.0)), pow(x(), num(6.0)));
        assert_eq!(pow(num(4.0), num(0.5)), num(2.0));
        assert!(matches!(pow(num(0.0), num(-1.0)), Expr::Pow(..)));
    }
}
