//! The layer graph: a DAG of layer calls ("nodes") over "slots" (the model inputs first, then
//! one slot per node, in topological order), flat weight vectors, and forward/backward passes
//! over a `Workspace`. A layer called by several nodes (a shared layer) has one set of weights:
//! its nodes read the same values and add up their gradients.

mod builder;
mod layer;
mod op;
mod workspace;

pub use crate::layers::{Op, LAYER_KINDS};
pub(crate) use op::pass_through;
pub use op::{BackwardArgs, ForwardArgs, Grad, GradMode, InputGrads, Inputs, Phase, Upstream};
use workspace::CsrBatches;
pub(crate) use workspace::Workspace;

use crate::activation::Activation;
use crate::error::Error;
use crate::kernels::sparse::CsrView;
use crate::layers::dense::DenseOp;
use crate::regularizer::Regularizer;
use crate::weight::Weight;
use std::ops::Range;

/// One layer call.
#[derive(Debug, Clone)]
struct Node {
    op: Op,
    /// Index into `Graph::layers`.
    layer: usize,
    /// Slots of the inputs.
    inputs: Vec<usize>,
    /// The same slots, with how the op writes each one's gradient.
    grad_targets: Vec<(usize, GradMode)>,
    /// How the op writes its layer's weight gradients (a shared layer's nodes add up).
    param_mode: GradMode,
    /// Rows of the op's `[rows × width]` view per sample.
    rows_per_sample: usize,
}

/// A layer's share of the weight vectors, and what its calls need besides the op.
#[derive(Debug, Clone)]
struct LayerSlot {
    name: String,
    /// Trainable weights, in `Graph::parameters`.
    params: Range<usize>,
    /// Non-trainable weights, in `Graph::state`.
    state: Range<usize>,
    /// Where the layer's dropout masks come from.
    seed: u64,
    activity_regularizer: Option<Regularizer>,
}

/// A named weight inside one of the flat weight vectors.
#[derive(Debug, Clone)]
struct WeightSlot {
    name: String,
    shape: Vec<usize>,
    /// In `Graph::parameters` (the optimizer's) when true, in `Graph::state` otherwise.
    trainable: bool,
    range: Range<usize>,
    regularizer: Option<Regularizer>,
}

/// A built model graph and its weights.
#[derive(Debug, Clone)]
pub(crate) struct Graph {
    /// Per-sample shape of every slot.
    shapes: Vec<Vec<usize>>,
    /// Slots `0..input_count` are the model inputs; node `k` writes slot `input_count + k`.
    input_count: usize,
    /// The output slots, in model output order.
    outputs: Vec<usize>,
    /// Keras's output names: the layer that computes each output (or the input's name).
    output_names: Vec<String>,
    nodes: Vec<Node>,
    layers: Vec<LayerSlot>,
    weights: Vec<WeightSlot>,
    /// The trainable weights, back to back: what the optimizer updates.
    parameters: Vec<f32>,
    gradients: Vec<f32>,
    /// The non-trainable weights (moving statistics).
    state: Vec<f32>,
}

impl Graph {
    /// Per-sample shapes of the model inputs, in order.
    pub(crate) fn input_shapes(&self) -> &[Vec<usize>] {
        &self.shapes[..self.input_count]
    }

    /// Per-sample shape of output `i`.
    pub(crate) fn output_shape(&self, i: usize) -> &[usize] {
        &self.shapes[self.outputs[i]]
    }

    pub(crate) fn output_count(&self) -> usize {
        self.outputs.len()
    }

    /// Keras's name of each output: the name of the layer that computes it.
    pub(crate) fn output_names(&self) -> &[String] {
        &self.output_names
    }

    /// The slot model input `i` is written to.
    pub(crate) fn input_slot(&self, i: usize) -> usize {
        i
    }

    /// The slot output `i` is read from.
    pub(crate) fn output_slot(&self, i: usize) -> usize {
        self.outputs[i]
    }

    /// The activation output `i` ends with, when a loss may read its logits instead: linear
    /// when the output is a model input, feeds other nodes (their gradients are with respect to
    /// the activated values) or has an activity regularizer (likewise).
    pub(crate) fn output_activation(&self, i: usize) -> Activation {
        let slot = self.outputs[i];
        let Some(k) = slot.checked_sub(self.input_count) else {
            return Activation::Linear;
        };
        let node = &self.nodes[k];
        let consumed = self.nodes[k + 1..]
            .iter()
            .any(|later| later.inputs.contains(&slot));
        if consumed || self.layers[node.layer].activity_regularizer.is_some() {
            Activation::Linear
        } else {
            node.op.activation()
        }
    }

