//! The computational graph of f: the tape's shared-subexpression DAG, with the forward pass
//! (every node's value) and the backward pass (every node's adjoint ∂f/∂node) at a point.
//!
//! The nodes are exactly the instructions [`crate::eval::tape`] builds for f (hash-consed, so
//! `sin(xy) + cos(xy)` has one `x·y` node feeding two; constants folded), in the tape's order,
//! which is topological. Values are computed by the tape's own `apply`, so they are the tape's
//! bit for bit. Adjoints come from one reverse sweep (reverse-mode automatic differentiation,
//! Griewank & Walther, *Evaluating Derivatives*, 2008, ch. 3): the output's adjoint is 1, and
//! each node adds adjoint × local derivative to each of its inputs, so a node read by several
//! others sums their contributions (the multivariable chain rule). Local derivatives are the
//! symbolic rules of [`crate::expr::diff`] applied to the one operation, so a variable's adjoint
//! is the exact gradient entry up to rounding.

use crate::eval::tape::{apply, operands, ssa, Op};
use crate::expr::diff::derivative;
use crate::expr::print::{format_number, to_text};
use crate::expr::tree::Expr;

/// Most nodes the graph panel draws; a larger function gets a message instead.
pub const MAX_NODES: usize = 200;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Variable `i` of f.
    Input(usize),
    /// A number.
    Constant,
    /// An operation on earlier nodes.
    Operation,
}

/// One node: an operation on earlier nodes, a variable, or a constant.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Which kind.
    pub kind: Kind,
    /// The operation's id: `input`, `const`, `add`, `sub`, `mul`, `div`, `neg`, `square`,
    /// `powi`, `pow`, or a function's name (`sin`, `sigmoid`).
    pub op: &'static str,
    /// What the node shows: `×`, `sin`, `x`, `2`.
    pub label: String,
    /// The nodes it reads, in operand order (`x·x` reads `x` twice).
    pub inputs: Vec<usize>,
    /// Its subexpression, printed as the formula is.
    pub text: String,
}

/// The DAG of one function.
#[derive(Debug, Clone)]
pub struct Dag {
    /// Nodes in topological order (every input before its readers).
    pub nodes: Vec<Node>,
    /// The node that is f.
    pub output: usize,
    /// The tape's instruction per node, operands renumbered to node indices.
    ops: Vec<Op>,
    /// ∂(operation)/∂(operand k) as an expression in the operands (variable k is operand k).
    locals: Vec<Vec<Expr>>,
}

/// Both passes at one point.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Each node's value (forward pass).
    pub values: Vec<f64>,
    /// Each node's adjoint ∂f/∂node (backward pass).
    pub adjoints: Vec<f64>,
    /// `locals[i][k]`: the local derivative of node i along its input k (the edge's label).
    pub locals: Vec<Vec<f64>>,
}

