//! The layer graph: a DAG of ops over "slots" (model inputs first, then one slot per layer, in
//! topological order), a flat parameter vector, and forward/backward passes over a `Workspace`.
//! Multiple inputs, outputs and shared consumers only change how slots are wired, not the passes.

mod builder;
mod dense;
mod op;
mod workspace;

pub use dense::Dense;
pub use op::{BackwardArgs, ForwardArgs, InputGrad, Op, Upstream};
pub(crate) use workspace::Workspace;

use crate::activation::Activation;
use crate::error::Error;
use crate::weight::Weight;
use std::ops::Range;

/// How a layer's backward writes the gradient of one of its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GradMode {
    /// A model input: no gradient needed.
    Skip,
    /// First consumer in backward order: overwrite.
    Overwrite,
    /// A later consumer: accumulate.
    Accumulate,
}

/// One layer call.
#[derive(Debug, Clone)]
struct Node {
    op: Op,
    /// Slots of the inputs, with how each one's gradient is written.
    inputs: Vec<(usize, GradMode)>,
    /// This node's weights inside the flat parameter vector.
    params: Range<usize>,
    /// Rows of the `[rows × width]` view per sample: the product of all axes but the last.
    rows_per_sample: usize,
}

/// A named weight inside the flat parameter vector.
#[derive(Debug, Clone)]
struct WeightSlot {
    name: String,
    shape: Vec<usize>,
    range: Range<usize>,
}

/// A built model graph and its weights.
#[derive(Debug, Clone)]
pub(crate) struct Graph {
    /// Per-sample shape of every slot.
    shapes: Vec<Vec<usize>>,
    input_slot: usize,
    output_slot: usize,
    /// `nodes[k]` writes slot `first_node_slot + k`.
    first_node_slot: usize,
    nodes: Vec<Node>,
    weights: Vec<WeightSlot>,
    parameters: Vec<f32>,
    gradients: Vec<f32>,
}

impl Graph {
    pub(crate) fn input_shape(&self) -> &[usize] {
        &self.shapes[self.input_slot]
    }

    pub(crate) fn output_shape(&self) -> &[usize] {
        &self.shapes[self.output_slot]
    }

    pub(crate) fn input_slot(&self) -> usize {
        self.input_slot
    }

    pub(crate) fn output_slot(&self) -> usize {
        self.output_slot
    }

    /// The activation the output ends with (linear when the output is a model input).
    pub(crate) fn output_activation(&self) -> Activation {
        self.output_slot
            .checked_sub(self.first_node_slot)
            .map_or(Activation::Linear, |k| self.nodes[k].op.activation())
    }

    /// Fresh buffers for this graph; `output_logits` keeps the output's pre-activation values.
    pub(crate) fn workspace(&self, output_logits: bool) -> Workspace {
        let sample_sizes = self.shapes.iter().map(|s| s.iter().product()).collect();
        let slots = self.shapes.len();
        let keeps_logits = (0..slots)
            .map(|slot| output_logits && slot == self.output_slot && slot >= self.first_node_slot)
            .collect();
        // The output always has a gradient buffer, for the loss to write even with no layers.
        let has_grad = (0..slots)
            .map(|slot| slot >= self.first_node_slot || slot == self.output_slot)
            .collect();
        Workspace::new(sample_sizes, keeps_logits, has_grad)
    }

    /// Runs every layer over the batch in `workspace` (whose input slot is filled).
    pub(crate) fn forward(&self, workspace: &mut Workspace) -> Result<(), Error> {
        let batch = workspace.batch;
        for (k, node) in self.nodes.iter().enumerate() {
            let slot = self.first_node_slot + k;
            let (before, rest) = workspace.values.split_at_mut(slot);
            let logits = if workspace.keeps_logits[slot] {
                Some(workspace.logits[slot].as_mut_slice())
            } else {
                None
            };
            node.op.forward(ForwardArgs {
                rows: batch * node.rows_per_sample,
                input: &before[node.inputs[0].0],
                params: &self.parameters[node.params.clone()],
                output: &mut rest[0],
                logits,
            })?;
        }
        Ok(())
    }

    /// Backpropagates the output gradient (already in the workspace, as `upstream` says) and
    /// leaves `dL/dparameters` in the flat gradient vector.
    pub(crate) fn backward(
        &mut self,
        workspace: &mut Workspace,
        upstream: Upstream,
    ) -> Result<(), Error> {
        let batch = workspace.batch;
        for (k, node) in self.nodes.iter().enumerate().rev() {
            let slot = self.first_node_slot + k;
            let (input_slot, mode) = node.inputs[0];
            let (before, rest) = workspace.grads.split_at_mut(slot);
            let input_grad = match mode {
                GradMode::Skip => InputGrad::Skip,
                GradMode::Overwrite => InputGrad::Overwrite(&mut before[input_slot]),
                GradMode::Accumulate => InputGrad::Accumulate(&mut before[input_slot]),
            };
            node.op.backward(BackwardArgs {
                rows: batch * node.rows_per_sample,
                input: &workspace.values[input_slot],
                params: &self.parameters[node.params.clone()],
                output: &workspace.values[slot],
                output_grad: &mut rest[0],
                upstream: if slot == self.output_slot {
                    upstream
                } else {
                    Upstream::Output
                },
                param_grads: &mut self.gradients[node.params.clone()],
                input_grad,
            })?;
        }
        Ok(())
    }

    /// The flat weights, mutable, with their gradients from the last backward pass.
    pub(crate) fn parameters_and_gradients(&mut self) -> (&mut [f32], &[f32]) {
        (&mut self.parameters, &self.gradients)
    }

    /// Number of weight values.
    pub(crate) fn parameter_count(&self) -> usize {
        self.parameters.len()
    }

    /// Copies of every weight, in creation order.
    pub(crate) fn weights(&self) -> Vec<Weight> {
        self.weights
            .iter()
            .map(|w| Weight {
                name: w.name.clone(),
                shape: w.shape.clone(),
                data: self.parameters[w.range.clone()].to_vec(),
            })
            .collect()
    }

    /// Replaces every weight; nothing changes unless all of them fit.
    pub(crate) fn set_weights(&mut self, values: &[Vec<f32>]) -> Result<(), Error> {
        if values.len() != self.weights.len() {
            return Err(Error::invalid(
                "weights",
                format!(
                    "a list of {} weight arrays, one per model weight",
                    self.weights.len()
                ),
                format!("a list of {} arrays", values.len()),
            ));
        }
        for (i, (slot, value)) in self.weights.iter().zip(values).enumerate() {
            if value.len() != slot.range.len() {
                return Err(Error::shape(
                    format!("weights[{i}]"),
                    format!(
                        "{} values for weight '{}' of shape {}",
                        slot.range.len(),
                        slot.name,
                        crate::error::format_shape(&slot.shape)
                    ),
                    format!("{} values", value.len()),
                ));
            }
        }
        for (slot, value) in self.weights.iter().zip(values) {
            self.parameters[slot.range.clone()].copy_from_slice(value);
        }
        Ok(())
    }
}
