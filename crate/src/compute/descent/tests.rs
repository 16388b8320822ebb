//! Tests of `descent`.

use super::*;

/// f = x² + 10y², ∇f = (2x, 20y): λ = 2 and 20, so plain GD is stable for η < 0.1.
fn bowl(t: &[f64], g: &mut [f64]) -> f64 {
    let (x, y) = (t[0], t[1]);
    g[0] = 2.0 * x;
    g[1] = 20.0 * y;
    x * x + 10.0 * y * y
}

/// Rosenbrock (1−x)² + 100(y−x²)², minimum 0 at (1, 1).
fn rosenbrock(t: &[f64], g: &mut [f64]) -> f64 {
    let (x, y) = (t[0], t[1]);
    let r = y - x * x;
    g[0] = -2.0 * (1.0 - x) - 400.0 * x * r;
    g[1] = 200.0 * r;
    (1.0 - x).powi(2) + 100.0 * r * r
}

/// Takes `n` steps of `optimizer` on the bowl from (1, 1) with η = 0.01 and returns every θ_1..θ_n.
fn first_steps(optimizer: Optimizer, n: usize) -> Vec<Vec<f64>> {
    let mut d = Descent::new(optimizer, Settings::with_lr(0.01), &[1.0, 1.0]);
    let mut f = bowl;
    (0..n)
        .map(|_| {
            assert_eq!(d.step(&mut f), Status::Running);
            d.theta().to_vec()
        })
        .collect()
}

fn assert_close(actual: &[f64], expected: [f64; 2], tol: f64) {
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < tol, "{actual:?} vs {expected:?}");
    }
}

#[test]
fn gd_first_two_steps() {
    // g0 = (2, 20): θ1 = (1 − 0.02, 1 − 0.2); g1 = (1.96, 16): θ2 = (0.98 − 0.0196, 0.8 − 0.16).
    let p = first_steps(Optimizer::Gd, 2);
    assert_close(&p[0], [0.98, 0.8], 1e-15);
    assert_close(&p[1], [0.9604, 0.64], 1e-15);
}

#[test]
fn momentum_first_two_steps() {
    // v1 = g0 = (2, 20), θ1 = (0.98, 0.8); v2 = 0.9·(2, 20) + (1.96, 16) = (3.76, 34), θ2 = θ1 − 0.01·v2.
    let p = first_steps(Optimizer::Momentum, 2);
    assert_close(&p[0], [0.98, 0.8], 1e-15);
    assert_close(&p[1], [0.9424, 0.46], 1e-15);
}

#[test]
fn nesterov_first_two_steps() {
    // v1 = (2, 20), θ1 = 1 − 0.01·(g0 + 0.9 v1) = (1 − 0.038, 1 − 0.38);
    // g1 = (1.924, 12.4), v2 = (3.724, 30.4), θ2 = θ1 − 0.01·(g1 + 0.9 v2) = (0.962 − 0.052756, 0.62 − 0.3976).
    let p = first_steps(Optimizer::Nesterov, 2);
    assert_close(&p[0], [0.962, 0.62], 1e-15);
    assert_close(&p[1], [0.909244, 0.2224], 1e-14);
}

#[test]
fn rmsprop_first_two_steps() {
    // s1 = 0.1·g0² so g0/√s1 = √10 in both coordinates: θ1 = 1 − 0.01√10 = 0.968377223398316 (ε shifts
    // it by < 1e-9). Then g1 = 2·θ1, s2 = 0.9·0.4 + 0.1·g1² = 0.735101..., θ2_x = θ1 − 0.01·g1/√s2 = 0.9457880247.
    let p = first_steps(Optimizer::RmsProp, 2);
    assert_close(&p[0], [0.968377223398316, 0.968377223398316], 1e-9);
    assert_close(&p[1], [0.9457880247, 0.9457880247], 1e-8);
}

#[test]
fn adam_first_two_steps() {
    // t = 1: m̂ = g, v̂ = g², so the step is η·sign(g): θ1 = (0.99, 0.99).
    // t = 2: g1 = (1.98, 19.8), m2 = (0.378, 3.78), v2 = (0.0079164, 0.79164);
    // m̂/√v̂ = (0.378/0.19)/√(0.0079164/0.001999) = 0.999724... in both coordinates, θ2 = 0.98000274590.
    let p = first_steps(Optimizer::Adam, 2);
    assert_close(&p[0], [0.99, 0.99], 1e-9);
    assert_close(&p[1], [0.9800027459, 0.9800027459], 1e-9);
}

