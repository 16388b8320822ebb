//! Compiles expression trees to a flat tape evaluated without allocation, strings or lookups:
//! one point at a time, or a whole row of grid points per instruction.
//!
//! Several outputs (f and its partials) compile into one tape, sharing common subexpressions by
//! hash-consing, so value and gradient come out of one pass. Instructions are in SSA form and
//! are then packed into few slots by liveness, so a row batch stays in cache.
//! In a batch, inputs are either a row (varies per point) or uniform (one value for the whole
//! row, like `y` along a grid row); instructions whose operands are all uniform run once per row,
//! not once per point — `cos(y)` in `sin(x)*cos(y)` costs one call per row.

use std::collections::HashMap;

use crate::expr::tree::{div, pow, Expr, Func};

/// One instruction. Operands are earlier SSA values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Op {
    Const(f64),
    Var(usize),
    Add(u32, u32),
    Sub(u32, u32),
    Mul(u32, u32),
    Div(u32, u32),
    Neg(u32),
    Square(u32),
    Powi(u32, i32),
    Pow(u32, u32),
    Call1(Func, u32),
    Call2(Func, u32, u32),
}

/// Key for hash-consing: floats by their bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OpKey {
    Const(u64),
    Var(usize),
    Bin(u8, u32, u32),
    Un(u8, u32, i32),
    Call(Func, u32, u32),
}

fn key(op: &Op) -> OpKey {
    match *op {
        Op::Const(v) => OpKey::Const(v.to_bits()),
        Op::Var(i) => OpKey::Var(i),
        Op::Add(a, b) => OpKey::Bin(0, a.min(b), a.max(b)),
        Op::Mul(a, b) => OpKey::Bin(1, a.min(b), a.max(b)),
        Op::Sub(a, b) => OpKey::Bin(2, a, b),
        Op::Div(a, b) => OpKey::Bin(3, a, b),
        Op::Pow(a, b) => OpKey::Bin(4, a, b),
        Op::Neg(a) => OpKey::Un(0, a, 0),
        Op::Square(a) => OpKey::Un(1, a, 0),
        Op::Powi(a, n) => OpKey::Un(2, a, n),
        Op::Call1(f, a) => OpKey::Call(f, a, u32::MAX),
        Op::Call2(f, a, b) => OpKey::Call(f, a, b),
    }
}

/// An instruction with its destination slot and its operands' slots.
#[derive(Debug, Clone, Copy)]
struct Inst {
    op: Op,
    /// SSA ids of operands are replaced by slot numbers here.
    dest: u32,
}

/// Compiled outputs of one or more expressions over `n_vars` variables.
#[derive(Debug, Clone)]
pub struct Tape {
    insts: Vec<Inst>,
    outputs: Vec<u32>,
    n_slots: usize,
    n_vars: usize,
}

/// Working memory for [`Tape::eval_batch`]: one row per slot, and whether the slot holds one
/// uniform value. Held by the caller, so evaluating takes `&Tape` and many readers can share
/// one tape; reused across batches, so a grid allocates once.
#[derive(Debug, Clone, Default)]
pub struct BatchScratch {
    rows: Vec<Vec<f64>>,
    uniform: Vec<bool>,
}

/// Slots a point evaluation keeps on the stack; bigger tapes allocate their scratch per call
/// (a cost small beside evaluating that many instructions).
const STACK_SLOTS: usize = 64;

/// A batch input: a row of values, or one value for the whole row.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// Varies per point.
    Row(&'a [f64]),
    /// The same for every point.
    Uniform(f64),
}

struct Builder {
    ops: Vec<Op>,
    seen: HashMap<OpKey, u32>,
}

impl Builder {
    fn emit(&mut self, op: Op) -> u32 {
        let op = fold(op, &self.ops);
        let k = key(&op);
        if let Some(&id) = self.seen.get(&k) {
            return id;
        }
        let id = self.ops.len() as u32;
        self.ops.push(op);
        self.seen.insert(k, id);
        id
    }

