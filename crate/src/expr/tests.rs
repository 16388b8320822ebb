//! The course text's worked examples, the bad-input corpus, and derivatives against central
//! differences on generated expressions.

use super::*;
use crate::eval::tape::Tape;
use proptest::prelude::*;

fn partials(text: &str) -> Vec<String> {
    let parsed = parse(text).expect("parses");
    let d = derivatives(&parsed).expect("differentiates");
    d.gradient.iter().map(|g| print::to_text(g, &parsed.vars)).collect()
}

#[test]
fn partial_derivatives_example_prints_as_the_course_writes_it() {
    // Partial Derivatives → Example: f = x²y + 3xy² + y³.
    assert_eq!(partials("x^2y + 3xy^2 + y^3"), ["2*x*y + 3*y^2", "x^2 + 6*x*y + 3*y^2"]);
}

#[test]
fn practice_problem_three_variables() {
    // f(x, y, z) = x²yz + sin(xz) + e^y.
    assert_eq!(
        partials("x^2yz + sin(xz) + e^y"),
        ["2*x*y*z + z*cos(x*z)", "x^2*z + e^y", "x^2*y + x*cos(x*z)"]
    );
}

#[test]
fn interview_question_4() {
    assert_eq!(partials("x^2y + sin(xy)"), ["2*x*y + y*cos(x*y)", "x^2 + x*cos(x*y)"]);
    // And the numbers at (1, 2): ∂f/∂x = 4 + 2cos 2, ∂f/∂y = 1 + cos 2.
    let parsed = parse("x^2y + sin(xy)").expect("parses");
    let d = derivatives(&parsed).expect("differentiates");
    let tape = Tape::compile(&[&parsed.expr, &d.gradient[0], &d.gradient[1]], 2);
    let mut out = [0.0; 3];
    tape.eval_point(&[1.0, 2.0], &mut out);
    assert!((out[0] - (2.0 + 2f64.sin())).abs() < 1e-15);
    assert!((out[1] - (4.0 + 2.0 * 2f64.cos())).abs() < 1e-15);
    assert!((out[2] - (1.0 + 2f64.cos())).abs() < 1e-15);
}

#[test]
fn mistake_2_chain_rule_on_e_to_the_x_squared() {
    assert_eq!(partials("e^(x^2)"), ["2*x*e^(x^2)"]);
    let parsed = parse("e^(x^2)").expect("parses");
    let (_, steps) = diff::derivative_with_steps(&parsed.expr, 0, &parsed.vars);
    assert_eq!(steps[0].rule, "chain rule with e^u");
    assert_eq!(steps[0].of, "e^(x^2)");
    assert_eq!(steps[0].result, "2*x*e^(x^2)");
    assert!(steps.iter().any(|s| s.rule == "power rule" && s.result == "2*x"));
}

#[test]
fn single_variable_table_and_rules() {
    assert_eq!(partials("x^2"), ["2*x"]);
    assert_eq!(partials("x^3 - 3x"), ["3*x^2 - 3"]);
    assert_eq!(partials("ln(x)"), ["1/x"]);
    assert_eq!(partials("sin(x)"), ["cos(x)"]);
    assert_eq!(partials("cos(x)"), ["-sin(x)"]);
    assert_eq!(partials("e^x"), ["e^x"]);
    assert_eq!(partials("1/x"), ["-1/x^2"]);
    assert_eq!(partials("sqrt(x)"), ["1/(2*sqrt(x))"]);
    assert_eq!(partials("sin(x)/x"), ["(x*cos(x) - sin(x))/x^2"]);
    assert_eq!(partials("x*sin(x)"), ["sin(x) + x*cos(x)"]);
}

#[test]
fn second_derivatives_form_a_symmetric_hessian() {
    let parsed = parse("x^2y + 3xy^2 + y^3").expect("parses");
    let d = derivatives(&parsed).expect("differentiates");
    let hessian = second_derivatives(&parsed, &d.gradient, MAX_DERIVATIVE_WORK).expect("differentiates twice");
    let h: Vec<Vec<String>> =
        hessian.iter().map(|row| row.iter().map(|e| print::to_text(e, &parsed.vars)).collect()).collect();
    assert_eq!(h, [["2*y", "2*x + 6*y"], ["2*x + 6*y", "6*x + 6*y"]]);
    // The tape's forward pass gives the same numbers: at (1, 2), [[4, 14], [14, 18]].
    let model = crate::eval::model::Model::new("x^2y + 3xy^2 + y^3").expect("model");
    assert_eq!(model.hessian_at(&[1.0, 2.0]), [[4.0, 14.0], [14.0, 18.0]]);
}

/// Functions once refused because their symbolic Hessian was too large are read at once now,
/// and their second derivatives are exact: P(x) = (x+1)(x+2)…(x+50) = (x+1)·Q(x) has
/// P″(−1) = 2·Q′(−1) = 2·49!·(1 + 1/2 + … + 1/49).
#[test]
fn second_derivatives_of_long_products_and_deep_nests_come_from_the_tape() {
    let product: String = (1..=50).map(|k| format!("(x+{k})")).collect();
    let model = crate::eval::model::Model::new(&product).expect("accepted");
    let factorial: f64 = (1..=49).map(f64::from).product();
    let harmonic: f64 = (1..=49).map(|k| 1.0 / f64::from(k)).sum();
    let want = 2.0 * factorial * harmonic;
    let got = model.hessian_at(&[-1.0])[0][0];
    assert!((got - want).abs() <= 1e-12 * want, "P″(−1) = {got}, want {want}");
    // Nested 40 deep in two variables (once refused): the Hessian is symmetric and finite.
    let nested = (0..40).fold("x".to_string(), |acc, _| format!("sin(x*y*{acc})"));
    let model = crate::eval::model::Model::new(&nested).expect("accepted");
    let h = model.hessian_at(&[0.3, 0.4]);
    assert!(h.iter().flatten().all(|v| v.is_finite()) && h[0][1] == h[1][0], "{h:?}");
}

/// The Hessian by forward passes over the gradient's tape against the symbolic one, on
/// functions with kinks, poles, variable exponents and two-argument calls.
#[test]
fn forward_mode_hessian_matches_the_symbolic_one_at_kinks_and_poles() {
    let cases = [
        "abs(x)*y^2", "max(x, y)^2 + min(x^2, y)", "relu(x - y)*x", "sign(x)*y^2 + floor(y)*x^2",
        "atan2(y, x)", "x^y", "2^(x*y)", "x^0.5 + y^(1/3)", "1/x + ln(y)", "leaky_relu(x)*y",
        "logsumexp(x, 2y)", "hypot(x, y)" , "sqrt(x^2 + y^2)", "x/y", "tan(x)*sec(y)",
    ];
    let points = [[0.7, -1.3], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0], [-2.0, 2.0], [1.5, 1.5]];
    for text in cases {
        let Ok(model) = crate::eval::model::Model::new(text) else { continue };
        let parsed = &model.parsed;
        let symbolic = second_derivatives(parsed, &model.derivatives.gradient, MAX_DERIVATIVE_WORK).expect("twice");
        let n = parsed.vars.len();
        for p in points {
            let got = model.hessian_at(&p[..n]);
            for i in 0..n {
                for j in 0..n {
                    let want = symbolic[i][j].eval(&p[..n]);
                    let (g, w) = (got[i][j], want);
                    let agree = g == w || (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-9 * (1.0 + w.abs());
                    assert!(agree, "{text} at {p:?}: H[{i}][{j}] forward {g}, symbolic {w}");
                }
            }
        }
    }
}

