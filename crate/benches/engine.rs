//! Expression engine over a 400×400 grid (issue 3): our compiled tapes, as the app samples them
//! (`sample_grid` over `Model::value` / `Model::value_grad`), against meval's bound closures and
//! hand-written Rust closures of the same eight functions; value alone, then value + gradient.
//! meval has no derivatives, so its value + gradient baseline is central differences over its
//! closures. Every pair is checked to agree on the whole grid before anything is timed.

mod common;

use common::{assert_close, fmt_ratio, fmt_time, geomean, median_ns, print_table, ratio, verdict};
use criterion::{Criterion, SamplingMode};
use nabla::compute::geometry::View;
use nabla::eval::model::Model;
use nabla::compute::sample::sample_grid;
use std::hint::black_box;
use std::time::SystemTime;

/// Grid side, as the app's largest map.
const N: usize = 400;
/// Central-difference step for meval's gradient: ∛ε ≈ 6e-6, scaled by max(1, |coordinate|).
const FD_STEP: f64 = 6.06e-6;

/// One benchmarked function: its id (criterion file names), table label and text (explicit `*`
/// so meval reads it too); `z` is the slice value of a third variable.
struct Case {
    id: &'static str,
    label: &'static str,
    text: &'static str,
    z: Option<f64>,
}

/// Cell-centre coordinates of the grid, exactly as `sample_grid` computes them.
fn coords(view: &View) -> (Vec<f64>, Vec<f64>) {
    let xs = (0..N).map(|i| view.grid_x(i as f64, N)).collect();
    let ys = (0..N).map(|j| view.grid_y(j as f64, N)).collect();
    (xs, ys)
}

/// A scalar function over the grid, rows bottom to top, x fastest (the layout of `sample_grid`).
fn grid_value<F: Fn(f64, f64) -> f64>(f: &F, xs: &[f64], ys: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(xs.len() * ys.len());
    for &y in ys {
        for &x in xs {
            out.push(f(x, y));
        }
    }
    out
}

/// `K` outputs (value, then partials) over the grid, one Vec per output like `sample_grid`.
fn grid_outputs<const K: usize, F: Fn(f64, f64) -> [f64; K]>(f: &F, xs: &[f64], ys: &[f64]) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = (0..K).map(|_| Vec::with_capacity(xs.len() * ys.len())).collect();
    for &y in ys {
        for &x in xs {
            let v = f(x, y);
            for (o, v) in out.iter_mut().zip(v) {
                o.push(v);
            }
        }
    }
    out
}

/// meval's closure over (x, y, z); two-variable functions ignore z.
fn meval_fn(case: &Case) -> Box<dyn Fn(f64, f64, f64) -> f64> {
    let expr: meval::Expr = case.text.parse().expect("meval parses every benchmark function");
    if case.z.is_some() {
        let f = expr.bind3("x", "y", "z").expect("meval binds x, y, z");
        Box::new(f)
    } else {
        let f = expr.bind2("x", "y").expect("meval binds x, y");
        Box::new(move |x, y, _| f(x, y))
    }
}

/// Value and the first `K − 1` partials of `f` at (x, y, z) by central differences.
fn central<const K: usize>(f: &dyn Fn(f64, f64, f64) -> f64, x: f64, y: f64, z: f64) -> [f64; K] {
    let p = [x, y, z];
    let mut out = [0.0; K];
    out[0] = f(x, y, z);
    for i in 0..K - 1 {
        let h = FD_STEP * p[i].abs().max(1.0);
        let (mut a, mut b) = (p, p);
        a[i] += h;
        b[i] -= h;
        out[i + 1] = (f(a[0], a[1], a[2]) - f(b[0], b[1], b[2])) / (a[i] - b[i]);
    }
    out
}