    /// Fresh buffers for this graph; `output_logits[i]` keeps output `i`'s pre-activation values.
    pub(crate) fn workspace(&self, output_logits: &[bool]) -> Workspace {
        let sample_sizes = self.shapes.iter().map(|s| s.iter().product()).collect();
        let slots = self.shapes.len();
        let mut keeps_logits = vec![false; slots];
        // Every output has a gradient buffer, for the loss to write even with no layers.
        let mut has_grad: Vec<bool> = (0..slots).map(|slot| slot >= self.input_count).collect();
        for (i, &slot) in self.outputs.iter().enumerate() {
            keeps_logits[slot] =
                slot >= self.input_count && output_logits.get(i).copied().unwrap_or(false);
            has_grad[slot] = true;
        }
        let scratch_sizes = self
            .nodes
            .iter()
            .map(|node| {
                let fixed = node.op.scratch_len(0);
                (node.op.scratch_len(node.rows_per_sample) - fixed, fixed)
            })
            .collect();
        Workspace::new(
            self.input_count,
            sample_sizes,
            keeps_logits,
            has_grad,
            scratch_sizes,
        )
    }

    /// Runs every node over the batch in `workspace` (whose input slots are filled). A training
    /// pass (`Some(step)`, the optimizer's step count) moves the batch normalizations' moving
    /// statistics and draws dropout masks from the step, so a model restored with its optimizer
    /// state draws the masks the original would have.
    pub(crate) fn forward(
        &mut self,
        workspace: &mut Workspace,
        training_step: Option<u64>,
    ) -> Result<(), Error> {
        let batch = workspace.batch;
        workspace.training = training_step.is_some();
        for (k, node) in self.nodes.iter().enumerate() {
            let slot = self.input_count + k;
            let layer = &self.layers[node.layer];
            let (before, rest) = workspace.values.split_at_mut(slot);
            let logits = if workspace.keeps_logits[slot] {
                Some(workspace.logits[slot].as_mut_slice())
            } else {
                None
            };
            let params = &self.parameters[layer.params.clone()];
            if let Some((dense, input)) = csr_input(self.input_count, node, &workspace.csr) {
                dense.forward_csr(input, params, &mut rest[0], logits);
                continue;
            }
            let phase = match training_step {
                Some(step) => Phase::Training {
                    seed: noise_seed(layer.seed, step, k as u64),
                },
                None => Phase::Inference,
            };
            node.op
                .forward(ForwardArgs {
                    rows: batch * node.rows_per_sample,
                    inputs: Inputs::new(before, &node.inputs),
                    params,
                    state: &mut self.state[layer.state.clone()],
                    output: &mut rest[0],
                    logits,
                    scratch: &mut workspace.scratch[k],
                    phase,
                })
                .map_err(|e| in_layer(e, &layer.name))?;
        }
        Ok(())
    }

    /// Whether model input `slot` may be gathered as CSR: it has flat samples and feeds only
    /// Dense layers (which then run on its non-zeros), and is no model output.
    pub(crate) fn reads_csr(&self, slot: usize) -> bool {
        let mut consumers = self
            .nodes
            .iter()
            .filter(|node| node.inputs.contains(&slot))
            .peekable();
        slot < self.input_count
            && self.shapes[slot].len() == 1
            && !self.outputs.contains(&slot)
            && consumers.peek().is_some()
            && consumers.all(|node| matches!(node.op, Op::Dense(_)) && node.rows_per_sample == 1)
    }

    /// The units of the Dense layers reading `slot`: the multiply-adds per non-zero of a CSR
    /// input there.
    pub(crate) fn units_reading(&self, slot: usize) -> usize {
        (self.nodes.iter())
            .filter(|node| node.inputs.contains(&slot))
            .map(|node| match &node.op {
                Op::Dense(dense) => dense.units,
                _ => 0,
            })
            .sum()
    }

