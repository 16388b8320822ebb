//! The computational graph: node counts on literal examples, hand-computed passes, and the
//! property that every variable's adjoint is the exact gradient entry.

use proptest::prelude::*;

use super::*;
use crate::eval::model::Model;
use crate::eval::tape::Tape;
use crate::expr::parse;

fn dag_of(text: &str) -> (Dag, Model) {
    let model = Model::new(text).expect("reads");
    let dag = Dag::build(&model.parsed.expr, &model.parsed.vars).expect("small");
    (dag, model)
}

fn labels(dag: &Dag) -> Vec<&str> {
    dag.nodes.iter().map(|n| n.label.as_str()).collect()
}

#[test]
fn one_node_per_distinct_subexpression() {
    // The example: one x·y node feeding sin and cos.
    let (dag, _) = dag_of("sin(xy) + cos(xy)");
    assert_eq!(labels(&dag), ["x", "y", "×", "sin", "cos", "+"]);
    assert_eq!(dag.readers(2), [(3, 0), (4, 0)]);
    assert_eq!(dag.output, 5);
    assert_eq!(dag.nodes[2].text, "x*y");
    assert_eq!(dag.nodes[5].inputs, [3, 4]);
    for (text, count) in [
        ("x", 1),
        ("x^2 + y^2", 5),
        ("x^2y + sin(xy)", 7),
        // (x + y) is one node read twice by the product.
        ("(x + y)(x + y)", 4),
        // 2π is folded to one constant.
        ("2pi x", 3),
        ("x + x + x", 3),
        ("exp(x) * exp(x) + exp(x)", 4),
        ("(0.8 - sigmoid(2w + b))^2", 9),
    ] {
        let (dag, _) = dag_of(text);
        assert_eq!(dag.len(), count, "{text}: {:?}", labels(&dag));
    }
    let (square, _) = dag_of("(x + y)(x + y)");
    assert_eq!(square.nodes[3].inputs, [2, 2]);
}

#[test]
fn the_neuron_by_hand() {
    // L = (0.8 − σ(2w + b))² at w = 0.5, b = −1: z = 0, σ = ½, r = 0.3, L = 0.09.
    let (dag, model) = dag_of("(0.8 - sigmoid(2w + b))^2");
    assert_eq!(model.parsed.vars, ["w", "b"]);
    let sweep = dag.sweep(&[0.5, -1.0]);
    let node = |label: &str| dag.nodes.iter().position(|n| n.label == label).expect("node");
    let (sigma, z, w, b) = (node("sigmoid"), node("+"), node("w"), node("b"));
    assert_eq!(sweep.values[z], 0.0);
    assert_eq!(sweep.values[sigma], 0.5);
    assert!((sweep.values[dag.output] - 0.09).abs() < 1e-15);
    // ∂L/∂σ = −2r = −0.6; σ′(0) = ¼ so ∂L/∂z = −0.15; ∂L/∂w = 2·(−0.15), ∂L/∂b = −0.15.
    assert!((sweep.adjoints[sigma] + 0.6).abs() < 1e-15);
    assert!((sweep.adjoints[z] + 0.15).abs() < 1e-15);
    assert!((sweep.adjoints[w] + 0.3).abs() < 1e-15);
    assert!((sweep.adjoints[b] + 0.15).abs() < 1e-15);
    assert_eq!(sweep.adjoints[dag.output], 1.0);
    // The edge σ → z carries σ′(z) = σ(1 − σ) = ¼.
    assert_eq!(sweep.locals[sigma], [0.25]);
}

