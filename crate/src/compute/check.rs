//! "Check my derivative": a learner's answer for ∂f/∂xᵢ (or for ∇f) against the exact one,
//! compared as functions at points across the view, and, where it can tell, the rule that was
//! missed (Mistake 2: `e^(x^2)` for the derivative of e^(x²) misses the chain-rule factor 2x).

use crate::compute::geometry::View;
use crate::eval::model::Model;
use crate::expr::diff::derivative;
use crate::expr::print::{format_number, to_text};
use crate::expr::tree::{Constant, Expr};
use crate::expr::{parse, ExprError};

/// Points compared across the view.
const SAMPLES: usize = 48;
/// Fewest points where both are defined for a verdict.
const ENOUGH: usize = 8;

/// The verdict on an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The answer equals the derivative as a function (at every point compared).
    pub right: bool,
    /// What to tell the learner.
    pub message: String,
    /// The first point where the two differ.
    pub at: Option<Vec<f64>>,
    /// The answer there.
    pub yours: Option<f64>,
    /// The derivative there.
    pub exact: Option<f64>,
    /// The answer as read (for drawing it), when it is one function.
    pub answer: Option<Expr>,
}

/// The answer's text without a left side the learner may have copied (`f'(x) = 2x`).
fn right_side(typed: &str) -> &str {
    typed.rsplit_once('=').map_or(typed, |(_, rhs)| rhs).trim()
}

/// Reads `typed` over the function's variables, in their order; errors point into `typed`.
fn read(typed: &str, names: &[String]) -> Result<Expr, ExprError> {
    let prefix = format!("d({}) = ", names.join(", "));
    let text = format!("{prefix}{typed}");
    parse(&text).map(|p| p.expr).map_err(|mut e| {
        let shift = |b: usize| b.saturating_sub(prefix.len()).min(typed.len());
        e.span = crate::expr::Span::new(shift(e.span.start), shift(e.span.end));
        e
    })
}

/// The points compared: across the view in x (and y), the point's other coordinates kept.
fn samples(point: &[f64], view: &View) -> Vec<Vec<f64>> {
    // A fixed irrational stride, so the points are spread and never sit on a grid of poles.
    let golden = 0.618_033_988_749_894_9;
    (0..SAMPLES)
        .map(|k| {
            let mut p = point.to_vec();
            let t = (k as f64 + 0.5) / SAMPLES as f64;
            p[0] = view.xmin + t * view.width();
            if p.len() > 1 {
                p[1] = view.ymin + ((k as f64 * golden) % 1.0) * view.height();
            }
            p
        })
        .collect()
}

/// Whether two values agree to rounding.
fn agree(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-8 * (1.0 + a.abs() + b.abs())
}

/// Checks `typed` as ∂f/∂x_`var` of `model` over `view` (other coordinates from `point`).
pub fn check_partial(model: &Model, var: usize, typed: &str, point: &[f64], view: &View) -> Result<Check, ExprError> {
    let names = &model.parsed.vars;
    let answer = read(right_side(typed), names)?;
    let name = names.get(var).map_or("x", String::as_str);
    let what = if names.len() == 1 { "f′".to_string() } else { format!("∂f/∂{name}") };
    let mut compared = Vec::new();
    for p in samples(point, view) {
        let (value, gradient) = model.value_grad_at(&p);
        let (want, got) = (gradient.get(var).copied().unwrap_or(f64::NAN), answer.eval(&p));
        if value.is_finite() && want.is_finite() && got.is_finite() {
            compared.push((p, want, got));
        }
    }
    if compared.len() < ENOUGH {
        return Ok(Check { right: false, message: "too few points in view where both are defined to compare: move or zoom the view".into(), at: None, yours: None, exact: None, answer: None });
    }
    let Some((p, want, got)) = compared.iter().find(|(_, w, g)| !agree(*w, *g)).cloned() else {
        return Ok(Check { right: true, message: format!("right: your {what} equals Nabla's at all {} points compared in the view", compared.len()), at: None, yours: None, exact: None, answer: Some(answer) });
    };
    let at = p.iter().map(|v| format_number(*v)).collect::<Vec<_>>().join(", ");
    let mut message = format!("not quite: at ({at}) yours is {}, {what} is {}", format_number(got), format_number(want));
    if let Some(factor) = missing_chain_factor(&model.parsed.expr, var, &compared, names) {
        message.push_str(&format!("; you are missing the chain-rule factor {factor}"));
    } else if compared.iter().all(|(_, w, g)| agree(*w, -*g)) {
        message.push_str("; your sign is the other way round");
    }
    Ok(Check { right: false, message, at: Some(p), yours: Some(got), exact: Some(want), answer: Some(answer) })
}

