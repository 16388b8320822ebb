//! A function ready for every view: parsed, differentiated, printed, and compiled once.

use crate::eval::tape::{CallRules, Tape};
use crate::expr::diff::{derivative_with_steps, Step};
use crate::expr::print::{to_mathml, to_text};
use crate::expr::{derivatives, parse, second_derivatives, Derivatives, ExprError, Parsed};

/// A parsed function with its exact derivatives and compiled tapes.
#[derive(Debug, Clone)]
pub struct Model {
    /// What was typed and how it was read.
    pub parsed: Parsed,
    /// Exact gradient.
    pub derivatives: Derivatives,
    /// Outputs `[f]`: the cheapest tape, for maps and curves.
    pub value: Tape,
    /// Outputs `[f, ∂f/∂v₀, …]`: readouts, arrows and descent in one pass.
    pub value_grad: Tape,
    /// The derivatives of the calls in `value_grad`, for its forward-mode pass: the Hessian.
    call_rules: CallRules,
    /// ∂f/∂vᵢ as plain text.
    pub partial_texts: Vec<String>,
    /// ∂f/∂vᵢ as MathML; `None` past [`MATHML_MAX_CHARS`] characters of text, where typeset
    /// MathML would cost the page seconds of layout and no one reads it.
    pub partial_mathml: Vec<Option<String>>,
    /// f as MathML.
    pub mathml: String,
    /// Second derivative(s) as text: f″ in one variable.
    pub second_text: Option<String>,
    /// For one variable: the rules applied to get f′.
    pub steps: Vec<Step>,
}

/// The longest partial (in characters of its text) also typeset as MathML. sin(x·y·sin(…))
/// nested 40 deep has partials of 15,000 characters: as 510 KB of MathML they took Chromium
/// 1.8 s to lay out, on every key typed.
pub const MATHML_MAX_CHARS: usize = 600;

impl Model {
    /// Reads, differentiates and compiles `text`.
    pub fn new(text: &str) -> Result<Model, ExprError> {
        let parsed = parse(text)?;
        let derivatives = derivatives(&parsed)?;
        let n = parsed.vars.len();
        let value = Tape::compile(&[&parsed.expr], n);
        let mut outputs = vec![&parsed.expr];
        outputs.extend(derivatives.gradient.iter());
        let value_grad = Tape::compile(&outputs, n);
        let call_rules = CallRules::of(&value_grad);
        let names = &parsed.vars;
        let partial_texts = derivatives.shown.iter().map(|g| to_text(g, names)).collect();
        let partial_mathml = derivatives
            .shown
            .iter()
            .zip(&partial_texts)
            .map(|(g, text): (&_, &String)| (text.chars().count() <= MATHML_MAX_CHARS).then(|| to_mathml(g, names)))
            .collect();
        let mathml = to_mathml(&parsed.expr, names);
        let (second_text, steps) = if n == 1 {
            let (_, steps) = derivative_with_steps(&parsed.expr, 0, names);
            // f″ is printed only while it stays readable; its value comes from the tape either way.
            let second = second_derivatives(&parsed, &derivatives.gradient, MAX_PRINTED_SECOND).ok();
            (second.and_then(|h| h.first().and_then(|r| r.first()).map(|e| to_text(e, names))), steps)
        } else {
            (None, Vec::new())
        };
        Ok(Model { parsed, derivatives, value, value_grad, call_rules, partial_texts, partial_mathml, mathml, second_text, steps })
    }

    /// Number of variables.
    pub fn n_vars(&self) -> usize {
        self.parsed.vars.len()
    }

    /// f at a point.
    pub fn value_at(&self, point: &[f64]) -> f64 {
        self.value.eval1(point)
    }

    /// f and its gradient at a point.
    pub fn value_grad_at(&self, point: &[f64]) -> (f64, Vec<f64>) {
        let mut out = vec![f64::NAN; self.value_grad.n_outputs()];
        // Flags on the stack for the usual few variables: this runs per pixel of f′'s curve.
        let (mut few, mut many) = ([false; 16], Vec::new());
        let overflowed: &mut [bool] = if out.len() <= few.len() {
            &mut few[..out.len()]
        } else {
            many.resize(out.len(), false);
            &mut many[..]
        };
        self.value_grad.eval_point_checked(point, &mut out, overflowed);
        // A finite partial that absorbed an overflow is not a number: undefined, never 0.
        for (o, &bad) in out.iter_mut().zip(overflowed.iter()).skip(1) {
            if bad && o.is_finite() {
                *o = f64::NAN;
            }
        }
        let value = out.first().copied().unwrap_or(f64::NAN);
        (value, out.get(1..).map(<[f64]>::to_vec).unwrap_or_default())
    }

    /// The Hessian at a point, as rows.
    pub fn hessian_at(&self, point: &[f64]) -> Vec<Vec<f64>> {
        let n = self.n_vars();
        let mut out = vec![f64::NAN; n * n];
        self.hessian_into(point, &mut out);
        out.chunks(n.max(1)).map(<[f64]>::to_vec).collect()
    }

    /// The Hessian at `point` into `out`, row-major `n × n`: column j is ∇f's derivative along
    /// the j-th axis, one forward pass over the value-and-gradient tape. Entry (i, j) for i ≤ j
    /// is ∂/∂vⱼ of ∂f/∂vᵢ, as the symbolic Hessian was built, and mirrored, so H is symmetric.
    pub fn hessian_into(&self, point: &[f64], out: &mut [f64]) {
        let n = self.n_vars();
        const STACK: usize = 9;
        let (mut dir, mut values, mut tangents) = ([0.0; STACK], [0.0; STACK], [0.0; STACK]);
        let (mut dir_heap, mut values_heap, mut tangents_heap) = (Vec::new(), Vec::new(), Vec::new());
        let (dir, values, tangents): (&mut [f64], &mut [f64], &mut [f64]) = if n < STACK {
            (&mut dir[..n], &mut values[..n + 1], &mut tangents[..n + 1])
        } else {
            dir_heap.resize(n, 0.0);
            values_heap.resize(n + 1, 0.0);
            tangents_heap.resize(n + 1, 0.0);
            (&mut dir_heap, &mut values_heap, &mut tangents_heap)
        };
        for j in 0..n {
            dir.fill(0.0);
            dir[j] = 1.0;
            self.value_grad.eval_tangent(&self.call_rules, point, dir, values, tangents);
            for i in 0..=j {
                let h = tangents[1 + i];
                if let Some(slot) = out.get_mut(i * n + j) {
                    *slot = h;
                }
                if let Some(slot) = out.get_mut(j * n + i) {
                    *slot = h;
                }
            }
        }
    }
}

/// Most nodes (size bound) of a symbolic f″ still printed.
const MAX_PRINTED_SECOND: usize = 20_000;
