//! The ops of an Expression, each with its forward and its derivative side by side. The match
//! in `derivatives` is exhaustive, so a new op does not compile without its gradient.

use crate::names::{concat, lookup, names_of};
use crate::scalar::{sigmoid, sign};

/// An Expression op.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExpressionOp {
    Elementwise(Elementwise),
    /// A scalar, broadcast against any operand.
    Constant(f64),
    /// A reduction over one axis of a sample (`axis` counts the sample's axes, batch excluded).
    Reduce {
        reduction: Reduction,
        axis: usize,
    },
}

/// An element-wise op of one or two operands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Elementwise {
    Add,
    Sub,
    Mul,
    Div,
    /// `a` where `a ≥ b`, else `b`: ties pass the gradient to the first operand, as TF's
    /// `Maximum` gradient.
    Maximum,
    /// `a` where `a ≤ b`, else `b`: ties go to the first operand.
    Minimum,
    Neg,
    Square,
    Sqrt,
    Abs,
    Exp,
    Log,
    Softplus,
    Sigmoid,
    /// `max(x, 0)`; the derivative at 0 is 0, as TF's `ReluGrad`.
    Relu,
    /// `clip(x, min, max)`; the gradient passes where `min ≤ x ≤ max`, as TF's `clip_by_value`.
    Clip {
        min: f64,
        max: f64,
    },
}

/// How a reduction combines the values along its axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    Mean,
    Sum,
    /// Ties pass the gradient to the first maximum.
    Max,
}

/// The element-wise ops without arguments, by name.
const ELEMENTWISE: [(&str, Elementwise); 15] = [
    ("add", Elementwise::Add),
    ("sub", Elementwise::Sub),
    ("mul", Elementwise::Mul),
    ("div", Elementwise::Div),
    ("maximum", Elementwise::Maximum),
    ("minimum", Elementwise::Minimum),
    ("neg", Elementwise::Neg),
    ("square", Elementwise::Square),
    ("sqrt", Elementwise::Sqrt),
    ("abs", Elementwise::Abs),
    ("exp", Elementwise::Exp),
    ("log", Elementwise::Log),
    ("softplus", Elementwise::Softplus),
    ("sigmoid", Elementwise::Sigmoid),
    ("relu", Elementwise::Relu),
];

/// The ops with arguments: `clip(min, max)` and `constant(value)`.
const WITH_ARGUMENTS: [&str; 2] = ["clip", "constant"];

/// The reductions, by name.
const REDUCTIONS: [(&str, Reduction); 3] = [
    ("mean", Reduction::Mean),
    ("sum", Reduction::Sum),
    ("max", Reduction::Max),
];

const ELEMENTWISE_NAMES: [&str; ELEMENTWISE.len()] = names_of(&ELEMENTWISE);
const REDUCTION_NAMES: [&str; REDUCTIONS.len()] = names_of(&REDUCTIONS);
const NOT_REDUCING: [&str; ELEMENTWISE.len() + WITH_ARGUMENTS.len()] =
    concat(&ELEMENTWISE_NAMES, &WITH_ARGUMENTS);

impl ExpressionOp {
    /// The op names, as the spec spells them.
    pub const NAMES: [&'static str; NOT_REDUCING.len() + REDUCTIONS.len()] =
        concat(&NOT_REDUCING, &REDUCTION_NAMES);
}

impl Reduction {
    /// A reduction by name.
    pub(crate) fn from_name(name: &str) -> Option<Reduction> {
        lookup(&REDUCTIONS, name)
    }
}

impl Elementwise {
    /// An element-wise op without arguments, by name.
    pub(crate) fn from_name(name: &str) -> Option<Elementwise> {
        lookup(&ELEMENTWISE, name)
    }

    /// Whether the op reads two operands.
    pub fn is_binary(self) -> bool {
        matches!(
            self,
            Elementwise::Add
                | Elementwise::Sub
                | Elementwise::Mul
                | Elementwise::Div
                | Elementwise::Maximum
                | Elementwise::Minimum
        )
    }

    /// `f(a, b)` (`b` is ignored by unary ops).
    pub(crate) fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Elementwise::Add => a + b,
            Elementwise::Sub => a - b,
            Elementwise::Mul => a * b,
            Elementwise::Div => a / b,
            Elementwise::Maximum => {
                if a >= b {
                    a
                } else {
                    b
                }
            }
            Elementwise::Minimum => {
                if a <= b {
                    a
                } else {
                    b
                }
            }
            Elementwise::Neg => -a,
            Elementwise::Square => a * a,
            Elementwise::Sqrt => a.sqrt(),
            Elementwise::Abs => a.abs(),
            Elementwise::Exp => a.exp(),
            Elementwise::Log => a.ln(),
            // log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|), which never overflows.
            Elementwise::Softplus => a.max(0.0) + (-a.abs()).exp().ln_1p(),
            Elementwise::Sigmoid => sigmoid(a),
            Elementwise::Relu => a.max(0.0),
            Elementwise::Clip { min, max } => a.max(min).min(max),
        }
    }

    /// `(∂f/∂a, ∂f/∂b)` at `(a, b)`, where `y = f(a, b)`.
    pub(crate) fn derivatives(self, a: f64, b: f64, y: f64) -> (f64, f64) {
        match self {
            Elementwise::Add => (1.0, 1.0),
            Elementwise::Sub => (1.0, -1.0),
            Elementwise::Mul => (b, a),
            Elementwise::Div => (1.0 / b, -a / (b * b)),
            Elementwise::Maximum => {
                if a >= b {
                    (1.0, 0.0)
                } else {
                    (0.0, 1.0)
                }
            }
            Elementwise::Minimum => {
                if a <= b {
                    (1.0, 0.0)
                } else {
                    (0.0, 1.0)
                }
            }
            Elementwise::Neg => (-1.0, 0.0),
            Elementwise::Square => (2.0 * a, 0.0),
            Elementwise::Sqrt => (0.5 / y, 0.0),
            Elementwise::Abs => (sign(a), 0.0),
            Elementwise::Exp => (y, 0.0),
            Elementwise::Log => (1.0 / a, 0.0),
            Elementwise::Softplus => (sigmoid(a), 0.0),
            Elementwise::Sigmoid => (y * (1.0 - y), 0.0),
            Elementwise::Relu => (if a > 0.0 { 1.0 } else { 0.0 }, 0.0),
            Elementwise::Clip { min, max } => {
                (if (min..=max).contains(&a) { 1.0 } else { 0.0 }, 0.0)
            }
        }
    }
}
