//! Exact symbolic derivatives, with the rules applied recorded as steps for the learner.
//!
//! The rules are the course text's: constant, power (`x^n → n·x^(n-1)`), sum, product, quotient,
//! chain, and the table of common derivatives (`e^x`, `ln x`, `sin x`, `cos x`), extended to every
//! built-in function. Results are built with the simplifying constructors.

use super::print::to_text;
use super::simplify::{add, call, div, mul, neg, num, pow, rebuild, sub};
use super::tree::{Constant, Expr, Func, GELU_CUBIC, GELU_SCALE};

/// One rule applied while differentiating, for the "show steps" panel.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Step {
    /// The rule's name, e.g. "chain rule".
    pub rule: String,
    /// The part being differentiated, as text.
    pub of: String,
    /// Its derivative, as text.
    pub result: String,
}

/// Most steps recorded; long expressions keep the first ones.
const MAX_STEPS: usize = 60;

/// An upper bound on the size (in nodes) of the derivative of `e` before simplification, in
/// one pass and without building it: the product rule copies every other factor into each term
/// and the chain rule copies the argument, which is where derivatives blow up. Checking this
/// first lets a too-complex expression be refused at once instead of after seconds of work.
/// The bound holds for every variable, so it takes none.
pub fn derivative_size_bound(e: &Expr) -> usize {
    bound(e).1
}

/// (size of e, bound on the size of its derivative), saturating.
fn bound(e: &Expr) -> (usize, usize) {
    let sum = |xs: &[Expr]| xs.iter().map(bound).fold((0usize, 0usize), |(s, d), (a, b)| (s.saturating_add(a), d.saturating_add(b)));
    match e {
        Expr::Num(_) | Expr::Const(_) | Expr::Var(_) => (1, 1),
        Expr::Add(xs) => {
            let (s, d) = sum(xs);
            (s + 1, d.saturating_add(1))
        }
        Expr::Mul(xs) => {
            let (s, d) = sum(xs);
            // Each of the k terms holds one factor's derivative and copies of the others; the
            // quotient rule copies the denominator twice more (g·n′ and g²).
            let copies = (xs.len() + 1).saturating_mul(s);
            (s + 1, d.saturating_add(copies).saturating_add(xs.len() + 1))
        }
        Expr::Pow(b, x) => {
            let ((sb, db), (sx, dx)) = (bound(b), bound(x));
            let s = sb + sx + 1;
            (s, db.saturating_add(dx).saturating_add(s.saturating_mul(3)).saturating_add(8))
        }
        Expr::Call(f, xs) if f.is_piecewise_constant() => (sum(xs).0 + 1, 1),
        Expr::Call(f, xs) => {
            let (s, d) = sum(xs);
            let (copies, own) = derivative_copies(*f);
            (s + 1, d.saturating_add(s.saturating_mul(copies)).saturating_add(own))
        }
    }
}

/// How many copies of its arguments a function's derivative holds, and how many nodes of its
/// own (with room). f′(u)·u′ copies u at most twice for most (sec·tan, |u|·sqrt(u² − 1),
/// σ(u)·σ(−u)); min/max copy a and b twice (in the two branch selectors), atan2 twice
/// (b·a′ − a·b' over a² + b²); the GELU's tanh form copies u six times.
fn derivative_copies(f: Func) -> (usize, usize) {
    match f {
        Func::Gelu => (6, 64),
        Func::Silu => (3, 24),
        Func::LeakyRelu => (4, 40),
        f if f.arity() == 1 => (2, 16),
        _ => (2, 32),
    }
}

/// Derivative of `e` with respect to variable `var`.
pub fn derivative(e: &Expr, var: usize) -> Expr {
    Differentiator { var, steps: None, names: &[] }.d(e)
}

/// Derivative with the rules applied, outermost first; `names` are the variable names for printing.
pub fn derivative_with_steps(e: &Expr, var: usize, names: &[String]) -> (Expr, Vec<Step>) {
    let mut steps = Vec::new();
    let result = Differentiator { var, steps: Some(&mut steps), names }.d(e);
    (result, steps)
}

struct Differentiator<'a> {
    var: usize,
    steps: Option<&'a mut Vec<Step>>,
    names: &'a [String],
}