    fn constant(&self, id: u32) -> Option<f64> {
        match self.ops.get(id as usize) {
            Some(Op::Const(v)) => Some(*v),
            _ => None,
        }
    }

    fn lower(&mut self, e: &Expr) -> u32 {
        match e {
            Expr::Num(v) => self.emit(Op::Const(*v)),
            Expr::Const(c) => self.emit(Op::Const(c.value())),
            Expr::Var(i) => self.emit(Op::Var(*i)),
            Expr::Add(terms) => {
                // Subtract negated terms instead of adding −1·t: one instruction, exact.
                let mut acc: Option<u32> = None;
                for term in terms {
                    let (negative, t) = match term {
                        Expr::Mul(xs) if xs.first() == Some(&Expr::Num(-1.0)) && xs.len() >= 2 => {
                            let rest = if xs.len() == 2 { xs[1].clone() } else { Expr::Mul(xs[1..].to_vec()) };
                            (true, self.lower(&rest))
                        }
                        other => (false, self.lower(other)),
                    };
                    acc = Some(match (acc, negative) {
                        (None, false) => t,
                        (None, true) => self.emit(Op::Neg(t)),
                        (Some(a), false) => self.emit(Op::Add(a, t)),
                        (Some(a), true) => self.emit(Op::Sub(a, t)),
                    });
                }
                acc.unwrap_or_else(|| self.emit(Op::Const(0.0)))
            }
            Expr::Mul(factors) => {
                // Divide by factors with exponent −1 rather than multiplying by a reciprocal.
                let mut acc: Option<u32> = None;
                let mut denominators = Vec::new();
                for factor in factors {
                    match factor {
                        Expr::Pow(base, exponent) if exponent.as_num() == Some(-1.0) => {
                            denominators.push(self.lower(base));
                        }
                        Expr::Num(v) if *v == -1.0 && acc.is_none() && factors.len() > 1 => {
                            acc = Some(self.emit(Op::Const(-1.0)));
                        }
                        other => {
                            let f = self.lower(other);
                            acc = Some(match acc {
                                None => f,
                                Some(a) if self.constant(a) == Some(-1.0) => self.emit(Op::Neg(f)),
                                Some(a) => self.emit(Op::Mul(a, f)),
                            });
                        }
                    }
                }
                let mut acc = acc.unwrap_or_else(|| self.emit(Op::Const(1.0)));
                for d in denominators {
                    acc = self.emit(Op::Div(acc, d));
                }
                acc
            }
            Expr::Pow(base, exponent) => {
                let b = self.lower(base);
                match exponent.as_num() {
                    Some(2.0) => self.emit(Op::Square(b)),
                    Some(n) if n.fract() == 0.0 && n.abs() <= 64.0 => self.emit(Op::Powi(b, n as i32)),
                    Some(0.5) => self.emit(Op::Call1(Func::Sqrt, b)),
                    _ => {
                        let e = self.lower(exponent);
                        self.emit(Op::Pow(b, e))
                    }
                }
            }
            Expr::Call(f, args) => match args.as_slice() {
                [a] => {
                    let a = self.lower(a);
                    self.emit(Op::Call1(*f, a))
                }
                [a, b] => {
                    let (a, b) = (self.lower(a), self.lower(b));
                    self.emit(Op::Call2(*f, a, b))
                }
                _ => self.emit(Op::Const(f64::NAN)),
            },
        }
    }
}

/// Folds instructions whose operands are all constants.
fn fold(op: Op, ops: &[Op]) -> Op {
    let c = |id: u32| match ops.get(id as usize) {
        Some(Op::Const(v)) => Some(*v),
        _ => None,
    };
    let value = match op {
        Op::Add(a, b) => c(a).zip(c(b)).map(|(a, b)| a + b),
        Op::Sub(a, b) => c(a).zip(c(b)).map(|(a, b)| a - b),
        Op::Mul(a, b) => c(a).zip(c(b)).map(|(a, b)| a * b),
        Op::Div(a, b) => c(a).zip(c(b)).map(|(a, b)| div(a, b)),
        Op::Pow(a, b) => c(a).zip(c(b)).map(|(a, b)| pow(a, b)),
        Op::Neg(a) => c(a).map(|a| -a),
        Op::Square(a) => c(a).map(|a| a * a),
        Op::Powi(a, n) => c(a).map(|a| powi(a, n)),
        Op::Call1(f, a) => c(a).map(|a| f.apply1(a)),
        Op::Call2(f, a, b) => c(a).zip(c(b)).map(|(a, b)| f.apply2(a, b)),
        Op::Const(_) | Op::Var(_) => None,
    };
    value.map_or(op, Op::Const)
}

