//! The expression tree everything downstream works on: a closed enum, no strings, no lookups.
//!
//! Sums and products are n-ary and subtraction/division are folded into them
//! (`a - b` is `a + (-1)·b`, `a / b` is `a · b^-1`), the usual computer-algebra normal form:
//! it makes like terms and like factors easy to find when simplifying.

use std::fmt;

/// A named constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Constant {
    /// π.
    Pi,
    /// Euler's number e.
    E,
}

impl Constant {
    /// Its value.
    pub fn value(self) -> f64 {
        match self {
            Constant::Pi => std::f64::consts::PI,
            Constant::E => std::f64::consts::E,
        }
    }

    /// How it is written.
    pub fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::E => "e",
        }
    }
}

macro_rules! functions {
    ($($variant:ident $name:literal $arity:literal $doc:literal,)*) => {
        /// A built-in function.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Func {
            $(#[doc = $doc] $variant,)*
        }

        impl Func {
            /// Every function, for lookups and suggestions.
            pub const ALL: &'static [Func] = &[$(Func::$variant,)*];

            /// Its canonical name.
            pub fn name(self) -> &'static str {
                match self { $(Func::$variant => $name,)* }
            }

            /// How many arguments it takes.
            pub fn arity(self) -> usize {
                match self { $(Func::$variant => $arity,)* }
            }
        }
    };
}

functions! {
    Sqrt "sqrt" 1 "Square root.",
    Exp "exp" 1 "e to the power.",
    Ln "ln" 1 "Natural logarithm (also written `log`).",
    Log10 "log10" 1 "Base-10 logarithm.",
    Log2 "log2" 1 "Base-2 logarithm.",
    Abs "abs" 1 "Absolute value.",
    Sin "sin" 1 "Sine.",
    Cos "cos" 1 "Cosine.",
    Tan "tan" 1 "Tangent.",
    Sec "sec" 1 "Secant, 1/cos.",
    Csc "csc" 1 "Cosecant, 1/sin.",
    Cot "cot" 1 "Cotangent, 1/tan.",
    Asin "asin" 1 "Inverse sine.",
    Acos "acos" 1 "Inverse cosine.",
    Atan "atan" 1 "Inverse tangent.",
    Asec "asec" 1 "Inverse secant.",
    Acsc "acsc" 1 "Inverse cosecant.",
    Acot "acot" 1 "Inverse cotangent (range (−π/2, π/2]).",
    Sinh "sinh" 1 "Hyperbolic sine.",
    Cosh "cosh" 1 "Hyperbolic cosine.",
    Tanh "tanh" 1 "Hyperbolic tangent.",
    Asinh "asinh" 1 "Inverse hyperbolic sine.",
    Acosh "acosh" 1 "Inverse hyperbolic cosine.",
    Atanh "atanh" 1 "Inverse hyperbolic tangent.",
    Floor "floor" 1 "Round down.",
    Ceil "ceil" 1 "Round up.",
    Round "round" 1 "Round half away from zero.",
    Sign "sign" 1 "−1, 0 or 1.",
    Min "min" 2 "The smaller of two values.",
    Max "max" 2 "The larger of two values.",
    Atan2 "atan2" 2 "atan2(y, x), the angle of the point (x, y).",
    Relu "relu" 1 "Rectified linear unit, max(0, x).",
    Sigmoid "sigmoid" 1 "Logistic sigmoid σ(x) = 1/(1 + e^−x) (also typed `σ(x)`).",
    Softplus "softplus" 1 "Softplus ln(1 + e^x), a smooth relu.",
    Gelu "gelu" 1 "GELU in its tanh form, ½x(1 + tanh(√(2/π)(x + 0.044715x³))).",
    Silu "silu" 1 "SiLU (swish), x·σ(x).",
    LeakyRelu "leaky_relu" 2 "leaky_relu(x, a): x for x ≥ 0, a·x below.",
    Logsumexp "logsumexp" 2 "logsumexp(a, b) = ln(e^a + e^b), a smooth max.",
}

/// √(2/π), the GELU's inner scale.
pub const GELU_SCALE: f64 = 0.797_884_560_802_865_4;
/// The GELU's cubic coefficient.
pub const GELU_CUBIC: f64 = 0.044_715;

