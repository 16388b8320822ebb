//! The expression engine's front half: text → checked tokens → meval → our tree → exact derivatives.
//!
//! ```text
//! "x^2y + sin(xy)" ─lex─▶ tokens + "x^2*y + sin(x*y)" ─lower (meval)─▶ Expr ─diff─▶ ∂f/∂x, ∂f/∂y, Hessian
//! ```

pub mod diff;
pub mod error;
pub mod lex;
pub mod lower;
pub mod print;
pub mod simplify;
pub mod tree;

pub use error::{ExprError, Span};
pub use tree::{Constant, Expr, Func};

/// An expression the learner typed, read and checked.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The text exactly as typed.
    pub text: String,
    /// The canonical text that was evaluated (`x^2y` → `x^2*y`).
    pub normalized: String,
    /// Variable names in order: `x`, `y`, `z`, then the others alphabetically.
    pub vars: Vec<String>,
    /// The tree, evaluated as typed (not simplified).
    pub expr: Expr,
}

/// Reads `text`; every failure is an [`ExprError`] pointing into `text`, never a panic.
pub fn parse(text: &str) -> Result<Parsed, ExprError> {
    let lexed = lex::lex(text)?;
    let expr = lower::lower(&lexed.normalized, &lexed.vars, Span::new(0, text.len()))?;
    Ok(Parsed {
        text: text.to_string(),
        normalized: lexed.normalized,
        vars: lexed.vars.iter().map(char::to_string).collect(),
        expr,
    })
}

/// Largest derivative tree we keep (in nodes); beyond it an expression is refused as too complex
/// rather than slowing every frame down.
pub const MAX_DERIVATIVE_SIZE: usize = 200_000;

/// Exact first and second derivatives, simplified.
#[derive(Debug, Clone)]
pub struct Derivatives {
    /// ∂f/∂vᵢ for every variable.
    pub gradient: Vec<Expr>,
    /// ∂²f/∂vᵢ∂vⱼ, symmetric.
    pub hessian: Vec<Vec<Expr>>,
}

/// Differentiates `parsed` once and twice in every variable.
pub fn derivatives(parsed: &Parsed) -> Result<Derivatives, ExprError> {
    let whole = Span::new(0, parsed.text.len());
    let too_complex = || ExprError::new("too complex to differentiate: please simplify the expression", whole);
    let n = parsed.vars.len();
    let gradient: Vec<Expr> = (0..n).map(|i| diff::derivative(&parsed.expr, i)).collect();
    let mut budget = gradient.iter().map(Expr::size).sum::<usize>();
    if budget > MAX_DERIVATIVE_SIZE {
        return Err(too_complex());
    }
    let mut hessian = vec![vec![Expr::Num(0.0); n]; n];
    for i in 0..n {
        for j in i..n {
            let second = diff::derivative(&gradient[i], j);
            budget += second.size();
            if budget > MAX_DERIVATIVE_SIZE {
                return Err(too_complex());
            }
            hessian[j][i] = second.clone();
            hessian[i][j] = second;
        }
    }
    Ok(Derivatives { gradient, hessian })
}

#[cfg(test)]
mod tests;
