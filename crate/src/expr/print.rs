//! Writes expressions as a person would: plain text (`2*x*y + 3*y^2`, `-1/x^2`) and MathML
//! (which Chromium renders natively, so the page needs no math library).

use std::borrow::Cow;
use super::ratio::ratio;
use super::simplify::split_coefficient;
use super::tree::{Constant, Expr, Func};

/// How a constant of a formula is written: exactly, never rounded for display.
#[derive(Debug, Clone, PartialEq)]
enum Written {
    /// A decimal that reads back as the same float (`1.6`, `0.001`, `1e-8`, `12`).
    Decimal(String),
    /// A fraction whose nearest float it is (`2/3`, `-1/3`), for floats whose decimal is long.
    Fraction(i64, i64),
}

/// Decimals of at most this many significant digits are written as decimals (what people
/// type); longer ones that are small fractions are written as fractions.
const SHORT_DECIMAL: usize = 8;

/// The exact written form of `v`.
fn written(v: f64) -> Written {
    let decimal = if v == 0.0 || (1e-4..1e15).contains(&v.abs()) { format!("{v}") } else { format!("{v:e}") };
    let digits = decimal.split(['e', 'E']).next().unwrap_or("").chars().filter(char::is_ascii_digit).collect::<String>();
    let significant = digits.trim_start_matches('0').len();
    match ratio(v) {
        Some((p, q)) if q > 1 && significant > SHORT_DECIMAL => Written::Fraction(p, q),
        _ => Written::Decimal(decimal),
    }
}

/// Largest denominator an exponent is written as a fraction with: x^(7/5), not x^1.4 (powers
/// are where fractions come from: roots).
const EXPONENT_DENOMINATOR: i64 = 12;

/// A numeric exponent that is a simple fraction (not an integer).
fn exponent_fraction(e: &Expr) -> Option<(i64, i64)> {
    ratio(e.as_num()?).filter(|&(_, q)| q > 1 && q <= EXPONENT_DENOMINATOR)
}

/// A constant as text: `2/3`, `-1/3`, `1.6`.
fn constant_text(v: f64) -> String {
    match written(v) {
        Written::Decimal(d) => d,
        Written::Fraction(p, q) => format!("{p}/{q}"),
    }
}

/// A constant as MathML: `<mn>1.6</mn>` or a fraction.
fn constant_mathml(v: f64) -> String {
    match written(v) {
        Written::Decimal(d) if v < 0.0 => format!("<mrow><mo>−</mo><mn>{}</mn></mrow>", d.trim_start_matches('-')),
        Written::Decimal(d) => format!("<mn>{d}</mn>"),
        Written::Fraction(p, q) if p < 0 => format!("<mrow><mo>−</mo><mfrac><mn>{}</mn><mn>{q}</mn></mfrac></mrow>", -p),
        Written::Fraction(p, q) => format!("<mfrac><mn>{p}</mn><mn>{q}</mn></mfrac>"),
    }
}

/// Binding strength, loosest first: decides where parentheses go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Precedence {
    Sum,
    Product,
    Power,
    Atom,
}

fn precedence(e: &Expr) -> Precedence {
    match e {
        Expr::Add(_) => Precedence::Sum,
        Expr::Mul(_) => Precedence::Product,
        Expr::Num(v) if *v < 0.0 || matches!(written(*v), Written::Fraction(..)) => Precedence::Product,
        Expr::Pow(_, exponent) if exponent.as_num().is_some_and(|n| n < 0.0) => Precedence::Product,
        Expr::Pow(..) => Precedence::Power,
        _ => Precedence::Atom,
    }
}

/// A product taken apart for printing: `-3*x/y^2` is negative, coefficient 3, `[x]` over `[y^2]`.
/// Factors are borrowed: printing a deep expression must not copy each level's subtree.
struct Fraction<'a> {
    negative: bool,
    coefficient: f64,
    numerator: Vec<Cow<'a, Expr>>,
    denominator: Vec<Cow<'a, Expr>>,
}

