//! Tests of `roots`.

use super::*;

fn assert_roots(found: &[f64], expected: &[f64], tol: f64) {
    assert_eq!(found.len(), expected.len(), "{found:?} vs {expected:?}");
    for (r, e) in found.iter().zip(expected) {
        assert!((r - e).abs() <= tol, "{found:?} vs {expected:?}");
    }
}

#[test]
fn sine_roots_include_the_zero_endpoint() {
    let pi = std::f64::consts::PI;
    assert_roots(
        &find_roots(f64::sin, 0.0, 10.0, 100),
        &[0.0, pi, 2.0 * pi, 3.0 * pi],
        1e-12,
    );
    // Reversed bounds give the same answer; an endpoint that is not a zero adds nothing.
    assert_roots(
        &find_roots(f64::sin, 10.0, 0.5, 37),
        &[pi, 2.0 * pi, 3.0 * pi],
        1e-12,
    );
}

#[test]
fn cubic_and_its_derivative() {
    let s = 3.0_f64.sqrt();
    assert_roots(
        &find_roots(|x| x * x * x - 3.0 * x, -3.0, 3.0, 100),
        &[-s, 0.0, s],
        1e-12,
    );
    assert_roots(
        &find_roots(|x| 3.0 * x * x - 3.0, -3.0, 3.0, 100),
        &[-1.0, 1.0],
        1e-12,
    );
    // Odd n samples x = 0 exactly.
    assert_roots(
        &find_roots(|x| x * x * x - 3.0 * x, -3.0, 3.0, 101),
        &[-s, 0.0, s],
        1e-12,
    );
}

#[test]
fn touching_zeros_are_found() {
    assert_roots(&find_roots(|x| x * x, -1.0, 1.0, 100), &[0.0], 1e-6);
    assert_roots(&find_roots(|x| x * x, -1.0, 1.0, 101), &[0.0], 0.0);
    // Expanded (x − 1)² carries round-off of about 1e-16 near its double root.
    assert_roots(
        &find_roots(|x| x * x - 2.0 * x + 1.0, 0.0, 3.0, 64),
        &[1.0],
        1e-7,
    );
    assert_roots(
        &find_roots(|x| -(x - 0.3).abs(), -1.0, 1.0, 10),
        &[0.3],
        1e-9,
    );
    // x² + 1 has no real root even when the samples are huge elsewhere.
    assert!(find_roots(|x| x * x + 1.0, -1e6, 1e6, 1000).is_empty());
    assert!(find_roots(|x| x.sin() + 2.0, -20.0, 20.0, 500).is_empty());
    // Two roots ±1e-3 inside one sample spacing of 0.2 are split by the crossing branch.
    assert_roots(
        &find_roots(|x| x * x - 1e-6, -1.0, 1.0, 10),
        &[-1e-3, 1e-3],
        1e-12,
    );
}

#[test]
fn poles_and_jumps_are_not_roots() {
    assert!(find_roots(|x| 1.0 / x, -1.0, 1.0, 100).is_empty());
    assert!(find_roots(|x| 1.0 / x, -1.0, 1.0, 101).is_empty());
    assert!(find_roots(|x| if x < 0.1 { -1.0 } else { 1.0 }, -1.0, 1.0, 50).is_empty());
    // tan has a pole at π/2 and a root at 0 on [0, 3].
    assert_roots(&find_roots(f64::tan, 0.0, 3.0, 64), &[0.0], 0.0);
    // 1/x − 1 has its root at 1 and a pole at 0.
    assert_roots(&find_roots(|x| 1.0 / x - 1.0, -2.0, 2.0, 40), &[1.0], 1e-12);
}

#[test]
fn undefined_regions_and_degenerate_inputs() {
    assert_roots(&find_roots(f64::ln, -1.0, 3.0, 50), &[1.0], 1e-12);
    assert!(find_roots(|_| f64::NAN, -1.0, 1.0, 50).is_empty());
    assert!(find_roots(|x| x, f64::NAN, 1.0, 50).is_empty());
    assert!(find_roots(|x| x, -f64::MAX, f64::MAX, 50).is_empty());
    assert_roots(&find_roots(|x| x, 0.0, 0.0, 50), &[0.0], 0.0);
    assert!(find_roots(|x| x, 1.0, 1.0, 50).is_empty());
    // n below 2 still samples both ends; a zero run reports its first and last sample.
    assert_roots(&find_roots(|x| x - 0.25, 0.0, 1.0, 0), &[0.25], 1e-12);
    assert_roots(
        &find_roots(|x: f64| x.max(0.0), -1.0, 1.0, 5),
        &[-1.0, 0.0],
        0.0,
    );
    let calls = std::cell::Cell::new(0usize);
    let counted = |x: f64| {
        calls.set(calls.get() + 1);
        x - 0.5
    };
    assert_roots(&find_roots(counted, 0.0, 1.0, usize::MAX), &[0.5], 1e-12);
    assert!(calls.get() <= MAX_ROOT_SAMPLES + MAX_BRENT_ITERATIONS);
}
