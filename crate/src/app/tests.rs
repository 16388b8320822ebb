//! Tests of `app`.

use super::*;

#[test]
fn course_example_at_1_2_with_u_at_45_degrees() {
    let mut app = App::new();
    app.set_point(&[1.0, 2.0]);
    app.set_direction(45.0);
    let s = app.snapshot();
    assert_eq!(s.value, Some(5.0));
    assert_eq!(s.gradient, Some(vec![2.0, 4.0]));
    assert!((s.directional_derivative.unwrap_or(0.0) - 3.0 * 2f64.sqrt()).abs() < 1e-12);
    assert!((s.gradient_norm.unwrap_or(0.0) - 20f64.sqrt()).abs() < 1e-12);
    assert_eq!(s.partials, ["2*x", "2*y"]);
}

#[test]
fn directional_derivative_identities_over_a_turn() {
    let mut app = App::new();
    app.set_expression("x^2y + 3xy^2 + y^3").expect("parses");
    app.set_point(&[1.0, -0.5]);
    let g = app.snapshot().gradient.expect("gradient");
    let norm = g[0].hypot(g[1]);
    let phi = g[1].atan2(g[0]).to_degrees();
    for (offset, expected) in [(0.0, norm), (90.0, 0.0), (180.0, -norm), (270.0, 0.0)] {
        app.set_direction(phi + offset);
        let d = app.snapshot().directional_derivative.expect("2-D");
        assert!((d - expected).abs() < 1e-9 * norm.max(1.0), "θ = φ + {offset}: {d} vs {expected}");
    }
}

#[test]
fn critical_and_inflection_points_of_the_cubic() {
    let mut app = App::new();
    app.set_expression("x^3 - 3x").expect("parses");
    let s = app.snapshot();
    let kinds: Vec<(f64, &str)> = s.critical_points.iter().map(|c| (c.at[0], c.kind)).collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!((kinds[0].0 + 1.0).abs() < 1e-9 && kinds[0].1 == "max");
    assert!((kinds[1].0 - 1.0).abs() < 1e-9 && kinds[1].1 == "min");
    assert_eq!(s.inflection_points.len(), 1);
    assert!(s.inflection_points[0].abs() < 1e-9);
}

#[test]
fn a_log_scale_puts_levels_in_the_rosenbrock_valley() {
    let mut app = App::new();
    app.set_expression("(1 - x)^2 + 100(y - x^2)^2").expect("parses");
    app.set_view(-2.0, 2.0, -1.0, 3.0).expect("valid");
    let smallest_label = |app: &mut App| {
        let scene = app.scene(800.0, 600.0, 1.0).expect("scene");
        scene.labels.iter().filter_map(|l| l.text.parse::<f64>().ok()).fold(f64::INFINITY, f64::min)
    };
    let linear = smallest_label(&mut app);
    app.set_log_scale(true);
    let log = smallest_label(&mut app);
    assert!(linear >= 100.0 && log < 5.0, "linear {linear}, log {log}");
    let (lo, hi) = app.snapshot_with(false).color_range.map(|r| (r[0], r[1])).expect("range");
    assert!(lo < 5.0 && hi > 100.0, "{lo} {hi}");
    assert!(app.link_pairs().contains(&("scale".to_string(), "log".to_string())));
}

#[test]
fn constants_have_no_variable_and_still_draw() {
    // Found by fuzzing: the graph view once indexed the first variable of `2`.
    for text in ["2", "pi", "9^9", "0/0"] {
        let mut app = App::new();
        app.set_expression(text).expect("parses");
        assert!(app.scene(800.0, 600.0, 1.0).is_some(), "{text}");
        assert!(app.snapshot().vars.is_empty());
    }
}

#[test]
fn a_bad_expression_keeps_the_last_good_function() {
    let mut app = App::new();
    let Err(Error::Expression(err)) = app.set_expression("sin(x") else { panic!("unbalanced") };
    assert_eq!((err.span.start, err.span.end), (3, 4));
    let s = app.snapshot();
    assert_eq!(s.expr, "sin(x");
    assert_eq!(s.normalized.as_deref(), Some("x^2 + y^2"));
    assert_eq!(s.value, Some(5.0));
    assert!(s.error.is_some());
}

#[test]
fn one_variable_gives_tangent_and_secant() {
    let mut app = App::new();
    app.set_expression("x^2").expect("parses");
    app.set_point(&[3.0]);
    app.set_h(0.5).expect("valid h");
    let s = app.snapshot();
    let t = s.tangent.expect("tangent");
    assert_eq!((t.slope, t.intercept), (6.0, -9.0));
    // The course's limit: ((a+h)² − a²)/h = 2a + h.
    assert_eq!(s.secant.expect("secant").slope, 6.5);
    assert!(s.direction.is_none());
}