    /// The regularization penalty Keras adds to the loss: every weight regularizer on its
    /// weight, plus every activity regularizer on its call's output of the last forward pass,
    /// summed over the batch, not averaged: Keras 3's `Layer.__call__` adds
    /// `activity_regularizer(output)` as it is (tf.keras 2 divided by the batch size).
    pub(crate) fn penalty(&self, workspace: &Workspace) -> f64 {
        let on_weights: f64 = self
            .weights
            .iter()
            .filter(|w| w.trainable)
            .filter_map(|w| {
                let regularizer = w.regularizer?;
                Some(regularizer.penalty(&self.parameters[w.range.clone()]))
            })
            .sum();
        let on_activity: f64 = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(k, node)| {
                let regularizer = self.layers[node.layer].activity_regularizer?;
                Some(regularizer.penalty(&workspace.values[self.input_count + k]))
            })
            .sum();
        on_weights + on_activity
    }

    /// Backpropagates the output gradients (already in the workspace; `upstream[i]` says what
    /// output `i`'s holds) and the regularization penalty, and leaves `dL/dparameters` in the
    /// flat gradient vector.
    pub(crate) fn backward(
        &mut self,
        workspace: &mut Workspace,
        upstream: &[Upstream],
    ) -> Result<(), Error> {
        let batch = workspace.batch;
        let phase = if workspace.training {
            Phase::Training { seed: 0 }
        } else {
            Phase::Inference
        };
        for (k, node) in self.nodes.iter().enumerate().rev() {
            let slot = self.input_count + k;
            let layer = &self.layers[node.layer];
            let (before, rest) = workspace.grads.split_at_mut(slot);
            let output_grad = &mut rest[0];
            if let Some(regularizer) = layer.activity_regularizer {
                regularizer.add_gradient(&workspace.values[slot], 1.0, output_grad);
            }
            let upstream = self
                .outputs
                .iter()
                .position(|&s| s == slot)
                .and_then(|i| upstream.get(i).copied())
                .unwrap_or(Upstream::Output);
            let params = layer.params.clone();
            let param_grads = &mut self.gradients[params.clone()];
            let param_grads = match node.param_mode {
                GradMode::Skip => Grad::Skip,
                GradMode::Overwrite => Grad::Overwrite(param_grads),
                GradMode::Accumulate => Grad::Accumulate(param_grads),
            };
            if let Some((dense, input)) = csr_input(self.input_count, node, &workspace.csr) {
                if upstream == Upstream::Output {
                    dense.activation.backward_in_place(
                        &workspace.values[slot],
                        output_grad,
                        dense.units,
                    );
                }
                dense.backward_csr(input, output_grad, param_grads);
                continue;
            }
            node.op
                .backward(BackwardArgs {
                    rows: batch * node.rows_per_sample,
                    inputs: Inputs::new(&workspace.values, &node.inputs),
                    params: &self.parameters[params],
                    state: &self.state[layer.state.clone()],
                    output: &workspace.values[slot],
                    output_grad,
                    upstream,
                    scratch: &mut workspace.scratch[k],
                    phase,
                    param_grads,
                    input_grads: InputGrads::new(before, &node.grad_targets),
                })
                .map_err(|e| in_layer(e, &layer.name))?;
        }
        for weight in self.weights.iter().filter(|w| w.trainable) {
            if let Some(regularizer) = weight.regularizer {
                let range = weight.range.clone();
                regularizer.add_gradient(
                    &self.parameters[range.clone()],
                    1.0,
                    &mut self.gradients[range],
                );
            }
        }
        Ok(())
    }

    /// The trainable weights, mutable, with their gradients from the last backward pass.
    pub(crate) fn parameters_and_gradients(&mut self) -> (&mut [f32], &[f32]) {
        (&mut self.parameters, &self.gradients)
    }

    /// Each trainable weight's range in the flat parameter vector (the optimizer's variables).
    pub(crate) fn variables(&self) -> Vec<Range<usize>> {
        self.weights
            .iter()
            .filter(|w| w.trainable)
            .map(|w| w.range.clone())
            .collect()
    }

    /// Number of trainable weight values (the optimizer's).
    pub(crate) fn parameter_count(&self) -> usize {
        self.parameters.len()
    }

    /// Copies of every weight, layer by layer, each layer's trainable weights first (Keras's
    /// `model.weights` order).
    pub(crate) fn weights(&self) -> Vec<Weight> {
        self.weights
            .iter()
            .map(|w| Weight {
                name: w.name.clone(),
                shape: w.shape.clone(),
                trainable: w.trainable,
                data: self.values_of(w).to_vec(),
            })
            .collect()
    }

    fn values_of(&self, weight: &WeightSlot) -> &[f32] {
        if weight.trainable {
            &self.parameters[weight.range.clone()]
        } else {
            &self.state[weight.range.clone()]
        }
    }

    /// Replaces every weight, in `weights()` order; nothing changes unless all of them fit.
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
            let target = if slot.trainable {
                &mut self.parameters[slot.range.clone()]
            } else {
                &mut self.state[slot.range.clone()]
            };
            target.copy_from_slice(value);
        }
        Ok(())
    }
}

/// A seed for stream `b` of stream `a` (SplitMix64 finalizers), so the masks of every
/// (layer, pass, call) are independent and the same on every platform.
pub(crate) fn noise_seed(layer_seed: u64, pass: u64, call: u64) -> u64 {
    mix(mix(layer_seed, pass), call)
}

fn mix(a: u64, b: u64) -> u64 {
    splitmix64(a ^ splitmix64(b))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The Dense op of `node` with its input's CSR batch, when the node reads a model input that
/// was gathered as CSR.
fn csr_input<'w>(
    input_count: usize,
    node: &'w Node,
    csr: &'w CsrBatches,
) -> Option<(&'w DenseOp, CsrView<'w>)> {
    let Op::Dense(dense) = &node.op else {
        return None;
    };
    match node.inputs.as_slice() {
        &[slot] if slot < input_count => Some((dense, csr.get(slot)?)),
        _ => None,
    }
}

/// An embedding's bad index names the layer it reached.
fn in_layer(error: Error, layer: &str) -> Error {
    match error {
        Error::IndexOutOfRange {
            argument,
            index,
            input_dim,
            received,
        } => Error::IndexOutOfRange {
            argument: format!("{layer}.{argument}"),
            index,
            input_dim,
            received,
        },
        other => other,
    }
}