#[test]
fn a_fan_out_sums_its_readers_contributions() {
    // f = sin(xy) + cos(xy) at (1, 2): ∂f/∂(xy) = cos 2 − sin 2, read by both branches.
    let (dag, model) = dag_of("sin(xy) + cos(xy)");
    let sweep = dag.sweep(&[1.0, 2.0]);
    let shared = (2.0f64).cos() - (2.0f64).sin();
    assert!((sweep.adjoints[2] - shared).abs() < 1e-15);
    let (_, gradient) = model.value_grad_at(&[1.0, 2.0]);
    assert!((sweep.adjoints[0] - gradient[0]).abs() < 1e-14);
    assert!((sweep.adjoints[1] - gradient[1]).abs() < 1e-14);
    assert!((sweep.adjoints[0] - 2.0 * shared).abs() < 1e-14);
    // x·x: the product reads x twice, and both slots add: d(x·x)/dx = 2x.
    let (dag, _) = dag_of("(x + y)(x + y)");
    let sweep = dag.sweep(&[1.0, 2.0]);
    assert_eq!(sweep.adjoints[0], 6.0);
}

#[test]
fn forward_values_are_the_tapes_and_each_text_reads_back_to_its_value() {
    for text in ["x^2y + sin(xy)", "(1 - x)^2 + 100(y - x^2)^2", "x^(1/3) + sqrt(y)/x", "logsumexp(x, y) - 2^x", "(0.8 - sigmoid(2x + y))^2"] {
        let (dag, model) = dag_of(text);
        let p = [0.7, 1.3];
        let sweep = dag.sweep(&p);
        // The output is the tape's f, bit for bit.
        assert_eq!(sweep.values[dag.output].to_bits(), model.value.eval1(&p).to_bits(), "{text}");
        for (node, &value) in dag.nodes.iter().zip(&sweep.values) {
            let again = parse(&format!("f(x, y) = {}", node.text)).expect("a node's text reads");
            let want = Tape::compile(&[&again.expr], 2).eval1(&p);
            assert!((value - want).abs() <= 1e-12 * want.abs().max(1.0), "{text}: {} = {value}, read back {want}", node.text);
        }
    }
}

#[test]
fn graphs_over_the_limit_are_refused_with_their_size() {
    let big: Vec<String> = (1..=120).map(|k| format!("sin({k}x)")).collect();
    let expr = parse(&big.join(" + ")).expect("reads").expr;
    match Dag::build(&expr, &["x".to_string()]) {
        Err(n) => assert!(n > MAX_NODES, "{n}"),
        Ok(dag) => panic!("{} nodes accepted", dag.len()),
    }
}

#[test]
fn undefined_values_stay_undefined() {
    let (dag, _) = dag_of("ln(x) + y");
    let sweep = dag.sweep(&[-1.0, 2.0]);
    // ln(−1) is undefined, and so is f; the sum's other input is still 2.
    assert!(sweep.values[1].is_nan() && sweep.values[dag.output].is_nan());
    assert_eq!(sweep.values[2], 2.0);
}

/// A generated expression over x and y (the smooth grammar of `expr/tests.rs`, with a real
/// power and atan2 so that every kind of node appears).
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
            inner.clone().prop_map(|a| format!("(1 + ({a})^2)^0.3")),
            inner.clone().prop_map(|a| format!("-({a})")),
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
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("atan2({a}, 3 + ({b})^2)")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("logsumexp({a}, {b})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_variables_adjoint_is_its_gradient_entry(text in arb_expr(), x in -2.0..2.0f64, y in -2.0..2.0f64) {
        let model = Model::new(&format!("f(x, y) = {text}")).expect("generated text reads");
        let Ok(dag) = Dag::build(&model.parsed.expr, &model.parsed.vars) else { return Ok(()) };
        let p = [x, y];
        let sweep = dag.sweep(&p);
        let (value, gradient) = model.value_grad_at(&p);
        prop_assert_eq!(sweep.values[dag.output].to_bits(), value.to_bits());
        for (i, g) in gradient.iter().enumerate() {
            // A variable f does not read has no node and adjoint 0.
            let adjoint = dag.nodes.iter().position(|n| n.kind == Kind::Input(i)).map_or(0.0, |k| sweep.adjoints[k]);
            let tolerance = 1e-9 * (1.0 + g.abs());
            prop_assert!((adjoint - g).abs() <= tolerance, "{}: ∂f/∂{} adjoint {} gradient {}", text, model.parsed.vars[i], adjoint, g);
        }
    }
}