#[test]
fn links_round_trip_and_bad_values_leave_notices() {
    let mut app = App::new();
    app.set_expression("x^2y + sin(xy)").expect("parses");
    app.set_point(&[0.5, -1.0]);
    app.set_view(-2.0, 2.0, -1.0, 1.0).expect("valid");
    let pairs = app.link_pairs();
    let mut other = App::new();
    other.apply_link(&pairs);
    let (a, b) = (app.snapshot(), other.snapshot());
    assert_eq!((a.expr, a.point, a.view), (b.expr, b.point, b.view));

    let mut bad = App::new();
    let hostile = |v: &str| vec![("p".to_string(), v.to_string()), ("view".to_string(), "1,0,0,1".to_string())];
    bad.apply_link(&hostile("<img src=x onerror=alert(1)>"));
    let s = bad.snapshot();
    assert_eq!(s.point, vec![1.0, 2.0]);
    assert_eq!(s.view, View::default().as_array());
    assert_eq!(s.notices.len(), 2, "{:?}", s.notices);
}

#[test]
fn undefined_points_give_null_numbers_not_garbage() {
    let mut app = App::new();
    app.set_expression("ln(x) + y").expect("parses");
    app.set_point(&[-1.0, 0.0]);
    let s = app.snapshot();
    let json = serde_json::to_string(&s).expect("serialises");
    assert!(json.contains("\"value\":null"), "{json}");
    assert!(s.notices.iter().any(|n| n.contains("undefined")));
}

#[test]
fn derivative_texts_never_print_nan_or_inf_for_finite_constants() {
    // Issue 11: `1e308*10*0*x + y` printed NaN, `1e200x*1e200y` inf - inf.
    for text in ["1e308*10*0*x + y", "1e200x*1e200y", "1e308x + 1e308x + y", "x*1e300*1e300/y"] {
        let mut app = App::new();
        app.set_expression(text).expect("parses");
        let s = app.snapshot();
        for p in &s.partials {
            assert!(!p.contains("NaN") && !p.contains("inf"), "{text}: {p}");
        }
    }
}

#[test]
fn every_notice_goes_through_the_cap() {
    // Issue 12: a refused descent once pushed its notice past the cap of eight.
    let mut app = App::new();
    let bad = crate::app::lab::DescentRequest { steps: Some(-1.0), ..Default::default() };
    for _ in 0..20 {
        assert!(app.run_descent(&bad).is_err());
        let _ = app.set_view(1.0, 0.0, 0.0, 1.0);
        app.set_point(&[f64::NAN]);
    }
    assert_eq!(app.snapshot().notices.len(), crate::app::notices::MAX_NOTICES);
}

#[test]
fn the_snapshot_reports_the_options_the_controls_show() {
    // Issue 12: controls rebuilt after a change of variables once showed page defaults while
    // the engine kept the learner's options; now the page reads them from here.
    let mut app = App::new();
    app.set_levels(20);
    app.set_show_field(false);
    app.set_normalized_arrows(false);
    app.set_expression("x^2").expect("parses");
    app.set_expression("x^2 + y^2").expect("parses");
    let o = app.snapshot().options;
    assert_eq!((o.levels, o.show_field, o.normalized_arrows), (20, false, false));
    let request = crate::app::lab::DescentRequest { steps: Some(300.0), optimizers: Some(vec!["adam".into()]), ..Default::default() };
    app.run_descent(&request).expect("runs");
    let lab = app.snapshot().lab;
    assert_eq!((lab.steps, lab.opt), (300, vec!["adam"]));
}

/// The snapshot of `text` at `point`.
fn at(text: &str, point: &[f64]) -> crate::view::snapshot::Snapshot {
    let mut app = App::new();
    app.set_expression(text).expect("parses");
    app.set_point(point);
    app.snapshot()
}

#[test]
fn where_f_does_not_exist_neither_do_its_derivatives() {
    // Issue 13: ln(x) at −1 once gave value null but gradient [−1] and Hessian [[−1]].
    for (text, point) in [("ln(x)", vec![-1.0]), ("acosh(x)", vec![-2.0]), ("atanh(x)", vec![2.0]), ("sqrt(x)^2", vec![-1.0]), ("x/x", vec![0.0]), ("ln(xy)", vec![-1.0, 2.0])] {
        let s = at(text, &point);
        assert!(s.value.is_none_or(|v| !v.is_finite()), "{text}: value {:?}", s.value);
        assert!(s.gradient.as_ref().is_some_and(|g| g.iter().all(|v| v.is_nan())), "{text}: {:?}", s.gradient);
        assert!(s.hessian.is_none() && s.tangent.is_none() && s.directional_derivative.is_none() && s.gradient_norm.is_none(), "{text}");
        assert!(s.notices.iter().any(|n| n.contains("undefined at this point")), "{text}: {:?}", s.notices);
        let json = crate::wire::snapshot(&s);
        assert!(json.contains("\"gradient\":[null"), "{text}: {json}");
    }
}

#[test]
fn no_pole_is_healed_into_a_number() {
    // Each passes through ±∞ (a division by 0, ln 0) at 0, so none has a value there.
    for text in ["atan(1/x)", "exp(-1/x^2)", "1/ln(x)", "atan(ln(x))", "tanh(1/x)", "1/(1/x)", "cot(x)", "1/x^2"] {
        let s = at(text, &[0.0]);
        assert!(s.value.is_some_and(f64::is_nan), "{text} at 0 is {:?}", s.value);
        assert!(s.tangent.is_none(), "{text}");
    }
    // Near the pole they are ordinary numbers (the learner reads the one-sided limits there).
    assert!((at("atan(1/x)", &[1e-9]).value.unwrap_or(0.0) - std::f64::consts::FRAC_PI_2).abs() < 1e-8);
    assert_eq!(at("1/ln(x)", &[1.0]).value.map(f64::is_nan), Some(true));
}