pub(crate) fn operands(op: &Op) -> [Option<u32>; 2] {
    match *op {
        Op::Const(_) | Op::Var(_) => [None, None],
        Op::Neg(a) | Op::Square(a) | Op::Powi(a, _) | Op::Call1(_, a) => [Some(a), None],
        Op::Add(a, b) | Op::Sub(a, b) | Op::Mul(a, b) | Op::Div(a, b) | Op::Pow(a, b) | Op::Call2(_, a, b) => {
            [Some(a), Some(b)]
        }
    }
}

fn map_operands(op: Op, slot: impl Fn(u32) -> u32) -> Op {
    match op {
        Op::Const(_) | Op::Var(_) => op,
        Op::Neg(a) => Op::Neg(slot(a)),
        Op::Square(a) => Op::Square(slot(a)),
        Op::Powi(a, n) => Op::Powi(slot(a), n),
        Op::Call1(f, a) => Op::Call1(f, slot(a)),
        Op::Add(a, b) => Op::Add(slot(a), slot(b)),
        Op::Sub(a, b) => Op::Sub(slot(a), slot(b)),
        Op::Mul(a, b) => Op::Mul(slot(a), slot(b)),
        Op::Div(a, b) => Op::Div(slot(a), slot(b)),
        Op::Pow(a, b) => Op::Pow(slot(a), slot(b)),
        Op::Call2(f, a, b) => Op::Call2(f, slot(a), slot(b)),
    }
}

/// The SSA instructions of `e` as [`Tape::compile`] builds them (hash-consed, constants
/// folded), before dead values are dropped and slots packed; with the id of its root. The
/// computational graph ([`crate::eval::dag`]) is this, so its values are the tape's.
pub(crate) fn ssa(e: &Expr) -> (Vec<Op>, u32) {
    let mut builder = Builder { ops: Vec::new(), seen: HashMap::new() };
    let root = builder.lower(e);
    (builder.ops, root)
}

impl Tape {
    /// Compiles `outputs` (e.g. `[f, ∂f/∂x, ∂f/∂y]`) over `n_vars` variables into one tape.
    pub fn compile(outputs: &[&Expr], n_vars: usize) -> Tape {
        let mut builder = Builder { ops: Vec::new(), seen: HashMap::new() };
        let roots: Vec<u32> = outputs.iter().map(|e| builder.lower(e)).collect();
        let ops = builder.ops;

        // Keep only what the outputs need, then give each value a slot, reusing a slot once
        // its value's last reader has run (linear-scan allocation over straight-line code).
        let mut live = vec![false; ops.len()];
        for &r in &roots {
            live[r as usize] = true;
        }
        for id in (0..ops.len()).rev() {
            if live[id] {
                for a in operands(&ops[id]).into_iter().flatten() {
                    live[a as usize] = true;
                }
            }
        }
        let mut last_use = vec![0usize; ops.len()];
        for (id, op) in ops.iter().enumerate() {
            for a in operands(op).into_iter().flatten() {
                last_use[a as usize] = id;
            }
        }
        for &r in &roots {
            last_use[r as usize] = usize::MAX;
        }
        let mut slot_of = vec![0u32; ops.len()];
        let mut free: Vec<u32> = Vec::new();
        let mut n_slots = 0u32;
        let mut insts = Vec::with_capacity(ops.len());
        for (id, op) in ops.iter().enumerate() {
            if !live[id] {
                continue;
            }
            let dest = free.pop().unwrap_or_else(|| {
                n_slots += 1;
                n_slots - 1
            });
            slot_of[id] = dest;
            insts.push(Inst { op: map_operands(*op, |a| slot_of[a as usize]), dest });
            // Operands read for the last time here free their slots for later instructions;
            // the destination was taken first, so it never aliases its own operands.
            let mut freed = operands(op);
            if freed[0] == freed[1] {
                freed[1] = None;
            }
            for a in freed.into_iter().flatten() {
                if last_use[a as usize] == id {
                    free.push(slot_of[a as usize]);
                }
            }
        }
        let n_slots = n_slots as usize;
        Tape {
            insts,
            outputs: roots.iter().map(|&r| slot_of[r as usize]).collect(),
            n_slots,
            n_vars,
        }
    }

