//! Tests of `tape`.

use super::*;
use crate::expr::parse;

fn tape_of(text: &str) -> (Tape, crate::expr::Parsed) {
    let parsed = parse(text).expect("parses");
    let tape = Tape::compile(&[&parsed.expr], parsed.vars.len());
    (tape, parsed)
}

#[test]
fn point_evaluation_matches_the_tree() {
    for text in ["x^2 + y^2", "sin(x)*cos(y)", "x/y - 3", "-x^2", "2^3^2", "x^(1/3)", "atan2(y, x)", "e^(x^2)"] {
        let (tape, parsed) = tape_of(text);
        for p in [[0.5, -1.25], [-2.0, 3.0], [0.0, 1.0]] {
            let want = parsed.expr.eval(&p);
            let got = tape.eval1(&p);
            assert!(want == got || (want.is_nan() && got.is_nan()) || (want - got).abs() <= 1e-12 * want.abs(), "{text} at {p:?}: {got} vs {want}");
        }
    }
}

#[test]
fn precedence_is_the_usual_one() {
    assert_eq!(tape_of("-x^2").0.eval1(&[3.0]), -9.0);
    assert_eq!(tape_of("2^3^2").0.eval1(&[]), 512.0);
    assert_eq!(tape_of("x^(1/3)").0.eval1(&[-8.0]), -2.0);
}

#[test]
fn batch_matches_points_with_uniform_and_row_inputs() {
    let (tape, _) = tape_of("sin(x)*cos(y) + x*y^2 - exp(y/3)");
    let xs: Vec<f64> = (0..17).map(|i| -2.0 + 0.25 * i as f64).collect();
    let y = 0.7;
    let mut out = vec![0.0; xs.len()];
    tape.eval_batch(&[Input::Row(&xs), Input::Uniform(y)], xs.len(), &mut [&mut out], &mut BatchScratch::default());
    for (i, &x) in xs.iter().enumerate() {
        assert_eq!(out[i], tape.eval1(&[x, y]));
    }
}

#[test]
fn shared_subexpressions_are_computed_once() {
    let parsed = parse("sin(x*y) + cos(x*y)").expect("parses");
    let tape = Tape::compile(&[&parsed.expr], 2);
    // x, y, x*y, sin, cos, + : the product appears once.
    assert_eq!(tape.len(), 6);
    assert!(tape.n_slots() <= 4);
}

#[test]
fn constants_fold_at_compile_time() {
    let parsed = parse("2*pi*x + ln(e)").expect("parses");
    let tape = Tape::compile(&[&parsed.expr], 1);
    // 2π and ln(e) = 1 are folded: const, x, product, const, sum.
    assert_eq!(tape.len(), 5);
}