impl Differentiator<'_> {
    fn d(&mut self, e: &Expr) -> Expr {
        if !e.depends_on(self.var) {
            return num(0.0);
        }
        // d/dx x = 1 is not worth a step of its own.
        if let Expr::Var(_) = e {
            return num(1.0);
        }
        // Reserve this step's place so steps read outermost first.
        let slot = self.steps.as_deref_mut().filter(|s| s.len() < MAX_STEPS).map(|s| {
            s.push(Step { rule: String::new(), of: String::new(), result: String::new() });
            s.len() - 1
        });
        let (rule, result) = self.rule(e);
        if let (Some(i), Some(steps)) = (slot, self.steps.as_deref_mut()) {
            steps[i] = Step { rule, of: to_text(e, self.names), result: to_text(&result, self.names) };
        }
        result
    }

    fn rule(&mut self, e: &Expr) -> (String, Expr) {
        let v = self.var;
        match e {
            Expr::Num(_) | Expr::Const(_) => ("constant".into(), num(0.0)),
            Expr::Var(i) => ("variable".into(), num(if *i == v { 1.0 } else { 0.0 })),
            Expr::Add(terms) => ("sum rule".into(), add(terms.iter().map(|t| self.d(t)).collect())),
            Expr::Mul(factors) => self.product(factors),
            Expr::Pow(base, exponent) => self.power(base, exponent),
            Expr::Call(f, args) => match args.as_slice() {
                // Piecewise constant: zero wherever it is differentiable, whatever u is (not
                // differentiating u keeps nested comparisons linear in work).
                [_] if f.is_piecewise_constant() => ("piecewise constant".into(), num(0.0)),
                [u] => {
                    let outer = outer_derivative(*f, u);
                    let inner = self.d(u);
                    let rule = if matches!(u, Expr::Var(_)) {
                        format!("table: d/dx {}(x)", f.name())
                    } else {
                        format!("chain rule with {}", f.name())
                    };
                    (rule, mul(vec![outer, inner]))
                }
                [a, b] => self.binary_call(*f, a, b),
                _ => ("unsupported".into(), num(f64::NAN)),
            },
        }
    }

    fn product(&mut self, factors: &[Expr]) -> (String, Expr) {
        let (constants, varying): (Vec<&Expr>, Vec<&Expr>) = factors.iter().partition(|f| !f.depends_on(self.var));
        let constant = mul(constants.into_iter().cloned().collect());
        // Split a quotient out: factors with a negative numeric exponent form the denominator.
        let (den, numer): (Vec<&Expr>, Vec<&Expr>) = varying.iter().partition(|f| {
            matches!(f, Expr::Pow(_, e) if e.as_num().is_some_and(|n| n < 0.0))
        });
        if !den.is_empty() && !numer.is_empty() {
            let n = mul(numer.into_iter().cloned().collect());
            let g = mul(den.into_iter().map(|f| pow(f.clone(), num(-1.0))).collect());
            let (dn, dg) = (self.d(&n), self.d(&g));
            let quotient = div(sub(mul(vec![dn, g.clone()]), mul(vec![n, dg])), pow(g, num(2.0)));
            return ("quotient rule".into(), mul(vec![constant, quotient]));
        }
        match varying.as_slice() {
            [single] => {
                let d = self.d(single);
                ("constant multiple".into(), mul(vec![constant, d]))
            }
            _ => {
                let mut terms = Vec::with_capacity(varying.len());
                for (i, f) in varying.iter().enumerate() {
                    let mut term: Vec<Expr> = vec![constant.clone()];
                    for (j, g) in varying.iter().enumerate() {
                        term.push(if i == j { self.d(f) } else { (*g).clone() });
                    }
                    terms.push(mul(term));
                }
                ("product rule".into(), add(terms))
            }
        }
    }

    fn power(&mut self, base: &Expr, exponent: &Expr) -> (String, Expr) {
        let v = self.var;
        if !exponent.depends_on(v) {
            // d/dx u^n = n·u^(n-1)·u', with n's constants folded exactly (2/3 − 1 = −1/3).
            let n = rebuild(exponent);
            let n_minus_1 = add(vec![n.clone(), num(-1.0)]);
            let du = self.d(base);
            let rule = if matches!(base, Expr::Var(_)) { "power rule" } else { "power rule with chain rule" };
            return (rule.into(), mul(vec![n, pow(base.clone(), n_minus_1), du]));
        }
        let du = self.d(exponent);
        if *base == Expr::Const(Constant::E) {
            // d/dx e^u = e^u·u'
            let rule = if matches!(exponent, Expr::Var(_)) { "table: d/dx e^x" } else { "chain rule with e^u" };
            return (rule.into(), mul(vec![pow(base.clone(), exponent.clone()), du]));
        }
        if !base.depends_on(v) {
            // d/dx a^u = a^u·ln(a)·u'
            return (
                "exponential rule".into(),
                mul(vec![pow(base.clone(), exponent.clone()), call(Func::Ln, vec![base.clone()]), du]),
            );
        }
        // d/dx u^w = u^w·(w'·ln(u) + w·u'/u)
        let db = self.d(base);
        let inner = add(vec![
            mul(vec![du, call(Func::Ln, vec![base.clone()])]),
            mul(vec![exponent.clone(), db, pow(base.clone(), num(-1.0))]),
        ]);
        ("general power rule".into(), mul(vec![pow(base.clone(), exponent.clone()), inner]))
    }

    fn binary_call(&mut self, f: Func, a: &Expr, b: &Expr) -> (String, Expr) {
        let (da, db) = (self.d(a), self.d(b));
        let half = num(0.5);
        match f {
            // The active branch's derivative, exactly, and the average of both only at a tie:
            // H(t) = (1 + sign t)/2 is exactly 1, ½ or 0, so a′·H(a − b) + b′·H(b − a) never
            // subtracts one branch from the other (the old (a′ + b′)/2 ± sign(a − b)·(a′ − b′)/2
            // cancelled digits when the inactive branch's derivative was large, and copied a′
            // and b′ twice, doubling the size of nested max(0, … max(0, …)) per level).
            Func::Min | Func::Max => {
                let sign = if f == Func::Min { -1.0 } else { 1.0 };
                let s = call(Func::Sign, vec![sub(a.clone(), b.clone())]);
                let picks = |side: f64| mul(vec![half.clone(), add(vec![num(1.0), mul(vec![num(side), s.clone()])])]);
                let d = add(vec![mul(vec![picks(sign), da]), mul(vec![picks(-sign), db])]);
                (format!("{} rule", f.name()), d)
            }
            // atan2(a, b) = angle of (b, a): d = (b·a' − a·b')/(a² + b²).
            Func::Atan2 => {
                let d = div(
                    sub(mul(vec![b.clone(), da]), mul(vec![a.clone(), db])),
                    add(vec![pow(a.clone(), num(2.0)), pow(b.clone(), num(2.0))]),
                );
                ("chain rule with atan2".into(), d)
            }
            // leaky_relu(u, a) = u·(H(u) + a·H(−u)): the slope 1 or a, their average at u = 0
            // as max(u, a·u) has; ∂/∂a is u below 0.
            Func::LeakyRelu => {
                let below = step(neg(a.clone()));
                let slope = add(vec![step(a.clone()), mul(vec![b.clone(), below.clone()])]);
                let d = add(vec![mul(vec![slope, da]), mul(vec![a.clone(), below, db])]);
                ("leaky relu rule".into(), d)
            }
            // ∂/∂a ln(e^a + e^b) = σ(a − b), without cancellation at any size.
            Func::Logsumexp => {
                let d = add(vec![
                    mul(vec![call(Func::Sigmoid, vec![sub(a.clone(), b.clone())]), da]),
                    mul(vec![call(Func::Sigmoid, vec![sub(b.clone(), a.clone())]), db]),
                ]);
                ("chain rule with logsumexp".into(), d)
            }
            _ => ("unsupported".into(), num(f64::NAN)),
        }
    }
}