#[test]
fn every_optimizer_converges_to_the_known_minimum() {
    // f = (x − 1)² + 10(y + 2)², minimum at (1, −2).
    let shifted = |t: &[f64], g: &mut [f64]| {
        let (x, y) = (t[0] - 1.0, t[1] + 2.0);
        g[0] = 2.0 * x;
        g[1] = 20.0 * y;
        x * x + 10.0 * y * y
    };
    for (optimizer, lr) in [
        (Optimizer::Gd, 0.05),
        (Optimizer::Momentum, 0.01),
        (Optimizer::Nesterov, 0.01),
        (Optimizer::RmsProp, 0.01),
        (Optimizer::Adam, 0.05),
    ] {
        let r = run(
            optimizer,
            Settings::with_lr(lr),
            &[-1.0, 1.0],
            20_000,
            1e-9,
            shifted,
        );
        assert_eq!(r.status, Status::Converged, "{optimizer}");
        assert_eq!(r.message, None);
        assert_eq!(r.path.len(), r.steps + 1);
        assert_eq!(r.losses.len(), r.path.len());
        assert_eq!(r.grad_norms.len(), r.path.len());
        assert_eq!(r.path[0], vec![-1.0, 1.0]);
        let last = &r.path[r.steps];
        assert_close(last, [1.0, -2.0], 1e-6);
        // Converged: ∇f under the tolerance, or the step under it with ∇f under ten times it.
        assert!(r.grad_norms[r.steps] < 1e-8);
        assert!(
            r.grad_norms[..r.steps].iter().all(|&n| n >= 1e-9),
            "stopped at the first converged point"
        );
    }
}

#[test]
fn rosenbrock_with_lr_001_diverges_at_step_3() {
    // From (−3, 4): θ1 = (57.08, 14), θ2 = (−740642.98…, 6502.25…), θ3_x = 1.6e18 leaves the ±1e12 box.
    // From (5, 5): θ1 = (−395.08, 45), θ2 = (2.47e8, 3.1e5), θ3_x = −6.0e25.
    for (start, theta2_x) in [
        ([-3.0, 4.0], -740642.981248),
        ([5.0, 5.0], 246597812.779648),
    ] {
        let r = run(
            Optimizer::Gd,
            Settings::with_lr(0.01),
            &start,
            1000,
            1e-8,
            rosenbrock,
        );
        assert_eq!(r.status, Status::Diverged);
        assert_eq!(r.steps, 2);
        assert_eq!(r.path.len(), 3);
        assert_eq!(
            r.message.as_deref(),
            Some("diverged at step 3 (not taken): the learning rate is too large for this curvature")
        );
        assert!((r.path[2][0] - theta2_x).abs() < 1e-5 * theta2_x.abs());
        assert!(r.path.iter().flatten().all(|v| v.is_finite()));
        assert!(r.losses.iter().chain(&r.grad_norms).all(|v| v.is_finite()));
    }
}

#[test]
fn first_non_finite_value_or_gradient_stops_the_run_before_it() {
    // f = x with ∇f = 1 and GD η = 0.1 visits 1, 0.9, 0.8, 0.7; f is NaN below 0.75, so step 3 is rejected.
    let nan_below = |t: &[f64], g: &mut [f64]| {
        g[0] = 1.0;
        if t[0] < 0.75 {
            f64::NAN
        } else {
            t[0]
        }
    };
    let r = run(
        Optimizer::Gd,
        Settings::with_lr(0.1),
        &[1.0],
        100,
        1e-8,
        nan_below,
    );
    assert_eq!(r.status, Status::Diverged);
    assert_eq!(r.steps, 2);
    assert_eq!(r.path.len(), 3);
    assert_eq!(
        r.message.as_deref(),
        Some("diverged at step 3 (not taken): f or ∇f is undefined where it would land, outside f's domain (η may be too large, or f may fall without bound toward the domain's edge, as ln x does)")
    );
    // The same with an infinite gradient component and a finite value.
    let inf_grad = |t: &[f64], g: &mut [f64]| {
        g[0] = if t[0] < 0.75 { f64::INFINITY } else { 1.0 };
        t[0]
    };
    let mut d = Descent::new(Optimizer::Momentum, Settings::with_lr(0.1), &[1.0]);
    let mut f = inf_grad;
    // Momentum: v = 1, θ1 = 0.9; v = 1.9, θ2 = 0.71 has an infinite gradient.
    assert_eq!(d.step(&mut f), Status::Running);
    assert_eq!(d.step(&mut f), Status::Diverged);
    assert_eq!(d.steps(), 1);
    assert_eq!(d.theta(), &[0.9]);
    assert_eq!(
        d.message(),
        Some("diverged at step 2 (not taken): f or ∇f is undefined where it would land, outside f's domain (η may be too large, or f may fall without bound toward the domain's edge, as ln x does)")
    );
    // A terminal run stays put.
    assert_eq!(d.step(&mut f), Status::Diverged);
    assert_eq!(d.theta(), &[0.9]);
}