#[test]
fn normalized_and_mathml_forms() {
    let parsed = parse("x^2y + sin(xy)").expect("parses");
    assert_eq!(parsed.normalized, "x^2*y + sin(x*y)");
    assert_eq!(parsed.vars, ["x", "y"]);
    let mathml = print::to_mathml(&derivatives(&parsed).expect("ok").gradient[1], &parsed.vars);
    assert!(mathml.starts_with("<math"), "{mathml}");
    assert!(mathml.contains("<mi>cos</mi>"), "{mathml}");
}

/// (input, expected message fragment, expected byte range).
const BAD_INPUTS: &[(&str, &str, (usize, usize))] = &[
    ("", "type a function", (0, 0)),
    ("   ", "type a function", (0, 3)),
    ("\t\n", "type a function", (0, 2)),
    ("sn(x)", "did you mean `sin`", (0, 2)),
    ("cso(x)", "did you mean `cos`", (0, 3)),
    ("sqr(x)", "did you mean `sqrt`", (0, 3)),
    ("lg(x)", "unknown function `lg`", (0, 2)),
    ("x + tn(y)", "did you mean `tan`", (4, 6)),
    ("exq(x)", "did you mean `exp`", (0, 3)),
    ("(x+1", "never closed", (0, 1)),
    ("((x+1)", "never closed", (0, 1)),
    ("x+1)", "no matching `(`", (3, 4)),
    ("sin(x))", "no matching `(`", (6, 7)),
    (")", "no matching `(`", (0, 1)),
    ("x + (y", "never closed", (4, 5)),
    ("x +", "missing operand after `+`", (2, 3)),
    ("x *", "missing operand after `*`", (2, 3)),
    ("x^", "missing operand after `^`", (1, 2)),
    ("* x", "missing operand before `*`", (0, 1)),
    ("/x", "missing operand before `/`", (0, 1)),
    ("^2", "missing operand before `^`", (0, 1)),
    ("x + * y", "missing operand between `+` and `*`", (2, 5)),
    ("x * / y", "missing operand between `*` and `/`", (2, 5)),
    ("x ^ * 2", "missing operand between `^` and `*`", (2, 5)),
    ("()", "empty parentheses", (0, 2)),
    ("x()", "empty parentheses", (1, 3)),
    ("sin()", "`sin()` needs an argument", (4, 5)),
    ("(x+)", "missing operand before `)`", (3, 4)),
    ("sin", "needs its argument in parentheses", (0, 3)),
    ("sin + x", "needs its argument in parentheses", (0, 3)),
    ("x sin", "needs its argument in parentheses", (2, 5)),
    ("foo(x)", "unknown function `foo`", (0, 3)),
    ("sine(x)", "unknown function `sine`: did you mean `sin`?", (0, 4)),
    ("expp(x)", "did you mean `exp`", (0, 4)),
    ("sinx(x + 1)", "unknown function `sinx`", (0, 4)),
    ("wv(x + 1)", "unknown function `wv` (for a product, write `w*v*(…)`)", (0, 2)),
    ("relus(x)", "did you mean `relu`", (0, 5)),
    ("leaky_relu(x)", "`leaky_relu` takes 2 arguments, not 1", (0, 13)),
    ("leaky_relu x", "like `leaky_relu(x, 0.01)`", (0, 10)),
    ("sin^-2 x", "ambiguous", (0, 4)),
    ("ln^-1 x", "not built in", (0, 3)),
    ("sin^x y", "a function's power is a number", (3, 4)),
    ("|x", "this `|` is never closed", (0, 1)),
    ("x_", "a subscript is a number or a name", (1, 2)),
    ("x_{t+1}", "a subscript is a number or a name", (2, 7)),
    ("x_{1", "never closed", (2, 3)),
    ("1_000", "unexpected character `_`", (1, 2)),
    ("2sin", "needs its argument in parentheses", (1, 4)),
    ("sqrt", "needs its argument in parentheses", (0, 4)),
    ("max(x)", "`max` takes 2 arguments, not 1", (0, 6)),
    ("SIN(x)", "functions are written in lower case, like `sin`", (0, 3)),
    ("2 + Exp(x)", "like `exp`", (4, 7)),
    ("atan22(x, y)", "unknown function `atan22`: did you mean `atan2`?", (0, 6)),
    ("atan2 x", "like `atan2(y, x)`", (0, 5)),
    ("log(x, 2)", "natural logarithm and takes 1 argument: for a base b write ln(x)/ln(b)", (0, 9)),
    ("2e-400 + x", "too small: it would be read as 0", (0, 6)),
    ("min(x, y, 1)", "`min` takes 2 arguments, not 3", (0, 12)),
    ("atan2(y)", "`atan2` takes 2 arguments, not 1", (0, 8)),
    ("sin(x, y)", "`sin` takes 1 argument, not 2", (0, 9)),
    ("x, y", "only separates a function's arguments", (1, 2)),
    (",", "missing argument before `,`", (0, 1)),
    ("max(x,)", "missing operand before `)`", (6, 7)),
    ("max(,y)", "missing argument before `,`", (4, 5)),
    ("max(x,", "missing argument after `,`", (5, 6)),
    ("x!", "factorials", (1, 2)),
    ("x % 2", "`%` is not supported", (2, 3)),
    ("x = 1", "only the right-hand side", (2, 3)),
    ("x = x^2 + 1", "only the right-hand side", (2, 3)),
    ("f(x) = x + y", "`y` is not one of the variables of f(x)", (11, 12)),
    ("f(x, x) = x", "`x` is listed twice", (5, 6)),
    ("f(x y) = x", "separate the variables with commas", (4, 5)),
    ("f(1) = x", "the left side lists variables", (2, 3)),
    ("sin(x) = x", "`sin` is a built-in function", (0, 3)),
    ("f(x) = x = 2", "one `=` at most", (5, 6)),
    ("2 = x", "only the right-hand side", (0, 1)),
    ("\\nabla f", "`\\nabla` is not supported", (0, 6)),
    ("\\foo(x)", "unknown LaTeX command `\\foo`", (0, 4)),
    ("\\frac{1}", "`\\frac` needs two groups", (7, 8)),
    ("\\frac{1}{x", "this `{` is never closed", (8, 9)),
    ("\\sqrt[3]", "needs its radicand", (5, 6)),
    ("\\operatorname{foo}(x)", "unknown function `foo`", (0, 18)),
    ("$x", "unexpected character `$`", (0, 1)),
    ("e^{x", "this `{` is never closed", (2, 3)),
    ("x}", "round parentheses", (1, 2)),
    ("\\frac{1}{x+}", "missing operand before `)`", (11, 12)),
    ("\\sqrt[3", "this `[` is never closed", (5, 6)),
    ("\\left x", "needs a delimiter", (0, 5)),
    ("x^{2", "this `{` is never closed", (2, 3)),
    ("2|x", "this `|` is never closed", (1, 2)),
    ("$x^2 + *$", "missing operand between `+` and `*`", (5, 8)),
    ("[x+1]", "round parentheses", (0, 1)),
    ("{x}", "round parentheses", (0, 1)),
    ("x # y", "unexpected character `#`", (2, 3)),
    ("x & y", "unexpected character `&`", (2, 3)),
    ("x $", "unexpected character `$`", (2, 3)),
    ("x @ 2", "unexpected character `@`", (2, 3)),
    ("x ; y", "unexpected character `;`", (2, 3)),
    ("ж + 1", "unexpected character `ж`", (0, 2)),
    ("x + 😀", "unexpected character `😀`", (4, 8)),
    ("x\u{0}", "control character U+0000", (1, 2)),
    ("x\u{7}y", "control character U+0007", (1, 2)),
    ("1e999", "too large", (0, 5)),
    ("2 3", "missing operator between `2` and `3`", (0, 3)),
    ("1.2.3", "missing operator between `1.2` and `0.3`", (0, 5)),
    ("x..2", "`.` is not a number", (1, 2)),
    ("..", "`.` is not a number", (0, 1)),
    ("<script>alert(1)</script>", "unexpected character `<`", (0, 1)),
    ("javascript:alert(1)", "unexpected character `:`", (10, 11)),
    ("x\" onmouseover=\"alert(1)", "unexpected character `\"`", (1, 2)),
    ("x'", "unexpected character `'`", (1, 2)),
    ("x == y", "only the right-hand side", (2, 3)),
    ("x < y", "unexpected character `<`", (2, 3)),
    ("x | y", "this `|` is never closed", (2, 3)),
    ("x \\ y", "unexpected character `\\`", (2, 3)),
    ("sin(x", "never closed", (3, 4)),
    ("sin(cos(x)", "never closed", (3, 4)),
    ("-", "missing operand after `-`", (0, 1)),
    ("+", "missing operand after `+`", (0, 1)),
    ("x -", "missing operand after `-`", (2, 3)),
    ("(", "never closed", (0, 1)),
    ("2(", "never closed", (1, 2)),
];