fn fraction(e: &Expr) -> Fraction<'_> {
    let factors: &[Expr] = match e {
        Expr::Mul(xs) => xs,
        other => std::slice::from_ref(other),
    };
    let (mut coefficient, mut numerator, mut denominator) = (1.0, Vec::new(), Vec::new());
    let numbers: Vec<f64> = factors.iter().filter_map(Expr::as_num).collect();
    // Finite numbers whose product overflows print as typed (see simplify's `mul`).
    let overflowing = !numbers.iter().product::<f64>().is_finite() && numbers.iter().all(|v| v.is_finite());
    for factor in factors {
        match factor {
            Expr::Num(_) if overflowing => numerator.push(Cow::Borrowed(factor)),
            Expr::Num(v) => coefficient *= v,
            Expr::Pow(base, exponent) if exponent.as_num().is_some_and(|n| n < 0.0) => {
                let n = -exponent.as_num().unwrap_or(-1.0);
                denominator.push(if n == 1.0 { Cow::Borrowed(&**base) } else { Cow::Owned(Expr::Pow(base.clone(), Box::new(Expr::Num(n)))) });
            }
            other => numerator.push(Cow::Borrowed(other)),
        }
    }
    // 0.5*x reads better as x/2, and 0.5/sqrt(x) as 1/(2*sqrt(x)).
    let inverse = 1.0 / coefficient.abs();
    if coefficient.fract() != 0.0 && (inverse - inverse.round()).abs() < 1e-9 && inverse < 1e6 {
        denominator.insert(0, Cow::Owned(Expr::Num(inverse.round())));
        coefficient = coefficient.signum();
    }
    // 2/3·x^(−1/3) reads as 2/(3·x^(1/3)): a fractional coefficient joins a denominator.
    if let (Written::Fraction(p, q), false) = (written(coefficient), denominator.is_empty()) {
        denominator.insert(0, Cow::Owned(Expr::Num(q as f64)));
        coefficient = p as f64;
    }
    Fraction { negative: coefficient < 0.0, coefficient: coefficient.abs(), numerator, denominator }
}

/// A sum's terms with their signs pulled out, so `x + (-3)*y` prints as `x - 3*y`: each term
/// after the first with a negative coefficient comes back positive, marked `true` (subtract).
fn signed_terms(terms: &[Expr]) -> Vec<(bool, Cow<'_, Expr>)> {
    terms
        .iter()
        .enumerate()
        .map(|(k, term)| match term {
            Expr::Num(v) if k > 0 && *v < 0.0 => (true, Cow::Owned(Expr::Num(-v))),
            // Only a term to be negated is taken apart (and so copied).
            Expr::Mul(xs) if k > 0 && matches!(xs.first(), Some(Expr::Num(c)) if *c < 0.0) => {
                let (c, rest) = split_coefficient(term.clone());
                if c == -1.0 {
                    (true, Cow::Owned(rest))
                } else {
                    (true, Cow::Owned(Expr::Mul(vec![Expr::Num(-c), rest])))
                }
            }
            _ => (false, Cow::Borrowed(term)),
        })
        .collect()
}

