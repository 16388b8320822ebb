//! The native core paths of issue 7 on the map's largest grid: contouring (ours against the
//! `contour` crate on the same grid and levels), the gradient field, the critical-point search
//! as the map view runs it, and 1,000 steps of each optimizer on Rosenbrock. Where a
//! hand-written closure can stand in for our tape, its time is shown beside ours for scale.

mod common;

use common::{fmt_ratio, fmt_time, median_ns, print_table, ratio, verdict};
use contour::ContourBuilder;
use criterion::{Criterion, SamplingMode};
use nabla::compute::critical::{find_critical_points, Jet};
use nabla::compute::contour::{contour_levels, nice_levels};
use nabla::compute::descent::{run, Optimizer, Settings};
use nabla::compute::field::{gradient_field, ArrowLength};
use nabla::compute::geometry::View;
use nabla::eval::model::Model;
use nabla::compute::sample::sample_grid;
use std::collections::HashSet;
use std::hint::black_box;
use std::time::SystemTime;

/// Grid side, as the app's largest map.
const N: usize = 400;
/// Levels asked of `nice_levels` (the map's default count).
const LEVELS: usize = 12;
/// Descent steps per optimizer.
const STEPS: usize = 1000;
/// Seeds per axis of the map view's critical-point search.
const SEEDS: usize = 16;

const HIMMELBLAU: &str = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2";
const ROSENBROCK: &str = "(1 - x)^2 + 100*(y - x^2)^2";

/// Quantized polyline vertices in our grid coordinates, border vertices left out (the `contour`
/// crate closes rings along the padded border, which we leave open).
fn interior_vertices(points: impl Iterator<Item = [f64; 2]>) -> HashSet<(i64, i64)> {
    let inside = |v: f64| v > 1e-9 && v < (N - 1) as f64 - 1e-9;
    points.filter(|p| inside(p[0]) && inside(p[1])).map(|p| ((p[0] * 1e6).round() as i64, (p[1] * 1e6).round() as i64)).collect()
}

/// How many of `a` have no vertex of `b` within one quantum.
fn unmatched(a: &HashSet<(i64, i64)>, b: &HashSet<(i64, i64)>) -> usize {
    a.iter().filter(|&&(i, j)| !(-1..=1).any(|di| (-1..=1).any(|dj| b.contains(&(i + di, j + dj))))).count()
}

/// Checks that both contourers trace the same vertices at every level, then benchmarks them.
fn bench_contours(c: &mut Criterion) -> usize {
    // Himmelblau over ±5.35 spans about [0, 1250], which `nice_levels` splits into exactly 12
    // levels (100 … 1200); the familiar ±5 would give 8.
    let view = View::new(-5.35, 5.35, -5.35, 5.35).expect("valid view");
    let model = Model::new(HIMMELBLAU).expect("parses");
    let values = sample_grid(&model.value, &view, N, N, &[]).values.swap_remove(0);
    let (min, max) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    let levels = nice_levels(min, max, LEVELS);
    assert_eq!(levels.len(), LEVELS, "levels {levels:?} for the range [{min}, {max}]");
    let builder = ContourBuilder::new(N, N, true);
    let ours = contour_levels(&values, N, N, &levels);
    let theirs = builder.lines(&values, &levels).expect("grid shape matches");
    assert_eq!(ours.len(), theirs.len());
    for (o, t) in ours.iter().zip(&theirs) {
        let a = interior_vertices(o.lines.iter().flatten().copied());
        // The contour crate puts sample (i, j) at (i + 0.5, j + 0.5).
        let b = interior_vertices(t.geometry().0.iter().flat_map(|l| l.0.iter().map(|p| [p.x - 0.5, p.y - 0.5])));
        assert!(!a.is_empty(), "level {} has vertices", o.level);
        let (ua, ub) = (unmatched(&a, &b), unmatched(&b, &a));
        assert!(ua == 0 && ub == 0, "level {}: {ua} of our {} vertices and {ub} of theirs {} unmatched", o.level, a.len(), b.len());
    }

    let mut g = c.benchmark_group("contour");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ours", |b| b.iter(|| contour_levels(black_box(&values), N, N, black_box(&levels))));
    g.bench_function("contour_crate", |b| {
        b.iter(|| ContourBuilder::new(N, N, true).lines(black_box(&values), black_box(&levels)))
    });
    g.finish();
    levels.len()
}