#[test]
fn a_kink_has_no_derivative_whichever_way_it_is_written() {
    // Issue 13: abs(x) at 0 gave slope 0 while sqrt(x^2) gave null.
    for text in ["abs(x)", "sqrt(x^2)", "max(0, x)", "abs(x - 1) + 1"] {
        let point = if text.contains("x - 1") { 1.0 } else { 0.0 };
        let s = at(text, &[point]);
        assert!(s.value.is_some_and(f64::is_finite), "{text}");
        assert!(s.gradient.as_ref().is_some_and(|g| g[0].is_nan()), "{text}: {:?}", s.gradient);
        assert!(s.tangent.is_none(), "{text}");
        assert_eq!(s.kinks.len(), 1, "{text}");
        assert!(s.notices.iter().any(|n| n.contains("kink")), "{text}: {:?}", s.notices);
    }
    let k = &at("abs(x)", &[0.0]).kinks[0];
    assert!((k.left + 1.0).abs() < 1e-6 && (k.right - 1.0).abs() < 1e-6, "{k:?}");
    // In two variables: a kink in x only.
    let s = at("abs(x) + y^2", &[0.0, 1.0]);
    let g = s.gradient.expect("a gradient");
    assert!(g[0].is_nan() && g[1] == 2.0, "{g:?}");
    assert!(s.directional_derivative.is_none());
}

#[test]
fn a_jump_or_a_cusp_has_no_slope_and_a_flat_stretch_no_critical_points() {
    // The learner's walk: sign(x) at 0 read "flat, a critical point"; floor(x) at 1 a kink with
    // slopes of a million; x^(2/3) at 0 slopes of ±100.
    for (text, x, says) in [("sign(x)", 0.0, "jumps"), ("floor(x)", 1.0, "jumps"), ("round(x)", 0.5, "jumps"), ("ceil(x)", 2.0, "jumps"), ("x^(2/3)", 0.0, "without bound")] {
        let s = at(text, &[x]);
        assert!(s.gradient.as_ref().is_some_and(|g| g[0].is_nan()), "{text}: {:?}", s.gradient);
        assert!(s.tangent.is_none() && s.kinks.is_empty(), "{text}");
        assert!(s.notices.iter().any(|n| n.contains(says)), "{text}: {:?}", s.notices);
    }
    // Beside a corner or a pole f has its derivative.
    assert_eq!(at("abs(x)", &[1e-7]).gradient, Some(vec![1.0]));
    assert!(at("tan(x)", &[1.570_796_3]).tangent.is_some_and(|t| t.slope > 1e15));
    // f′ = 0 on whole stretches: no critical point is named (they were the view's two ends).
    for text in ["sign(x)", "floor(x)", "0x + 5"] {
        let mut app = App::new();
        app.set_expression(text).expect("parses");
        app.scene(800.0, 600.0, 1.0).expect("a scene");
        assert!(app.snapshot().critical_points.is_empty(), "{text}: {:?}", app.snapshot().critical_points);
    }
}

#[test]
fn a_line_of_critical_points_is_not_named_point_by_point() {
    // The walk: floor(x) + y² named 16 points, (x − y)² 125, (x² + y² − 1)² 197, all degenerate.
    for text in ["floor(x) + y^2", "(x - y)^2", "(x^2 + y^2 - 1)^2", "x^2 + 0*y"] {
        let mut app = App::new();
        app.set_expression(text).expect("parses");
        app.scene(800.0, 600.0, 1.0).expect("a scene");
        while app.refine() {}
        let named = app.snapshot().critical_points;
        assert!(named.iter().all(|c| c.kind != "degenerate"), "{text}: {}", named.len());
    }
}

#[test]
fn a_degenerate_minimum_at_the_origin_reads_0_0() {
    // The walk: x⁴ + y⁴'s minimum read (−9.6e-11, −7.6e-11).
    let mut app = App::new();
    app.set_expression("x^4 + y^4").expect("parses");
    app.scene(800.0, 600.0, 1.0).expect("a scene");
    while app.refine() {}
    let found = app.snapshot().critical_points;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].at.clone(), found[0].value), (vec![0.0, 0.0], 0.0));
}

#[test]
fn u_along_the_gradient_is_at_exactly_0_degrees() {
    for point in [[1.0, 2.0], [1.0, 1.0], [-0.3, 2.7]] {
        let mut app = App::new();
        app.set_expression("x^2y + sin(xy)").expect("parses");
        app.set_point(&point);
        app.aim_along(Along::Gradient);
        assert_eq!(app.snapshot().angle_to_gradient, Some(0.0), "{point:?}");
        app.aim_along(Along::Against);
        assert_eq!(app.snapshot().angle_to_gradient, Some(180.0), "{point:?}");
    }
}

