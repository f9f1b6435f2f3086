//! What every layer kind provides (`LayerKind`) and what the op it compiles to provides
//! (`OpKernel`). Neither trait has default methods, so a new kind states every answer, and the
//! registry's dispatch (see `layers/mod.rs`) has no arm a new kind could fall through.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::{Grad, InputGrads, Inputs, Phase};
use crate::layers::weights::PlannedWeight;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A layer kind: its Keras configuration, how it is validated, and what one call compiles to.
pub trait LayerKind: Sized {
    /// The Keras arguments, snake_case, with Keras's defaults where Keras has one.
    type Config: DeserializeOwned + Serialize;
    /// The graph operation a call of the layer runs.
    type Op: OpKernel;

    /// Validates a parsed configuration; `at` names its fields in errors.
    fn from_config(config: &Self::Config, at: &ConfigAt) -> Result<Self, Error>;

    /// What a call on inputs of per-sample `shapes` (no batch axis) becomes.
    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<Self::Op>, Error>;

    /// The seed of the layer's random noise, when its configuration fixes one.
    fn noise_seed(&self) -> Option<u64>;

    /// Configurations and input shapes that exercise the kind: every one is gradient-checked,
    /// and conformance tests compare them across the JS boundary.
    fn examples() -> Vec<Example>;
}

/// The kernel of a graph operation on row-major `[rows × width]` views of its buffers (`rows`
/// is the batch times the axes the op does not mix).
pub trait OpKernel {
    /// Number of inputs.
    fn arity(&self) -> usize;
    /// Values per row of input `i`.
    fn input_width(&self, i: usize) -> usize;
    /// Values per row of the output.
    fn output_width(&self) -> usize;
    /// The activation applied to the kernel's output (`Linear` for none), which a loss may
    /// read through (see `Loss::on_logits_of`).
    fn activation(&self) -> Activation;
    /// The trainable weights as (name suffix, shape), in the order they sit in `params`.
    fn weights(&self) -> Vec<(&'static str, Vec<usize>)>;
    /// The non-trainable weights as (name suffix, shape), in the order they sit in `state`.
    fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)>;
    /// Total number of trainable values (without allocating: it is checked every step).
    fn param_count(&self) -> usize;
    /// Total number of non-trainable values.
    fn state_count(&self) -> usize;
    /// Values the op keeps between its forward and backward over `rows` rows.
    fn scratch_len(&self, rows: usize) -> usize;
    /// Writes the output before the activation (`Op::forward` applies it).
    fn forward(&self, pass: KernelForward<'_>) -> Result<(), Error>;
    /// Backpropagates the gradient with respect to the pre-activation output.
    fn backward(&self, pass: KernelBackward<'_>);
}

/// The buffers of one kernel forward, checked by `Op::forward`.
#[derive(Debug)]
pub struct KernelForward<'a> {
    pub rows: usize,
    pub inputs: Inputs<'a>,
    pub params: &'a [f32],
    /// Training passes update the non-trainable weights here.
    pub state: &'a mut [f32],
    pub output: &'a mut [f32],
    /// `scratch_len(rows)` values kept for the backward (masks, statistics).
    pub scratch: &'a mut [f32],
    pub phase: Phase,
}

/// The buffers of one kernel backward, after a forward in the same `phase`.
#[derive(Debug)]
pub struct KernelBackward<'a> {
    pub rows: usize,
    pub inputs: Inputs<'a>,
    pub params: &'a [f32],
    pub state: &'a [f32],
    /// `dL/dz`, the gradient with respect to the pre-activation output.
    pub logits_grad: &'a [f32],
    /// What the forward left there; the backward may use the rest as it needs.
    pub scratch: &'a mut [f32],
    pub phase: Phase,
    pub param_grads: Grad<'a>,
    pub input_grads: InputGrads<'a>,
}

/// What one call of a layer becomes.
#[derive(Debug, Clone)]
pub struct Call<O> {
    pub op: O,
    /// Per-sample output shape.
    pub shape: Vec<usize>,
    /// Rows of the op's `[rows × width]` view per sample.
    pub rows_per_sample: usize,
    /// Trainable weights in `op.weights()` order, then the others in `op.state_weights()` order.
    pub weights: Vec<PlannedWeight>,
}

impl<O> Call<O> {
    /// The same call with its op wrapped (into an `Op` variant).
    pub fn map_op<P>(self, wrap: impl FnOnce(O) -> P) -> Call<P> {
        Call {
            op: wrap(self.op),
            shape: self.shape,
            rows_per_sample: self.rows_per_sample,
            weights: self.weights,
        }
    }
}

/// A configuration and the inputs to call it on.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub config: serde_json::Value,
    /// Per-sample input shapes.
    pub input_shapes: Vec<Vec<usize>>,
    /// When the inputs are integer indices: they must lie in `[0, indices_below)`.
    pub indices_below: Option<usize>,
}

impl Example {
    /// An example on float inputs.
    pub fn new(config: serde_json::Value, input_shapes: &[&[usize]]) -> Example {
        Example {
            config,
            input_shapes: input_shapes.iter().map(|s| s.to_vec()).collect(),
            indices_below: None,
        }
    }
}

/// Names a layer's fields in errors: `layers[2].config.rate` in a model, `config.rate` alone.
#[derive(Debug, Clone)]
pub struct ConfigAt {
    prefix: String,
}

impl ConfigAt {
    /// Layer `index` of a ModelSpec.
    pub fn layer(index: usize) -> ConfigAt {
        ConfigAt {
            prefix: format!("layers[{index}]."),
        }
    }

    /// A layer described on its own.
    pub fn alone() -> ConfigAt {
        ConfigAt {
            prefix: String::new(),
        }
    }

    /// A field of the layer spec (`kind`, `config`).
    pub fn field(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// A field of the layer's configuration.
    pub fn config(&self, name: &str) -> String {
        format!("{}config.{name}", self.prefix)
    }
}

/// Names one call of a layer in errors: the layer, its configuration, and the node.
#[derive(Debug, Clone, Copy)]
pub struct CallSite<'a> {
    /// The layer's name.
    pub layer: &'a str,
    pub config: &'a ConfigAt,
    /// The node, e.g. `nodes[3]`.
    pub node: &'a str,
}

impl CallSite<'_> {
    /// The node's inputs.
    pub fn inputs(&self) -> String {
        format!("{}.inputs", self.node)
    }

    /// The single input of a layer that takes one.
    pub fn single<'s>(&self, shapes: &[&'s [usize]]) -> Result<&'s [usize], Error> {
        match shapes {
            [shape] => Ok(shape),
            _ => Err(Error::invalid(
                self.inputs(),
                format!("exactly one input for the '{}' layer", self.layer),
                format!("{} inputs", shapes.len()),
            )),
        }
    }
}