/// A number, short: integers exactly, others to 6 significant digits.
pub fn format_number(v: f64) -> String {
    if v.is_nan() {
        return "undefined".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let magnitude = v.abs().log10().floor();
    let text = if !(-4.0..6.0).contains(&magnitude) {
        let s = format!("{:.5e}", v);
        match s.split_once('e') {
            Some((mantissa, exp)) => format!("{}e{}", trim_zeros(mantissa), exp),
            None => s,
        }
    } else {
        let decimals = (5.0 - magnitude).max(0.0) as usize;
        trim_zeros(&format!("{:.*}", decimals, v)).to_string()
    };
    text
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

fn var_name(i: usize, names: &[String]) -> String {
    match names.get(i) {
        Some(name) => name.clone(),
        None => ["x", "y", "z"].get(i).map_or_else(|| format!("v{i}"), |s| s.to_string()),
    }
}

/// A variable's name as MathML: `x_1` is x with subscript 1, `θ_{ij}` θ with subscript ij.
fn var_mathml(name: &str) -> String {
    match name.split_once('_') {
        Some((base, sub)) => {
            let sub = sub.trim_start_matches('{').trim_end_matches('}');
            let tag = if sub.chars().all(|c| c.is_ascii_digit()) { "mn" } else { "mi" };
            format!("<msub><mi>{base}</mi><{tag}>{sub}</{tag}></msub>")
        }
        None => format!("<mi>{name}</mi>"),
    }
}

/// Plain text, with `*` for products and `^` for powers.
pub fn to_text(e: &Expr, names: &[String]) -> String {
    let mut out = String::new();
    write_text(e, names, &mut out);
    out
}

fn write_text_paren(e: &Expr, names: &[String], out: &mut String, at_least: Precedence) {
    if precedence(e) < at_least {
        out.push('(');
        write_text(e, names, out);
        out.push(')');
    } else {
        write_text(e, names, out);
    }
}

fn write_text(e: &Expr, names: &[String], out: &mut String) {
    match e {
        Expr::Num(v) => out.push_str(&constant_text(*v)),
        Expr::Const(c) => out.push_str(c.name()),
        Expr::Var(i) => out.push_str(&var_name(*i, names)),
        Expr::Add(terms) => {
            for (k, (minus, term)) in signed_terms(terms).iter().enumerate() {
                if k > 0 {
                    out.push_str(if *minus { " - " } else { " + " });
                }
                if *minus {
                    write_text_paren(term, names, out, Precedence::Product);
                } else {
                    write_text(term, names, out);
                }
            }
        }
        Expr::Mul(_) | Expr::Pow(..) if precedence(e) == Precedence::Product => {
            let f = fraction(e);
            if f.negative {
                out.push('-');
            }
            let mut first = true;
            if f.coefficient != 1.0 || f.numerator.is_empty() {
                out.push_str(&constant_text(f.coefficient));
                first = false;
            }
            for factor in &f.numerator {
                if !first {
                    out.push('*');
                }
                first = false;
                write_text_paren(factor, names, out, Precedence::Product);
            }
            if !f.denominator.is_empty() {
                out.push('/');
                if let [single] = f.denominator.as_slice() {
                    // One factor: parentheses only if it is looser than a power (a sum), once.
                    write_text_paren(single, names, out, Precedence::Power);
                } else {
                    out.push('(');
                    for (k, factor) in f.denominator.iter().enumerate() {
                        if k > 0 {
                            out.push('*');
                        }
                        write_text_paren(factor, names, out, Precedence::Product);
                    }
                    out.push(')');
                }
            }
        }
        Expr::Pow(base, exponent) => {
            write_text_paren(base, names, out, Precedence::Atom);
            out.push('^');
            match exponent_fraction(exponent) {
                Some((p, q)) => out.push_str(&format!("({p}/{q})")),
                None => write_text_paren(exponent, names, out, Precedence::Atom),
            }
        }
        Expr::Mul(_) => {}
        Expr::Call(func, args) => {
            out.push_str(func.name());
            out.push('(');
            for (k, arg) in args.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                write_text(arg, names, out);
            }
            out.push(')');
        }
    }
}

/// MathML markup (a `<math>` element). Only our own names and numbers go in, so nothing needs escaping.
pub fn to_mathml(e: &Expr, names: &[String]) -> String {
    let mut out = String::from("<math display=\"inline\"><mrow>");
    write_mathml(e, names, &mut out);
    out.push_str("</mrow></math>");
    out
}

fn mathml_paren(e: &Expr, names: &[String], out: &mut String, at_least: Precedence) {
    if precedence(e) < at_least {
        out.push_str("<mrow><mo>(</mo>");
        write_mathml(e, names, out);
        out.push_str("<mo>)</mo></mrow>");
    } else {
        write_mathml(e, names, out);
    }
}

fn mathml_product(factors: &[Cow<'_, Expr>], coefficient: Option<f64>, names: &[String], out: &mut String) {
    out.push_str("<mrow>");
    let mut first = true;
    if let Some(c) = coefficient {
        out.push_str(&constant_mathml(c));
        first = false;
    }
    for factor in factors {
        if !first {
            // A visible dot between numbers, invisible times elsewhere (2xy, x sin x).
            let dot = matches!(**factor, Expr::Num(_));
            out.push_str(if dot { "<mo>·</mo>" } else { "<mo>&#x2062;</mo>" });
        }
        first = false;
        mathml_paren(factor, names, out, Precedence::Product);
    }
    out.push_str("</mrow>");
}

fn write_mathml(e: &Expr, names: &[String], out: &mut String) {
    match e {
        Expr::Num(v) => out.push_str(&constant_mathml(*v)),
        Expr::Const(Constant::Pi) => out.push_str("<mi>π</mi>"),
        Expr::Const(Constant::E) => out.push_str("<mi>e</mi>"),
        Expr::Var(i) => out.push_str(&var_mathml(&var_name(*i, names))),
        Expr::Add(terms) => {
            out.push_str("<mrow>");
            for (k, (minus, term)) in signed_terms(terms).iter().enumerate() {
                if k > 0 {
                    out.push_str(if *minus { "<mo>−</mo>" } else { "<mo>+</mo>" });
                }
                if *minus {
                    mathml_paren(term, names, out, Precedence::Product);
                } else {
                    write_mathml(term, names, out);
                }
            }
            out.push_str("</mrow>");
        }
        Expr::Mul(_) | Expr::Pow(..) if precedence(e) == Precedence::Product => {
            let f = fraction(e);
            out.push_str("<mrow>");
            if f.negative {
                out.push_str("<mo>−</mo>");
            }
            let coefficient = (f.coefficient != 1.0 || f.numerator.is_empty()).then_some(f.coefficient);
            if f.denominator.is_empty() {
                mathml_product(&f.numerator, coefficient, names, out);
            } else {
                out.push_str("<mfrac>");
                mathml_product(&f.numerator, coefficient, names, out);
                mathml_product(&f.denominator, None, names, out);
                out.push_str("</mfrac>");
            }
            out.push_str("</mrow>");
        }
        Expr::Pow(base, exponent) => {
            out.push_str("<msup>");
            mathml_paren(base, names, out, Precedence::Atom);
            out.push_str("<mrow>");
            match exponent_fraction(exponent) {
                Some((p, q)) if p < 0 => out.push_str(&format!("<mo>−</mo><mfrac><mn>{}</mn><mn>{q}</mn></mfrac>", -p)),
                Some((p, q)) => out.push_str(&format!("<mfrac><mn>{p}</mn><mn>{q}</mn></mfrac>")),
                None => write_mathml(exponent, names, out),
            }
            out.push_str("</mrow></msup>");
        }
        Expr::Mul(_) => {}
        Expr::Call(Func::Sqrt, args) => {
            out.push_str("<msqrt>");
            args.iter().for_each(|a| write_mathml(a, names, out));
            out.push_str("</msqrt>");
        }
        Expr::Call(Func::Abs, args) => {
            out.push_str("<mrow><mo>|</mo>");
            args.iter().for_each(|a| write_mathml(a, names, out));
            out.push_str("<mo>|</mo></mrow>");
        }
        Expr::Call(func, args) => {
            // The sigmoid as machine learning writes it, σ(x).
            let shown = if *func == Func::Sigmoid { "σ" } else { func.name() };
            out.push_str(&format!("<mrow><mi>{shown}</mi><mo>&#x2061;</mo><mrow><mo>(</mo>"));
            for (k, arg) in args.iter().enumerate() {
                if k > 0 {
                    out.push_str("<mo>,</mo>");
                }
                write_mathml(arg, names, out);
            }
            out.push_str("<mo>)</mo></mrow></mrow>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::simplify::{add, div, mul, neg, num, pow};

    fn x() -> Expr {
        Expr::Var(0)
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(format_number(2.0), "2");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(1.0 / 3.0), "0.333333");
        assert_eq!(format_number(1e-7), "1e-7");
        assert_eq!(format_number(123456.7), "123457");
    }

    #[test]
    fn sums_with_negative_terms_read_as_subtraction() {
        let e = add(vec![pow(x(), num(2.0)), mul(vec![num(-3.0), x()]), num(-1.0)]);
        assert_eq!(to_text(&e, &[]), "x^2 - 3*x - 1");
    }

    #[test]
    fn quotients_and_negative_powers() {
        assert_eq!(to_text(&div(num(-1.0), pow(x(), num(2.0))), &[]), "-1/x^2");
        assert_eq!(to_text(&pow(x(), num(-1.0)), &[]), "1/x");
        let e = div(num(1.0), mul(vec![num(2.0), Expr::Call(Func::Sqrt, vec![x()])]));
        assert_eq!(to_text(&e, &[]), "1/(2*sqrt(x))");
        assert_eq!(to_text(&mul(vec![num(0.5), x()]), &[]), "x/2");
        assert_eq!(to_text(&neg(add(vec![x(), num(1.0)])), &[]), "-(x + 1)");
    }

    #[test]
    fn powers_parenthesize_compound_exponents() {
        let e = pow(Expr::Const(Constant::E), pow(x(), num(2.0)));
        assert_eq!(to_text(&e, &[]), "e^(x^2)");
        assert_eq!(to_mathml(&e, &[]), "<math display=\"inline\"><mrow><msup><mi>e</mi><mrow><msup><mi>x</mi><mrow><mn>2</mn></mrow></msup></mrow></msup></mrow></math>");
    }
}