/// The map view's arrows: 40 × 40 (its cap) from the value + gradient tape.
fn bench_field(c: &mut Criterion) {
    let view = View::new(-5.0, 5.0, -5.0, 5.0).expect("valid view");
    let model = Model::new(HIMMELBLAU).expect("parses");
    let arrows = gradient_field(&model.value_grad, &view, 40, 40, &[], ArrowLength::Normalized);
    assert_eq!(arrows.len(), 40 * 40, "every sample of Himmelblau has a non-zero gradient on this grid");
    let mut g = c.benchmark_group("field");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ours_40x40", |b| {
        b.iter(|| gradient_field(&model.value_grad, black_box(&view), 40, 40, &[], ArrowLength::Normalized))
    });
    g.finish();
}

/// `find_critical_points` as `map_view` calls it (eval from `value_grad_at` + `hessian_at`), and
/// with a hand-written exact jet of the same function for scale.
fn bench_critical(c: &mut Criterion) {
    let view = View::new(-5.0, 5.0, -5.0, 5.0).expect("valid view");
    let model = Model::new(HIMMELBLAU).expect("parses");
    let app_eval = |p: [f64; 2]| -> Jet {
        let m = &model;
        let point = vec![p[0], p[1]];
        let (value, gradient) = m.value_grad_at(&point);
        let h = m.hessian_at(&point);
        let g = [gradient.first().copied().unwrap_or(f64::NAN), gradient.get(1).copied().unwrap_or(f64::NAN)];
        let at = |i: usize, j: usize| h.get(i).and_then(|r| r.get(j)).copied().unwrap_or(f64::NAN);
        (value, g, [[at(0, 0), at(0, 1)], [at(1, 0), at(1, 1)]])
    };
    let hand_eval = |p: [f64; 2]| -> Jet {
        let [x, y] = p;
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        let hxy = 4.0 * x + 4.0 * y;
        (a * a + b * b, [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b], [[12.0 * x * x + 4.0 * y - 42.0, hxy], [hxy, 4.0 * x + 12.0 * y * y - 26.0]])
    };
    let ours = find_critical_points(app_eval, view.as_array(), SEEDS);
    let hand = find_critical_points(hand_eval, view.as_array(), SEEDS);
    assert_eq!(ours.len(), 9, "Himmelblau has 4 minima, 4 saddles and 1 maximum in [-5, 5]²");
    assert_eq!(ours.len(), hand.len());
    for (o, h) in ours.iter().zip(&hand) {
        assert!((o.at[0] - h.at[0]).abs() < 1e-9 && (o.at[1] - h.at[1]).abs() < 1e-9, "same points");
    }
    let mut g = c.benchmark_group("critical");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ours", |b| b.iter(|| find_critical_points(app_eval, black_box(view.as_array()), SEEDS)));
    g.bench_function("hand", |b| b.iter(|| find_critical_points(hand_eval, black_box(view.as_array()), SEEDS)));
    g.finish();
}

/// Learning rates that keep each optimizer descending for all 1,000 steps from (−1.5, 2).
fn settings(o: Optimizer) -> Settings {
    match o {
        Optimizer::Gd | Optimizer::Momentum | Optimizer::Nesterov => Settings::with_lr(1e-4),
        Optimizer::RmsProp | Optimizer::Adam => Settings::with_lr(1e-3),
    }
}

