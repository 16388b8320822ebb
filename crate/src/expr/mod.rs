//! The expression engine's front half: text → checked tokens → meval → our tree → exact derivatives.
//!
//! ```text
//! "x^2y + sin(xy)" ─lex─▶ tokens + "x^2*y + sin(x*y)" ─lower (meval)─▶ Expr ─diff─▶ ∂f/∂x, ∂f/∂y, Hessian
//! ```

pub mod diff;
pub mod error;
pub mod lex;
pub mod lower;
pub mod poly;
pub mod print;
pub mod ratio;
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

/// Exact first and second derivatives, simplified.
#[derive(Debug, Clone)]
pub struct Derivatives {
    /// ∂f/∂vᵢ for every variable.
    pub gradient: Vec<Expr>,
    /// ∂²f/∂vᵢ∂vⱼ, symmetric.
    pub hessian: Vec<Vec<Expr>>,
    /// ∂f/∂vᵢ as printed: collected where that reads much shorter, else `gradient[i]`.
    pub shown: Vec<Expr>,
}

/// Differentiates `parsed` once and twice in every variable. Each derivative's size is bounded
/// before it is built ([`diff::derivative_size_bound`]), so a refusal is immediate.
pub fn derivatives(parsed: &Parsed) -> Result<Derivatives, ExprError> {
    let whole = Span::new(0, parsed.text.len());
    let too_complex = || ExprError::new("too complex to differentiate: please simplify the expression", whole);
    let n = parsed.vars.len();
    let mut budget = 0usize;
    let mut differentiate = |e: &Expr, var: usize| {
        budget = budget.saturating_add(diff::derivative_size_bound(e));
        if budget > MAX_DERIVATIVE_WORK {
            return Err(too_complex());
        }
        Ok(diff::derivative(e, var))
    };
    let gradient: Vec<Expr> = (0..n).map(|i| differentiate(&parsed.expr, i)).collect::<Result<_, _>>()?;
    let mut hessian = vec![vec![Expr::Num(0.0); n]; n];
    for i in 0..n {
        for j in i..n {
            let second = differentiate(&gradient[i], j)?;
            hessian[j][i] = second.clone();
            hessian[i][j] = second;
        }
    }
    // What the page prints: a polynomial derivative whose collected form is much shorter reads
    // collected (the regression loss's partials: c₁·a + c₂·b + c₀). Only printed: expanding can
    // cancel digits, so the tapes evaluate the derivatives as differentiated.
    let shown = gradient.iter().map(|g| poly::collected(g.clone(), n, 0.6)).collect();
    Ok(Derivatives { gradient, hessian, shown })
}

/// Most derivative nodes (before simplification, summed over the gradient and Hessian) we build.
pub const MAX_DERIVATIVE_WORK: usize = 400_000;

#[cfg(test)]
mod tests;
