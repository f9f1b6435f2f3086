//! The closed set of graph operations, each with its forward and its backward side by side.
//! `backward` is an exhaustive `match`, so a new op does not compile without its gradient.
//!
//! Every op works on row-major `[rows × width]` views of its buffers: `rows` is the batch size
//! times the axes the op does not mix (for most ops, every axis but the last).

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::add;
use crate::graph::batch_norm::BatchNorm;
use crate::graph::concatenate;
use crate::graph::dense::Dense;
use crate::graph::dropout::Dropout;
use crate::graph::embedding::Embedding;
use crate::graph::layer_norm::LayerNorm;

/// A graph operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `y = activation(x·kernel + bias)`: matmul, bias and activation fused, as Keras's `Dense`.
    Dense(Dense),
    /// `y = activation(x)` over rows of `width`, as Keras's `Activation` layer.
    Activation {
        activation: Activation,
        width: usize,
    },
    /// Keras's `Dropout`: inverted dropout in training, the identity in inference.
    Dropout(Dropout),
    /// Keras's `Flatten` and `Reshape`: the same `size` values per sample, read with another
    /// shape (row-major data needs no move, only a copy into the output slot).
    Reshape { size: usize },
    /// Keras's `BatchNormalization` over the last axis.
    BatchNormalization(BatchNorm),
    /// Keras's `LayerNormalization` over rows of `width`.
    LayerNormalization(LayerNorm),
    /// Keras's `Embedding`: one table row per integer index.
    Embedding(Embedding),
    /// Keras's `Concatenate`: each row of the output is the inputs' rows side by side.
    Concatenate { widths: Vec<usize> },
    /// Keras's `Add`: the sum of `inputs` tensors of rows of `width`.
    Add { width: usize, inputs: usize },
}

/// Whether a pass trains (dropout active, batch statistics) or infers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Inference,
    /// `seed` draws this call's dropout mask.
    Training {
        seed: u64,
    },
}

impl Phase {
    pub fn is_training(self) -> bool {
        matches!(self, Phase::Training { .. })
    }
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

/// How a gradient is written into its buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradMode {
    /// Not needed (a model input, an index).
    Skip,
    /// The first writer: overwrite.
    Overwrite,
    /// Another writer came first: add to it.
    Accumulate,
}

/// Where, and how, an op writes one gradient.
#[derive(Debug)]
pub enum Grad<'a> {
    Skip,
    Overwrite(&'a mut [f32]),
    Accumulate(&'a mut [f32]),
}

impl<'a> Grad<'a> {
    /// The buffer to add into, zeroed first when overwriting; `None` when skipped.
    pub(crate) fn into_sum(self) -> Option<&'a mut [f32]> {
        match self {
            Grad::Skip => None,
            Grad::Overwrite(buffer) => {
                buffer.fill(0.0);
                Some(buffer)
            }
            Grad::Accumulate(buffer) => Some(buffer),
        }
    }
}

/// The tensors an op reads: `values[slots[i]]` is input `i`. Borrowing the graph's slot list
/// keeps a pass free of per-call allocations.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    values: &'a [Vec<f32>],
    slots: &'a [usize],
}

impl<'a> Inputs<'a> {
    pub fn new(values: &'a [Vec<f32>], slots: &'a [usize]) -> Inputs<'a> {
        Inputs { values, slots }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Input `i`; `check_forward`/`check_backward` have checked every slot exists.
    pub fn get(&self, i: usize) -> &'a [f32] {
        &self.values[self.slots[i]]
    }
}

/// The gradient buffers of an op's inputs: `grads[targets[i].0]`, written as `targets[i].1`
/// says. An op writes them in input order, so a tensor passed twice (`add(x, x)`) is
/// overwritten by its first use and accumulated by its second.
#[derive(Debug)]
pub struct InputGrads<'a> {
    grads: &'a mut [Vec<f32>],
    targets: &'a [(usize, GradMode)],
}