#[test]
fn in_three_variables_only_fs_own_critical_points_are_named() {
    // The walk: x² + y² + z² at (1, 2, 3) named the slice's minimum (0, 0), f = 9, as f's.
    let found = |text: &str, point: &[f64]| {
        let mut app = App::new();
        app.set_expression(text).expect("parses");
        app.set_point(point);
        app.scene(800.0, 600.0, 1.0).expect("a scene");
        while app.refine() {}
        app.snapshot().critical_points
    };
    assert!(found("x^2 + y^2 + z^2", &[1.0, 2.0, 3.0]).is_empty());
    let at_origin = found("x^2 + y^2 + z^2", &[1.0, 2.0, 0.0]);
    assert_eq!(at_origin.len(), 1, "{at_origin:?}");
    assert_eq!((at_origin[0].at.clone(), at_origin[0].kind, at_origin[0].value), (vec![0.0, 0.0, 0.0], "min", 0.0));
    // The slice z = 0 of x² + y² − z² has a minimum; f has a saddle there.
    assert_eq!(found("x^2 + y^2 - z^2", &[1.0, 2.0, 0.0])[0].kind, "saddle");
}

#[test]
fn a_snapped_maximum_is_flat_and_critical_points_read_as_found() {
    // Issue 13: the snapped maximum of x³ − 3x said "y = 2 + −3.997e−15·(x − −1); decreasing".
    let mut app = App::new();
    app.set_expression("x^3 - 3x").expect("parses");
    let max = app.snapshot().critical_points.iter().find(|c| c.kind == "max").map(|c| c.at[0]).expect("a maximum");
    app.set_point(&[max]);
    let t = app.snapshot().tangent.expect("a tangent");
    assert_eq!((t.slope, t.trend), (0.0, crate::view::readouts::Trend::Flat));
    // x³'s critical point is 0, with f = 0, not (−7.6e−16), f = −4.5e−46.
    let s = at("x^3", &[1.0]);
    assert_eq!(s.critical_points.len(), 1);
    assert_eq!((s.critical_points[0].at[0], s.critical_points[0].value, s.critical_points[0].kind), (0.0, 0.0, "degenerate"));
}

