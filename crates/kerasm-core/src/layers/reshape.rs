//! Keras's `Reshape`: the same values per sample read with another shape, where a `-1` takes
//! whatever size keeps the number of values. Row-major data needs no move, so the op (which
//! `Flatten` shares) only copies into the output slot.

use crate::activation::Activation;
use crate::error::{format_shape, Error};
use crate::graph::pass_through;
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.Reshape` arguments: the per-sample target shape, with at most one `-1`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReshapeConfig {
    pub target_shape: Vec<i64>,
}

/// A validated `Reshape` layer.
#[derive(Debug, Clone)]
pub struct Reshape {
    target_shape: Vec<i64>,
}

impl LayerKind for Reshape {
    type Config = ReshapeConfig;
    type Op = ReshapeOp;

    fn from_config(c: &ReshapeConfig, at: &ConfigAt) -> Result<Reshape, Error> {
        let target = &c.target_shape;
        let unknown = target.iter().filter(|&&d| d == -1).count();
        if unknown > 1 || target.iter().any(|&d| d == 0 || d < -1) {
            return Err(Error::invalid(
                at.config("target_shape"),
                "positive sizes, with at most one -1 (inferred)",
                format!("{target:?}"),
            ));
        }
        Ok(Reshape {
            target_shape: target.clone(),
        })
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<ReshapeOp>, Error> {
        let shape = site.single(shapes)?;
        let target = resolve_target_shape(&self.target_shape, shape, &site.inputs())?;
        Ok(Call {
            op: ReshapeOp {
                size: shape.iter().product(),
            },
            shape: target,
            rows_per_sample: 1,
            weights: Vec::new(),
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        vec![
            Example::new(json!({"target_shape": [3, 2]}), &[&[2, 3]]),
            Example::new(json!({"target_shape": [-1]}), &[&[2, 3]]),
        ]
    }
}

/// A sample's `size` values, copied as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReshapeOp {
    pub size: usize,
}

impl OpKernel for ReshapeOp {
    fn arity(&self) -> usize {
        1
    }

    fn input_width(&self, _: usize) -> usize {
        self.size
    }

    fn output_width(&self) -> usize {
        self.size
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
        pass.output.copy_from_slice(pass.inputs.get(0));
        Ok(())
    }

    fn backward(&self, pass: KernelBackward<'_>) {
        let mut input_grads = pass.input_grads;
        pass_through(pass.logits_grad, input_grads.get(0));
    }
}

/// Keras's `Reshape`: a `-1` takes whatever size keeps the number of values.
fn resolve_target_shape(target: &[i64], shape: &[usize], at: &str) -> Result<Vec<usize>, Error> {
    let size: usize = shape.iter().product();
    // Checked products: a huge target shape is a mismatch, not an overflow.
    let known = checked_product(target.iter().filter(|&&d| d != -1).map(|&d| d as usize));
    let resolved: Vec<usize> = target
        .iter()
        .map(|&d| {
            if d == -1 {
                known.map_or(0, |known| size / known.max(1))
            } else {
                d as usize
            }
        })
        .collect();
    if checked_product(resolved.iter().copied()) != Some(size) || resolved.contains(&0) {
        return Err(Error::shape(
            at,
            format!("inputs of {size} values per sample, which target_shape {target:?} must keep"),
            format_shape(shape),
        ));
    }
    Ok(resolved)
}

fn checked_product(dims: impl Iterator<Item = usize>) -> Option<usize> {
    let mut dims = dims;
    dims.try_fold(1usize, |acc, d| acc.checked_mul(d))
}
