//! Tests of `curve`.

use super::*;
use std::cell::Cell;
use std::f64::consts::PI;

const W: usize = 1200;

fn assert_finite(lines: &[Vec<[f64; 2]>]) {
    for line in lines {
        assert!(line.len() >= 2);
        for p in line {
            assert!(p[0].is_finite() && p[1].is_finite(), "{p:?}");
        }
    }
}

/// Every consecutive pair of output points, across all polylines.
fn pairs(lines: &[Vec<[f64; 2]>]) -> impl Iterator<Item = ([f64; 2], [f64; 2])> + '_ {
    lines
        .iter()
        .flat_map(|l| l.windows(2).map(|w| (w[0], w[1])))
}

/// Distance from point p to segment ab.
fn dist_to_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
}

#[test]
fn reciprocal_never_joins_across_the_pole() {
    let lines = sample_curve(|x| 1.0 / x, -1.0, 1.0, -4.0, 4.0, W);
    assert_finite(&lines);
    assert_eq!(lines.len(), 2);
    for (p, q) in pairs(&lines) {
        assert!(p[0] * q[0] > 0.0, "segment {p:?} -> {q:?} crosses x = 0");
    }
    // Each branch runs off-screen and ends exactly on the cut boundary, 10 heights out.
    let ys = lines.iter().flatten().map(|p| p[1]);
    let (lo, hi) = ys.fold((0.0f64, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)));
    assert!(
        (lo + 84.0).abs() < 1e-9 && (hi - 84.0).abs() < 1e-9,
        "{lo} {hi}"
    );
}

#[test]
fn tangent_splits_at_every_pole() {
    let lines = sample_curve(f64::tan, -5.0, 5.0, -5.0, 5.0, W);
    assert_finite(&lines);
    // Poles at ±π/2 and ±3π/2 leave five branches.
    assert_eq!(lines.len(), 5);
    let branch = |x: f64| ((x + PI / 2.0) / PI).floor();
    for (p, q) in pairs(&lines) {
        assert_eq!(
            branch(p[0]),
            branch(q[0]),
            "segment {p:?} -> {q:?} crosses a pole"
        );
    }
}

#[test]
fn floor_has_only_flat_segments_and_sharp_steps() {
    let lines = sample_curve(f64::floor, -3.0, 3.0, -4.0, 4.0, W);
    assert_finite(&lines);
    // Values -3..=2 on [-3, 3); the lone point floor(3) = 3 makes no segment.
    assert_eq!(lines.len(), 6);
    for (p, q) in pairs(&lines) {
        assert!(
            (p[1] - q[1]).abs() < 1e-9,
            "segment {p:?} -> {q:?} is not flat"
        );
        assert!((p[0].floor() - p[1]).abs() < 1e-9 && (q[0].floor() - q[1]).abs() < 1e-9);
    }
    // Each step spans its whole unit interval, to within a pixel (0.005).
    for (k, line) in lines.iter().enumerate() {
        let (first, last) = (line[0], line[line.len() - 1]);
        let start = -3.0 + k as f64;
        assert!((first[0] - start).abs() < 0.005 && (last[0] - start - 1.0).abs() < 0.005);
    }
}

#[test]
fn visible_steps_are_flat_in_many_views() {
    // A fixed pseudo-random sweep of views (64-bit LCG, Knuth's MMIX constants).
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    for _ in 0..40 {
        let (xc, xw) = (20.0 * next() - 10.0, 0.5 + 20.0 * next());
        let (yc, yh) = (20.0 * next() - 10.0, 1.0 + 10.0 * next());
        let width = 50 + (1500.0 * next()) as usize;
        let (y0, y1) = (yc - yh / 2.0, yc + yh / 2.0);
        let lines = sample_curve(f64::floor, xc - xw / 2.0, xc + xw / 2.0, y0, y1, width);
        assert_finite(&lines);
        // Steps are at least 4 pixels tall here, so every segment reaching the view must be flat.
        assert!(yh / width as f64 <= 0.25);
        for (p, q) in pairs(&lines) {
            if p[1].max(q[1]) >= y0 && p[1].min(q[1]) <= y1 {
                assert!(
                    (p[1] - q[1]).abs() < 1e-9,
                    "{p:?} -> {q:?} in view {xc} {xw} {yc} {yh}"
                );
            }
        }
    }
}

#[test]
fn poles_split_at_any_canvas_width() {
    for width in [3, 17, 300, 1200, 5000] {
        let lines = sample_curve(|x| 1.0 / x, -1.0, 1.3, -4.0, 4.0, width);
        assert_finite(&lines);
        assert_eq!(lines.len(), 2, "width {width}");
        for (p, q) in pairs(&lines) {
            assert!(p[0] * q[0] > 0.0, "width {width}: {p:?} -> {q:?}");
        }
    }
}

