//! Keras's `Activation` layer: `y = activation(x)`, the activation over the last axis. The
//! kernel passes the input through; `Op::forward` applies the activation, as for every op.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::pass_through;
use crate::layers::args::{last, rows_before_last};
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.Activation` arguments.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationConfig {
    pub activation: String,
}

/// A validated `Activation` layer.
#[derive(Debug, Clone)]
pub struct ActivationLayer {
    activation: Activation,
}

impl LayerKind for ActivationLayer {
    type Config = ActivationConfig;
    type Op = ActivationOp;

    fn from_config(c: &ActivationConfig, at: &ConfigAt) -> Result<ActivationLayer, Error> {
        Ok(ActivationLayer {
            activation: Activation::from_name(&c.activation, &at.config("activation"))?,
        })
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<ActivationOp>, Error> {
        let shape = site.single(shapes)?;
        Ok(Call {
            op: ActivationOp {
                activation: self.activation,
                width: last(shape),
            },
            shape: shape.to_vec(),
            rows_per_sample: rows_before_last(shape),
            weights: Vec::new(),
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        let mut examples: Vec<Example> = Activation::NAMES
            .iter()
            .map(|name| Example::new(json!({ "activation": name }), &[&[5]]))
            .collect();
        examples.push(Example::new(json!({"activation": "softmax"}), &[&[2, 3]]));
        examples
    }
}

/// `y = activation(x)` over rows of `width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivationOp {
    pub activation: Activation,
    pub width: usize,
}

impl OpKernel for ActivationOp {
    fn arity(&self) -> usize {
        1
    }

    fn input_width(&self, _: usize) -> usize {
        self.width
    }

    fn output_width(&self) -> usize {
        self.width
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        Vec::new()
    }

    fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        Vec::new()
    }

    fn param_count(&self) -> usize {
        0
    }

    fn state_count(&self) -> usize {
        0
    }

    fn scratch_len(&self, _: usize) -> usize {
        0
    }

    fn forward(&self, pass: KernelForward<'_>) -> Result<(), Error> {
        pass.output.copy_from_slice(pass.inputs.get(0));
        Ok(())
    }

    fn backward(&self, pass: KernelBackward<'_>) {
        let mut input_grads = pass.input_grads;
        pass_through(pass.logits_grad, input_grads.get(0));
    }
}