/// Checks `typed` as the gradient `[∂f/∂x, ∂f/∂y, …]`: one entry per variable (Mistake 4).
pub fn check_gradient(model: &Model, typed: &str, point: &[f64], view: &View) -> Result<Check, ExprError> {
    let names = &model.parsed.vars;
    let text = right_side(typed);
    let inner = text.strip_prefix(['[', '(']).and_then(|t| t.strip_suffix([']', ')'])).unwrap_or(text);
    let entries = split_top_level(inner);
    if entries.len() != names.len() {
        let slots = names.iter().map(|v| format!("∂f/∂{v}")).collect::<Vec<_>>().join(", ");
        let message = if entries.len() == 1 && names.len() > 1 {
            format!("a gradient has one entry per variable, not one sum: write [{slots}]")
        } else {
            format!("a gradient here has {} entries, [{slots}]; yours has {}", names.len(), entries.len())
        };
        return Ok(Check { right: false, message, at: None, yours: None, exact: None, answer: None });
    }
    for (var, entry) in entries.iter().enumerate() {
        let check = check_partial(model, var, entry, point, view)?;
        if !check.right {
            return Ok(Check { message: format!("entry {} (∂f/∂{}): {}", var + 1, names[var], check.message), ..check });
        }
    }
    Ok(Check { right: true, message: format!("right: ∇f = [{}]", entries.join(", ")), at: None, yours: None, exact: None, answer: None })
}

/// `text` split at commas outside parentheses and brackets.
fn split_top_level(text: &str) -> Vec<String> {
    let (mut depth, mut parts, mut current) = (0i32, Vec::new(), String::new());
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current.trim().to_string());
    parts
}

/// The derivative of an inner function the answer left out, when exact = answer · u′ at every
/// point compared, for some u inside f (the argument of a function, an exponent, a base).
fn missing_chain_factor(f: &Expr, var: usize, compared: &[(Vec<f64>, f64, f64)], names: &[String]) -> Option<String> {
    let mut inner = Vec::new();
    collect_inner(f, var, &mut inner);
    inner.into_iter().find_map(|u| {
        let du = derivative(&u, var);
        let matches = compared.iter().all(|(p, want, got)| agree(*want, got * du.eval(p)));
        let trivial = du.as_num() == Some(1.0);
        (matches && !trivial).then(|| to_text(&du, names))
    })
}

/// Inner functions of `e` that depend on `var` and are not `var` itself.
fn collect_inner(e: &Expr, var: usize, out: &mut Vec<Expr>) {
    let mut push = |u: &Expr| {
        if u.depends_on(var) && !matches!(u, Expr::Var(_)) && !out.contains(u) {
            out.push(u.clone());
        }
    };
    match e {
        Expr::Call(_, args) => {
            args.iter().for_each(&mut push);
            args.iter().for_each(|a| collect_inner(a, var, out));
        }
        Expr::Pow(b, x) => {
            if **b == Expr::Const(Constant::E) || !b.depends_on(var) {
                push(x);
            } else {
                push(b);
            }
            collect_inner(b, var, out);
            collect_inner(x, var, out);
        }
        Expr::Add(xs) | Expr::Mul(xs) => xs.iter().for_each(|x| collect_inner(x, var, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> Model {
        Model::new(text).expect("reads")
    }

    #[test]
    fn a_right_answer_is_right_in_any_form() {
        let view = View::default();
        let m = model("x^2y + 3xy^2 + y^3");
        assert!(check_partial(&m, 0, "2xy + 3y^2", &[1.0, 2.0], &view).expect("reads").right);
        assert!(check_partial(&m, 1, "∂f/∂y = x^2 + 6xy + 3y^2", &[1.0, 2.0], &view).expect("reads").right);
        assert!(check_gradient(&m, "[2xy + 3y^2, x^2 + 6xy + 3y^2]", &[1.0, 2.0], &view).expect("reads").right);
    }

    #[test]
    fn mistake_2_misses_the_chain_rule_factor() {
        let m = model("e^(x^2)");
        let c = check_partial(&m, 0, "e^(x^2)", &[1.0], &View::default()).expect("reads");
        assert!(!c.right);
        assert!(c.message.contains("chain-rule factor 2*x"), "{}", c.message);
        let c = check_partial(&model("sin(3x)"), 0, "cos(3x)", &[1.0], &View::default()).expect("reads");
        assert!(c.message.contains("chain-rule factor 3"), "{}", c.message);
    }

    #[test]
    fn mistake_4_a_gradient_has_one_entry_per_variable() {
        let m = model("x^2 + 2y^2");
        let c = check_gradient(&m, "2x + 4y", &[1.0, 2.0], &View::default()).expect("reads");
        assert!(!c.right && c.message.contains("one entry per variable"), "{}", c.message);
        let c = check_gradient(&m, "[2x, 2y]", &[1.0, 2.0], &View::default()).expect("reads");
        assert!(!c.right && c.message.contains("entry 2"), "{}", c.message);
    }

    #[test]
    fn a_bad_answer_is_an_error_at_its_own_place() {
        let e = check_partial(&model("x^2"), 0, "2*x +", &[1.0], &View::default()).expect_err("incomplete");
        assert!(e.span.end <= 5, "{:?}", e.span);
    }
}
