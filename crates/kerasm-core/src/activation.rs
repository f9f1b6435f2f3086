//! Activation functions over the last axis of a row-major `[rows × width]` buffer, with their
//! derivatives. Every derivative is written in terms of the activation's *output* `y`, so a
//! layer never has to keep its pre-activation values just to backpropagate.

use crate::error::Error;
use crate::kernels::exp::exp;
use crate::names::names_of_all;

/// An element-wise (or, for softmax, row-wise) activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    Linear,
    Relu,
    Sigmoid,
    Tanh,
    /// Softmax over the last axis.
    Softmax,
}

impl Activation {
    /// Every activation, in a fixed order.
    pub const ALL: [Activation; 5] = [
        Activation::Linear,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Softmax,
    ];

    /// The accepted names, as Keras spells them.
    pub const NAMES: [&'static str; Activation::ALL.len()] =
        names_of_all!(Activation::ALL, Activation::name);

    /// Looks an activation up by its Keras name; `argument` names the spec field in errors.
    pub fn from_name(name: &str, argument: &str) -> Result<Activation, Error> {
        Activation::ALL
            .into_iter()
            .find(|activation| activation.name() == name)
            .ok_or_else(|| Error::unknown(argument, "activation", &Activation::NAMES, name))
    }

    /// The Keras name.
    pub const fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Softmax => "softmax",
        }
    }

    /// `y = f(x)`, rows of `width` values.
    pub fn apply(self, x: &[f32], y: &mut [f32], width: usize) {
        y.copy_from_slice(x);
        self.apply_in_place(y, width);
    }

    /// `v = f(v)`, rows of `width` values.
    pub fn apply_in_place(self, values: &mut [f32], width: usize) {
        match self {
            Activation::Linear => {}
            // A select rather than `f32::max`, whose NaN rule wasm's `f32x4.max` lacks, so the
            // loop vectorises there too; NaN still maps to 0 as with `max`.
            Activation::Relu => values
                .iter_mut()
                .for_each(|v| *v = if *v > 0.0 { *v } else { 0.0 }),
            Activation::Sigmoid => values.iter_mut().for_each(|v| *v = sigmoid(*v)),
            Activation::Tanh => values.iter_mut().for_each(|v| *v = v.tanh()),
            Activation::Softmax if width > 0 => {
                values.chunks_exact_mut(width).for_each(softmax_row)
            }
            Activation::Softmax => {}
        }
    }

    /// Turns `grad = dL/dy` into `dL/dx` in place, given the activation's output `y`.
    pub fn backward_in_place(self, y: &[f32], grad: &mut [f32], width: usize) {
        match self {
            Activation::Linear => {}
            // relu'(0) = 0, as TF's ReluGrad: y > 0 exactly when x > 0.
            // Every gradient is stored (a select, not a conditional store), so the loop vectorises.
            Activation::Relu => grad
                .iter_mut()
                .zip(y)
                .for_each(|(g, &y)| *g = if y <= 0.0 { 0.0 } else { *g }),
            Activation::Sigmoid => grad
                .iter_mut()
                .zip(y)
                .for_each(|(g, &y)| *g *= y * (1.0 - y)),
            Activation::Tanh => grad.iter_mut().zip(y).for_each(|(g, &y)| *g *= 1.0 - y * y),
            // The softmax Jacobian is diag(y) − y·yᵀ, so dx_i = y_i·(g_i − Σ_j g_j·y_j).
            Activation::Softmax if width > 0 => grad
                .chunks_exact_mut(width)
                .zip(y.chunks_exact(width))
                .for_each(|(g, y)| {
                    let dot: f32 = g.iter().zip(y).map(|(g, y)| g * y).sum();
                    g.iter_mut().zip(y).for_each(|(g, &y)| *g = y * (*g - dot));
                }),
            Activation::Softmax => {}
        }
    }
}

/// The logistic function, without overflow for large |x|.
fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + exp(-x))
    } else {
        let e = exp(x);
        e / (1.0 + e)
    }
}

/// Softmax of one row, shifted by its maximum so `exp` never overflows.
fn softmax_row(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // Exponentials first, in a loop of their own so that it vectorises; then the sum, in order.
    row.iter_mut().for_each(|v| *v = exp(*v - max));
    let sum: f32 = row.iter().sum();
    row.iter_mut().for_each(|v| *v /= sum);
}
