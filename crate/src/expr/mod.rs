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

/// Exact first derivatives, simplified. (Second derivatives are evaluated by forward-mode
/// differentiation of the gradient's tape, `eval::tape::tangent`; [`second_derivatives`] builds
/// them symbolically where a text is wanted.)
#[derive(Debug, Clone)]
pub struct Derivatives {
    /// ∂f/∂vᵢ for every variable.
    pub gradient: Vec<Expr>,
    /// ∂f/∂vᵢ as printed: collected where that reads much shorter, else `gradient[i]`.
    pub shown: Vec<Expr>,
}

fn too_complex(parsed: &Parsed) -> ExprError {
    ExprError::new("too complex to differentiate: please simplify the expression", Span::new(0, parsed.text.len()))
}

/// Differentiates `parsed` once in every variable. Each derivative's size is bounded before it
/// is built ([`diff::derivative_size_bound`]), so a refusal is immediate.
pub fn derivatives(parsed: &Parsed) -> Result<Derivatives, ExprError> {
    let n = parsed.vars.len();
    let mut budget = 0usize;
    let mut gradient = Vec::with_capacity(n);
    for i in 0..n {
        budget = budget.saturating_add(diff::derivative_size_bound(&parsed.expr));
        if budget > MAX_DERIVATIVE_WORK {
            return Err(too_complex(parsed));
        }
        gradient.push(diff::derivative(&parsed.expr, i));
    }
    // What the page prints: a polynomial derivative whose collected form is much shorter reads
    // collected (the regression loss's partials: c₁·a + c₂·b + c₀). Only printed: expanding can
    // cancel digits, so the tapes evaluate the derivatives as differentiated.
    let shown = gradient.iter().map(|g| poly::collected(g.clone(), n, 0.6)).collect();
    Ok(Derivatives { gradient, shown })
}

/// The symbolic Hessian ∂²f/∂vᵢ∂vⱼ (symmetric) of the `gradient` of `parsed`, refused like
/// [`derivatives`] when its size bound passes `max_work` nodes.
pub fn second_derivatives(parsed: &Parsed, gradient: &[Expr], max_work: usize) -> Result<Vec<Vec<Expr>>, ExprError> {
    let n = gradient.len();
    let mut budget = 0usize;
    let mut hessian = vec![vec![Expr::Num(0.0); n]; n];
    for i in 0..n {
        for j in i..n {
            budget = budget.saturating_add(diff::derivative_size_bound(&gradient[i]));
            if budget > max_work {
                return Err(too_complex(parsed));
            }
            let second = diff::derivative(&gradient[i], j);
            hessian[j][i] = second.clone();
            hessian[i][j] = second;
        }
    }
    Ok(hessian)
}

/// Most derivative nodes (before simplification, summed over the gradient) we build.
pub const MAX_DERIVATIVE_WORK: usize = 400_000;

#[cfg(test)]
mod tests;