#[test]
fn ascent_climbs_uphill() {
    for optimizer in Optimizer::ALL {
        let settings = Settings {
            ascent: true,
            ..Settings::with_lr(0.01)
        };
        let r = run(optimizer, settings, &[1.0, 1.0], 50, 1e-8, bowl);
        assert!(r.losses.len() > 10, "{optimizer}");
        assert!(
            r.losses.windows(2).all(|w| w[1] > w[0]),
            "{optimizer}: {:?}",
            r.losses
        );
    }
    // GD ascent: θ1 = θ0 + 0.01·g0 = (1.02, 1.2).
    let settings = Settings {
        ascent: true,
        ..Settings::with_lr(0.01)
    };
    let mut d = Descent::new(Optimizer::Gd, settings, &[1.0, 1.0]);
    d.step(&mut bowl);
    assert_close(d.theta(), [1.02, 1.2], 1e-15);
    // Climbing the bowl for long enough leaves the box, with a message that does not blame η.
    let r = run(
        Optimizer::Gd,
        settings,
        &[1.0, 1.0],
        MAX_STEPS_CAP,
        1e-8,
        bowl,
    );
    assert_eq!(r.status, Status::Diverged);
    assert!(r
        .message
        .as_deref()
        .is_some_and(|m| m.ends_with("ascent climbed without bound")));
}

#[test]
fn stable_lr_limit_is_two_over_the_largest_eigenvalue() {
    assert_eq!(stable_lr_limit([[2.0, 0.0], [0.0, 20.0]]), Some(0.1));
    // [[11, 9], [9, 11]] has eigenvalues 20 and 2 (the bowl rotated by 45°).
    let rotated = stable_lr_limit([[11.0, 9.0], [9.0, 11.0]]).unwrap_or(f64::NAN);
    assert!((rotated - 0.1).abs() < 1e-15);
    // A saddle diag(4, −1) is still unstable along its positive direction: 2/4.
    assert_eq!(stable_lr_limit([[4.0, 0.0], [0.0, -1.0]]), Some(0.5));
    assert_eq!(stable_lr_limit([[-1.0, 0.0], [0.0, -3.0]]), None);
    assert_eq!(stable_lr_limit([[0.0, 0.0], [0.0, 0.0]]), None);
    assert_eq!(stable_lr_limit([[f64::NAN, 0.0], [0.0, 1.0]]), None);
    assert_eq!(stable_lr_limit([[f64::INFINITY, 0.0], [0.0, 1.0]]), None);
    assert_eq!(stable_lr_limit([[1e-320, 0.0], [0.0, 0.0]]), None);
}