    /// Number of outputs.
    pub fn n_outputs(&self) -> usize {
        self.outputs.len()
    }

    /// Number of instructions, a measure of cost.
    pub fn len(&self) -> usize {
        self.insts.len()
    }

    /// The cost of one evaluation in units of about one arithmetic instruction: a call of a
    /// function like sin, atan2 or a power costs ten (measured in wasm: atan2 nested 30 deep
    /// is 30 instructions, and as slow as 300 additions).
    pub fn cost(&self) -> usize {
        self.insts
            .iter()
            .map(|inst| match inst.op {
                Op::Pow(..) | Op::Call1(..) | Op::Call2(..) => 10,
                _ => 1,
            })
            .sum::<usize>()
            .max(1)
    }

    /// Whether the tape has no instructions (only possible with no outputs).
    pub fn is_empty(&self) -> bool {
        self.insts.is_empty()
    }

    /// Evaluates every output at one point; `vars` has one value per variable (missing ones are NaN).
    pub fn eval_point(&self, vars: &[f64], out: &mut [f64]) {
        self.eval_point_flagged(vars, out);
    }

    /// [`Tape::eval_point`], also saying whether any value on the way was ±∞ (one compare per
    /// instruction; the overflow check below runs its slower pass only then).
    fn eval_point_flagged(&self, vars: &[f64], out: &mut [f64]) -> bool {
        let mut stack = [0.0f64; STACK_SLOTS];
        let mut heap = Vec::new();
        let s: &mut [f64] = if self.n_slots <= STACK_SLOTS {
            &mut stack[..]
        } else {
            heap.resize(self.n_slots, 0.0);
            &mut heap[..]
        };
        let mut any_infinite = false;
        for inst in &self.insts {
            let v = apply(inst.op, s, vars);
            any_infinite |= v.is_infinite();
            s[inst.dest as usize] = v;
        }
        for (o, &slot) in out.iter_mut().zip(&self.outputs) {
            *o = s[slot as usize];
        }
        any_infinite
    }

    /// Like [`Tape::eval_point`], and also says which outputs passed through an overflow: a
    /// value that became ±∞ from finite operands. A finite output downstream of one absorbed
    /// the infinity (x/∞ = 0) and is not to be trusted: ∂/∂x of acosh(cosh(x³)) at a large x is
    /// ±1, not the 0 that sinh/√(cosh² − 1) gives once cosh² overflows.
    pub fn eval_point_checked(&self, vars: &[f64], out: &mut [f64], overflowed: &mut [bool]) {
        overflowed.fill(false);
        // Nearly every point has no infinity anywhere: then nothing overflowed.
        if !self.eval_point_flagged(vars, out) {
            return;
        }
        // On the stack for small tapes, as in `eval_point`: readouts and curves call this often.
        let (mut stack, mut stack_taint) = ([0.0f64; STACK_SLOTS], [false; STACK_SLOTS]);
        let (mut heap, mut heap_taint) = (Vec::new(), Vec::new());
        let (s, tainted): (&mut [f64], &mut [bool]) = if self.n_slots <= STACK_SLOTS {
            (&mut stack[..], &mut stack_taint[..])
        } else {
            heap.resize(self.n_slots, 0.0);
            heap_taint.resize(self.n_slots, false);
            (&mut heap[..], &mut heap_taint[..])
        };
        for inst in &self.insts {
            let v = apply(inst.op, s, vars);
            let used = operands(&inst.op);
            let inherited = used.iter().flatten().any(|&k| tainted[k as usize]);
            let finite_in = used.iter().flatten().all(|&k| s[k as usize].is_finite());
            let dest = inst.dest as usize;
            tainted[dest] = inherited || (v.is_infinite() && finite_in);
            s[dest] = v;
        }
        for ((o, flag), &slot) in out.iter_mut().zip(overflowed.iter_mut()).zip(&self.outputs) {
            *o = s[slot as usize];
            *flag = tainted[slot as usize];
        }
    }

