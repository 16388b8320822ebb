//! Tests of `critical`.

use super::*;

fn quadratic(sx: f64, sy: f64) -> impl Fn([f64; 2]) -> Jet {
    move |[x, y]| {
        (
            sx * x * x + sy * y * y,
            [2.0 * sx * x, 2.0 * sy * y],
            [[2.0 * sx, 0.0], [0.0, 2.0 * sy]],
        )
    }
}

fn himmelblau([x, y]: [f64; 2]) -> Jet {
    let u = x * x + y - 11.0;
    let v = x + y * y - 7.0;
    let f = u * u + v * v;
    let g = [4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v];
    let hxy = 4.0 * x + 4.0 * y;
    let h = [
        [4.0 * u + 8.0 * x * x + 2.0, hxy],
        [hxy, 2.0 + 4.0 * v + 8.0 * y * y],
    ];
    (f, g, h)
}

fn near(p: [f64; 2], q: [f64; 2], tol: f64) -> bool {
    (p[0] - q[0]).abs() <= tol && (p[1] - q[1]).abs() <= tol
}

fn single(points: &[CriticalPoint]) -> CriticalPoint {
    assert_eq!(points.len(), 1, "{points:?}");
    points[0]
}

#[test]
fn bowl_has_one_minimum_at_origin() {
    let p = single(&find_critical_points(
        quadratic(1.0, 1.0),
        [-1.0, 1.0, -1.0, 1.0],
        20,
    ));
    assert_eq!(p.kind, CriticalKind::Min);
    assert!(near(p.at, [0.0, 0.0], 1e-12));
    assert!(p.value.abs() <= 1e-24);
}

#[test]
fn saddle_and_maximum_are_classified() {
    let s = single(&find_critical_points(
        quadratic(1.0, -1.0),
        [-2.0, 3.0, -1.0, 1.5],
        20,
    ));
    assert_eq!(s.kind, CriticalKind::Saddle);
    assert!(near(s.at, [0.0, 0.0], 1e-12));
    let m = single(&find_critical_points(
        quadratic(-1.0, -1.0),
        [-1.0, 1.0, -1.0, 1.0],
        7,
    ));
    assert_eq!(m.kind, CriticalKind::Max);
    assert!(near(m.at, [0.0, 0.0], 1e-12));
}

#[test]
fn himmelblau_has_four_minima_one_maximum_four_saddles() {
    let points = find_critical_points(himmelblau, [-5.0, 5.0, -5.0, 5.0], 20);
    assert_eq!(points.len(), 9, "{points:?}");
    let of = |k: CriticalKind| points.iter().filter(|p| p.kind == k).collect::<Vec<_>>();
    let minima = of(CriticalKind::Min);
    assert_eq!(minima.len(), 4);
    // Sorted by x: the known minima in increasing x.
    let expected = [
        [-3.779310, -3.283186],
        [-2.805118, 3.131312],
        [3.0, 2.0],
        [3.584428, -1.848126],
    ];
    for (p, e) in minima.iter().zip(expected) {
        assert!(near(p.at, e, 1e-5), "{p:?} vs {e:?}");
        assert!(p.value.abs() < 1e-12);
    }
    let maxima = of(CriticalKind::Max);
    assert_eq!(maxima.len(), 1);
    assert!(near(maxima[0].at, [-0.270845, -0.923039], 1e-5));
    assert!((maxima[0].value - 181.616522).abs() < 1e-4);
    let saddles = of(CriticalKind::Saddle);
    assert_eq!(saddles.len(), 4);
    for s in &saddles {
        let (_, g, _) = himmelblau(s.at);
        assert!(g[0].hypot(g[1]) < 1e-9, "{s:?}");
    }
    assert!(points.windows(2).all(|w| w[0].at[0] <= w[1].at[0]));
}

#[test]
fn monkey_saddle_is_degenerate() {
    let monkey = |[x, y]: [f64; 2]| {
        (
            x * x * x - 3.0 * x * y * y,
            [3.0 * x * x - 3.0 * y * y, -6.0 * x * y],
            [[6.0 * x, -6.0 * y], [-6.0 * y, -6.0 * x]],
        )
    };
    let p = single(&find_critical_points(monkey, [-1.0, 1.0, -1.0, 1.0], 20));
    assert_eq!(p.kind, CriticalKind::Degenerate);
    assert!(near(p.at, [0.0, 0.0], 1e-6));
}