impl<'a> InputGrads<'a> {
    pub fn new(grads: &'a mut [Vec<f32>], targets: &'a [(usize, GradMode)]) -> InputGrads<'a> {
        InputGrads { grads, targets }
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Where input `i`'s gradient goes.
    pub fn get(&mut self, i: usize) -> Grad<'_> {
        let (slot, mode) = self.targets[i];
        match mode {
            GradMode::Skip => Grad::Skip,
            GradMode::Overwrite => Grad::Overwrite(&mut self.grads[slot]),
            GradMode::Accumulate => Grad::Accumulate(&mut self.grads[slot]),
        }
    }
}

/// The buffers of one forward call.
#[derive(Debug)]
pub struct ForwardArgs<'a> {
    pub rows: usize,
    pub inputs: Inputs<'a>,
    /// The op's trainable weights, in the order of `Op::weights`, back to back.
    pub params: &'a [f32],
    /// The op's non-trainable weights (`Op::state_weights`); training passes update them.
    pub state: &'a mut [f32],
    pub output: &'a mut [f32],
    /// Receives the value before the activation, when a loss needs logits.
    pub logits: Option<&'a mut [f32]>,
    /// `Op::scratch_len(rows)` values the op keeps for its backward (masks, statistics).
    pub scratch: &'a mut [f32],
    pub phase: Phase,
}

/// The buffers of one backward call, after a forward call with the same `phase`.
#[derive(Debug)]
pub struct BackwardArgs<'a> {
    pub rows: usize,
    pub inputs: Inputs<'a>,
    pub params: &'a [f32],
    pub state: &'a [f32],
    pub output: &'a [f32],
    /// The incoming gradient (see `upstream`); clobbered.
    pub output_grad: &'a mut [f32],
    pub upstream: Upstream,
    /// What the forward call left there; the backward may use the rest as it needs.
    pub scratch: &'a mut [f32],
    pub phase: Phase,
    /// `dL/dparams`, laid out like `params`.
    pub param_grads: Grad<'a>,
    pub input_grads: InputGrads<'a>,
}

impl Op {
    /// Number of inputs.
    pub fn arity(&self) -> usize {
        match self {
            Op::Concatenate { widths } => widths.len(),
            Op::Add { inputs, .. } => *inputs,
            _ => 1,
        }
    }

    /// Values per row of input `i`.
    pub fn input_width(&self, i: usize) -> usize {
        match self {
            Op::Dense(dense) => dense.in_features,
            Op::Activation { width, .. } | Op::Add { width, .. } => *width,
            Op::Dropout(dropout) => dropout.width,
            Op::Reshape { size } => *size,
            Op::BatchNormalization(norm) => norm.affine.width,
            Op::LayerNormalization(norm) => norm.affine.width,
            Op::Embedding(_) => 1,
            Op::Concatenate { widths } => widths.get(i).copied().unwrap_or(0),
        }
    }

    /// Values per row of the output.
    pub fn output_width(&self) -> usize {
        match self {
            Op::Dense(dense) => dense.units,
            Op::Embedding(embedding) => embedding.output_dim,
            Op::Concatenate { widths } => widths.iter().sum(),
            _ => self.input_width(0),
        }
    }

    /// The activation applied last, which a loss may read through (see `Loss::on_logits_of`).
    pub fn activation(&self) -> Activation {
        match self {
            Op::Dense(dense) => dense.activation,
            Op::Activation { activation, .. } => *activation,
            _ => Activation::Linear,
        }
    }

