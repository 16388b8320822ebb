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
    /// The canonical text, the "read as" echo (`x^2y` → `x^2*y`, `sin x` → `sin(x)`,
    /// `theta^2` → `θ^2`, `f(x,y) = …` → `f(x, y) = …`).
    pub normalized: String,
    /// Variable names in order: as a left side `f(w, b) =` lists them, else `x`, `y`, `z`
    /// first and the others in order of first appearance (subscripts of one letter together).
    pub vars: Vec<String>,
    /// The function's name when a left side gives one (`f`, `L`).
    pub name: Option<String>,
    /// A note when the reading is a convention a textbook might not share: `1/2x` is read as
    /// (1/2)·x, `sin x y` as sin(x)·y. `None` when there is nothing to say.
    pub hint: Option<String>,
    /// The tree, evaluated as typed (not simplified).
    pub expr: Expr,
}

/// Reads `text`; every failure is an [`ExprError`] pointing into `text`, never a panic.
pub fn parse(text: &str) -> Result<Parsed, ExprError> {
    let lexed = lex::lex(text)?;
    let expr = lower::lower(&lexed.internal, lexed.vars.len(), Span::new(0, text.len()))?;
    Ok(Parsed { text: text.to_string(), normalized: lexed.normalized, vars: lexed.vars, name: lexed.name, hint: lexed.hint, expr })
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