#[test]
fn sign_with_midpoint_exactly_on_the_chord_still_splits() {
    // sign(0) = 0 sits exactly on the chord from -1 to 1, which defeats the midpoint test alone.
    let sign = |x: f64| {
        if x > 0.0 {
            1.0
        } else if x < 0.0 {
            -1.0
        } else {
            0.0
        }
    };
    // 101 pixels: the middle grid interval is symmetric about 0, and the unit jump is 25 pixels.
    let lines = sample_curve(sign, -1.0, 1.0, -2.0, 2.0, 101);
    assert_eq!(lines.len(), 2);
    for (p, q) in pairs(&lines) {
        assert_eq!(p[1], q[1]);
    }
}

#[test]
fn continuous_curves_stay_one_polyline() {
    let names = ["cbrt", "square", "abs", "sin"];
    let fs: [fn(f64) -> f64; 4] = [f64::cbrt, |x| x * x, f64::abs, f64::sin];
    for (name, f) in names.into_iter().zip(fs) {
        let lines = sample_curve(f, -1.0, 1.0, -1.2, 1.2, W);
        assert_finite(&lines);
        assert_eq!(lines.len(), 1, "{name}");
        let line = &lines[0];
        assert_eq!(line[0][0], -1.0, "{name}");
        assert_eq!(line[line.len() - 1][0], 1.0, "{name}");
    }
}

#[test]
fn cbrt_tangent_is_sampled_through_zero() {
    let lines = sample_curve(f64::cbrt, -1.0, 1.3, -1.2, 1.2, W);
    assert_eq!(lines.len(), 1);
    // The vertical tangent passes within a pixel (0.002 in y) of the origin.
    let d = lines[0]
        .windows(2)
        .map(|w| dist_to_segment([0.0, 0.0], w[0], w[1]))
        .fold(1.0, f64::min);
    assert!(d < 0.002, "{d}");
}

#[test]
fn abs_corner_is_within_a_pixel() {
    // The grid misses 0 here, so the corner must come from refinement.
    let lines = sample_curve(f64::abs, -1.0, 1.3, -1.2, 1.2, W);
    assert_eq!(lines.len(), 1);
    let px = 2.3 / W as f64;
    let d = lines[0]
        .windows(2)
        .map(|w| dist_to_segment([0.0, 0.0], w[0], w[1]))
        .fold(1.0, f64::min);
    assert!(d < px, "{d}");
    let lowest = lines[0].iter().map(|p| p[1]).fold(1.0, f64::min);
    assert!(lowest < px, "{lowest}");
}

#[test]
fn sqrt_starts_at_the_domain_edge() {
    for (x0, x1) in [(-1.0, 1.0), (-1.0, 1.3)] {
        let lines = sample_curve(f64::sqrt, x0, x1, -0.2, 1.2, W);
        assert_eq!(lines.len(), 1);
        let start = lines[0][0];
        let (px, py) = ((x1 - x0) / W as f64, 1.4 / W as f64);
        assert!(
            start[0] >= 0.0 && start[0] < px && start[1] < py,
            "{start:?}"
        );
        assert_eq!(lines[0][lines[0].len() - 1][0], x1);
    }
}

#[test]
fn nan_island_leaves_a_gap_with_precise_edges() {
    let f = |x: f64| if (x - 0.3).abs() < 0.1 { f64::NAN } else { x };
    let lines = sample_curve(f, -1.0, 1.0, -1.0, 1.0, W);
    assert_eq!(lines.len(), 2);
    let px = 2.0 / W as f64;
    let end = lines[0][lines[0].len() - 1][0];
    let start = lines[1][0][0];
    assert!(end <= 0.2 && end > 0.2 - px, "{end}");
    assert!(start >= 0.4 && start < 0.4 + px, "{start}");
}

#[test]
fn log_ends_at_the_cut_boundary_and_never_reaches_zero() {
    let lines = sample_curve(f64::ln, -1.0, 2.0, -2.0, 2.0, W);
    assert_finite(&lines);
    assert_eq!(lines.len(), 1);
    let first = lines[0][0];
    // The line ends on the cut 10 heights (40) below y0 = -2, within a pixel (0.0025) of x = 0.
    assert!((first[1] + 42.0).abs() < 1e-9, "{first:?}");
    assert!(first[0] > 0.0 && first[0] < 0.0025, "{first:?}");
}

#[test]
fn huge_and_infinite_values_never_reach_the_output() {
    let fs: [fn(f64) -> f64; 6] = [
        |_| 1e300,
        |_| f64::INFINITY,
        |x| {
            if x > 0.0 {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            }
        },
        |x| x * 1e300,
        |x| 1e300 * (x * 50.0).sin(),
        |x| {
            if (x * 7.0).floor() as i64 % 2 == 0 {
                f64::NAN
            } else {
                1e308 * x
            }
        },
    ];
    for f in fs {
        let lines = sample_curve(f, -1.0, 1.0, -1.0, 1.0, W);
        assert_finite(&lines);
        for p in lines.iter().flatten() {
            assert!(p[1].abs() <= 21.0 + 1e-9, "{p:?}");
        }
    }
    assert!(sample_curve(|_| 1e300, -1.0, 1.0, -1.0, 1.0, W).is_empty());
}