/// σ(x) without overflow for large |x| (σ(1000) = 1, σ(−1000) = 0, never NaN).
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl Func {
    /// The function a name denotes, including aliases (`log`, `arcsin`, `sgn`, …).
    pub fn from_name(name: &str) -> Option<Func> {
        let canonical = match name {
            "log" => "ln",
            "sgn" => "sign",
            "arcsin" => "asin",
            "arccos" => "acos",
            "arctan" => "atan",
            "arcsec" => "asec",
            "arccsc" => "acsc",
            "arccot" => "acot",
            "arsinh" | "arcsinh" => "asinh",
            "arcosh" | "arccosh" => "acosh",
            "artanh" | "arctanh" => "atanh",
            "logistic" => "sigmoid",
            "swish" => "silu",
            other => other,
        };
        Func::ALL.iter().copied().find(|f| f.name() == canonical)
    }

    /// Whether it is constant between jumps (floor, ceil, round, sign): its derivative is 0
    /// wherever it exists.
    pub fn is_piecewise_constant(self) -> bool {
        matches!(self, Func::Floor | Func::Ceil | Func::Round | Func::Sign)
    }

    /// Every name a learner may type for a function, aliases included.
    pub fn names() -> impl Iterator<Item = &'static str> {
        const ALIASES: &[&str] = &[
            "log", "sgn", "arcsin", "arccos", "arctan", "arcsec", "arccsc", "arccot", "arsinh",
            "arcsinh", "arcosh", "arccosh", "artanh", "arctanh", "logistic", "swish",
        ];
        Func::ALL.iter().map(|f| f.name()).chain(ALIASES.iter().copied())
    }

    /// Evaluates a one-argument function.
    pub fn apply1(self, a: f64) -> f64 {
        match self {
            Func::Sqrt => a.sqrt(),
            Func::Exp => a.exp(),
            // Poles are undefined, not ±∞: atan(ln(x)) at 0 must not heal to −π/2.
            Func::Ln | Func::Log10 | Func::Log2 if a == 0.0 => f64::NAN,
            Func::Ln => a.ln(),
            Func::Log10 => a.log10(),
            Func::Log2 => a.log2(),
            Func::Abs => a.abs(),
            Func::Sin => a.sin(),
            Func::Cos => a.cos(),
            Func::Tan => a.tan(),
            Func::Sec => div(1.0, a.cos()),
            Func::Csc => div(1.0, a.sin()),
            Func::Cot => div(1.0, a.tan()),
            Func::Asin => a.asin(),
            Func::Acos => a.acos(),
            Func::Atan => a.atan(),
            Func::Asec => (1.0 / a).acos(),
            Func::Acsc => (1.0 / a).asin(),
            Func::Acot => (1.0 / a).atan(),
            Func::Sinh => a.sinh(),
            Func::Cosh => a.cosh(),
            Func::Tanh => a.tanh(),
            Func::Asinh => a.asinh(),
            Func::Acosh => a.acosh(),
            Func::Atanh if a.abs() == 1.0 => f64::NAN,
            Func::Atanh => a.atanh(),
            Func::Floor => a.floor(),
            Func::Ceil => a.ceil(),
            Func::Round => a.round(),
            // f64::signum(0.0) is 1; the mathematical sign of 0 is 0.
            Func::Sign => {
                if a == 0.0 {
                    0.0
                } else {
                    a.signum()
                }
            }
            // max(0, x), NaN-propagating like max.
            Func::Relu => {
                if a.is_nan() {
                    f64::NAN
                } else {
                    a.max(0.0)
                }
            }
            Func::Sigmoid => sigmoid(a),
            // ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|): no overflow, softplus(1000) = 1000.
            Func::Softplus => a.max(0.0) + (-a.abs()).exp().ln_1p(),
            Func::Gelu => 0.5 * a * (1.0 + (GELU_SCALE * (a + GELU_CUBIC * a * a * a)).tanh()),
            Func::Silu => a * sigmoid(a),
            Func::Min | Func::Max | Func::Atan2 | Func::LeakyRelu | Func::Logsumexp => f64::NAN,
        }
    }

    /// Evaluates a two-argument function.
    pub fn apply2(self, a: f64, b: f64) -> f64 {
        match self {
            // NaN-propagating, unlike f64::min, so an undefined argument stays undefined.
            Func::Min => {
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else {
                    a.min(b)
                }
            }
            Func::Max => {
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else {
                    a.max(b)
                }
            }
            Func::Atan2 => a.atan2(b),
            Func::LeakyRelu => {
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else if a >= 0.0 {
                    a
                } else {
                    b * a
                }
            }
            // ln(e^a + e^b) = max + ln(1 + e^−|a − b|), without overflow.
            Func::Logsumexp => {
                let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
                if hi.is_nan() || lo.is_nan() {
                    f64::NAN
                } else if hi == f64::INFINITY || lo == f64::NEG_INFINITY {
                    hi
                } else {
                    hi + (lo - hi).exp().ln_1p()
                }
            }
            _ => f64::NAN,
        }
    }
}

