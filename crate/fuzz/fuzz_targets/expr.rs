//! Fuzz target `expr`, the fast path: any text → parse → derivatives → tapes → evaluation.
//! The whole app (snapshot, scene) is the `scene` target's: here every input costs microseconds,
//! so a run reaches tens of millions of them.
//!
//! Nothing may panic, hang or allocate without bound, whatever the learner types. Checked: the
//! shapes (one gradient entry per variable, an n × n Hessian), and that two tapes compiled from
//! the same tree agree: f alone and f inside the value-and-gradient tape give the same bits.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nabla::eval::tape::{CallRules, Tape};
use nabla::expr::{derivatives, parse};

/// Coordinates tried at every point: ordinary, zero, tiny, huge and undefined inputs.
const COORDS: [f64; 7] = [0.0, 1.0, -1.5, 1e-300, 1e300, f64::INFINITY, f64::NAN];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(parsed) = parse(&text) else { return };
    let n = parsed.vars.len();
    let Ok(derivs) = derivatives(&parsed) else { return };
    assert_eq!(derivs.gradient.len(), n, "gradient length for {text:?}");
    let value = Tape::compile(&[&parsed.expr], n);
    let mut outputs = vec![&parsed.expr];
    outputs.extend(derivs.gradient.iter());
    let value_grad = Tape::compile(&outputs, n);
    let mut out = vec![f64::NAN; 1 + n];
    let mut overflowed = vec![false; 1 + n];
    let rules = CallRules::of(&value_grad);
    let (mut values, mut tangents, mut direction) = (vec![0.0; 1 + n], vec![0.0; 1 + n], vec![0.0; n]);
    for (k, &c) in COORDS.iter().enumerate() {
        // Vary the coordinates between variables so mixed points are tried too.
        let point: Vec<f64> = (0..n).map(|i| if i % 2 == 0 { c } else { COORDS[(k + i) % COORDS.len()] }).collect();
        let f = value.eval1(&point);
        value_grad.eval_point_checked(&point, &mut out, &mut overflowed);
        assert!(f.to_bits() == out[0].to_bits() || (f.is_nan() && out[0].is_nan()), "f = {f} alone but {} with ∇f, for {text:?} at {point:?}", out[0]);
        // The Hessian's forward passes carry the same values as the plain pass.
        for j in 0..n.min(3) {
            direction.fill(0.0);
            direction[j] = 1.0;
            value_grad.eval_tangent(&rules, &point, &direction, &mut values, &mut tangents);
            for (a, b) in values.iter().zip(&out) {
                assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "tangent pass value {a} ≠ {b} for {text:?} at {point:?}");
            }
        }
    }
});