    /// The trainable weights as (name suffix, shape), in the order they sit in `params`.
    pub fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        match self {
            Op::Dense(dense) => dense.weights(),
            Op::BatchNormalization(norm) => norm.affine.weights(),
            Op::LayerNormalization(norm) => norm.affine.weights(),
            Op::Embedding(embedding) => embedding.weights(),
            _ => Vec::new(),
        }
    }

    /// The non-trainable weights as (name suffix, shape), in the order they sit in `state`.
    pub fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        match self {
            Op::BatchNormalization(norm) => norm.state_weights(),
            _ => Vec::new(),
        }
    }

    /// Total number of trainable values (computed without allocating: it is checked every step).
    pub fn param_count(&self) -> usize {
        match self {
            Op::Dense(dense) => dense.param_count(),
            Op::BatchNormalization(norm) => norm.affine.param_count(),
            Op::LayerNormalization(norm) => norm.affine.param_count(),
            Op::Embedding(embedding) => embedding.param_count(),
            _ => 0,
        }
    }

    /// Total number of non-trainable values.
    pub fn state_count(&self) -> usize {
        match self {
            Op::BatchNormalization(norm) => 2 * norm.affine.width,
            _ => 0,
        }
    }

    /// Values the op keeps between its forward and backward over `rows` rows.
    pub fn scratch_len(&self, rows: usize) -> usize {
        match self {
            Op::Dropout(dropout) => rows * dropout.width,
            Op::BatchNormalization(norm) => 4 * norm.affine.width,
            Op::LayerNormalization(_) => 2 * rows,
            _ => 0,
        }
    }

    /// Computes the output (and the logits, when asked) from the inputs.
    pub fn forward(&self, args: ForwardArgs<'_>) -> Result<(), Error> {
        self.check_forward(&args)?;
        let ForwardArgs {
            rows,
            inputs,
            params,
            state,
            output,
            logits,
            scratch,
            phase,
        } = args;
        match self {
            Op::Dense(dense) => {
                dense.forward(rows, inputs.get(0), params, output, logits);
                return Ok(());
            }
            Op::Activation { activation, width } => {
                if let Some(logits) = logits {
                    logits.copy_from_slice(inputs.get(0));
                }
                activation.apply(inputs.get(0), output, *width);
                return Ok(());
            }
            Op::Dropout(dropout) => dropout.forward(inputs.get(0), output, scratch, phase),
            Op::Reshape { .. } => output.copy_from_slice(inputs.get(0)),
            Op::BatchNormalization(norm) => {
                norm.forward(rows, inputs.get(0), params, state, output, scratch, phase)
            }
            Op::LayerNormalization(norm) => {
                norm.forward(rows, inputs.get(0), params, output, scratch)
            }
            Op::Embedding(embedding) => embedding.forward(inputs.get(0), params, output)?,
            Op::Concatenate { widths } => concatenate::forward(widths, inputs, output),
            Op::Add { .. } => add::forward(inputs, output),
        }
        // Without an activation, the logits are the output.
        if let Some(logits) = logits {
            logits.copy_from_slice(output);
        }
        Ok(())
    }

    /// Backpropagates `output_grad` into the weight and input gradients.
    pub fn backward(&self, args: BackwardArgs<'_>) -> Result<(), Error> {
        self.check_backward(&args)?;
        let BackwardArgs {
            rows,
            inputs,
            params,
            state: _,
            output,
            output_grad,
            upstream,
            scratch,
            phase,
            param_grads,
            mut input_grads,
        } = args;
        // Every op ends with its activation: undo it first, unless the loss already did.
        if upstream == Upstream::Output {
            self.activation()
                .backward_in_place(output, output_grad, self.output_width());
        }
        let logits_grad: &[f32] = output_grad;
        match self {
            Op::Dense(dense) => dense.backward(
                rows,
                inputs.get(0),
                params,
                logits_grad,
                param_grads,
                input_grads.get(0),
            ),
            Op::Activation { .. } | Op::Reshape { .. } => {
                pass_through(logits_grad, input_grads.get(0))
            }
            Op::Dropout(dropout) => {
                dropout.backward(logits_grad, scratch, phase, input_grads.get(0))
            }
            Op::BatchNormalization(norm) => norm.backward(
                rows,
                inputs.get(0),
                params,
                logits_grad,
                scratch,
                phase,
                param_grads,
                input_grads.get(0),
            ),
            Op::LayerNormalization(norm) => norm.backward(
                rows,
                inputs.get(0),
                params,
                logits_grad,
                scratch,
                param_grads,
                input_grads.get(0),
            ),
            Op::Embedding(embedding) => {
                embedding.backward(inputs.get(0), logits_grad, param_grads, input_grads.get(0))
            }
            Op::Concatenate { widths } => {
                concatenate::backward(widths, logits_grad, &mut input_grads)
            }
            Op::Add { .. } => add::backward(logits_grad, &mut input_grads),
        }
        Ok(())
    }

    fn check_forward(&self, args: &ForwardArgs<'_>) -> Result<(), Error> {
        self.check_widths()?;
        let out_len = self.output_width() * args.rows;
        check_arity("inputs", args.inputs.len(), self.arity())?;
        for i in 0..self.arity() {
            let slot = args.inputs.slots[i];
            let len = args.inputs.values.get(slot).map_or(0, Vec::len);
            check_nth_len("inputs", i, len, self.input_width(i) * args.rows)?;
        }
        check_len("params", args.params.len(), self.param_count())?;
        check_len("state", args.state.len(), self.state_count())?;
        check_len("output", args.output.len(), out_len)?;
        check_len("scratch", args.scratch.len(), self.scratch_len(args.rows))?;
        if let Some(logits) = &args.logits {
            check_len("logits", logits.len(), out_len)?;
        }
        Ok(())
    }

    fn check_backward(&self, args: &BackwardArgs<'_>) -> Result<(), Error> {
        self.check_widths()?;
        let out_len = self.output_width() * args.rows;
        check_arity("inputs", args.inputs.len(), self.arity())?;
        check_arity("input_grads", args.input_grads.len(), self.arity())?;
        for i in 0..self.arity() {
            let in_len = self.input_width(i) * args.rows;
            let slot = args.inputs.slots[i];
            let len = args.inputs.values.get(slot).map_or(0, Vec::len);
            check_nth_len("inputs", i, len, in_len)?;
            let (grad_slot, mode) = args.input_grads.targets[i];
            if mode != GradMode::Skip {
                let len = args.input_grads.grads.get(grad_slot).map_or(0, Vec::len);
                check_nth_len("input_grads", i, len, in_len)?;
            }
        }
        check_len("params", args.params.len(), self.param_count())?;
        check_len("state", args.state.len(), self.state_count())?;
        check_len("output", args.output.len(), out_len)?;
        check_len("output_grad", args.output_grad.len(), out_len)?;
        check_len("scratch", args.scratch.len(), self.scratch_len(args.rows))?;
        match &args.param_grads {
            Grad::Skip => Ok(()),
            Grad::Overwrite(grads) | Grad::Accumulate(grads) => {
                check_len("param_grads", grads.len(), self.param_count())
            }
        }
    }

    /// Rows are cut by width, so a zero width has no rows to cut.
    fn check_widths(&self) -> Result<(), Error> {
        let output = ("output_width", self.output_width());
        let inputs = (0..self.arity()).map(|i| ("input_width", self.input_width(i)));
        for (argument, width) in inputs.chain([output]) {
            if width == 0 {
                return Err(Error::invalid(argument, "a positive width", width));
            }
        }
        if self.arity() == 0 {
            return Err(Error::invalid("inputs", "at least one input", 0));
        }
        Ok(())
    }
}

/// `dx = dy` for ops whose Jacobian is the identity once the activation is undone.
pub(crate) fn pass_through(dy: &[f32], dx: Grad<'_>) {
    match dx {
        Grad::Skip => {}
        Grad::Overwrite(dx) => dx.copy_from_slice(dy),
        Grad::Accumulate(dx) => dx.iter_mut().zip(dy).for_each(|(d, g)| *d += g),
    }
}

fn check_arity(argument: &str, actual: usize, expected: usize) -> Result<(), Error> {
    if actual == expected {
        Ok(())
    } else {
        Err(Error::invalid(
            argument,
            format!("{expected} tensors, one per input of the op"),
            format!("{actual} tensors"),
        ))
    }
}

/// `check_len` for `argument[i]`, naming it only on a mismatch: checks run every step, and
/// must not allocate then.
fn check_nth_len(argument: &str, i: usize, actual: usize, expected: usize) -> Result<(), Error> {
    if actual == expected {
        Ok(())
    } else {
        check_len(&format!("{argument}[{i}]"), actual, expected)
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