#[test]
fn runs_end_as_interface_md_defines_their_status() {
    // Issue 13: momentum hovering at Rosenbrock's (1, 1) with f = 3e-12 was "max-steps".
    let mut app = App::new();
    app.set_expression("(1 - x)^2 + 100(y - x^2)^2").expect("parses");
    let ids = |list: &[&str]| Some(list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let lr = |v: f64| crate::app::lab::SettingsRequest { lr: Some(v), ..Default::default() };
    let race = crate::app::lab::DescentRequest { start: Some(vec![-1.5, 2.0]), steps: Some(3000.0), optimizers: ids(&["momentum", "nesterov", "gd"]), shared: lr(0.001), ..Default::default() };
    app.run_descent(&race).expect("runs");
    let runs = app.lab.infos();
    assert_eq!(runs[0].status, "converged", "{:?}", runs[0].message);
    assert_eq!(runs[1].status, "converged");
    let end = runs[0].path.last().expect("a path");
    assert!((end[0] - 1.0).abs() < 1e-4 && (end[1] - 1.0).abs() < 1e-4, "{end:?}");
    // Plain descent is still crawling along the valley: out of steps, not converged.
    assert_eq!(runs[2].status, "max-steps");
    // Issue 13: η = 0.11 > 2/λmax = 0.1 on x² + 10y² grows 1.2× a step: diverged, not oscillating.
    app.set_expression("x^2 + 10y^2").expect("parses");
    let too_large = crate::app::lab::DescentRequest { start: Some(vec![1.0, 1.0]), steps: Some(200.0), optimizers: ids(&["gd"]), shared: lr(0.11), ..Default::default() };
    app.run_descent(&too_large).expect("runs");
    let run = &app.lab.infos()[0];
    assert_eq!(run.status, "diverged");
    assert!(run.message.as_deref().is_some_and(|m| m.contains("up and down")), "{:?}", run.message);
    // Just below the limit it converges.
    let stable = crate::app::lab::DescentRequest { shared: lr(0.09), ..too_large };
    app.run_descent(&stable).expect("runs");
    assert_eq!(app.lab.infos()[0].status, "converged");
}

#[test]
fn interview_question_5_exactly() {
    // 3x + 4y: u along ∇f = (3, 4) is exactly (0.6, 0.8) and D_u f exactly 5 = ‖∇f‖.
    let mut app = App::new();
    app.set_expression("3x + 4y").expect("parses");
    app.set_direction_vector(3.0, 4.0);
    let s = app.snapshot();
    assert_eq!(s.direction, Some(vec![0.6, 0.8]));
    assert_eq!(s.directional_derivative, Some(5.0));
    assert_eq!(s.angle_to_gradient, Some(0.0));
    app.set_direction_vector(1.0, 1.0);
    assert_eq!(app.snapshot().direction_degrees, Some(45.0));
    app.aim_along(Along::Level);
    assert_eq!(app.snapshot().directional_derivative, Some(0.0));
    app.aim_along(Along::Against);
    assert_eq!(app.snapshot().directional_derivative, Some(-5.0));
    app.set_direction(90.0);
    assert_eq!(app.snapshot().direction, Some(vec![0.0, 1.0]));
}

#[test]
fn exact_pairs_restore_the_state_to_the_last_digit() {
    let mut app = App::new();
    app.set_expression("x^2y + sin(xy)").expect("parses");
    app.set_point(&[-1.6009615384615383, 0.123456789012345]);
    app.set_direction(30.0);
    let mut other = App::new();
    other.apply_link(&app.exact_pairs());
    let (a, b) = (app.snapshot(), other.snapshot());
    assert_eq!((a.point, a.direction, a.view), (b.point, b.direction, b.view));
    // The share link itself is rounded to what is visible.
    assert!(app.link_pairs().iter().any(|(k, v)| k == "p" && v == "-1.601,0.123"), "{:?}", app.link_pairs());
}

#[test]
fn charts_and_the_graph_show_no_slope_that_is_not_there() {
    use crate::view::charts::Panel;
    // f overflows at (4e307, 0): the slice titles once said "slope ∂f/∂x = 8e307".
    let mut app = App::new();
    app.set_point(&[4e307, 0.0]);
    let title = app.panel(Panel::SliceX).expect("a chart").title;
    assert!(title.ends_with("= undefined"), "{title}");
    // abs(x) at its kink: no tangent line in the graph.
    let mut app = App::new();
    app.set_expression("abs(x)").expect("parses");
    app.set_point(&[0.0]);
    let scene = app.scene(800.0, 600.0, 1.0).expect("a scene");
    assert!(!scene.polylines.iter().any(|l| l.style == crate::view::scene::Style::Tangent));
    app.set_point(&[1.0]);
    let scene = app.scene(800.0, 600.0, 1.0).expect("a scene");
    assert!(scene.polylines.iter().any(|l| l.style == crate::view::scene::Style::Tangent));
}

#[test]
fn an_overflow_or_a_0_over_0_is_never_a_zero_slope() {
    // Issue 13: (acosh(cosh(x^3y^3z))^3)^(1/3) at (−3, −2, 3) gave ∇f = [0, 0, 0], a false
    // critical point: cosh(648) overflows, so f is undefined here and so is its slope.
    let s = at("(acosh(cosh(x^3y^3z))^3)^(1/3)", &[-3.0, -2.0, 3.0]);
    let g = s.gradient.clone().expect("a gradient entry per variable");
    assert!(g.iter().all(|v| v.is_nan()), "{g:?} value {:?} at {:?} vars {:?} notes {:?}", s.value, s.point, s.vars, s.notices);
    // sqrt(xy) at (0, 1): f is 0 but both partials' formulas are undefined there (1/0, 0/0):
    // said so, not shown as numbers.
    let s = at("sqrt(xy)", &[0.0, 1.0]);
    assert_eq!(s.value, Some(0.0));
    let g = s.gradient.expect("gradient");
    assert!(g[0].is_nan() && g[1].is_nan(), "{g:?}");
    assert!(s.notices.iter().any(|n| n.contains("cannot be computed here")), "{:?}", s.notices);
}

#[test]
fn the_snapshot_carries_the_reading_hint_only_when_there_is_one() {
    let mut app = App::new();
    app.set_expression("1/2x").expect("parses");
    let s = app.snapshot();
    assert_eq!(s.normalized.as_deref(), Some("1/2*x"));
    assert_eq!(s.hint.as_deref(), Some("read as (1/2)·x: did you mean 1/(2x)?"));
    app.set_expression("L(w, b) = w^2 + b^2").expect("parses");
    let s = app.snapshot();
    assert_eq!(s.hint, None);
    assert_eq!(s.vars, ["w", "b"]);
}

#[test]
fn a_wrong_f_prime_is_drawn_beside_the_exact_one() {
    let mut app = App::new();
    app.set_expression("e^(x^2)").expect("parses");
    let check = app.check_derivative("x", "e^(x^2)").expect("reads");
    assert!(!check.right);
    let answer = |app: &mut App| app.scene(800.0, 600.0, 1.0).expect("scene").polylines.iter().any(|l| l.style == crate::view::scene::Style::Answer);
    assert!(answer(&mut app));
    assert!(app.check_derivative("x", "2x e^(x^2)").expect("reads").right);
    assert!(!answer(&mut app), "a right answer is not drawn twice");
}

#[test]
fn an_expensive_function_leaves_its_critical_points_pending_and_refine_finishes_them() {
    // x²+y²: a few instructions, so the search finishes within the frame that starts it.
    let mut app = App::new();
    app.set_expression("x^2 + y^2").expect("reads");
    app.scene(800.0, 600.0, 1.0);
    assert!(app.pending().is_empty());
    assert_eq!(app.snapshot().critical_points.len(), 1);
    assert!(!app.refine());

    // sin(x·y·sin(x·y·…)) nested 12 deep: its gradient tape is long, so the search runs in slices.
    let nested = (0..12).fold("x".to_string(), |acc, _| format!("sin(x*y*{acc}) + 0.1*x^2 + 0.1*y^2"));
    app.set_expression(&nested).expect("reads");
    app.scene(800.0, 600.0, 1.0);
    // Its map is past one frame's work too, so it is pending as well.
    assert_eq!(app.pending(), ["map", "criticalPoints"], "{} tape instructions", app.session.model().map_or(0, |m| m.value_grad.len()));
    assert_eq!(app.snapshot().pending, ["map", "criticalPoints"]);
    let mut slices = 1;
    while app.refine() {
        slices += 1;
        assert!(slices < 1000);
    }
    assert!(app.pending().is_empty() && app.snapshot().pending.is_empty());
    let found = app.snapshot().critical_points;
    // The same points as one whole search of the same function and view.
    let model = app.session.model().expect("model");
    let mut whole = crate::view::map::MapCache::default();
    let view = app.viewport.shown;
    crate::view::map::map_scene(model, 99, &mut whole, view, crate::view::map::Canvas { width: 800.0, height: 600.0, scale: 1.0 }, &[0.0, 0.0], [1.0, 0.0], app.map_options, crate::view::map::Detail::Full);
    while whole.refine_critical(model, 99) {}
    assert_eq!(found.len(), whole.critical_points().len());
    assert!(slices > 1, "{slices} slices");
    // A new function drops the old search instead of running it on the new one.
    app.set_expression(&nested).expect("reads");
    app.scene(800.0, 600.0, 1.0);
    app.set_expression("x^2 - y^2").expect("reads");
    assert!(!app.refine());
}

#[test]
fn a_function_too_tall_for_any_view_is_read_and_keeps_the_view() {
    // (x+1)…(x+50) reaches 1e64 over −3..3: fitting the y-range would need a refused view.
    let mut app = App::new();
    app.set_expression("x^2").expect("reads");
    let before = app.view();
    let product: String = (1..=50).map(|k| format!("(x+{k})")).collect();
    app.set_expression(&product).expect("the function is read");
    assert_eq!(app.view().xmin, before.xmin);
    let s = app.snapshot();
    assert!(s.error.is_none() && s.value.is_some(), "{:?}", s.error);
    assert!(s.notices.iter().any(|n| n.starts_with("kept the view")), "{:?}", s.notices);
}

#[test]
fn a_pan_draws_the_map_coarsely_and_keeps_its_critical_points_until_it_pauses() {
    let mut app = App::new();
    app.set_expression("x^2 - y^2 + 0.1x^3").expect("reads");
    app.set_view(-3.0, 3.0, -3.0, 3.0).expect("view");
    let full = app.scene(800.0, 600.0, 1.0).expect("a scene");
    let full_side = full.heatmap.as_ref().map(|h| (h.nx, h.ny)).expect("a heatmap");
    let found = app.snapshot().critical_points;
    // x² − y² + 0.1x³: a saddle at (0, 0) and a maximum at (−20/3, 0), outside this view.
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(app.pending().is_empty());

    // A pan gesture: half the samples each way, and the points found stay (no new search yet).
    app.set_plot_rect(crate::compute::geometry::PlotRect { left: 40.0, top: 10.0, width: 740.0, height: 560.0 });
    app.pan_pixels(40.0, 0.0);
    assert_ne!(app.view().xmin, -3.0, "the pan moved the view");
    let moving = app.scene(800.0, 600.0, 1.0).expect("a scene");
    let coarse = moving.heatmap.as_ref().map(|h| (h.nx, h.ny)).expect("a heatmap");
    assert_eq!(coarse, (full_side.0.div_ceil(2), full_side.1.div_ceil(2)), "full {full_side:?}");
    assert_eq!(app.pending(), ["map", "criticalPoints"]);
    assert_eq!(app.snapshot().critical_points.len(), found.len());

    // The learner pauses: refine lets the next frame draw in full, with this view's search.
    assert!(!app.refine());
    let again = app.scene(800.0, 600.0, 1.0).expect("a scene");
    assert_eq!(again.heatmap.as_ref().map(|h| (h.nx, h.ny)), Some(full_side));
    while app.refine() {}
    assert!(app.pending().is_empty(), "{:?}", app.pending());
    assert_eq!(app.snapshot().critical_points.len(), found.len());

    // A view set through the API is drawn in full at once, even mid-gesture.
    app.pan_pixels(40.0, 0.0);
    app.set_view(-2.0, 2.0, -2.0, 2.0).expect("view");
    app.scene(800.0, 600.0, 1.0);
    assert!(!app.pending().contains(&"map"));
}

#[test]
fn a_map_past_one_frames_work_comes_coarse_first_and_is_completed_in_slices() {
    // sin(x·y·sin(x·y·…)) nested 40 deep: 80 tape instructions a sample, 6 million a map.
    let nested = (0..40).fold("1".to_string(), |acc, _| format!("sin(x y {acc})"));
    let mut app = App::new();
    app.set_expression(&nested).expect("reads");
    app.set_view(-3.0, 3.0, -3.0, 3.0).expect("view");
    let first = app.scene(800.0, 600.0, 1.0).expect("a scene");
    let coarse = first.heatmap.as_ref().map(|h| (h.nx, h.ny)).expect("a heatmap");
    assert!(app.pending().contains(&"map"), "{:?}", app.pending());
    let mut slices = 0;
    while app.refine() {
        slices += 1;
        assert!(slices < 10_000);
    }
    assert!(slices > 1, "{slices} slices");
    let done = app.scene(800.0, 600.0, 1.0).expect("a scene");
    let full = done.heatmap.as_ref().expect("a heatmap");
    assert!(full.nx > coarse.0 && full.ny > coarse.1, "{coarse:?} → {}×{}", full.nx, full.ny);
    assert!(app.pending().is_empty(), "{:?}", app.pending());
    // Bit for bit the grid one whole sampling gives, on the view and size drawn.
    let model = app.session.model().expect("model");
    let whole = crate::compute::sample::sample_grid(&model.value, &done.view, full.nx, full.ny, &[]);
    let sliced = app.map_cache.grid();
    assert_eq!((sliced.nx, sliced.ny), (whole.nx, whole.ny));
    assert!(sliced.values[0].iter().zip(&whole.values[0]).all(|(a, b)| a.to_bits() == b.to_bits()), "the sliced grid differs");
}

#[test]
fn in_one_variable_a_pan_keeps_the_points_of_interest_until_it_rests() {
    let mut app = App::new();
    app.set_expression("x^3 - 3x").expect("reads");
    app.set_view(-3.0, 3.0, -3.0, 3.0).expect("view");
    // The curve's first sample: where it starts moves with the view.
    let curve = |scene: &crate::view::scene::Scene| scene.polylines.iter().find(|p| p.style == Style::Curve).map(|p| (p.points.len(), p.points[0]));
    let first = app.scene(800.0, 600.0, 1.0).expect("a scene");
    app.set_plot_rect(crate::compute::geometry::PlotRect { left: 40.0, top: 10.0, width: 740.0, height: 560.0 });
    let found = app.snapshot().critical_points.len();
    assert_eq!(found, 2, "x = ±1");
    // Moving the point: the curve is the one already sampled.
    app.set_point(&[0.5]);
    assert_eq!(curve(&app.scene(800.0, 600.0, 1.0).expect("a scene")), curve(&first));
    // A pan: the curve follows the view at once, the points found stay until the pointer rests.
    app.pan_pixels(-40.0, 0.0);
    assert_ne!(app.view().xmin, -3.0, "the pan moved the view");
    let moved = app.scene(800.0, 600.0, 1.0).expect("a scene");
    assert_ne!(curve(&moved), curve(&first));
    assert_eq!(app.pending(), ["criticalPoints"]);
    assert_eq!(app.snapshot().critical_points.len(), found);
    assert!(!app.refine());
    app.scene(800.0, 600.0, 1.0);
    assert!(app.pending().is_empty(), "{:?}", app.pending());
    assert_eq!(app.snapshot().critical_points.len(), found);
}

#[test]
fn in_one_variable_a_search_longer_than_a_frame_waits_for_refine_and_finds_what_a_direct_search_finds() {
    let product: String = (1..=50).map(|i| format!("(x+{i})")).collect();
    let mut app = App::new();
    app.set_expression(&product).expect("reads");
    let model = app.session.model().expect("a model").clone();
    assert!(crate::view::graph::interest_is_heavy(&model));
    let view = app.view();
    app.scene(800.0, 600.0, 1.0).expect("a scene");
    // The frame drew the curve without the search: nothing is claimed, and the state says so.
    assert!(app.snapshot().critical_points.is_empty());
    assert_eq!(app.pending(), ["criticalPoints"]);
    app.refine();
    assert!(app.pending().is_empty(), "one refine call finishes the search: {:?}", app.pending());
    let direct = crate::view::graph::points_of_interest(&model, view.xmin, view.xmax);
    let shown = app.snapshot();
    assert_eq!(shown.critical_points.len(), direct.critical.len());
    assert!(!direct.critical.is_empty(), "(x+1)…(x+50) has critical points in [-3, 3]");
    assert_eq!(shown.inflection_points, direct.inflections.iter().map(|p| p.x).collect::<Vec<_>>());
    // An export completes the search itself: its scene marks the points.
    app.set_expression(&format!("{product} + 0")).expect("reads");
    let exported = app.complete_scene(800.0, 600.0, 1.0).expect("a scene");
    let marked = exported.markers.iter().filter(|m| matches!(m.style, Style::CriticalMin | Style::CriticalMax)).count();
    assert_eq!(marked, direct.critical.len(), "{:?}", exported.markers);
    // A light function of one variable is still searched in the frame that shows it.
    app.set_expression("x^3 - 3x").expect("reads");
    app.scene(800.0, 600.0, 1.0).expect("a scene");
    assert!(app.pending().is_empty(), "{:?}", app.pending());
    assert_eq!(app.snapshot().critical_points.len(), 2);
}

#[test]
fn a_gesture_left_coarse_in_the_map_is_not_pending_once_the_layout_hides_the_map() {
    let mut app = App::new();
    app.set_expression("x^2 + y^2").expect("reads");
    app.scene(800.0, 600.0, 1.0);
    app.set_plot_rect(crate::compute::geometry::PlotRect { left: 40.0, top: 10.0, width: 740.0, height: 560.0 });
    app.pan_pixels(30.0, 0.0);
    app.scene(800.0, 600.0, 1.0);
    assert_eq!(app.pending(), ["map", "criticalPoints"]);
    // The surface alone draws no map: nothing could ever finish the coarse one, so it is not
    // pending (whenIdle() must resolve).
    app.set_layout("3d");
    assert!(!app.refine());
    assert!(app.pending().is_empty(), "{:?}", app.pending());
}

#[test]
fn turning_the_surface_in_split_leaves_the_map_in_full_and_nothing_stays_pending() {
    let mut app = App::new();
    app.set_expression("x^2y + sin(xy)").expect("reads");
    app.set_layout("split");
    let rect = crate::compute::geometry::PlotRect { left: 400.0, top: 0.0, width: 400.0, height: 600.0 };
    let map = app.scene(400.0, 600.0, 1.0).and_then(|s| s.heatmap).map(|h| (h.nx, h.ny));
    app.draw_surface(rect, 1.0);
    app.rotate_pixels(30.0, 0.0, 1.0);
    assert_eq!(app.scene(400.0, 600.0, 1.0).and_then(|s| s.heatmap).map(|h| (h.nx, h.ny)), map, "the map's view did not move");
    app.draw_surface(rect, 1.0);
    assert_eq!(app.pending(), ["surface"]);
    assert!(!app.refine());
    app.draw_surface(rect, 1.0);
    assert!(app.pending().is_empty(), "{:?}", app.pending());
    // A surface with nothing finite to draw is not left coarse either.
    app.rotate_pixels(30.0, 0.0, 1.0);
    app.draw_surface(rect, 1.0);
    app.set_expression("sqrt(-1 - x^2 - y^2)").expect("reads");
    assert!(app.draw_surface(rect, 1.0).is_none());
    assert!(!app.pending().contains(&"surface"), "{:?}", app.pending());
}

#[test]
fn an_export_waits_for_the_full_map_of_an_expensive_function() {
    let nested = (0..40).fold("1".to_string(), |acc, _| format!("sin(x y {acc})"));
    let mut app = App::new();
    app.set_expression(&nested).expect("reads");
    let coarse = app.scene(800.0, 600.0, 1.0).and_then(|s| s.heatmap).map(|h| h.nx).expect("a heatmap");
    let full = app.complete_scene(800.0, 600.0, 1.0).and_then(|s| s.heatmap).map(|h| h.nx).expect("a heatmap");
    assert!(full > coarse, "{coarse} → {full}");
    assert!(!app.pending().contains(&"map"), "{:?}", app.pending());
}

#[test]
fn level_curves_too_dense_to_draw_are_thinned_and_say_so() {
    let mut app = App::new();
    let deep = (0..40).fold("1".to_string(), |acc, _| format!("sin(x y {acc})"));
    app.set_expression(&deep).expect("valid");
    app.scene(912.0, 723.0, 1.0).expect("scene");
    while app.refine() {}
    let scene = app.scene(912.0, 723.0, 1.0).expect("scene");
    let c = app.snapshot_with(false).level_curves.expect("a map");
    assert!(c.drawn >= 1 && c.drawn < c.of, "{c:?}");
    let points = |style| scene.polylines.iter().filter(|p| p.style == style).map(|p| p.points.len()).sum::<usize>();
    let (levels, highlight) = (points(Style::Contour), points(Style::ContourHighlight));
    assert!(levels > 1000 && levels <= crate::view::map::LEVEL_POINT_BUDGET + 5000, "{levels} level-curve points");
    assert!(highlight > 0 && highlight <= 3000 + 1000, "{highlight} points through the point");
    // A smooth function draws every level; one variable has no map to count.
    app.set_expression("x^2 + y^2").expect("valid");
    app.scene(912.0, 723.0, 1.0).expect("scene");
    let c = app.snapshot_with(false).level_curves.expect("a map");
    assert!(c.drawn == c.of && c.of >= 5, "{c:?}");
    app.set_expression("x^3 - 3x").expect("valid");
    app.scene(912.0, 723.0, 1.0).expect("scene");
    let s = app.snapshot_with(false);
    assert_eq!((s.level_curves, s.color_range), (None, None));
}

#[test]
fn a_map_and_its_search_share_one_frame_of_work() {
    // Himmelblau: its map and its whole search fit in one frame, so the points come with it.
    let mut app = App::new();
    app.set_expression("(x^2+y-11)^2+(x+y^2-7)^2").expect("reads");
    app.set_view(-5.0, 5.0, -5.0, 5.0).expect("a view");
    app.scene(1000.0, 800.0, 1.0);
    assert!(app.pending().is_empty(), "{:?}", app.pending());
    assert_eq!(app.snapshot().critical_points.iter().filter(|c| c.kind == "min").count(), 4);

    // The neuron loss: its map alone is just within a frame's work, and its search would be as
    // much again, so the search waits for the frame's end; one slice between frames finds it.
    app.set_expression(crate::app::catalogue::NEURON).expect("reads");
    app.scene(1000.0, 800.0, 1.0);
    // (The premise: no "map" pending, so the map fit the frame; the search alone would too.)
    assert_eq!(app.pending(), ["criticalPoints"], "the neuron's map should fit a frame and map + search should not");
    assert!(app.snapshot().critical_points.is_empty());
    assert!(!app.refine(), "one slice finishes it");
    assert!(app.pending().is_empty());
    // Its minimum, σ(2w + b) = 0.9 and σ(b − w) = 0.2, is where the search says.
    let minimum = app.snapshot().critical_points.into_iter().find(|c| c.kind == "min").expect("a minimum");
    let sigma = |t: f64| 1.0 / (1.0 + (-t).exp());
    let [w, b] = [minimum.at[0], minimum.at[1]];
    assert!((sigma(2.0 * w + b) - 0.9).abs() < 1e-6 && (sigma(b - w) - 0.2).abs() < 1e-6, "{w}, {b}");
}
