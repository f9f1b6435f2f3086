//! The closed set of graph operations, each with its forward and its backward side by side.
//! `backward` is an exhaustive `match`, so a new op does not compile without its gradient.
//!
//! Every op works on row-major `[rows × width]` views of its buffers: `rows` is the batch size
//! times every axis but the last.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::dense::Dense;

/// A graph operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// `y = activation(x·kernel + bias)`: matmul, bias and activation fused, as Keras's `Dense`.
    Dense(Dense),
    /// `y = activation(x)` over rows of `width`, as Keras's `Activation` layer.
    Activation {
        activation: Activation,
        width: usize,
    },
}

/// What `output_grad` holds when a backward pass starts at an op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upstream {
    /// `dL/dy`, the gradient with respect to the op's output.
    Output,
    /// `dL/dz`, the gradient with respect to the op's logits (its value before its activation),
    /// as a loss computed from logits hands back.
    Logits,
}

/// Where, and how, an op writes the gradient with respect to its input.
#[derive(Debug)]
pub enum InputGrad<'a> {
    /// The input needs no gradient (a model input).
    Skip,
    /// This op is the first to write the input's gradient.
    Overwrite(&'a mut [f32]),
    /// Another consumer already wrote it: add to it.
    Accumulate(&'a mut [f32]),
}

/// The buffers of one forward call.
#[derive(Debug)]
pub struct ForwardArgs<'a> {
    pub rows: usize,
    pub input: &'a [f32],
    /// The op's weights, in the order of `Op::weights`, back to back.
    pub params: &'a [f32],
    pub output: &'a mut [f32],
    /// Receives the value before the activation, when a loss needs logits.
    pub logits: Option<&'a mut [f32]>,
}

/// The buffers of one backward call.
#[derive(Debug)]
pub struct BackwardArgs<'a> {
    pub rows: usize,
    pub input: &'a [f32],
    pub params: &'a [f32],
    pub output: &'a [f32],
    /// The incoming gradient (see `upstream`); clobbered.
    pub output_grad: &'a mut [f32],
    pub upstream: Upstream,
    /// Overwritten with `dL/dparams`, laid out like `params`.
    pub param_grads: &'a mut [f32],
    pub input_grad: InputGrad<'a>,
}

impl Op {
    /// Values per row of the input.
    pub fn input_width(&self) -> usize {
        match self {
            Op::Dense(dense) => dense.in_features,
            Op::Activation { width, .. } => *width,
        }
    }

    /// Values per row of the output.
    pub fn output_width(&self) -> usize {
        match self {
            Op::Dense(dense) => dense.units,
            Op::Activation { width, .. } => *width,
        }
    }

    /// The activation applied last, which a loss may read through (see `Loss::on_logits_of`).
    pub fn activation(&self) -> Activation {
        match self {
            Op::Dense(dense) => dense.activation,
            Op::Activation { activation, .. } => *activation,
        }
    }

    /// The op's weights as (name suffix, shape), in the order they sit in `params`.
    pub fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        match self {
            Op::Dense(dense) => dense.weights(),
            Op::Activation { .. } => Vec::new(),
        }
    }

    /// Total number of weight values (computed without allocating: it is checked every step).
    pub fn param_count(&self) -> usize {
        match self {
            Op::Dense(dense) => dense.param_count(),
            Op::Activation { .. } => 0,
        }
    }

    /// Computes the output (and the logits, when asked) from the input.
    pub fn forward(&self, args: ForwardArgs<'_>) -> Result<(), Error> {
        self.check_forward(&args)?;
        let ForwardArgs {
            rows,
            input,
            params,
            output,
            logits,
        } = args;
        match self {
            Op::Dense(dense) => dense.forward(rows, input, params, output, logits),
            Op::Activation { activation, width } => {
                if let Some(logits) = logits {
                    logits.copy_from_slice(input);
                }
                activation.apply(input, output, *width);
            }
        }
        Ok(())
    }

    /// Backpropagates `output_grad` into the weight and input gradients.
    pub fn backward(&self, args: BackwardArgs<'_>) -> Result<(), Error> {
        self.check_backward(&args)?;
        let BackwardArgs {
            rows,
            input,
            params,
            output,
            output_grad,
            upstream,
            param_grads,
            input_grad,
        } = args;
        // Every op ends with its activation: undo it first, unless the loss already did.
        if upstream == Upstream::Output {
            self.activation()
                .backward_in_place(output, output_grad, self.output_width());
        }
        let logits_grad: &[f32] = output_grad;
        match self {
            Op::Dense(dense) => {
                dense.backward(rows, input, params, logits_grad, param_grads, input_grad)
            }
            Op::Activation { .. } => match input_grad {
                InputGrad::Skip => {}
                InputGrad::Overwrite(dx) => dx.copy_from_slice(logits_grad),
                InputGrad::Accumulate(dx) => {
                    dx.iter_mut().zip(logits_grad).for_each(|(d, g)| *d += g)
                }
            },
        }
        Ok(())
    }

    fn check_forward(&self, args: &ForwardArgs<'_>) -> Result<(), Error> {
        self.check_widths()?;
        let out_len = self.output_width() * args.rows;
        check_len("input", args.input.len(), self.input_width() * args.rows)?;
        check_len("params", args.params.len(), self.param_count())?;
        check_len("output", args.output.len(), out_len)?;
        if let Some(logits) = &args.logits {
            check_len("logits", logits.len(), out_len)?;
        }
        Ok(())
    }

    fn check_backward(&self, args: &BackwardArgs<'_>) -> Result<(), Error> {
        self.check_widths()?;
        let (in_len, out_len) = (
            self.input_width() * args.rows,
            self.output_width() * args.rows,
        );
        check_len("input", args.input.len(), in_len)?;
        check_len("params", args.params.len(), self.param_count())?;
        check_len("output", args.output.len(), out_len)?;
        check_len("output_grad", args.output_grad.len(), out_len)?;
        check_len("param_grads", args.param_grads.len(), self.param_count())?;
        match &args.input_grad {
            InputGrad::Skip => Ok(()),
            InputGrad::Overwrite(dx) | InputGrad::Accumulate(dx) => {
                check_len("input_grad", dx.len(), in_len)
            }
        }
    }
}

impl Op {
    /// Rows are cut by width, so a zero width has no rows to cut.
    fn check_widths(&self) -> Result<(), Error> {
        for (argument, width) in [
            ("input_width", self.input_width()),
            ("output_width", self.output_width()),
        ] {
            if width == 0 {
                return Err(Error::invalid(argument, "a positive width", width));
            }
        }
        Ok(())
    }
}

fn check_len(argument: &str, actual: usize, expected: usize) -> Result<(), Error> {
    if actual == expected {
        Ok(())
    } else {
        Err(Error::shape(
            argument,
            format!("{expected} values"),
            format!("{actual} values"),
        ))
    }
}