/// Checks, then benchmarks one function: value (ours, hand, meval) and value + gradient
/// (ours, hand, meval by central differences). `hand_grad` returns `[f, ∂f/∂x, ∂f/∂y, (∂f/∂z)]`,
/// the same outputs as our value + gradient tape.
fn bench_case<V, G, const K: usize>(c: &mut Criterion, case: &Case, view: &View, hand: V, hand_grad: G)
where
    V: Fn(f64, f64) -> f64,
    G: Fn(f64, f64) -> [f64; K],
{
    let model = Model::new(case.text).expect("our parser reads every benchmark function");
    let others: Vec<f64> = case.z.into_iter().collect();
    assert_eq!(model.n_vars(), 2 + others.len(), "{}: variables", case.id);
    assert_eq!(model.value_grad.n_outputs(), K, "{}: value + gradient outputs", case.id);
    let (xs, ys) = coords(view);
    let z = case.z.unwrap_or(0.0);
    let meval = meval_fn(case);
    let meval_value = |x: f64, y: f64| meval(x, y, z);
    let meval_grad = |x: f64, y: f64| central::<K>(&*meval, x, y, z);

    // Agreement before timing: the whole grid, every output.
    let ours = sample_grid(&model.value, view, N, N, &others).values;
    let hand_grid = grid_value(&hand, &xs, &ys);
    assert_close(&format!("{} value: ours vs hand-written", case.id), &ours[0], &hand_grid, 1e-9);
    assert_close(&format!("{} value: meval vs hand-written", case.id), &grid_value(&meval_value, &xs, &ys), &hand_grid, 1e-9);
    let ours = sample_grid(&model.value_grad, view, N, N, &others).values;
    let hand_grid = grid_outputs(&hand_grad, &xs, &ys);
    let meval_grid = grid_outputs(&meval_grad, &xs, &ys);
    for k in 0..K {
        assert_close(&format!("{} output {k}: ours vs hand-written", case.id), &ours[k], &hand_grid[k], 1e-9);
        // Central differences are only accurate to about ε^(2/3).
        assert_close(&format!("{} output {k}: meval differences vs hand-written", case.id), &meval_grid[k], &hand_grid[k], 1e-5);
    }

    let mut g = c.benchmark_group("value");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function(format!("{}_ours", case.id), |b| {
        b.iter(|| sample_grid(&model.value, black_box(view), N, N, black_box(&others)))
    });
    g.bench_function(format!("{}_hand", case.id), |b| b.iter(|| grid_value(&hand, black_box(&xs), black_box(&ys))));
    g.bench_function(format!("{}_meval", case.id), |b| b.iter(|| grid_value(&meval_value, black_box(&xs), black_box(&ys))));
    g.finish();

    let mut g = c.benchmark_group("value_grad");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function(format!("{}_ours", case.id), |b| {
        b.iter(|| sample_grid(&model.value_grad, black_box(view), N, N, black_box(&others)))
    });
    g.bench_function(format!("{}_hand", case.id), |b| b.iter(|| grid_outputs(&hand_grad, black_box(&xs), black_box(&ys))));
    g.bench_function(format!("{}_meval", case.id), |b| b.iter(|| grid_outputs(&meval_grad, black_box(&xs), black_box(&ys))));
    g.finish();
}