    /// Evaluates output 0 at one point.
    pub fn eval1(&self, vars: &[f64]) -> f64 {
        let mut out = [f64::NAN];
        self.eval_point(vars, &mut out);
        out[0]
    }

    /// Evaluates every output over a batch of `len` points. `inputs[i]` gives variable i
    /// (rows must be at least `len` long; missing variables are NaN); `outputs[k]` receives
    /// output k and must be at least `len` long.
    pub fn eval_batch(&self, inputs: &[Input], len: usize, outputs: &mut [&mut [f64]], scratch: &mut BatchScratch) {
        scratch.rows.resize(self.n_slots.max(scratch.rows.len()), Vec::new());
        scratch.uniform.resize(scratch.rows.len(), false);
        for row in &mut scratch.rows {
            if row.len() < len {
                row.resize(len, 0.0);
            }
        }
        for inst in &self.insts {
            let dest = inst.dest as usize;
            let mut out = std::mem::take(&mut scratch.rows[dest]);
            let rows = &scratch.rows;
            let uniform = &scratch.uniform;
            let operand = |slot: u32| -> Operand {
                let slot = slot as usize;
                if uniform[slot] {
                    Operand::Uniform(rows[slot].first().copied().unwrap_or(f64::NAN))
                } else {
                    Operand::Row(&rows[slot][..len])
                }
            };
            let is_uniform = match inst.op {
                Op::Const(c) => {
                    set_uniform(&mut out, c);
                    true
                }
                Op::Var(i) => match inputs.get(i) {
                    Some(Input::Row(values)) if values.len() >= len => {
                        out[..len].copy_from_slice(&values[..len]);
                        false
                    }
                    Some(Input::Uniform(v)) => {
                        set_uniform(&mut out, *v);
                        true
                    }
                    _ => {
                        set_uniform(&mut out, f64::NAN);
                        true
                    }
                },
                Op::Add(a, b) => binary(operand(a), operand(b), &mut out[..len], |a, b| a + b),
                Op::Sub(a, b) => binary(operand(a), operand(b), &mut out[..len], |a, b| a - b),
                Op::Mul(a, b) => binary(operand(a), operand(b), &mut out[..len], |a, b| a * b),
                Op::Div(a, b) => binary(operand(a), operand(b), &mut out[..len], div),
                Op::Pow(a, b) => binary(operand(a), operand(b), &mut out[..len], pow),
                Op::Call2(f, a, b) => binary(operand(a), operand(b), &mut out[..len], |a, b| f.apply2(a, b)),
                Op::Neg(a) => unary(operand(a), &mut out[..len], |a| -a),
                Op::Square(a) => unary(operand(a), &mut out[..len], |a| a * a),
                Op::Powi(a, n) => unary(operand(a), &mut out[..len], |a| powi(a, n)),
                Op::Call1(f, a) => call1(f, operand(a), &mut out[..len]),
            };
            scratch.rows[dest] = out;
            scratch.uniform[dest] = is_uniform;
        }
        for (target, &slot) in outputs.iter_mut().zip(&self.outputs) {
            let slot = slot as usize;
            let n = len.min(target.len());
            if scratch.uniform[slot] {
                target[..n].fill(scratch.rows[slot].first().copied().unwrap_or(f64::NAN));
            } else {
                target[..n].copy_from_slice(&scratch.rows[slot][..n]);
            }
        }
    }

    /// Number of variables the tape was compiled for.
    pub fn n_vars(&self) -> usize {
        self.n_vars
    }