/// H(t) = (1 + sign t)/2: exactly 1, ½ or 0, the step that max and relu's slopes are built on.
fn step(t: Expr) -> Expr {
    mul(vec![num(0.5), add(vec![num(1.0), call(Func::Sign, vec![t])])])
}

/// f′(u) for a one-argument function, from the table of common derivatives.
fn outer_derivative(f: Func, u: &Expr) -> Expr {
    let u = u.clone();
    let c = |f: Func, u: &Expr| call(f, vec![u.clone()]);
    let sq = |e: Expr| pow(e, num(2.0));
    match f {
        Func::Sqrt => div(num(0.5), c(Func::Sqrt, &u)),
        Func::Exp => c(Func::Exp, &u),
        Func::Ln => pow(u, num(-1.0)),
        Func::Log10 => div(num(1.0), mul(vec![u, call(Func::Ln, vec![num(10.0)])])),
        Func::Log2 => div(num(1.0), mul(vec![u, call(Func::Ln, vec![num(2.0)])])),
        Func::Abs => c(Func::Sign, &u),
        Func::Sin => c(Func::Cos, &u),
        Func::Cos => neg(c(Func::Sin, &u)),
        Func::Tan => sq(c(Func::Sec, &u)),
        Func::Sec => mul(vec![c(Func::Sec, &u), c(Func::Tan, &u)]),
        Func::Csc => neg(mul(vec![c(Func::Csc, &u), c(Func::Cot, &u)])),
        Func::Cot => neg(sq(c(Func::Csc, &u))),
        Func::Asin => div(num(1.0), c(Func::Sqrt, &sub(num(1.0), sq(u)))),
        Func::Acos => div(num(-1.0), c(Func::Sqrt, &sub(num(1.0), sq(u)))),
        Func::Atan => pow(add(vec![num(1.0), sq(u)]), num(-1.0)),
        Func::Acot => neg(pow(add(vec![num(1.0), sq(u)]), num(-1.0))),
        Func::Asec => div(num(1.0), mul(vec![c(Func::Abs, &u), c(Func::Sqrt, &sub(sq(u.clone()), num(1.0)))])),
        Func::Acsc => div(num(-1.0), mul(vec![c(Func::Abs, &u), c(Func::Sqrt, &sub(sq(u.clone()), num(1.0)))])),
        Func::Sinh => c(Func::Cosh, &u),
        Func::Cosh => c(Func::Sinh, &u),
        Func::Tanh => sub(num(1.0), sq(c(Func::Tanh, &u))),
        Func::Asinh => div(num(1.0), c(Func::Sqrt, &add(vec![sq(u), num(1.0)]))),
        Func::Acosh => div(num(1.0), c(Func::Sqrt, &sub(sq(u), num(1.0)))),
        Func::Atanh => pow(sub(num(1.0), sq(u)), num(-1.0)),
        // Piecewise constant: zero wherever it is differentiable.
        Func::Floor | Func::Ceil | Func::Round | Func::Sign => num(0.0),
        // relu(u) = max(0, u): slope H(u), ½ at the kink like max's tie.
        Func::Relu => step(u),
        // σ′ = σ(1 − σ), written σ(u)·σ(−u) so that 1 − σ never cancels for large u.
        Func::Sigmoid => mul(vec![c(Func::Sigmoid, &u), call(Func::Sigmoid, vec![neg(u.clone())])]),
        Func::Softplus => c(Func::Sigmoid, &u),
        // (u·σ(u))′ = σ(u)·(1 + u·σ(−u)).
        Func::Silu => mul(vec![
            c(Func::Sigmoid, &u),
            add(vec![num(1.0), mul(vec![u.clone(), call(Func::Sigmoid, vec![neg(u.clone())])])]),
        ]),
        // ½(1 + t) + ½u(1 − t²)·k(1 + 3c·u²), t = tanh(k(u + c·u³)).
        Func::Gelu => {
            let t = || {
                let inner = add(vec![u.clone(), mul(vec![num(GELU_CUBIC), pow(u.clone(), num(3.0))])]);
                call(Func::Tanh, vec![mul(vec![num(GELU_SCALE), inner])])
            };
            add(vec![
                mul(vec![num(0.5), add(vec![num(1.0), t()])]),
                mul(vec![
                    num(0.5 * GELU_SCALE),
                    u.clone(),
                    sub(num(1.0), sq(t())),
                    add(vec![num(1.0), mul(vec![num(3.0 * GELU_CUBIC), sq(u.clone())])]),
                ]),
            ])
        }
        Func::Min | Func::Max | Func::Atan2 | Func::LeakyRelu | Func::Logsumexp => num(f64::NAN),
    }
}