const CASES: [Case; 8] = [
    Case { id: "poly", label: "polynomial (cubic)", text: "3*x^3 - 2*x^2*y + x*y^2 - 5*y^3 + 4*x - y + 7", z: None },
    Case { id: "sincos", label: "sin(x)*cos(y)", text: "sin(x)*cos(y)", z: None },
    Case { id: "explog", label: "exp/ln mix", text: "exp(-(x^2 + y^2)/2) + ln(1 + x^2 + y^2)", z: None },
    Case { id: "rosenbrock", label: "Rosenbrock", text: "(1 - x)^2 + 100*(y - x^2)^2", z: None },
    Case { id: "himmelblau", label: "Himmelblau", text: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", z: None },
    Case { id: "x2y_sinxy", label: "x^2*y + sin(x*y)", text: "x^2*y + sin(x*y)", z: None },
    Case { id: "three_var", label: "3 variables, z = 1", text: "x*y*z + sin(x + z)*cos(y - z) + x*z^2", z: Some(1.0) },
    Case { id: "forty", label: "40 terms", text: common::forty::TEXT40, z: None },
];

fn main() {
    let since = SystemTime::now();
    let mut c = common::criterion();
    let view = View::new(-3.0, 3.0, -3.0, 3.0).expect("valid view");
    // The slice value reaches the hand-written closures at run time, as it reaches the tape.
    let z = black_box(1.0);

    bench_case(&mut c, &CASES[0], &view, |x, y| 3.0 * x * x * x - 2.0 * x * x * y + x * y * y - 5.0 * y * y * y + 4.0 * x - y + 7.0, |x, y| {
        [
            3.0 * x * x * x - 2.0 * x * x * y + x * y * y - 5.0 * y * y * y + 4.0 * x - y + 7.0,
            9.0 * x * x - 4.0 * x * y + y * y + 4.0,
            -2.0 * x * x + 2.0 * x * y - 15.0 * y * y - 1.0,
        ]
    });
    bench_case(&mut c, &CASES[1], &view, |x: f64, y: f64| x.sin() * y.cos(), |x: f64, y: f64| {
        let ((sx, cx), (sy, cy)) = (x.sin_cos(), y.sin_cos());
        [sx * cy, cx * cy, -sx * sy]
    });
    bench_case(&mut c, &CASES[2], &view, |x: f64, y: f64| (-(x * x + y * y) / 2.0).exp() + (1.0 + x * x + y * y).ln(), |x: f64, y: f64| {
        let e = (-(x * x + y * y) / 2.0).exp();
        let r = 1.0 + x * x + y * y;
        [e + r.ln(), -x * e + 2.0 * x / r, -y * e + 2.0 * y / r]
    });
    bench_case(&mut c, &CASES[3], &view, |x: f64, y: f64| (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x), |x: f64, y: f64| {
        let (a, b) = (1.0 - x, y - x * x);
        [a * a + 100.0 * b * b, -2.0 * a - 400.0 * x * b, 200.0 * b]
    });
    bench_case(&mut c, &CASES[4], &view, |x: f64, y: f64| {
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        a * a + b * b
    }, |x: f64, y: f64| {
        let (a, b) = (x * x + y - 11.0, x + y * y - 7.0);
        [a * a + b * b, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]
    });
    bench_case(&mut c, &CASES[5], &view, |x: f64, y: f64| x * x * y + (x * y).sin(), |x: f64, y: f64| {
        let (s, co) = (x * y).sin_cos();
        [x * x * y + s, 2.0 * x * y + y * co, x * x + x * co]
    });
    bench_case(&mut c, &CASES[6], &view, move |x: f64, y: f64| x * y * z + (x + z).sin() * (y - z).cos() + x * z * z, move |x: f64, y: f64| {
        let ((sa, ca), (sb, cb)) = ((x + z).sin_cos(), (y - z).sin_cos());
        [
            x * y * z + sa * cb + x * z * z,
            y * z + ca * cb + z * z,
            x * z - sa * sb,
            x * y + ca * cb + sa * sb + 2.0 * x * z,
        ]
    });
    bench_case(&mut c, &CASES[7], &view, common::forty::value40, common::forty::grad40);

    c.final_summary();
    summary(since);
}

/// The tables of this run: per function, then geometric means against the targets.
fn summary(since: SystemTime) {
    let mut targets: Vec<Vec<String>> = vec![vec!["target".into(), "measured (geometric mean)".into(), "verdict".into()]];
    for (group, title) in [("value", "value"), ("value_grad", "value + gradient")] {
        let meval_col = if group == "value" { "meval" } else { "meval (central diff.)" };
        let mut rows = vec![vec![
            "function".to_string(),
            "hand-written".into(),
            "ours".into(),
            meval_col.into(),
            "ours / hand".into(),
            "meval / ours".into(),
        ]];
        let (mut vs_hand, mut vs_meval) = (Vec::new(), Vec::new());
        for case in &CASES {
            let t = |who: &str| median_ns(group, &format!("{}_{who}", case.id), since);
            let (ours, hand, meval) = (t("ours"), t("hand"), t("meval"));
            vs_hand.push(ratio(ours, hand));
            vs_meval.push(ratio(meval, ours));
            rows.push(vec![
                case.label.into(),
                fmt_time(hand),
                fmt_time(ours),
                fmt_time(meval),
                fmt_ratio(ratio(ours, hand)),
                fmt_ratio(ratio(meval, ours)),
            ]);
        }
        let (gh, gm) = (geomean(&vs_hand), geomean(&vs_meval));
        rows.push(vec!["geometric mean".into(), String::new(), String::new(), String::new(), fmt_ratio(gh), fmt_ratio(gm)]);
        print_table(&format!("{title} over a {N}×{N} grid (median of criterion samples, this run)"), &rows);
        if group == "value" {
            targets.push(vec!["value: ours ≤ 2× hand-written".into(), fmt_ratio(gh), verdict(gh.map(|r| r <= 2.0)).into()]);
            targets.push(vec!["value: ≥ 10× faster than meval".into(), fmt_ratio(gm), verdict(gm.map(|r| r >= 10.0)).into()]);
        } else {
            targets.push(vec!["value + gradient: ours ≤ 3× hand-written".into(), fmt_ratio(gh), verdict(gh.map(|r| r <= 3.0)).into()]);
        }
    }
    print_table("issue 3 targets", &targets);
}