    /// Number of slots a batch uses (memory is slots × batch length).
    pub fn n_slots(&self) -> usize {
        self.n_slots
    }
}

/// One instruction's value from the slots `s` and the inputs `vars`.
#[inline(always)]
pub(crate) fn apply(op: Op, s: &[f64], vars: &[f64]) -> f64 {
    match op {
        Op::Const(c) => c,
        Op::Var(i) => vars.get(i).copied().unwrap_or(f64::NAN),
        Op::Add(a, b) => s[a as usize] + s[b as usize],
        Op::Sub(a, b) => s[a as usize] - s[b as usize],
        Op::Mul(a, b) => s[a as usize] * s[b as usize],
        Op::Div(a, b) => div(s[a as usize], s[b as usize]),
        Op::Neg(a) => -s[a as usize],
        Op::Square(a) => s[a as usize] * s[a as usize],
        Op::Powi(a, n) => powi(s[a as usize], n),
        Op::Pow(a, b) => pow(s[a as usize], s[b as usize]),
        Op::Call1(f, a) => f.apply1(s[a as usize]),
        Op::Call2(f, a, b) => f.apply2(s[a as usize], s[b as usize]),
    }
}

/// Integer powers by `powi` where it is exact enough, so `x^3` of a negative x stays negative.
fn powi(a: f64, n: i32) -> f64 {
    // A pole, as in `div`: 0⁻² is undefined, not +∞.
    if a == 0.0 && n < 0 {
        return f64::NAN;
    }
    a.powi(n)
}

#[derive(Clone, Copy)]
enum Operand<'a> {
    Row(&'a [f64]),
    Uniform(f64),
}

fn set_uniform(out: &mut Vec<f64>, v: f64) {
    if out.is_empty() {
        out.push(v);
    } else {
        out[0] = v;
    }
}

/// Applies `f` elementwise; returns whether the result is uniform. Written out per operand kind
/// so each loop is a tight, vectorizable pass.
#[inline(always)]
fn binary(a: Operand, b: Operand, out: &mut [f64], f: impl Fn(f64, f64) -> f64) -> bool {
    match (a, b) {
        (Operand::Uniform(a), Operand::Uniform(b)) => {
            if let Some(o) = out.first_mut() {
                *o = f(a, b);
            }
            true
        }
        (Operand::Row(a), Operand::Uniform(b)) => {
            for (o, &a) in out.iter_mut().zip(a) {
                *o = f(a, b);
            }
            false
        }
        (Operand::Uniform(a), Operand::Row(b)) => {
            for (o, &b) in out.iter_mut().zip(b) {
                *o = f(a, b);
            }
            false
        }
        (Operand::Row(a), Operand::Row(b)) => {
            for ((o, &a), &b) in out.iter_mut().zip(a).zip(b) {
                *o = f(a, b);
            }
            false
        }
    }
}

#[inline(always)]
fn unary(a: Operand, out: &mut [f64], f: impl Fn(f64) -> f64) -> bool {
    match a {
        Operand::Uniform(a) => {
            if let Some(o) = out.first_mut() {
                *o = f(a);
            }
            true
        }
        Operand::Row(a) => {
            for (o, &a) in out.iter_mut().zip(a) {
                *o = f(a);
            }
            false
        }
    }
}

/// One-argument calls, dispatched once per row rather than once per point.
fn call1(f: Func, a: Operand, out: &mut [f64]) -> bool {
    match f {
        Func::Sin => unary(a, out, f64::sin),
        Func::Cos => unary(a, out, f64::cos),
        Func::Exp => unary(a, out, f64::exp),
        Func::Ln => unary(a, out, f64::ln),
        Func::Sqrt => unary(a, out, f64::sqrt),
        Func::Abs => unary(a, out, f64::abs),
        Func::Tan => unary(a, out, f64::tan),
        Func::Tanh => unary(a, out, f64::tanh),
        other => unary(a, out, |v| other.apply1(v)),
    }
}

mod tangent;
pub use tangent::CallRules;

#[cfg(test)]
mod tests;