#[test]
fn steep_line_is_cut_exactly_at_the_margin() {
    let lines = sample_curve(|x| 1e6 * x, -1.0, 1.0, -1.0, 1.0, W);
    assert_eq!(lines.len(), 1);
    let (first, last) = (lines[0][0], lines[0][lines[0].len() - 1]);
    assert!((first[1] + 21.0).abs() < 1e-9 && (last[1] - 21.0).abs() < 1e-9);
    assert!((first[0] + 21e-6).abs() < 1e-12 && (last[0] - 21e-6).abs() < 1e-12);
}

/// Output of `f` over [-r, r] with the number of evaluations it took.
fn counted(f: fn(f64) -> f64, r: f64, y: f64) -> (Vec<Vec<[f64; 2]>>, usize) {
    let calls = Cell::new(0usize);
    let lines = sample_curve(
        |x| {
            calls.set(calls.get() + 1);
            f(x)
        },
        -r,
        r,
        -y,
        y,
        W,
    );
    (lines, calls.get())
}

#[test]
fn sin_inverse_finishes_within_the_budget() {
    let (lines, calls) = counted(|x| (1.0 / x).sin(), 1.0, 1.5);
    assert_finite(&lines);
    assert!(calls <= MAX_EVALS, "{calls}");
    // Refined near 0: well over twice the 120 grid samples in |x| < 0.1.
    let near = lines.iter().flatten().filter(|p| p[0].abs() < 0.1).count();
    assert!(near > 240, "{near}");
    // Zoomed in, the whole view oscillates and most of the budget goes on it, yet it stops.
    let (lines, calls) = counted(|x| (1.0 / x).sin(), 0.01, 1.5);
    assert_finite(&lines);
    assert!(calls <= MAX_EVALS && calls > MAX_EVALS / 2, "{calls}");
}

#[test]
fn starved_plot_still_covers_the_whole_range() {
    // 636 poles on 1200 pixels exhaust the budget; the rest is drawn as sampled, not left blank.
    let (lines, calls) = counted(f64::tan, 1000.0, 5.0);
    assert_finite(&lines);
    assert!(calls <= MAX_EVALS, "{calls}");
    let right = lines
        .iter()
        .flatten()
        .map(|p| p[0])
        .fold(f64::MIN, f64::max);
    assert!(right > 999.0, "{right}");
    // A hundred poles are still within the budget, every one of them split.
    let (lines, calls) = counted(f64::tan, 100.0, 5.0);
    assert!(calls < MAX_EVALS, "{calls}");
    assert_eq!(lines.len(), 65);
}

#[test]
fn smooth_curve_is_cheap() {
    let calls = Cell::new(0usize);
    let f = |x: f64| {
        calls.set(calls.get() + 1);
        x * x
    };
    let lines = sample_curve(f, -1.0, 1.0, -0.2, 1.2, W);
    assert_eq!(lines.len(), 1);
    // Grid plus about one midpoint per pixel; no jump searches.
    assert!(calls.get() < 3 * W, "{}", calls.get());
}

#[test]
fn degenerate_ranges_give_nothing() {
    let f = |x: f64| x;
    assert!(sample_curve(f, 1.0, -1.0, -1.0, 1.0, W).is_empty());
    assert!(sample_curve(f, 1.0, 1.0, -1.0, 1.0, W).is_empty());
    assert!(sample_curve(f, -1.0, 1.0, 1.0, -1.0, W).is_empty());
    assert!(sample_curve(f, -1.0, 1.0, 1.0, 1.0, W).is_empty());
    assert!(sample_curve(f, -1.0, 1.0, -1.0, 1.0, 0).is_empty());
    assert!(sample_curve(f, f64::NAN, 1.0, -1.0, 1.0, W).is_empty());
    assert!(sample_curve(f, -1.0, f64::INFINITY, -1.0, 1.0, W).is_empty());
    assert!(sample_curve(f, -f64::MAX, f64::MAX, -1.0, 1.0, W).is_empty());
    assert!(sample_curve(f, -1.0, 1.0, -1.0, 1.0 + f64::NAN, W).is_empty());
}

#[test]
fn extreme_but_valid_inputs_do_not_panic() {
    let tiny = sample_curve(|x| x, 0.0, 1e-300, 0.0, 1e-300, W);
    assert_finite(&tiny);
    let wide = sample_curve(f64::sin, -1e6, 1e6, -1.0, 1.0, usize::MAX);
    assert_finite(&wide);
    let nan = sample_curve(|_| f64::NAN, -1.0, 1.0, -1.0, 1.0, W);
    assert!(nan.is_empty());
    let one = sample_curve(|x| x, -1.0, 1.0, -1.0, 1.0, 1);
    assert_eq!(one, vec![vec![[-1.0, -1.0], [0.0, 0.0], [1.0, 1.0]]]);
}
