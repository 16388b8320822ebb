//! Forward-mode differentiation of a compiled tape: one pass carries each value with its
//! derivative along a direction (dual numbers, Griewank & Walther, *Evaluating Derivatives*,
//! ch. 3). Run over the value-and-gradient tape it gives a Hessian column per pass, at the cost
//! of about two gradient evaluations, where a symbolic Hessian can be a hundred times larger than
//! the gradient: for (x+1)(x+2)…(x+50) the product rule applied twice makes 2,450 terms.

use std::collections::HashMap;

use super::{apply, Op, Tape, STACK_SLOTS};
use crate::expr::diff::derivative;
use crate::expr::tree::{div, pow, Expr, Func};

/// The partial derivatives of every function a tape calls, each compiled from the symbolic rule
/// ([`derivative`] of `f(a, b)` by each argument): the forward pass differentiates a call exactly
/// as the symbolic gradient does, poles and kinks included.
#[derive(Debug, Clone, Default)]
pub struct CallRules {
    partials: HashMap<Func, Vec<Tape>>,
}

impl CallRules {
    /// The rules for the calls in `tape`.
    pub fn of(tape: &Tape) -> CallRules {
        let mut partials = HashMap::new();
        for inst in &tape.insts {
            let (Op::Call1(f, _) | Op::Call2(f, _, _)) = inst.op else { continue };
            partials.entry(f).or_insert_with(|| {
                let call = Expr::Call(f, (0..f.arity()).map(Expr::Var).collect());
                (0..f.arity()).map(|k| Tape::compile(&[&derivative(&call, k)], f.arity())).collect()
            });
        }
        CallRules { partials }
    }

    /// ∂f/∂(argument k) at `args`; NaN for a function the rules were not built for.
    fn partial(&self, f: Func, k: usize, args: &[f64]) -> f64 {
        self.partials.get(&f).and_then(|p| p.get(k)).map_or(f64::NAN, |t| t.eval1(args))
    }
}

impl Tape {
    /// Every output and its derivative along `direction` at `vars` (one pass of dual numbers);
    /// `rules` must come from [`CallRules::of`] this tape.
    ///
    /// A term whose operand does not move along `direction` contributes exactly 0, as the
    /// symbolic rules drop it: ∂/∂y of x·ln(y) is x/y, whatever ln's value.
    pub fn eval_tangent(&self, rules: &CallRules, vars: &[f64], direction: &[f64], values: &mut [f64], tangents: &mut [f64]) {
        let (mut stack_v, mut stack_t) = ([0.0f64; STACK_SLOTS], [0.0f64; STACK_SLOTS]);
        let (mut heap_v, mut heap_t) = (Vec::new(), Vec::new());
        let (s, t): (&mut [f64], &mut [f64]) = if self.n_slots <= STACK_SLOTS {
            (&mut stack_v[..], &mut stack_t[..])
        } else {
            heap_v.resize(self.n_slots, 0.0);
            heap_t.resize(self.n_slots, 0.0);
            (&mut heap_v[..], &mut heap_t[..])
        };
        for inst in &self.insts {
            let v = apply(inst.op, s, vars);
            let dv = tangent(inst.op, v, s, t, direction, rules);
            s[inst.dest as usize] = v;
            t[inst.dest as usize] = dv;
        }
        for ((o, d), &slot) in values.iter_mut().zip(tangents.iter_mut()).zip(&self.outputs) {
            *o = s[slot as usize];
            *d = t[slot as usize];
        }
    }
}

/// `factor · dx`, exactly 0 when `dx` is: the symbolic rule would have no such term.
fn scaled(factor: f64, dx: f64) -> f64 {
    if dx == 0.0 {
        0.0
    } else {
        factor * dx
    }
}

/// The derivative of one instruction whose value is `v`, from its operands' values `s` and
/// derivatives `t`.
fn tangent(op: Op, v: f64, s: &[f64], t: &[f64], direction: &[f64], rules: &CallRules) -> f64 {
    let at = |a: u32| (s[a as usize], t[a as usize]);
    match op {
        Op::Const(_) => 0.0,
        Op::Var(i) => direction.get(i).copied().unwrap_or(0.0),
        Op::Add(a, b) => t[a as usize] + t[b as usize],
        Op::Sub(a, b) => t[a as usize] - t[b as usize],
        Op::Neg(a) => -t[a as usize],
        Op::Mul(a, b) => {
            let ((x, dx), (y, dy)) = (at(a), at(b));
            scaled(y, dx) + scaled(x, dy)
        }
        Op::Square(a) => {
            let (x, dx) = at(a);
            scaled(2.0 * x, dx)
        }
        // (a/b)′ = (a′ − (a/b)·b′)/b: the quotient rule keeps b in its denominator, so the
        // derivative is undefined at a pole even where neither operand moves.
        Op::Div(a, b) => {
            let ((_, dx), (y, dy)) = (at(a), at(b));
            if dx == 0.0 && dy == 0.0 && y != 0.0 {
                0.0
            } else {
                div(dx - scaled(v, dy), y)
            }
        }
        Op::Powi(a, n) => {
            let (x, dx) = at(a);
            scaled(f64::from(n) * super::powi(x, n - 1), dx)
        }
        // (aᵇ)′ = b·aᵇ⁻¹·a′ + aᵇ·ln a·b′, each term only where its operand moves.
        Op::Pow(a, b) => {
            let ((x, dx), (y, dy)) = (at(a), at(b));
            scaled(y * pow(x, y - 1.0), dx) + scaled(v * Func::Ln.apply1(x), dy)
        }
        Op::Call1(f, a) => {
            let (x, dx) = at(a);
            if dx == 0.0 {
                0.0
            } else {
                rules.partial(f, 0, &[x]) * dx
            }
        }
        Op::Call2(f, a, b) => {
            let ((x, dx), (y, dy)) = (at(a), at(b));
            let first = if dx == 0.0 { 0.0 } else { rules.partial(f, 0, &[x, y]) * dx };
            let second = if dy == 0.0 { 0.0 } else { rules.partial(f, 1, &[x, y]) * dy };
            first + second
        }
    }
}