/// 1,000 steps of each optimizer on Rosenbrock, as the lab runs them (value + gradient tape),
/// and with a hand-written gradient for scale.
fn bench_descent(c: &mut Criterion) {
    let model = Model::new(ROSENBROCK).expect("parses");
    let start = [-1.5, 2.0];
    let mut g = c.benchmark_group("descent");
    g.sampling_mode(SamplingMode::Flat);
    for o in Optimizer::ALL {
        let mut out = vec![0.0; 3];
        let mut tape = |theta: &[f64], grad: &mut [f64]| {
            model.value_grad.eval_point(theta, &mut out);
            grad.copy_from_slice(&out[1..=grad.len()]);
            out[0]
        };
        let hand = |t: &[f64], grad: &mut [f64]| {
            let (a, b) = (1.0 - t[0], t[1] - t[0] * t[0]);
            grad[0] = -2.0 * a - 400.0 * t[0] * b;
            grad[1] = 200.0 * b;
            a * a + 100.0 * b * b
        };
        let r_ours = run(o, settings(o), &start, STEPS, 0.0, &mut tape);
        let r_hand = run(o, settings(o), &start, STEPS, 0.0, hand);
        assert_eq!(r_ours.steps, STEPS, "{}: all {STEPS} steps ({:?})", o.as_str(), r_ours.message);
        assert_eq!(r_ours.path.len(), r_hand.path.len());
        let last = (r_ours.path[STEPS][0] - r_hand.path[STEPS][0]).abs() + (r_ours.path[STEPS][1] - r_hand.path[STEPS][1]).abs();
        assert!(last < 1e-9, "{}: tape and hand-written runs end at the same point", o.as_str());
        g.bench_function(format!("{}_ours", o.as_str()), |b| b.iter(|| run(o, settings(o), black_box(&start), STEPS, 0.0, &mut tape)));
        g.bench_function(format!("{}_hand", o.as_str()), |b| b.iter(|| run(o, settings(o), black_box(&start), STEPS, 0.0, hand)));
    }
    g.finish();
}

fn main() {
    let since = SystemTime::now();
    let mut c = common::criterion();
    let n_levels = bench_contours(&mut c);
    bench_field(&mut c);
    bench_critical(&mut c);
    bench_descent(&mut c);
    c.final_summary();

    let t = |group: &str, id: &str| median_ns(group, id, since);
    let mut rows = vec![vec!["benchmark".to_string(), "baseline".into(), "baseline time".into(), "ours".into(), "ours / baseline".into(), "target".into()]];
    let (ours, crate_t) = (t("contour", "ours"), t("contour", "contour_crate"));
    let contour_ok = ratio(ours, crate_t).map(|r| r < 1.0);
    rows.push(vec![
        format!("contours, {n_levels} levels, {N}×{N}"),
        "contour 0.13 lines()".into(),
        fmt_time(crate_t),
        fmt_time(ours),
        fmt_ratio(ratio(ours, crate_t)),
        format!("faster: {}", verdict(contour_ok)),
    ]);
    rows.push(vec!["gradient field 40×40".into(), "—".into(), "—".into(), fmt_time(t("field", "ours_40x40")), "—".into(), "—".into()]);
    let (ours, hand) = (t("critical", "ours"), t("critical", "hand"));
    rows.push(vec![
        format!("critical points, {SEEDS}² seeds"),
        "hand-written jet".into(),
        fmt_time(hand),
        fmt_time(ours),
        fmt_ratio(ratio(ours, hand)),
        "—".into(),
    ]);
    for o in Optimizer::ALL {
        let (ours, hand) = (t("descent", &format!("{}_ours", o.as_str())), t("descent", &format!("{}_hand", o.as_str())));
        rows.push(vec![
            format!("{STEPS} steps {} (Rosenbrock)", o.as_str()),
            "hand-written gradient".into(),
            fmt_time(hand),
            fmt_time(ours),
            fmt_ratio(ratio(ours, hand)),
            "—".into(),
        ]);
    }
    print_table("issue 7 native core (median of criterion samples, this run)", &rows);
}