impl Dag {
    /// The graph of `expr` over variables `names`; `Err(n)` with the node count when it has more
    /// than [`MAX_NODES`] nodes (counted before anything else is built).
    pub fn build(expr: &Expr, names: &[String]) -> Result<Dag, usize> {
        let (all, root) = ssa(expr);
        // Only what f needs: the builder leaves folded operands behind.
        let mut live = vec![false; all.len()];
        if let Some(r) = live.get_mut(root as usize) {
            *r = true;
        }
        for id in (0..all.len()).rev() {
            if live[id] {
                for a in operands(&all[id]).into_iter().flatten() {
                    live[a as usize] = true;
                }
            }
        }
        let n = live.iter().filter(|&&l| l).count();
        if n > MAX_NODES {
            return Err(n);
        }
        let mut index = vec![usize::MAX; all.len()];
        let mut nodes: Vec<Node> = Vec::with_capacity(n);
        let mut ops = Vec::with_capacity(n);
        let mut trees: Vec<Expr> = Vec::with_capacity(n);
        let mut locals = Vec::with_capacity(n);
        for (id, op) in all.iter().enumerate() {
            if !live[id] {
                continue;
            }
            index[id] = nodes.len();
            let inputs: Vec<usize> = operands(op).into_iter().flatten().map(|a| index[a as usize]).collect();
            let renumbered = renumber(*op, &index);
            let (kind, name, label) = describe(op, names);
            // The operation over placeholders v₀, v₁ for its local derivatives, and over the
            // inputs' subtrees for its text.
            let placeholders: Vec<Expr> = (0..inputs.len()).map(Expr::Var).collect();
            let local_form = as_expr(op, &placeholders);
            locals.push((0..inputs.len()).map(|k| derivative(&local_form, k)).collect());
            let children: Vec<Expr> = inputs.iter().map(|&i| trees[i].clone()).collect();
            let tree = as_expr(op, &children);
            let text = to_text(&tree, names);
            trees.push(tree);
            nodes.push(Node { kind, op: name, label, inputs, text });
            ops.push(renumbered);
        }
        let output = index.get(root as usize).copied().filter(|&i| i != usize::MAX).unwrap_or(0);
        Ok(Dag { nodes, output, ops, locals })
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the graph has no node (never, for a parsed function).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The nodes that read node `i`, each once per operand slot it fills.
    pub fn readers(&self, i: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (j, node) in self.nodes.iter().enumerate() {
            for (k, &input) in node.inputs.iter().enumerate() {
                if input == i {
                    out.push((j, k));
                }
            }
        }
        out
    }

    /// The forward and backward pass at `point` (one value per variable; missing ones are NaN).
    pub fn sweep(&self, point: &[f64]) -> Sweep {
        let n = self.nodes.len();
        let mut values = vec![f64::NAN; n];
        for (i, op) in self.ops.iter().enumerate() {
            // Operands are node indices here, so the values are the slots.
            values[i] = apply(*op, &values, point);
        }
        let locals: Vec<Vec<f64>> = self
            .nodes
            .iter()
            .zip(&self.locals)
            .map(|(node, forms)| {
                let args: Vec<f64> = node.inputs.iter().map(|&a| values[a]).collect();
                forms.iter().map(|form| form.eval(&args)).collect()
            })
            .collect();
        let mut adjoints = vec![0.0; n];
        if let Some(out) = adjoints.get_mut(self.output) {
            *out = 1.0;
        }
        for i in (0..n).rev() {
            let adjoint = adjoints[i];
            // A node f does not depend on through this path adds nothing, not 0·NaN.
            if adjoint == 0.0 {
                continue;
            }
            for (k, &input) in self.nodes[i].inputs.iter().enumerate() {
                adjoints[input] += adjoint * locals[i][k];
            }
        }
        Sweep { values, adjoints, locals }
    }
}

/// The instruction with its operands renumbered from SSA ids to node indices.
fn renumber(op: Op, index: &[usize]) -> Op {
    let r = |a: u32| index.get(a as usize).copied().unwrap_or(0) as u32;
    match op {
        Op::Const(_) | Op::Var(_) => op,
        Op::Neg(a) => Op::Neg(r(a)),
        Op::Square(a) => Op::Square(r(a)),
        Op::Powi(a, n) => Op::Powi(r(a), n),
        Op::Call1(f, a) => Op::Call1(f, r(a)),
        Op::Add(a, b) => Op::Add(r(a), r(b)),
        Op::Sub(a, b) => Op::Sub(r(a), r(b)),
        Op::Mul(a, b) => Op::Mul(r(a), r(b)),
        Op::Div(a, b) => Op::Div(r(a), r(b)),
        Op::Pow(a, b) => Op::Pow(r(a), r(b)),
        Op::Call2(f, a, b) => Op::Call2(f, r(a), r(b)),
    }
}

/// The node's kind, operation id and label.
fn describe(op: &Op, names: &[String]) -> (Kind, &'static str, String) {
    let s = |l: &str| l.to_string();
    match *op {
        Op::Const(v) => (Kind::Constant, "const", format_number(v)),
        Op::Var(i) => (Kind::Input(i), "input", names.get(i).cloned().unwrap_or_else(|| format!("v{i}"))),
        Op::Add(..) => (Kind::Operation, "add", s("+")),
        Op::Sub(..) => (Kind::Operation, "sub", s("−")),
        Op::Mul(..) => (Kind::Operation, "mul", s("×")),
        Op::Div(..) => (Kind::Operation, "div", s("÷")),
        Op::Neg(_) => (Kind::Operation, "neg", s("−·")),
        Op::Square(_) => (Kind::Operation, "square", s("( )²")),
        Op::Powi(_, n) => (Kind::Operation, "powi", format!("( )^{n}")),
        Op::Pow(..) => (Kind::Operation, "pow", s("^")),
        Op::Call1(f, _) | Op::Call2(f, _, _) => (Kind::Operation, f.name(), f.name().to_string()),
    }
}

/// The operation applied to `args` (one per operand) as an expression tree.
fn as_expr(op: &Op, args: &[Expr]) -> Expr {
    let arg = |k: usize| args.get(k).cloned().unwrap_or(Expr::Num(f64::NAN));
    match *op {
        Op::Const(v) => Expr::Num(v),
        Op::Var(i) => Expr::Var(i),
        Op::Add(..) => Expr::Add(vec![arg(0), arg(1)]),
        Op::Sub(..) => Expr::Add(vec![arg(0), Expr::Mul(vec![Expr::Num(-1.0), arg(1)])]),
        Op::Mul(..) => Expr::Mul(vec![arg(0), arg(1)]),
        Op::Div(..) => Expr::Mul(vec![arg(0), Expr::Pow(Box::new(arg(1)), Box::new(Expr::Num(-1.0)))]),
        Op::Neg(_) => Expr::Mul(vec![Expr::Num(-1.0), arg(0)]),
        Op::Square(_) => Expr::Pow(Box::new(arg(0)), Box::new(Expr::Num(2.0))),
        Op::Powi(_, n) => Expr::Pow(Box::new(arg(0)), Box::new(Expr::Num(f64::from(n)))),
        Op::Pow(..) => Expr::Pow(Box::new(arg(0)), Box::new(arg(1))),
        Op::Call1(f, _) => Expr::Call(f, vec![arg(0)]),
        Op::Call2(f, _, _) => Expr::Call(f, vec![arg(0), arg(1)]),
    }
}

#[cfg(test)]
mod tests;