#[test]
fn quartic_bowl_is_found_and_degenerate() {
    let quartic = |[x, y]: [f64; 2]| {
        (
            x.powi(4) + y.powi(4),
            [4.0 * x.powi(3), 4.0 * y.powi(3)],
            [[12.0 * x * x, 0.0], [0.0, 12.0 * y * y]],
        )
    };
    for seeds in [1, 2, 5, 20] {
        let p = single(&find_critical_points(
            quartic,
            [-5.0, 5.0, -5.0, 5.0],
            seeds,
        ));
        assert_eq!(p.kind, CriticalKind::Degenerate, "seeds {seeds}");
        assert!(near(p.at, [0.0, 0.0], 1e-6), "{p:?}");
    }
    // Degenerate along one axis only: x⁴ + y² has H = diag(0, 2) at the origin.
    let mixed = |[x, y]: [f64; 2]| {
        (
            x.powi(4) + y * y,
            [4.0 * x.powi(3), 2.0 * y],
            [[12.0 * x * x, 0.0], [0.0, 2.0]],
        )
    };
    let p = single(&find_critical_points(mixed, [-2.0, 1.0, -1.0, 3.0], 16));
    assert_eq!(p.kind, CriticalKind::Degenerate);
    assert!(near(p.at, [0.0, 0.0], 1e-6), "{p:?}");
}

