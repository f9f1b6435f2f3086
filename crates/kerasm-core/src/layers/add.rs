//! Keras's `Add`: the element-wise sum of inputs of one shape; each input's gradient is the
//! output's gradient.

use crate::activation::Activation;
use crate::error::{format_shape, Error};
use crate::graph::pass_through;
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.Add` takes no argument.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AddConfig {}

/// An `Add` layer.
#[derive(Debug, Clone)]
pub struct Add;

impl LayerKind for Add {
    type Config = AddConfig;
    type Op = AddOp;

    fn from_config(_: &AddConfig, _: &ConfigAt) -> Result<Add, Error> {
        Ok(Add)
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<AddOp>, Error> {
        let Some(&first) = shapes.first() else {
            return Err(Error::invalid(
                site.inputs(),
                "at least one input for an 'add' layer",
                "0 inputs",
            ));
        };
        if let Some((i, other)) = shapes.iter().enumerate().find(|(_, s)| **s != first) {
            return Err(Error::shape(
                format!("{}[{i}]", site.inputs()),
                format!(
                    "inputs of one shape for the '{}' layer (inputs[0] is {})",
                    site.layer,
                    format_shape(first)
                ),
                format_shape(other),
            ));
        }
        Ok(Call {
            op: AddOp {
                width: first.iter().product(),
                inputs: shapes.len(),
            },
            shape: first.to_vec(),
            rows_per_sample: 1,
            weights: Vec::new(),
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        vec![
            Example::new(json!({}), &[&[5], &[5], &[5]]),
            Example::new(json!({}), &[&[2, 3], &[2, 3]]),
        ]
    }
}

/// The sum of `inputs` tensors of rows of `width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddOp {
    pub width: usize,
    pub inputs: usize,
}

impl OpKernel for AddOp {
    fn arity(&self) -> usize {
        self.inputs
    }

    fn input_width(&self, _: usize) -> usize {
        self.width
    }

    fn output_width(&self) -> usize {
        self.width
    }

    fn activation(&self) -> Activation {
        Activation::Linear
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
        let (inputs, output) = (pass.inputs, pass.output);
        output.copy_from_slice(inputs.get(0));
        for i in 1..inputs.len() {
            output
                .iter_mut()
                .zip(inputs.get(i))
                .for_each(|(y, &x)| *y += x);
        }
        Ok(())
    }

    /// Inputs in order, so a tensor passed twice gets the gradient twice.
    fn backward(&self, pass: KernelBackward<'_>) {
        let mut input_grads = pass.input_grads;
        for i in 0..input_grads.len() {
            pass_through(pass.logits_grad, input_grads.get(i));
        }
    }
}
