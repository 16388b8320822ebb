//! Parses canonical text with meval and lowers its reverse-Polish tokens to our own tree.
//!
//! meval does the precedence work (`-x^2` = −(x²), `2^3^2` = 2⁹); the lexer has already checked
//! the grammar with positioned errors, so a meval error here is a bug and is reported over the
//! whole input rather than trusted to point anywhere.

use meval::tokenizer::{Operation, Token};

use super::error::{ExprError, Span};
use super::tree::{Constant, Expr, Func};

/// Deepest tree we build; chains like `x^x^x^…` nest without parentheses, and every later pass
/// (derivatives, printing) recurses, so depth is bounded here once for all of them.
pub const MAX_TREE_DEPTH: usize = 400;

/// Parses `normalized` (the lexer's text for meval, variables named `v0`, `v1`, …) over
/// `n_vars` variables into a tree.
pub fn lower(normalized: &str, n_vars: usize, whole: Span) -> Result<Expr, ExprError> {
    let internal = |what: String| ExprError::new(format!("could not read the expression ({what})"), whole);
    let rpn = meval::tokenizer::tokenize(normalized).map_err(|e| internal(e.to_string()))?;
    let rpn = meval::shunting_yard::to_rpn(&rpn).map_err(|e| internal(e.to_string()))?;
    // Each stack entry carries its depth so no recursive walk is needed to bound it.
    let mut stack: Vec<(Expr, usize)> = Vec::with_capacity(rpn.len());
    let too_deep = || {
        ExprError::new(format!("too deeply nested: the expression is more than {MAX_TREE_DEPTH} levels deep"), whole)
    };
    for token in rpn {
        let (node, depth) = match token {
            Token::Number(v) => (Expr::Num(v), 1),
            Token::Var(name) => (variable(&name, n_vars).ok_or_else(|| internal(format!("unknown name {name}")))?, 1),
            Token::Unary(op) => {
                let (a, depth) = stack.pop().ok_or_else(|| internal("missing operand".into()))?;
                match op {
                    Operation::Minus => (negate(a), depth + 1),
                    Operation::Plus => (a, depth),
                    _ => return Err(internal("unknown unary operator".into())),
                }
            }
            Token::Binary(op) => {
                let (b, db) = stack.pop().ok_or_else(|| internal("missing operand".into()))?;
                let (a, da) = stack.pop().ok_or_else(|| internal("missing operand".into()))?;
                // A flattened chain only grows as deep as its deepest operand plus one.
                let extends = matches!((&a, op), (Expr::Add(_), Operation::Plus | Operation::Minus))
                    || matches!((&a, op), (Expr::Mul(_), Operation::Times | Operation::Div));
                let wrapped = usize::from(matches!(op, Operation::Minus | Operation::Div));
                let depth = if extends { da.max(db + wrapped + 1) } else { da.max(db + wrapped) + 1 };
                let node = match op {
                    Operation::Plus => join(a, b, true),
                    Operation::Minus => join(a, negate(b), true),
                    Operation::Times => join(a, b, false),
                    Operation::Div => join(a, Expr::Pow(Box::new(b), Box::new(Expr::Num(-1.0))), false),
                    Operation::Pow => Expr::Pow(Box::new(a), Box::new(b)),
                    _ => return Err(internal("unsupported operator".into())),
                };
                (node, depth)
            }
            Token::Func(name, n_args) => {
                let func = Func::from_name(&name).ok_or_else(|| internal(format!("unknown function {name}")))?;
                let n = n_args.unwrap_or(1);
                if n != func.arity() || stack.len() < n {
                    return Err(internal(format!("{name} with {n} arguments")));
                }
                let popped = stack.split_off(stack.len() - n);
                let depth = popped.iter().map(|(_, d)| *d).max().unwrap_or(0) + 1;
                (Expr::Call(func, popped.into_iter().map(|(e, _)| e).collect()), depth)
            }
            other => return Err(internal(format!("unexpected {other:?}"))),
        };
        if depth > MAX_TREE_DEPTH {
            return Err(too_deep());
        }
        stack.push((node, depth));
    }
    match (stack.pop(), stack.is_empty()) {
        (Some((e, _)), true) => Ok(e),
        _ => Err(internal("operands left over".into())),
    }
}

fn variable(name: &str, n_vars: usize) -> Option<Expr> {
    match name {
        "pi" => Some(Expr::Const(Constant::Pi)),
        "e" => Some(Expr::Const(Constant::E)),
        _ => name.strip_prefix('v')?.parse::<usize>().ok().filter(|i| *i < n_vars).map(Expr::Var),
    }
}

fn negate(a: Expr) -> Expr {
    match a {
        Expr::Num(v) => Expr::Num(-v),
        other => Expr::Mul(vec![Expr::Num(-1.0), other]),
    }
}

/// `a + b` or `a · b`, extending a left operand of the same kind so long chains stay flat.
fn join(a: Expr, b: Expr, sum: bool) -> Expr {
    match (a, sum) {
        (Expr::Add(mut xs), true) => {
            xs.push(b);
            Expr::Add(xs)
        }
        (Expr::Mul(mut xs), false) => {
            xs.push(b);
            Expr::Mul(xs)
        }
        (a, true) => Expr::Add(vec![a, b]),
        (a, false) => Expr::Mul(vec![a, b]),
    }
}