#[test]
fn plane_has_no_critical_point_and_flat_function_reports_none() {
    let plane = |[x, y]: [f64; 2]| (x + y, [1.0, 1.0], [[0.0; 2]; 2]);
    assert!(find_critical_points(plane, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
    let flat = |_: [f64; 2]| (3.0, [0.0, 0.0], [[0.0; 2]; 2]);
    assert!(find_critical_points(flat, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
    // The trough x² has a line of critical points: each seed column lands on it, reported as degenerate.
    let trough = |[x, _y]: [f64; 2]| (x * x, [2.0 * x, 0.0], [[2.0, 0.0], [0.0, 0.0]]);
    for p in find_critical_points(trough, [-1.0, 1.0, -1.0, 1.0], 4) {
        assert_eq!(p.kind, CriticalKind::Degenerate);
        assert!(p.at[0].abs() < 1e-12);
    }
}

#[test]
fn nan_regions_do_not_panic_or_leak() {
    // f = x ln x − x + y²: undefined for x ≤ 0, one minimum at (1, 0) with value −1.
    let f = |[x, y]: [f64; 2]| {
        let l = if x > 0.0 { x.ln() } else { f64::NAN };
        (
            x * l - x + y * y,
            [l, 2.0 * y],
            [[1.0 / x, 0.0], [0.0, 2.0]],
        )
    };
    let p = single(&find_critical_points(f, [-2.0, 3.0, -2.0, 2.0], 20));
    assert_eq!(p.kind, CriticalKind::Min);
    assert!(near(p.at, [1.0, 0.0], 1e-10));
    assert!((p.value + 1.0).abs() < 1e-12);
    let nan = |_: [f64; 2]| (f64::NAN, [f64::NAN; 2], [[f64::NAN; 2]; 2]);
    assert!(find_critical_points(nan, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
    let inf = |_: [f64; 2]| (f64::INFINITY, [0.0; 2], [[1.0, 0.0], [0.0, 1.0]]);
    assert!(find_critical_points(inf, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
}

#[test]
fn bad_views_and_counts_give_empty_or_capped_results() {
    let bowl = quadratic(1.0, 1.0);
    for view in [
        [1.0, 1.0, -1.0, 1.0],
        [1.0, -1.0, -1.0, 1.0],
        [f64::NAN, 1.0, -1.0, 1.0],
        [-1.0, 1.0, -1.0, f64::INFINITY],
        [-f64::MAX, f64::MAX, -1.0, 1.0],
    ] {
        assert!(find_critical_points(&bowl, view, 20).is_empty(), "{view:?}");
    }
    assert!(find_critical_points(&bowl, [-1.0, 1.0, -1.0, 1.0], 0).is_empty());
    let calls = std::cell::Cell::new(0usize);
    let counted = |p: [f64; 2]| {
        calls.set(calls.get() + 1);
        bowl(p)
    };
    let p = single(&find_critical_points(
        counted,
        [-1.0, 1.0, -1.0, 1.0],
        usize::MAX,
    ));
    assert_eq!(p.kind, CriticalKind::Min);
    // 32² seeds sampled twice, a step or two each, 4 corners and 4 probes.
    assert!(calls.get() <= 4 * 32 * 32 + 8, "{}", calls.get());
}

#[test]
fn work_is_bounded_on_himmelblau() {
    let calls = std::cell::Cell::new(0usize);
    let counted = |p: [f64; 2]| {
        calls.set(calls.get() + 1);
        himmelblau(p)
    };
    find_critical_points(counted, [-5.0, 5.0, -5.0, 5.0], 20);
    // Quadratic convergence: about ten evaluations per seed, far below the 60-iteration cap.
    assert!(calls.get() <= 12 * 400, "{}", calls.get());
}

#[test]
fn anisotropic_view_and_offset_quadratics() {
    // f = ½ pᵀAp + bᵀp has its critical point at −A⁻¹b; the kind follows the eigenvalue signs.
    let cases: [([[f64; 2]; 2], [f64; 2], CriticalKind); 4] = [
        ([[2.0, 1.0], [1.0, 3.0]], [1.0, -2.0], CriticalKind::Min),
        ([[-4.0, 1.0], [1.0, -1.0]], [0.5, 0.5], CriticalKind::Max),
        ([[1.0, 3.0], [3.0, 1.0]], [-2.0, 1.0], CriticalKind::Saddle),
        ([[1e-3, 0.0], [0.0, 1e3]], [1e-3, 1e3], CriticalKind::Min),
    ];
    for (a, b, kind) in cases {
        let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        let expected = [
            -(a[1][1] * b[0] - a[0][1] * b[1]) / det,
            -(a[0][0] * b[1] - a[1][0] * b[0]) / det,
        ];
        let f = move |[x, y]: [f64; 2]| {
            let g = [
                a[0][0] * x + a[0][1] * y + b[0],
                a[1][0] * x + a[1][1] * y + b[1],
            ];
            (
                0.5 * (x * g[0] + y * g[1]) + 0.5 * (b[0] * x + b[1] * y),
                g,
                a,
            )
        };
        let view = [
            expected[0] - 7.0,
            expected[0] + 3.0,
            expected[1] - 0.01,
            expected[1] + 0.02,
        ];
        let p = single(&find_critical_points(f, view, 9));
        assert_eq!(p.kind, kind, "{a:?}");
        assert!(near(p.at, expected, 1e-9), "{p:?} vs {expected:?}");
    }
}

#[test]
fn classify_reads_the_hessian() {
    assert_eq!(classify([[2.0, 0.0], [0.0, 2.0]]), CriticalKind::Min);
    assert_eq!(classify([[-1.0, 0.5], [0.5, -3.0]]), CriticalKind::Max);
    assert_eq!(classify([[0.0, 1.0], [1.0, 0.0]]), CriticalKind::Saddle);
    assert_eq!(classify([[1.0, 2.0], [2.0, 1.0]]), CriticalKind::Saddle);
    assert_eq!(classify([[0.0; 2]; 2]), CriticalKind::Degenerate);
    assert_eq!(
        classify([[1.0, 0.0], [0.0, 1e-9]]),
        CriticalKind::Degenerate
    );
    assert_eq!(classify([[1.0, 1.0], [1.0, 1.0]]), CriticalKind::Degenerate);
    assert_eq!(
        classify([[f64::NAN, 0.0], [0.0, 1.0]]),
        CriticalKind::Degenerate
    );
    // Tiny but well-conditioned: a minimum on its own, degenerate against a typical Hessian of 1.
    assert_eq!(classify([[1e-12, 0.0], [0.0, 1e-12]]), CriticalKind::Min);
    assert_eq!(
        classify_with_scale([[1e-12, 0.0], [0.0, 1e-12]], 1.0),
        CriticalKind::Degenerate
    );
    let labels = [
        CriticalKind::Min,
        CriticalKind::Max,
        CriticalKind::Saddle,
        CriticalKind::Degenerate,
    ]
    .map(CriticalKind::as_str);
    assert_eq!(labels, ["min", "max", "saddle", "degenerate"]);
}

#[test]
fn a_search_run_in_slices_finds_what_one_run_finds() {
    let view = [-5.0, 5.0, -5.0, 5.0];
    let whole = find_critical_points(himmelblau, view, 16);
    assert_eq!(whole.len(), 9);
    for slice in [1, 7, 100] {
        let mut search = CriticalSearch::new(view, 16).expect("a view and seeds");
        let mut calls = 0;
        let mut partial_counts = Vec::new();
        while !search.run(&himmelblau, slice) {
            calls += 1;
            partial_counts.push(search.points().len());
        }
        assert!(search.is_done() && search.remaining() == 0);
        // The scale's 4 + 256 samples first, 20 to a seed of budget, then the seeds.
        let (sampling, seeding) = ((4 + 256usize).div_ceil(20 * slice), 256usize.div_ceil(slice));
        assert!((seeding - 1..sampling + seeding).contains(&calls), "slices of {slice}: {calls} calls");
        // Found so far only grows, and ends as the whole search.
        assert!(partial_counts.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(search.points(), whole, "slices of {slice}");
    }
    // Constructing evaluates nothing; the first slice of one seed samples the scale 20 times.
    let evaluations = std::cell::Cell::new(0);
    let counted = |p: [f64; 2]| {
        evaluations.set(evaluations.get() + 1);
        himmelblau(p)
    };
    let mut search = CriticalSearch::new(view, 16).expect("a view and seeds");
    assert_eq!(evaluations.get(), 0);
    assert!(!search.run(&counted, 1));
    assert_eq!(evaluations.get(), 20);
    // Nothing to search: an empty view, or a flat function (found out by the first run).
    assert!(CriticalSearch::new([1.0, 1.0, 0.0, 1.0], 16).is_none());
    let mut flat = CriticalSearch::new(view, 16).expect("a view and seeds");
    assert!(flat.run(&quadratic(0.0, 0.0), usize::MAX));
    assert!(flat.points().is_empty());
}

#[test]
fn the_whole_hessian_classifies_in_any_number_of_variables() {
    let kind = |rows: &[&[f64]]| classify_n(&rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>());
    assert_eq!(kind(&[&[2.0, 1.0], &[1.0, 2.0]]), CriticalKind::Min);
    assert_eq!(kind(&[&[1.0, 2.0], &[2.0, 1.0]]), CriticalKind::Saddle);
    // x² + y² − z²: the slice z = 0 has a minimum, f a saddle.
    assert_eq!(kind(&[&[2.0, 0.0, 0.0], &[0.0, 2.0, 0.0], &[0.0, 0.0, -2.0]]), CriticalKind::Saddle);
    // xy + z²: no zero pivot makes it degenerate.
    assert_eq!(kind(&[&[0.0, 1.0, 0.0], &[1.0, 0.0, 0.0], &[0.0, 0.0, 2.0]]), CriticalKind::Saddle);
    assert_eq!(kind(&[&[-2.0, 1.0, 0.5], &[1.0, -3.0, 0.2], &[0.5, 0.2, -1.5]]), CriticalKind::Max);
    assert_eq!(kind(&[&[4.0, 1.0, 2.0], &[1.0, 3.0, 0.0], &[2.0, 0.0, 5.0]]), CriticalKind::Min);
    assert_eq!(kind(&[&[1.0, 1.0, 0.0], &[1.0, 1.0, 0.0], &[0.0, 0.0, 1.0]]), CriticalKind::Degenerate);
    assert_eq!(kind(&[&[f64::NAN, 0.0], &[0.0, 1.0]]), CriticalKind::Degenerate);
}