#[test]
fn bad_inputs_give_their_message_and_range() {
    assert!(BAD_INPUTS.len() >= 60, "the corpus has {} cases", BAD_INPUTS.len());
    let mut failures = Vec::new();
    for (input, fragment, (start, end)) in BAD_INPUTS {
        match parse(input) {
            Ok(p) => failures.push(format!("{input:?} should fail but parsed as {:?}", p.normalized)),
            Err(e) => {
                if !e.message.contains(fragment) || (e.span.start, e.span.end) != (*start, *end) {
                    failures.push(format!("{input:?}: {e}, wanted {fragment:?} at {start}..{end}"));
                }
                assert!(input.is_char_boundary(e.span.start) && input.is_char_boundary(e.span.end));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn limits_on_length_and_nesting() {
    let long = "x+".repeat(1000) + "x"; // 2001 characters
    let e = parse(&long).expect_err("too long");
    assert!(e.message.contains("too long"), "{}", e.message);
    assert_eq!(e.span, Span::new(2000, 2001));
    let megabyte = "x".repeat(1 << 20);
    assert!(parse(&megabyte).expect_err("too long").message.contains("too long"));
    assert!(e.message.contains("2001 characters"), "{}", e.message);
    // The API cuts a longer text at 8,001 characters: that is not its length.
    let cut = "x".repeat(8001);
    assert!(parse(&cut).expect_err("too long").message.starts_with("too long: more than 8000 characters"));

    let nested = "(".repeat(201) + "x" + &")".repeat(201);
    let e = parse(&nested).expect_err("too deep");
    assert!(e.message.contains("too deeply nested"), "{}", e.message);
    assert_eq!(e.span, Span::new(200, 201));
    let ok = "(".repeat(200) + "x" + &")".repeat(200);
    assert!(parse(&ok).is_ok());

    let tower = "x^".repeat(500) + "x";
    assert!(parse(&tower).expect_err("too deep").message.contains("too deeply nested"));
    let signs = "-".repeat(300) + "x";
    assert!(parse(&signs).is_err());
    // A long flat sum is fine: chains are flattened, not nested.
    let sum = "x+".repeat(900) + "x";
    assert!(parse(&sum).is_ok());
}

#[test]
fn values_of_the_syntax_examples() {
    let at = |text: &str, p: &[f64]| parse(text).expect("parses").expr.eval(p);
    assert_eq!(at("2x", &[3.0]), 6.0);
    assert_eq!(at("x^2y", &[3.0, 2.0]), 18.0);
    assert_eq!(at("3xy^2", &[1.0, 2.0]), 12.0);
    assert_eq!(at("x^2yz", &[2.0, 3.0, 5.0]), 60.0);
    assert_eq!(at("(x+1)(x-1)", &[3.0]), 8.0);
    assert_eq!(at("-x^2", &[3.0]), -9.0);
    assert_eq!(at("2^3^2", &[]), 512.0);
    assert_eq!(at("x**2", &[3.0]), 9.0);
    assert_eq!(at("x²", &[3.0]), 9.0);
    assert!((at("2π", &[]) - std::f64::consts::TAU).abs() < 1e-15);
    assert_eq!(at("log(e)", &[]), 1.0);
    assert_eq!(at("log10(1000)", &[]), 3.0);
    assert_eq!(at("log2(8)", &[]), 3.0);
    assert_eq!(at("sign(0)", &[]), 0.0);
    assert_eq!(at("max(x, y)", &[1.0, 2.0]), 2.0);
    assert_eq!(at("atan2(1, 0)", &[]), std::f64::consts::FRAC_PI_2);
    assert_eq!(at("0^0", &[]), 1.0);
}

/// A generated expression over x and y, as text, from a small grammar of smooth pieces.
fn arb_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        (1..9i32).prop_map(|n| n.to_string()),
        Just("0.5".to_string()),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})/(2 + ({b})^2)")),
            (inner.clone(), 1..4i32).prop_map(|(a, n)| format!("({a})^{n}")),
            inner.clone().prop_map(|a| format!("sin({a})")),
            inner.clone().prop_map(|a| format!("cos({a})")),
            inner.clone().prop_map(|a| format!("exp(({a})/4)")),
            inner.clone().prop_map(|a| format!("ln(1 + ({a})^2)")),
            inner.clone().prop_map(|a| format!("atan({a})")),
            inner.clone().prop_map(|a| format!("sqrt(1 + ({a})^2)")),
            inner.clone().prop_map(|a| format!("tanh({a})")),
            inner.clone().prop_map(|a| format!("sigmoid({a})")),
            inner.clone().prop_map(|a| format!("softplus({a})")),
            inner.clone().prop_map(|a| format!("gelu({a})")),
            inner.clone().prop_map(|a| format!("silu({a})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("logsumexp({a}, {b})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn exact_gradient_matches_central_differences(text in arb_expr(), x in -2.0..2.0f64, y in -2.0..2.0f64) {
        let parsed = parse(&text).expect("generated text parses");
        let d = derivatives(&parsed).expect("differentiates");
        let n = parsed.vars.len();
        let mut point = vec![x, y];
        point.truncate(n);
        let f = |p: &[f64]| parsed.expr.eval(p);
        for i in 0..n {
            let exact = d.gradient[i].eval(&point);
            let h = crate::eval::numeric::central_step(point[i]);
            let along = |t: f64| { let mut p = point.clone(); p[i] = t; f(&p) };
            let coarse = crate::eval::numeric::central_difference(along, point[i], 2.0 * h);
            let fine = crate::eval::numeric::central_difference(along, point[i], h);
            // Round-off in the quotient scales with |f| / h; truncation is estimated by how much
            // halving h moved the estimate (it falls as h², so the fine one is 4× closer).
            let scale = f(&point).abs() / h * f64::EPSILON * 1e3 + exact.abs();
            let truncation = (coarse - fine).abs();
            prop_assert!((exact - fine).abs() <= 1e-6 + 1e-5 * scale + truncation,
                "{text}: d/d{} exact {exact} numeric {fine} (coarse {coarse})", parsed.vars[i]);
        }
    }

    #[test]
    fn compiled_value_and_gradient_match_the_tree(text in arb_expr(), x in -2.0..2.0f64, y in -2.0..2.0f64) {
        let parsed = parse(&text).expect("parses");
        let d = derivatives(&parsed).expect("differentiates");
        let mut outputs = vec![&parsed.expr];
        outputs.extend(d.gradient.iter());
        let tape = Tape::compile(&outputs, parsed.vars.len());
        let point = [x, y];
        let mut out = vec![0.0; outputs.len()];
        tape.eval_point(&point[..parsed.vars.len()], &mut out);
        for (k, e) in outputs.iter().enumerate() {
            let want = e.eval(&point[..parsed.vars.len()]);
            // Equal overflows (inf, inf) and both undefined agree too.
            let agree = want == out[k] || (want.is_nan() && out[k].is_nan()) || (want - out[k]).abs() <= 1e-9 * (1.0 + want.abs());
            prop_assert!(agree, "{text} output {k}: {} vs {want}", out[k]);
        }
    }

    #[test]
    fn forward_mode_hessian_matches_the_symbolic_one(text in arb_expr(), x in -2.0..2.0f64, y in -2.0..2.0f64) {
        let model = crate::eval::model::Model::new(&text).expect("model");
        let n = model.n_vars();
        let symbolic = second_derivatives(&model.parsed, &model.derivatives.gradient, MAX_DERIVATIVE_WORK).expect("twice");
        let point = [x, y];
        let got = model.hessian_at(&point[..n]);
        for i in 0..n {
            for j in 0..n {
                let want = symbolic[i][j].eval(&point[..n]);
                let g = got[i][j];
                let agree = g == want || (g.is_nan() && want.is_nan()) || (g - want).abs() <= 1e-8 * (1.0 + want.abs());
                prop_assert!(agree, "{text}: H[{i}][{j}] forward {g}, symbolic {want}");
            }
        }
    }

    #[test]
    fn no_input_panics(text in "\\PC{0,40}") {
        let _ = parse(&text).and_then(|p| derivatives(&p).map(|_| ()));
    }

    #[test]
    fn no_input_of_expression_characters_panics(text in "[xy0-9+*/^() .,esinco-]{0,40}") {
        if let Ok(p) = parse(&text) {
            let d = derivatives(&p).expect("parsed expressions differentiate");
            let mut outputs = vec![&p.expr];
            outputs.extend(d.gradient.iter());
            let tape = Tape::compile(&outputs, p.vars.len());
            let mut out = vec![0.0; outputs.len()];
            tape.eval_point(&[0.3, -0.7], &mut out);
        }
    }
}

/// `max(0, x + max(0, x + … y))` nested `levels` deep (issue 11: 22 levels once took 8 s).
fn nested_max(levels: usize, inner: &str) -> String {
    let mut text = inner.to_string();
    for _ in 0..levels {
        text = format!("max(0, x + {text})");
    }
    text
}

#[test]
fn nested_max_and_min_differentiate_at_once_or_are_refused_at_once() {
    for (levels, inner) in [(22, "y"), (23, "y"), (40, "y"), (60, "x*y")] {
        for text in [nested_max(levels, inner), nested_max(levels, inner).replace("max", "min"), nested_max(levels, inner).replace("max(0, ", "max(x, ")] {
            let start = std::time::Instant::now();
            let outcome = parse(&text).and_then(|p| derivatives(&p).map(|d| d.gradient.iter().map(Expr::size).sum::<usize>()));
            let took = start.elapsed();
            // Loose enough for a debug build on a busy machine; the browser test holds 50 ms.
            assert!(took.as_millis() < 10_000, "{levels} levels took {took:?}: {:?}", outcome.map_err(|e| e.message));
            if let Ok(size) = outcome {
                assert!(size < 50_000, "{levels} levels: gradient of {size} nodes");
            }
        }
    }
    // The 199-character case of the issue is accepted, with the right slope.
    let text = nested_max(22, "y");
    let parsed = parse(&text).expect("parses");
    let d = derivatives(&parsed).expect("differentiates");
    assert_eq!(d.gradient[0].eval(&[1.0, 1.0]), 22.0);
    assert_eq!(d.gradient[1].eval(&[1.0, 1.0]), 1.0);
    assert_eq!(d.gradient[0].eval(&[-1.0, -1.0]), 0.0);
}

#[test]
fn max_takes_the_active_branch_without_cancellation_and_averages_at_ties() {
    // Issue 13: (a′+b′)/2 + sign(a−b)(a′−b′)/2 lost digits when the inactive a′ was huge.
    let parsed = parse("max(pi/x^3, x e^x)/x").expect("parses");
    let d = derivatives(&parsed).expect("differentiates");
    let x = -0.02f64;
    // π/x³ ≈ −3.9e5 < x·eˣ ≈ −0.0196: the active branch is x·eˣ, so f = eˣ and f′ = eˣ.
    let slope = d.gradient[0].eval(&[x]);
    assert!((slope - x.exp()).abs() <= 1e-12 * x.exp(), "{slope} vs {}", x.exp());
    let tie = parse("max(x, 2x)").expect("parses");
    let dt = derivatives(&tie).expect("differentiates");
    assert_eq!(dt.gradient[0].eval(&[0.0]), 1.5);
    assert_eq!(dt.gradient[0].eval(&[1.0]), 2.0);
    assert_eq!(dt.gradient[0].eval(&[-1.0]), 1.0);
    let min = derivatives(&parse("min(x^2, 3)").expect("parses")).expect("differentiates");
    assert_eq!(min.gradient[0].eval(&[1.0]), 2.0);
    assert_eq!(min.gradient[0].eval(&[5.0]), 0.0);
}

/// Generated expressions with the rules that copy the most: quotients, powers, min/max, steps.
fn arb_copying_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![Just("x".to_string()), Just("y".to_string()), (1..9i32).prop_map(|n| n.to_string())];
    leaf.prop_recursive(5, 40, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| format!("({a})*({b})*({c})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})/({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})^({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("max({a}, {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("min({a}, {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("atan2({a}, {b})")),
            inner.clone().prop_map(|a| format!("asec({a})")),
            inner.clone().prop_map(|a| format!("sec({a})")),
            inner.clone().prop_map(|a| format!("relu({a})")),
            inner.clone().prop_map(|a| format!("sigmoid({a})")),
            inner.clone().prop_map(|a| format!("softplus({a})")),
            inner.clone().prop_map(|a| format!("gelu({a})")),
            inner.clone().prop_map(|a| format!("silu({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("leaky_relu({a}, {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("logsumexp({a}, {b})")),
            inner.prop_map(|a| format!("floor({a})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The size bound is a true bound for every rule, so checking it first is enough.
    #[test]
    fn the_derivative_size_bound_holds(text in arb_copying_expr()) {
        let parsed = parse(&text).expect("generated text parses");
        let bound = super::diff::derivative_size_bound(&parsed.expr);
        for var in 0..parsed.vars.len() {
            let first = super::diff::derivative(&parsed.expr, var);
            prop_assert!(first.size() <= bound, "{text}: ∂/∂{var} has {} nodes, bound {bound}", first.size());
            let second_bound = super::diff::derivative_size_bound(&first);
            for var2 in 0..parsed.vars.len() {
                let second = super::diff::derivative(&first, var2);
                prop_assert!(second.size() <= second_bound, "{text}: second derivative has {} nodes, bound {second_bound}", second.size());
            }
        }
    }
}


/// ∂f/∂x of `text` (one or two variables) as printed.
fn partial_text(text: &str) -> String {
    let parsed = parse(text).expect("parses");
    let d = derivatives(&parsed).expect("differentiates");
    super::print::to_text(&d.gradient[0], &parsed.vars)
}

#[test]
fn rational_exponents_stay_exact_through_differentiation() {
    // Issue 13: `x^(2/3)` printed `0.666667*x^(0.666667 - 1)`.
    assert_eq!(partial_text("x^(2/3)"), "2/(3*x^(1/3))");
    assert_eq!(partial_text("x^(1/3)"), "1/(3*x^(2/3))");
    assert_eq!(partial_text("x^(5/3)"), "5/3*x^(2/3)");
    assert_eq!(partial_text("x^2.5"), "2.5*x^(3/2)");
    assert_eq!(partial_text("x^(7/5)"), "1.4*x^(2/5)");
    // Decimals the learner typed stay decimals; the regression loss keeps its data.
    assert_eq!(partial_text("1.6x^2"), "3.2*x");
    assert_eq!(partial_text("0.1x + 0.2x"), "0.3");
    // The MathML has a real fraction.
    let parsed = parse("x^(2/3)").expect("parses");
    let d = derivatives(&parsed).expect("differentiates");
    let mathml = super::print::to_mathml(&d.gradient[0], &parsed.vars);
    assert!(mathml.contains("<mfrac><mn>1</mn><mn>3</mn></mfrac>") && mathml.contains("<mfrac><mrow><mn>2</mn></mrow>"), "{mathml}");
}

/// Expressions with rational exponents and negative bases, for the print-and-read-back test.
fn arb_rational_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![Just("x".to_string()), Just("y".to_string()), (1..9i32).prop_map(|n| n.to_string()), Just("0.5".to_string())];
    leaf.prop_recursive(3, 16, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*({b})")),
            (inner.clone(), 1..7i32, prop_oneof![Just(3), Just(5), Just(7)]).prop_map(|(a, p, q)| format!("({a})^({p}/{q})")),
            (inner.clone(), 1..7i32, prop_oneof![Just(3), Just(5)]).prop_map(|(a, p, q)| format!("({a})^(-{p}/{q})")),
            inner.clone().prop_map(|a| format!("sin({a})")),
            inner.prop_map(|a| format!("exp(({a})/4)")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// What the page prints as ∂f/∂xᵢ, read back, is the tape's ∂f/∂xᵢ (issue 13).
    #[test]
    fn printed_partials_read_back_to_the_tapes_values(text in arb_rational_expr(), x in -3.0..3.0f64, y in -3.0..3.0f64) {
        let parsed = parse(&text).expect("generated text parses");
        let d = derivatives(&parsed).expect("differentiates");
        let n = parsed.vars.len();
        let point = &[x, y][..n];
        let mut outputs = vec![&parsed.expr];
        outputs.extend(d.gradient.iter());
        let tape = Tape::compile(&outputs, n);
        let mut out = vec![0.0; outputs.len()];
        tape.eval_point(point, &mut out);
        for i in 0..n {
            let printed = super::print::to_text(&d.gradient[i], &parsed.vars);
            // Read back over the same variables in the same order.
            let names = parsed.vars.join(", ");
            let back = parse(&format!("g({names}) = {printed}")).or_else(|_| parse(&printed));
            let Ok(back) = back else { return Err(TestCaseError::fail(format!("{text}: ∂{i} printed as {printed} does not read back"))) };
            let index: Vec<usize> = back.vars.iter().map(|v| parsed.vars.iter().position(|w| w == v).unwrap_or(0)).collect();
            let args: Vec<f64> = index.iter().map(|&k| point[k]).collect();
            let got = back.expr.eval(&args);
            let want = out[i + 1];
            // 1e-12 relative, or absolute below 1 (terms that cancel to 0 in one form leave
            // 1e-17 in the other).
            let agree = (got.is_nan() && want.is_nan()) || got == want || (got - want).abs() <= 1e-12 * want.abs().max(1.0);
            prop_assert!(agree, "{text} at {point:?}: ∂{i} printed {printed} gives {got}, the tape {want}");
        }
    }
}

/// (typed, the "read as" echo, the variables, a point, the value there).
type Row = (&'static str, &'static str, &'static [&'static str], &'static [f64], f64);

const NOTATION: &[Row] = &[
    // Functions applied without parentheses: the argument is one factor typed together.
    ("sin x", "sin(x)", &["x"], &[0.5], 0.479_425_538_604_203),
    ("ln x", "ln(x)", &["x"], &[2.0], std::f64::consts::LN_2),
    ("cos y", "cos(y)", &["y"], &[0.0], 1.0),
    ("sinx", "sin(x)", &["x"], &[0.5], 0.479_425_538_604_203),
    ("sin 2x", "sin(2*x)", &["x"], &[0.25], 0.479_425_538_604_203),
    ("sin xy", "sin(x*y)", &["x", "y"], &[0.25, 2.0], 0.479_425_538_604_203),
    ("sin x y", "sin(x)*y", &["x", "y"], &[0.5, 2.0], 0.958_851_077_208_406),
    ("sin x^2", "sin(x^2)", &["x"], &[2.0], -0.756_802_495_307_928_2),
    ("sin x cos y", "sin(x)*cos(y)", &["x", "y"], &[0.5, 0.0], 0.479_425_538_604_203),
    ("sin x + 1", "sin(x) + 1", &["x"], &[0.0], 1.0),
    ("x sin x", "x*sin(x)", &["x"], &[0.5], 0.239_712_769_302_101_5),
    ("sin cos x", "sin(cos(x))", &["x"], &[0.0], 0.841_470_984_807_896_5),
    ("sqrt x + 1", "sqrt(x) + 1", &["x"], &[4.0], 3.0),
    // Powers and inverses of functions.
    ("sin^2(x)", "sin(x)^2", &["x"], &[0.5], 0.229_848_847_065_930_14),
    ("sin^2 x", "sin(x)^2", &["x"], &[0.5], 0.229_848_847_065_930_14),
    ("sin²x + cos²x", "sin(x)^2 + cos(x)^2", &["x"], &[0.7], 1.0),
    ("sin^-1 x", "asin(x)", &["x"], &[1.0], std::f64::consts::FRAC_PI_2),
    ("\\sin^{-1}(x)", "asin(x)", &["x"], &[1.0], std::f64::consts::FRAC_PI_2),
    ("tan^-1(x)", "atan(x)", &["x"], &[1.0], std::f64::consts::FRAC_PI_4),
    // Absolute value bars.
    ("|x|", "abs(x)", &["x"], &[-3.0], 3.0),
    ("|x - y|", "abs(x - y)", &["x", "y"], &[1.0, 4.0], 3.0),
    ("||x| - 2|", "abs(abs(x) - 2)", &["x"], &[-1.0], 1.0),
    ("2|x|y", "2*abs(x)*y", &["x", "y"], &[-1.0, 3.0], 6.0),
    // Greek letters, typed, spelled out (as in Desmos) or in LaTeX.
    ("θ^2", "θ^2", &["θ"], &[3.0], 9.0),
    ("η", "η", &["η"], &[2.0], 2.0),
    ("λ + α + β + σ", "λ + α + β + σ", &["λ", "α", "β", "σ"], &[1.0, 2.0, 3.0, 4.0], 10.0),
    ("theta^2 + eta", "θ^2 + η", &["θ", "η"], &[3.0, 1.0], 10.0),
    ("2alpha x", "2*α*x", &["x", "α"], &[3.0, 2.0], 12.0),
    ("\\theta^2 + \\lambda", "θ^2 + λ", &["θ", "λ"], &[3.0, 1.0], 10.0),
    ("θ(x + 1)", "θ*(x + 1)", &["x", "θ"], &[1.0, 3.0], 6.0),
    // Subscripts.
    ("x_1^2 + x_2^2", "x_1^2 + x_2^2", &["x_1", "x_2"], &[1.0, 2.0], 5.0),
    ("x_{1} + x_{12}", "x_1 + x_12", &["x_1", "x_12"], &[1.0, 2.0], 3.0),
    ("x1 x2", "x_1*x_2", &["x_1", "x_2"], &[3.0, 2.0], 6.0),
    ("x₁ + x₂", "x_1 + x_2", &["x_1", "x_2"], &[3.0, 2.0], 5.0),
    ("θ_1 - η x_i", "θ_1 - η*x_i", &["θ_1", "η", "x_i"], &[3.0, 2.0, 1.0], 1.0),
    ("x_{ij} + 1", "x_{ij} + 1", &["x_{ij}"], &[2.0], 3.0),
    ("2x", "2*x", &["x"], &[3.0], 6.0),
    ("2x1", "2*x_1", &["x_1"], &[3.0], 6.0),
    // A named left side orders the variables.
    ("f(x, y) = x^2 + y^2", "f(x, y) = x^2 + y^2", &["x", "y"], &[1.0, 2.0], 5.0),
    ("f(y, x) = x - y", "f(y, x) = x - y", &["y", "x"], &[1.0, 5.0], 4.0),
    ("L(w, b) = (w - 1)^2 + b^2", "L(w, b) = (w - 1)^2 + b^2", &["w", "b"], &[3.0, 1.0], 5.0),
    ("f(x, y) = x^2", "f(x, y) = x^2", &["x", "y"], &[3.0, 1.0], 9.0),
    ("f(x₁, x₂) = x₁x₂", "f(x_1, x_2) = x_1*x_2", &["x_1", "x_2"], &[3.0, 2.0], 6.0),
    ("y = x^2", "y = x^2", &["x"], &[3.0], 9.0),
    ("z = x^2 + y^2", "z = x^2 + y^2", &["x", "y"], &[1.0, 2.0], 5.0),
    ("loss(w, b) = w^2 + b", "loss(w, b) = w^2 + b", &["w", "b"], &[2.0, 1.0], 5.0),
    // Without a left side: x, y, z first, then as they appear.
    ("w^2 + b^2", "w^2 + b^2", &["w", "b"], &[1.0, 2.0], 5.0),
    ("((1 - (2w + b))^2 + (3 - (w + b))^2)/2", "((1 - (2*w + b))^2 + (3 - (w + b))^2)/2", &["w", "b"], &[1.0, 1.0], 2.5),
    // LaTeX pasted from the course.
    ("e^{x^2}", "e^(x^2)", &["x"], &[1.0], std::f64::consts::E),
    ("\\frac{1}{x}", "1/x", &["x"], &[4.0], 0.25),
    ("\\frac12 x", "(1/2)*x", &["x"], &[4.0], 2.0),
    ("\\sqrt{x^2+y^2}", "sqrt(x^2+y^2)", &["x", "y"], &[3.0, 4.0], 5.0),
    ("\\sqrt[3]{x}", "x^(1/3)", &["x"], &[-8.0], -2.0),
    ("x^2yz + \\sin(xz) + e^y", "x^2*y*z + sin(x*z) + e^y", &["x", "y", "z"], &[1.0, 0.0, 0.0], 1.0),
    ("2x \\cdot y", "2*x * y", &["x", "y"], &[1.0, 3.0], 6.0),
    ("x \\times y", "x * y", &["x", "y"], &[2.0, 3.0], 6.0),
    ("\\left( x + 1 \\right)^2", "(x + 1)^2", &["x"], &[1.0], 4.0),
    ("\\left| x \\right|", "abs(x)", &["x"], &[-2.0], 2.0),
    ("\\theta", "θ", &["θ"], &[2.0], 2.0),
    ("x_{i}", "x_i", &["x_i"], &[2.0], 2.0),
    ("2xy + 3y^2", "2*x*y + 3*y^2", &["x", "y"], &[1.0, 2.0], 16.0),
    ("$x^2 + y^2$", "x^2 + y^2", &["x", "y"], &[1.0, 2.0], 5.0),
    ("$$f(x, y) = x^2y$$", "f(x, y) = x^2*y", &["x", "y"], &[2.0, 3.0], 12.0),
    ("\\ln(x) + \\exp(x)", "ln(x) + exp(x)", &["x"], &[1.0], std::f64::consts::E),
    ("\\cos\\theta", "cos(θ)", &["θ"], &[0.0], 1.0),
    ("\\sin{x} + \\sqrt x", "sin(x) + sqrt(x)", &["x"], &[0.0], 0.0),
    ("\\frac{d}{2}", "d/2", &["d"], &[3.0], 1.5),
    ("e^sin x", "e^sin(x)", &["x"], &[0.0], 1.0),
    ("ln|x|", "ln(abs(x))", &["x"], &[-1.0], 0.0),
    ("sin^2 x^2", "sin(x^2)^2", &["x"], &[0.0], 0.0),
    ("\\frac{x}{\\sqrt{2}}", "x/sqrt(2)", &["x"], &[2.0], std::f64::consts::SQRT_2),
    ("\\operatorname{relu}(x)", "relu(x)", &["x"], &[-2.0], 0.0),
    ("x\\,y", "x*y", &["x", "y"], &[2.0, 3.0], 6.0),
    // Built-in functions of deep learning.
    ("relu(x)", "relu(x)", &["x"], &[-2.0], 0.0),
    ("relu(x - 1)", "relu(x - 1)", &["x"], &[3.0], 2.0),
    ("sigmoid(0)", "sigmoid(0)", &[], &[], 0.5),
    ("σ(x)", "sigmoid(x)", &["x"], &[0.0], 0.5),
    ("\\sigma(x)", "sigmoid(x)", &["x"], &[0.0], 0.5),
    ("sigma(x)", "sigmoid(x)", &["x"], &[0.0], 0.5),
    ("σ x", "σ*x", &["x", "σ"], &[2.0, 3.0], 6.0),
    ("softplus(0)", "softplus(0)", &[], &[], std::f64::consts::LN_2),
    ("tanh(0)", "tanh(0)", &[], &[], 0.0),
    ("gelu(1)", "gelu(1)", &[], &[], 0.841_191_990_607_477_2),
    ("silu(1)", "silu(1)", &[], &[], 0.731_058_578_630_004_9),
    ("swish(1)", "silu(1)", &[], &[], 0.731_058_578_630_004_9),
    ("leaky_relu(x, 0.1)", "leaky_relu(x, 0.1)", &["x"], &[-2.0], -0.2),
    ("logsumexp(x, y)", "logsumexp(x, y)", &["x", "y"], &[0.0, 0.0], std::f64::consts::LN_2),
    // Products the course writes before a parenthesis stay products.
    ("2xy(x+1)", "2*x*y*(x+1)", &["x", "y"], &[1.0, 3.0], 12.0),
    ("x(x+1)", "x*(x+1)", &["x"], &[2.0], 6.0),
    ("ab(a + b)", "a*b*(a + b)", &["a", "b"], &[1.0, 2.0], 6.0),
    ("xsin(x)", "x*sin(x)", &["x"], &[0.0], 0.0),
    // The conventions a hint explains.
    ("1/2x", "1/2*x", &["x"], &[4.0], 2.0),
    ("x/yz", "x/y*z", &["x", "y", "z"], &[4.0, 2.0, 3.0], 6.0),
];

#[test]
fn issue_14_rows_read_as_a_textbook_would() {
    let mut failures = Vec::new();
    for (text, echo, vars, point, value) in NOTATION {
        match parse(text) {
            Err(e) => failures.push(format!("{text:?}: {e}")),
            Ok(p) => {
                let got = p.expr.eval(point);
                let close = (got - value).abs() <= 1e-12 * value.abs().max(1.0);
                if p.normalized != *echo || p.vars != *vars || !close {
                    failures.push(format!("{text:?}: read as {:?} over {:?} = {got}; wanted {echo:?} over {vars:?} = {value}", p.normalized, p.vars));
                } else if let Err(e) = derivatives(&p) {
                    failures.push(format!("{text:?}: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} rows:\n{}", failures.len(), NOTATION.len(), failures.join("\n"));
}

#[test]
fn hints_explain_the_conventions_a_textbook_might_not_share() {
    let hint = |text: &str| parse(text).map(|p| p.hint).unwrap_or_else(|e| Some(e.to_string()));
    assert_eq!(hint("1/2x").as_deref(), Some("read as (1/2)·x: did you mean 1/(2x)?"));
    assert_eq!(hint("x/yz").as_deref(), Some("read as (x/y)·z: did you mean x/(yz)?"));
    assert_eq!(hint("1/x^2y").as_deref(), Some("read as (1/x^2)·y: did you mean 1/(x^2y)?"));
    assert!(hint("sin x y").is_some_and(|h| h.contains("is read as sin(x)·y")), "{:?}", hint("sin x y"));
    for quiet in ["x^2 + y^2", "1/(2x)", "sin(x) y", "sin x cos y", "x/2", "2x/y", "\\frac{1}{2}x"] {
        assert_eq!(hint(quiet), None, "{quiet}");
    }
}

#[test]
fn activation_functions_are_stable_and_their_slopes_are_the_usual_ones() {
    let f = |text: &str, x: f64| parse(text).expect("parses").expr.eval(&[x]);
    let d = |text: &str, x: f64| {
        let p = parse(text).expect("parses");
        derivatives(&p).expect("differentiates").gradient[0].eval(&[x])
    };
    // No overflow into NaN at large |x|.
    assert_eq!(f("sigmoid(x)", 1000.0), 1.0);
    assert_eq!(f("sigmoid(x)", -1000.0), 0.0);
    assert_eq!(d("sigmoid(x)", 1000.0), 0.0);
    assert_eq!(d("sigmoid(x)", -1000.0), 0.0);
    assert_eq!(f("softplus(x)", 1000.0), 1000.0);
    assert_eq!(f("softplus(x)", -1000.0), 0.0);
    assert_eq!(d("softplus(x)", 1000.0), 1.0);
    assert_eq!(f("logsumexp(x, 1000)", 1000.0), 1000.0 + std::f64::consts::LN_2);
    assert_eq!(d("logsumexp(x, 0)", 1000.0), 1.0);
    assert_eq!(f("gelu(x)", -1000.0), 0.0);
    assert_eq!(d("gelu(x)", 1000.0), 1.0);
    assert_eq!(f("silu(x)", -1000.0), 0.0);
    // σ′ = σ(1 − σ); softplus′ = σ; silu′ = σ(1 + x(1 − σ)).
    for x in [-3.0, -0.5, 0.0, 0.7, 4.0] {
        let s = 1.0 / (1.0 + f64::exp(-x));
        assert!((d("sigmoid(x)", x) - s * (1.0 - s)).abs() < 1e-15, "{x}");
        assert!((d("softplus(x)", x) - s).abs() < 1e-15, "{x}");
        assert!((d("silu(x)", x) - s * (1.0 + x * (1.0 - s))).abs() < 1e-15, "{x}");
    }
    // relu and leaky_relu have the slopes of max(0, x) and max(x, a·x): ½ and (1 + a)/2 at the kink.
    for x in [-1.0, 0.0, 2.0] {
        assert_eq!(d("relu(x)", x), d("max(0, x)", x), "{x}");
        assert_eq!(f("relu(x)", x), f("max(0, x)", x), "{x}");
        assert_eq!(d("leaky_relu(x, 0.1)", x), d("max(x, 0.1x)", x), "{x}");
    }
    assert_eq!(d("relu(x)", 0.0), 0.5);
    // ∂/∂a leaky_relu(x, a) is x below 0.
    let p = parse("leaky_relu(x, a)").expect("parses");
    let g = derivatives(&p).expect("differentiates").gradient;
    assert_eq!(g[1].eval(&[-2.0, 0.1]), -2.0);
    assert_eq!(g[1].eval(&[2.0, 0.1]), 0.0);
    // The gelu is the tanh form: within 1e-3 of x·Φ(x) (Φ(1) = 0.841344746…).
    assert!((f("gelu(x)", 1.0) - 0.841_344_746).abs() < 1e-3);
}

#[test]
fn activation_functions_print_and_read_back() {
    let p = parse("σ(x) + relu(x - 1) + leaky_relu(x, 0.2)").expect("parses");
    let text = print::to_text(&p.expr, &p.vars);
    assert_eq!(text, "sigmoid(x) + relu(x - 1) + leaky_relu(x, 0.2)");
    let mathml = print::to_mathml(&p.expr, &p.vars);
    assert!(mathml.contains("<mi>σ</mi>") && mathml.contains("<mi>leaky_relu</mi>"), "{mathml}");
    let back = parse(&text).expect("reads back");
    assert_eq!(back.expr.eval(&[-0.3]), p.expr.eval(&[-0.3]));
    let sub = parse("x_1^2 + θ_{ij}").expect("parses");
    let mathml = print::to_mathml(&sub.expr, &sub.vars);
    assert!(mathml.contains("<msub><mi>x</mi><mn>1</mn></msub>") && mathml.contains("<msub><mi>θ</mi><mi>ij</mi></msub>"), "{mathml}");
    let d = derivatives(&sub).expect("differentiates");
    assert_eq!(print::to_text(&d.gradient[0], &sub.vars), "2*x_1");
}

/// The function formulas of the course text (topic 01), as its LaTeX writes them, with what
/// they mean at a point: (LaTeX, variables, point, value).
const COURSE_FORMULAS: &[(&str, &[&str], &[f64], f64)] = &[
    ("$f(x) = x^2$", &["x"], &[3.0], 9.0),
    ("$x^n$", &["x", "n"], &[2.0, 3.0], 8.0),
    ("$nx^{n-1}$", &["x", "n"], &[2.0, 3.0], 12.0),
    ("$e^x$", &["x"], &[1.0], std::f64::consts::E),
    ("$\\ln(x)$", &["x"], &[std::f64::consts::E], 1.0),
    ("$\\frac{1}{x}$", &["x"], &[4.0], 0.25),
    ("$\\sin(x)$", &["x"], &[std::f64::consts::FRAC_PI_2], 1.0),
    ("$\\cos(x)$", &["x"], &[0.0], 1.0),
    ("$-\\sin(x)$", &["x"], &[std::f64::consts::FRAC_PI_2], -1.0),
    ("$2x$", &["x"], &[3.0], 6.0),
    ("$f(x, y) = x^2y + 3xy^2 + y^3$", &["x", "y"], &[1.0, 2.0], 2.0 + 12.0 + 8.0),
    ("2xy + 3y^2", &["x", "y"], &[1.0, 2.0], 16.0),
    ("x^2 + 6xy + 3y^2", &["x", "y"], &[1.0, 2.0], 1.0 + 12.0 + 12.0),
    ("$f(x, y, z) = x^2yz + \\sin(xz) + e^y$", &["x", "y", "z"], &[1.0, 2.0, 3.0], 6.0 + 0.141_120_008_059_867_2 + 7.389_056_098_930_65),
    ("2xyz + z\\cos(xz)", &["x", "y", "z"], &[1.0, 2.0, 0.0], 0.0),
    ("x^2z + e^y", &["x", "y", "z"], &[2.0, 0.0, 3.0], 13.0),
    ("x^2y + x\\cos(xz)", &["x", "y", "z"], &[2.0, 3.0, 0.0], 14.0),
    ("$f(x, y) = x^2 + y^2$", &["x", "y"], &[1.0, 2.0], 5.0),
    ("$\\frac{6}{\\sqrt{2}}$", &[], &[], 4.242_640_687_119_285),
    ("$3\\sqrt{2}$", &[], &[], 4.242_640_687_119_286),
    ("$f(x) = e^{x^2}$", &["x"], &[1.0], std::f64::consts::E),
    ("$f'(x)$", &[], &[], f64::NAN),
    ("$e^{x^2} \\cdot 2x$", &["x"], &[1.0], 2.0 * std::f64::consts::E),
    ("$f(x, y) = x^2y$", &["x", "y"], &[3.0, 2.0], 18.0),
    ("$f(x, y) = x^2y + \\sin(xy)$", &["x", "y"], &[1.0, 2.0], 2.0 + 0.909_297_426_825_681_7),
    ("2xy + y\\cos(xy)", &["x", "y"], &[1.0, 0.0], 0.0),
    ("x^2 + x\\cos(xy)", &["x", "y"], &[2.0, 0.0], 6.0),
    ("$\\hat{y} = wx + b$", &["x", "w", "b"], &[2.0, 3.0, 1.0], 7.0),
    ("$\\theta - \\eta \\cdot g$", &["θ", "η", "g"], &[1.0, 0.5, 4.0], -1.0),
    ("$(y_i - (wx_i + b))^2$", &["y_i", "w", "x_i", "b"], &[3.0, 2.0, 1.0, 0.5], 0.25),
];

#[test]
fn the_course_formulas_read_as_the_course_means_them() {
    let mut failures = Vec::new();
    for (latex, vars, point, value) in COURSE_FORMULAS {
        match parse(latex) {
            // The derivative f′(x) and ŷ are notation for other things, refused with a message.
            Err(e) if value.is_nan() || latex.contains("hat") => {
                assert!(!e.message.is_empty());
            }
            Err(e) => failures.push(format!("{latex}: {e}")),
            Ok(p) => {
                let got = p.expr.eval(point);
                if p.vars != *vars || (got - value).abs() > 1e-12 * value.abs().max(1.0) {
                    failures.push(format!("{latex}: read as {} over {:?} = {got}, wanted {vars:?} = {value}", p.normalized, p.vars));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Pieces of the notation (LaTeX, bars, subscripts, left sides) for the fuzz test below.
const PIECES: &[&str] = &[
    "\\frac", "\\sqrt", "{", "}", "[", "]", "|", "_", "^", "x", "y", "1", "2", "(", ")", "\\left(", "\\right)",
    "\\left|", "\\right|", "sin", "sin^2", "^-1", " ", "=", ",", "$", "θ", "\\theta", "-", "+", "/", "relu", "σ", "f(",
    "x_", "x1", "\\cdot", "ab", "leaky_relu", "\\", "²", "e", "pi",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_notation_input_panics(pieces in proptest::collection::vec(0..PIECES.len(), 0..16)) {
        let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
        match parse(&text) {
            Ok(p) => {
                let d = derivatives(&p).expect("parsed expressions differentiate");
                let mut outputs = vec![&p.expr];
                outputs.extend(d.gradient.iter());
                let tape = Tape::compile(&outputs, p.vars.len());
                let mut out = vec![0.0; outputs.len()];
                let point = vec![0.3; p.vars.len()];
                tape.eval_point(&point, &mut out);
                // The echo reads back to the same function.
                let back = parse(&p.normalized);
                prop_assert!(back.is_ok(), "{text:?} read as {:?}, which does not read back: {:?}", p.normalized, back.err());
                if let Ok(back) = back {
                    prop_assert_eq!(&back.vars, &p.vars);
                    let (a, b) = (back.expr.eval(&point), p.expr.eval(&point));
                    prop_assert!(a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-12 * b.abs().max(1.0), "{text:?}: {a} vs {b}");
                }
            }
            Err(e) => {
                prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len());
                prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            }
        }
    }
}

#[test]
fn long_notation_inputs_are_read_or_refused_at_once() {
    let cases = [
        "sin ".repeat(499) + "x",
        "sin^2 ".repeat(333) + "x",
        "|".repeat(2000),
        "|x".repeat(1000),
        "\\frac{".repeat(333),
        "\\frac{1}{".repeat(222) + "x" + &"}".repeat(222),
        "\\sqrt[3]{".repeat(222) + "x",
        "x/yz+".repeat(399) + "x",
        "ab(".repeat(666),
        "θ_1".repeat(500),
        "x_{12}".repeat(333),
        "\\left(".repeat(333),
        "f(x) = ".repeat(285),
        "sin x ".repeat(333),
    ];
    for text in &cases {
        let start = std::time::Instant::now();
        let outcome = parse(text).and_then(|p| derivatives(&p).map(|_| ()));
        let took = start.elapsed();
        // A guard against the blow-ups of issue 11 (seconds to minutes), loose enough for a
        // debug build on a loaded machine; speed itself is measured by `make bench`.
        assert!(took.as_millis() < 10_000, "{}…: {took:?} {:?}", &text[..12], outcome.err());
        if let Err(e) = outcome {
            assert!(e.span.end <= text.len() && text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }
}