#[test]
fn gd_on_x_squared_is_stable_only_below_lr_one() {
    let square = |t: &[f64], g: &mut [f64]| {
        g[0] = 2.0 * t[0];
        t[0] * t[0]
    };
    let limit = stable_lr_limit([[2.0, 0.0], [0.0, 0.0]]);
    assert_eq!(limit, Some(1.0));
    // η = 0.99: x ← −0.98x converges.
    let below = run(
        Optimizer::Gd,
        Settings::with_lr(0.99),
        &[1.0],
        10_000,
        1e-8,
        square,
    );
    assert_eq!(below.status, Status::Converged);
    // η = 1.01: x ← −1.02x, the loss rises every step: divergence (INTERFACE.md: a growing
    // oscillation is divergence), told after the 16-step window.
    let above = run(
        Optimizer::Gd,
        Settings::with_lr(1.01),
        &[1.0],
        10_000,
        1e-8,
        square,
    );
    assert_eq!(above.status, Status::Diverged);
    assert_eq!(above.steps, 16);
    assert_eq!(
        above.message.as_deref(),
        Some(
            "diverged at step 16: the loss rose in 16 of the last 16 steps (1.88× in all), \
             so the learning rate is too large for this curvature"
        )
    );
    // η = 100: x ← −199x leaves the box at step 6 (199⁵ ≈ 3.1e11, 199⁶ ≈ 6.2e13).
    let far = run(
        Optimizer::Gd,
        Settings::with_lr(100.0),
        &[1.0],
        10_000,
        1e-8,
        square,
    );
    assert_eq!(far.status, Status::Diverged);
    assert_eq!(far.steps, 5);
    // Momentum is not stopped by the rule, only told: it runs on to its budget or its own divergence.
    let momentum = run(
        Optimizer::Momentum,
        Settings::with_lr(1.01),
        &[1.0],
        20,
        1e-8,
        square,
    );
    assert_ne!(momentum.status, Status::Oscillating);
}

#[test]
fn gd_oscillates_in_the_rosenbrock_valley_just_above_its_local_limit() {
    // At the minimum (1, 1) the Hessian is [[802, −400], [−400, 200]], λmax ≈ 1001.6, so 2/λmax ≈ 0.001997.
    let limit = stable_lr_limit([[802.0, -400.0], [-400.0, 200.0]]).unwrap_or(f64::NAN);
    assert!(limit > 0.0019 && limit < 0.002, "{limit}");
    let above = run(
        Optimizer::Gd,
        Settings::with_lr(0.002),
        &[-1.0, 1.5],
        MAX_STEPS_CAP,
        1e-9,
        rosenbrock,
    );
    assert_eq!(above.status, Status::Oscillating);
    let below = run(
        Optimizer::Gd,
        Settings::with_lr(0.0019),
        &[-1.0, 1.5],
        MAX_STEPS_CAP,
        1e-9,
        rosenbrock,
    );
    assert_eq!(below.status, Status::Converged);
    assert_close(&below.path[below.steps], [1.0, 1.0], 1e-6);
}

#[test]
fn momentum_reports_oscillation_without_stopping() {
    // Heavy ball with β = 0.9 on x² (λ = 2) is stable for η < 2(1+β)/λ = 1.9. At η = 1.85,
    // x_{k+1} = (1 + β − ηλ) x_k − β x_{k−1} = −1.8 x_k − 0.9 x_{k−1}, whose roots have modulus √0.9 and
    // angle ≈ 162°: the point flips side almost every step and the loss rises often, yet it converges.
    let square = |t: &[f64], g: &mut [f64]| {
        g[0] = 2.0 * t[0];
        t[0] * t[0]
    };
    let mut d =
        Descent::new(Optimizer::Momentum, Settings::with_lr(1.85), &[1.0]).with_tolerance(1e-8);
    let mut f = square;
    let mut seen = false;
    for _ in 0..MAX_STEPS_CAP {
        if d.step(&mut f).is_terminal() {
            break;
        }
        seen |= d.oscillating();
    }
    assert!(seen);
    assert_eq!(d.status(), Status::Converged);
}