/// An expression over variables numbered in the order of [`crate::expr::Parsed::vars`].
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number.
    Num(f64),
    /// π or e.
    Const(Constant),
    /// The variable with this index.
    Var(usize),
    /// A sum of two or more terms.
    Add(Vec<Expr>),
    /// A product of two or more factors.
    Mul(Vec<Expr>),
    /// Base to the power of exponent.
    Pow(Box<Expr>, Box<Expr>),
    /// A function applied to its arguments (as many as its arity).
    Call(Func, Vec<Expr>),
}

/// Agrees with `PartialEq`: equal expressions hash alike (0.0 and −0.0 are equal, so both hash as
/// 0; NaN equals nothing, so any hash will do). Lets the simplifier find like terms by lookup.
impl std::hash::Hash for Expr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Expr::Num(v) => (if *v == 0.0 { 0.0f64 } else { *v }).to_bits().hash(state),
            Expr::Const(c) => c.hash(state),
            Expr::Var(v) => v.hash(state),
            Expr::Add(xs) | Expr::Mul(xs) => xs.hash(state),
            Expr::Pow(b, e) => {
                b.hash(state);
                e.hash(state);
            }
            Expr::Call(f, args) => {
                f.hash(state);
                args.hash(state);
            }
        }
    }
}

impl Expr {
    /// The number, if this is one.
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Expr::Num(v) => Some(*v),
            _ => None,
        }
    }

    /// Whether the expression depends on variable `var`.
    pub fn depends_on(&self, var: usize) -> bool {
        match self {
            Expr::Num(_) | Expr::Const(_) => false,
            Expr::Var(v) => *v == var,
            Expr::Add(xs) | Expr::Mul(xs) | Expr::Call(_, xs) => xs.iter().any(|x| x.depends_on(var)),
            Expr::Pow(b, e) => b.depends_on(var) || e.depends_on(var),
        }
    }

    /// Number of nodes, to bound the work derivatives may create.
    pub fn size(&self) -> usize {
        match self {
            Expr::Num(_) | Expr::Const(_) | Expr::Var(_) => 1,
            Expr::Add(xs) | Expr::Mul(xs) | Expr::Call(_, xs) => 1 + xs.iter().map(Expr::size).sum::<usize>(),
            Expr::Pow(b, e) => 1 + b.size() + e.size(),
        }
    }

    /// Depth of the tree (a leaf is 1).
    pub fn depth(&self) -> usize {
        match self {
            Expr::Num(_) | Expr::Const(_) | Expr::Var(_) => 1,
            Expr::Add(xs) | Expr::Mul(xs) | Expr::Call(_, xs) => 1 + xs.iter().map(Expr::depth).max().unwrap_or(0),
            Expr::Pow(b, e) => 1 + b.depth().max(e.depth()),
        }
    }

    /// Evaluates at a point by walking the tree: slow, for tests and one-off values only
    /// (the views use [`crate::eval::tape::Tape`]).
    pub fn eval(&self, vars: &[f64]) -> f64 {
        match self {
            Expr::Num(v) => *v,
            Expr::Const(c) => c.value(),
            Expr::Var(i) => vars.get(*i).copied().unwrap_or(f64::NAN),
            Expr::Add(xs) => xs.iter().map(|x| x.eval(vars)).sum(),
            Expr::Mul(xs) => xs.iter().map(|x| x.eval(vars)).product(),
            Expr::Pow(b, e) => pow(b.eval(vars), e.eval(vars)),
            Expr::Call(f, args) => match args.as_slice() {
                [a] => f.apply1(a.eval(vars)),
                [a, b] => f.apply2(a.eval(vars), b.eval(vars)),
                _ => f64::NAN,
            },
        }
    }
}

/// a / b, undefined (NaN) at b = 0: a pole is not a value, so nothing built on it (atan(1/x),
/// exp(−1/x²), tanh(1/x) at 0) is healed into a finite number.
pub fn div(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        f64::NAN
    } else {
        a / b
    }
}

/// `base^exponent` as a learner expects it: odd roots of negatives are real, `0^0` is 1.
pub fn pow(base: f64, exponent: f64) -> f64 {
    // 0 to a negative power is a pole: undefined there, not +∞ (so 1/(1/x) is not healed to 0).
    if base == 0.0 && exponent < 0.0 {
        return f64::NAN;
    }
    if base < 0.0 && exponent.fract() != 0.0 && exponent.is_finite() {
        // x^(1/3) at x < 0: real when the exponent is a fraction with an odd denominator.
        // We accept denominators up to 15 recognised to rounding, the ones people type.
        for q in [3.0, 5.0, 7.0, 9.0, 11.0, 13.0, 15.0] {
            let p = exponent * q;
            if (p - p.round()).abs() < 1e-9 {
                let magnitude = (-base).powf(exponent);
                return if (p.round() as i64) % 2 == 0 { magnitude } else { -magnitude };
            }
        }
    }
    base.powf(exponent)
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::expr::print::to_text(self, &[]))
    }
}