#[test]
fn ids_round_trip_and_unknown_ids_are_errors() {
    for optimizer in Optimizer::ALL {
        assert_eq!(optimizer.as_str().parse::<Optimizer>(), Ok(optimizer));
        assert_eq!(optimizer.to_string(), optimizer.as_str());
    }
    assert_eq!(" ADAM ".parse::<Optimizer>(), Ok(Optimizer::Adam));
    assert_eq!(
        "sgd".parse::<Optimizer>(),
        Err(UnknownOptimizer("sgd".to_string()))
    );
    assert_eq!(
        "".parse::<Optimizer>(),
        Err(UnknownOptimizer(String::new()))
    );
    let ids: Vec<&str> = [
        Status::Running,
        Status::Converged,
        Status::Diverged,
        Status::Oscillating,
        Status::MaxSteps,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    assert_eq!(
        ids,
        [
            "running",
            "converged",
            "diverged",
            "oscillating",
            "max-steps"
        ]
    );
}

#[test]
fn bad_inputs_end_the_run_without_panics_or_non_finite_output() {
    let bad = Settings {
        beta2: 1.0,
        ..Settings::default()
    };
    let r = run(Optimizer::Adam, bad, &[1.0, 1.0], 100, 1e-8, bowl);
    assert_eq!(r.status, Status::Diverged);
    assert_eq!(
        r.message.as_deref(),
        Some("invalid settings: beta2 must be in [0, 1), got 1")
    );
    assert!(r.path.is_empty());
    let r = run(
        Optimizer::Gd,
        Settings::with_lr(f64::NAN),
        &[1.0, 1.0],
        100,
        1e-8,
        bowl,
    );
    assert_eq!(r.status, Status::Diverged);
    let r = run(
        Optimizer::Gd,
        Settings::default(),
        &[f64::NAN, 1.0],
        100,
        1e-8,
        bowl,
    );
    assert_eq!(r.status, Status::Diverged);
    assert!(r.path.is_empty() && r.losses.is_empty());
    assert_eq!(
        r.message.as_deref(),
        Some("diverged at step 0: the start point is not finite or lies beyond ±1e12")
    );
    let r = run(
        Optimizer::Gd,
        Settings::default(),
        &[1.0],
        100,
        1e-8,
        |_, _| f64::INFINITY,
    );
    assert_eq!(r.status, Status::Diverged);
    assert_eq!(r.steps, 0);
    assert!(r.path.is_empty());
    // n = 0: the empty gradient has norm 0, so the run converges at θ_0.
    let r = run(
        Optimizer::Adam,
        Settings::default(),
        &[],
        100,
        1e-8,
        |_, _| 3.0,
    );
    assert_eq!((r.status, r.steps, r.path.len()), (Status::Converged, 0, 1));
    // A finite gradient near f64::MAX still has a finite norm; the step it causes leaves the box.
    let huge = |_: &[f64], g: &mut [f64]| {
        g[0] = 1e300;
        g[1] = 1e300;
        0.0
    };
    let r = run(
        Optimizer::Gd,
        Settings::default(),
        &[0.0, 0.0],
        100,
        1e-8,
        huge,
    );
    assert_eq!(r.status, Status::Diverged);
    assert!((r.grad_norms[0] / 1e300 - 2f64.sqrt()).abs() < 1e-12);
}

#[test]
fn step_budget_is_honoured_and_capped() {
    let r = run(
        Optimizer::Gd,
        Settings::with_lr(0.001),
        &[1.0, 1.0],
        3,
        1e-8,
        bowl,
    );
    assert_eq!((r.status, r.steps, r.path.len()), (Status::MaxSteps, 3, 4));
    let r = run(
        Optimizer::Gd,
        Settings::default(),
        &[1.0, 1.0],
        0,
        1e-8,
        bowl,
    );
    assert_eq!((r.status, r.steps, r.path.len()), (Status::MaxSteps, 0, 1));
    // f = x never converges and GD crawls 1e-9 a step, so only the hard cap stops it.
    let slope = |t: &[f64], g: &mut [f64]| {
        g[0] = 1.0;
        t[0]
    };
    let r = run(
        Optimizer::Gd,
        Settings::with_lr(1e-9),
        &[0.0],
        usize::MAX,
        1e-8,
        slope,
    );
    assert_eq!((r.status, r.steps), (Status::MaxSteps, MAX_STEPS_CAP));
    assert_eq!(r.message, None);
}

#[test]
fn reset_restarts_from_a_new_point() {
    let mut d = Descent::new(Optimizer::Adam, Settings::with_lr(0.01), &[1.0, 1.0]);
    let mut f = bowl;
    d.step(&mut f);
    d.step(&mut f);
    d.reset(&[1.0, 1.0]);
    assert_eq!(
        (d.steps(), d.status(), d.value()),
        (0, Status::Running, None)
    );
    d.step(&mut f);
    // The bias correction restarted too, so the first step is η·sign(g) again.
    assert_close(d.theta(), [0.99, 0.99], 1e-9);
    // f(0.99, 0.99) = 11 · 0.9801 = 10.7811.
    assert!(d.value().is_some_and(|v| (v - 10.7811).abs() < 1e-6));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Whatever the start, η and optimizer, a run ends, records only finite numbers, and keeps the
    /// path, losses and gradient norms in step.
    #[test]
    fn runs_always_end_with_finite_records(
        x in -5.0..5.0f64,
        y in -5.0..5.0f64,
        log_lr in -4.0..0.5f64,
        which in 0usize..5,
        ascent in proptest::bool::ANY,
    ) {
        let optimizer = Optimizer::ALL[which];
        let settings = Settings { ascent, ..Settings::with_lr(10f64.powf(log_lr)) };
        let r = run(optimizer, settings, &[x, y], 300, 1e-8, rosenbrock);
        proptest::prop_assert!(r.status.is_terminal());
        proptest::prop_assert_eq!(r.path.len(), r.steps + 1);
        proptest::prop_assert_eq!(r.losses.len(), r.path.len());
        proptest::prop_assert_eq!(r.grad_norms.len(), r.path.len());
        proptest::prop_assert!(r.path.iter().flatten().chain(&r.losses).chain(&r.grad_norms).all(|v| v.is_finite()));
        proptest::prop_assert_eq!(r.status == Status::Diverged, r.message.as_deref().is_some_and(|m| m.starts_with("diverged at step")));
    }
}

#[test]
fn backtracking_halves_the_rate_where_the_loss_would_rise() {
    // The seed's flow chart: "loss decreased? no → reduce η". On x² + 10y² at η = 0.11 (above
    // 2/λmax = 0.1) plain descent diverges; with backtracking it converges, η halved on the way.
    let bowl10 = |t: &[f64], g: &mut [f64]| {
        g[0] = 2.0 * t[0];
        g[1] = 20.0 * t[1];
        t[0] * t[0] + 10.0 * t[1] * t[1]
    };
    let plain = run(Optimizer::Gd, Settings::with_lr(0.11), &[1.0, 1.0], 500, 1e-8, bowl10);
    assert_eq!(plain.status, Status::Diverged);
    let careful = Settings { backtrack: true, ..Settings::with_lr(0.11) };
    let r = run(Optimizer::Gd, careful, &[1.0, 1.0], 500, 1e-8, bowl10);
    assert_eq!(r.status, Status::Converged, "{:?}", r.message);
    assert!(!r.halved_at.is_empty());
    assert!(r.losses.windows(2).all(|w| w[1] <= w[0]), "the loss never rises");
    assert!(r.message.as_deref().is_some_and(|m| m.contains("halved")), "{:?}", r.message);
    // Off by default, and only plain descent backtracks.
    assert!(!Settings::default().backtrack);
    let adam = run(Optimizer::Adam, Settings { backtrack: true, ..Settings::with_lr(0.01) }, &[1.0, 1.0], 50, 1e-8, bowl10);
    assert!(adam.halved_at.is_empty());
}

#[test]
fn a_run_down_an_unbounded_f_is_not_blamed_on_the_learning_rate() {
    // The walk: x² − y² from (1, 0.001) said "the learning rate is too large".
    let saddle = |t: &[f64], g: &mut [f64]| {
        g[0] = 2.0 * t[0];
        g[1] = -2.0 * t[1];
        t[0] * t[0] - t[1] * t[1]
    };
    let r = run(Optimizer::Gd, Settings::with_lr(0.1), &[1.0, 0.001], 10_000, 1e-8, saddle);
    assert_eq!(r.status, Status::Diverged);
    let message = r.message.expect("a reason");
    assert!(message.contains(&format!("step {} (not taken)", r.steps + 1)), "{message}");
    assert!(message.contains("no lower bound"), "{message}");
    // x² + 3y² at η = 0.34: y's factor is −1.04, the loss rises every step and the run diverges.
    let bowl = |t: &[f64], g: &mut [f64]| {
        g[0] = 2.0 * t[0];
        g[1] = 6.0 * t[1];
        t[0] * t[0] + 3.0 * t[1] * t[1]
    };
    let r = run(Optimizer::Gd, Settings::with_lr(0.34), &[1.0, 1.0], 10_000, 1e-8, bowl);
    assert_eq!(r.status, Status::Diverged, "{:?}", r.message);
}
