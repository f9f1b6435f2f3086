//! Keras 3's `LayerNormalization` over the last axis (`keras/src/layers/normalization/
//! layer_normalization.py`): per row, `y = γ·(x − μ)·s + β` with the row's mean μ, (biased)
//! variance σ² and `s = 1/√(σ² + ε)`. Training and inference compute the same thing.
//!
//! Backward per row of `W` values, with `x̂ = (x − μ)·s` and `g = dy·γ`:
//! `dx = s·(g − mean(g) − x̂·mean(g·x̂))`; `dγ = Σ_rows dy·x̂`, `dβ = Σ_rows dy`.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::Grad;
use crate::layers::args::{check_epsilon, check_last_axis, last, norm_epsilon, rows_before_last};
use crate::layers::gamma_beta::{GammaBeta, GammaBetaConfig, GammaBetaSetup};
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use crate::layers::weights::planned;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.LayerNormalization` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LayerNormalizationConfig {
    #[serde(default = "last_axes")]
    pub axis: Axes,
    #[serde(default = "norm_epsilon")]
    pub epsilon: f64,
    #[serde(flatten)]
    pub gamma_beta: GammaBetaConfig,
}

/// An axis or a list of axes, counted with the batch axis as 0 (negative from the end).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Axes {
    One(i64),
    Many(Vec<i64>),
}

fn last_axes() -> Axes {
    Axes::One(-1)
}

/// A validated `LayerNormalization` layer.
#[derive(Debug, Clone)]
pub struct LayerNormalization {
    axes: Vec<i64>,
    epsilon: f32,
    gamma_beta: GammaBetaSetup,
}

impl LayerKind for LayerNormalization {
    type Config = LayerNormalizationConfig;
    type Op = LayerNormOp;

    fn from_config(c: &LayerNormalizationConfig, at: &ConfigAt) -> Result<Self, Error> {
        check_epsilon(c.epsilon, &at.config("epsilon"))?;
        let axes = match &c.axis {
            Axes::One(axis) => vec![*axis],
            Axes::Many(axes) if !axes.is_empty() => axes.clone(),
            Axes::Many(_) => return Err(Error::invalid(at.config("axis"), "at least one axis", "[]")),
        };
        Ok(LayerNormalization {
            axes,
            epsilon: c.epsilon as f32,
            gamma_beta: GammaBetaSetup::from_config(&c.gamma_beta, at)?,
        })
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<LayerNormOp>, Error> {
        let shape = site.single(shapes)?;
        for &axis in &self.axes {
            check_last_axis(axis, shape, site.layer, &site.config.config("axis"))?;
        }
        let op = LayerNormOp {
            affine: self.gamma_beta.affine(last(shape)),
            epsilon: self.epsilon,
        };
        let weights = planned(&op, |suffix| match suffix {
            "beta" => self.gamma_beta.beta,
            _ => self.gamma_beta.gamma,
        });
        Ok(Call {
            op,
            shape: shape.to_vec(),
            rows_per_sample: rows_before_last(shape),
            weights,
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        let mut examples: Vec<Example> = [(true, true), (false, true), (true, false), (false, false)]
            .into_iter()
            .map(|(center, scale)| {
                Example::new(json!({"center": center, "scale": scale}), &[&[5]])
            })
            .collect();
        examples.push(Example::new(json!({"axis": [-1], "epsilon": 0.01}), &[&[2, 3]]));
        examples
    }
}

/// A layer normalization of rows of `affine.width` values. Weights: those of `affine`, all
/// trainable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerNormOp {
    pub affine: GammaBeta,
    pub epsilon: f32,
}

impl OpKernel for LayerNormOp {
    fn arity(&self) -> usize {
        1
    }

    fn input_width(&self, _: usize) -> usize {
        self.affine.width
    }

    fn output_width(&self) -> usize {
        self.affine.width
    }

    fn activation(&self) -> Activation {
        Activation::Linear
    }

    fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        self.affine.weights()
    }

    fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        Vec::new()
    }

    fn param_count(&self) -> usize {
        self.affine.param_count()
    }

    fn state_count(&self) -> usize {
        0
    }

    /// The mean and inverse standard deviation of each row.
    fn scratch_len(&self, rows: usize) -> usize {
        2 * rows
    }

    /// Normalizes each row; leaves `[μ per row, s per row]` in `scratch` for the backward.
    fn forward(&self, pass: KernelForward<'_>) -> Result<(), Error> {
        let KernelForward {
            rows,
            inputs,
            params,
            output,
            scratch,
            ..
        } = pass;
        let input = inputs.get(0);
        let width = self.affine.width;
        let (means, inv_stds) = scratch.split_at_mut(rows);
        let (gamma, beta) = self.affine.split(params);
        let n = width as f32;
        for (r, (out_row, in_row)) in output
            .chunks_exact_mut(width)
            .zip(input.chunks_exact(width))
            .enumerate()
        {
            let mean = in_row.iter().sum::<f32>() / n;
            let variance = in_row.iter().map(|&x| (x - mean) * (x - mean)).sum::<f32>() / n;
            let inv_std = 1.0 / (variance + self.epsilon).sqrt();
            means[r] = mean;
            inv_stds[r] = inv_std;
            for j in 0..width {
                let normalized = (in_row[j] - mean) * inv_std;
                out_row[j] = GammaBeta::apply(gamma, beta, j, normalized);
            }
        }
        Ok(())
    }

    fn backward(&self, pass: KernelBackward<'_>) {
        let KernelBackward {
            rows,
            inputs,
            params,
            logits_grad: dy,
            scratch,
            param_grads,
            mut input_grads,
            ..
        } = pass;
        let (input, input_grad) = (inputs.get(0), input_grads.get(0));
        let width = self.affine.width;
        let (means, inv_stds) = scratch.split_at(rows);
        let (gamma, _) = self.affine.split(params);
        let x_hat = |r: usize, x: f32| (x - means[r]) * inv_stds[r];
        if let Some(grads) = param_grads.into_sum() {
            let (gamma_grad, beta_grad) = self.affine.split_grads(grads);
            // Rows in order: the same sums on every thread count.
            for (r, (g_row, x_row)) in dy
                .chunks_exact(width)
                .zip(input.chunks_exact(width))
                .enumerate()
            {
                for j in 0..width {
                    if self.affine.scale {
                        gamma_grad[j] += g_row[j] * x_hat(r, x_row[j]);
                    }
                    if self.affine.center {
                        beta_grad[j] += g_row[j];
                    }
                }
            }
        }
        let (dx, accumulate) = match input_grad {
            Grad::Skip => return,
            Grad::Overwrite(dx) => (dx, false),
            Grad::Accumulate(dx) => (dx, true),
        };
        let n = width as f32;
        let gain = |j: usize| GammaBeta::gain(gamma, j);
        for (r, ((d_row, g_row), x_row)) in dx
            .chunks_exact_mut(width)
            .zip(dy.chunks_exact(width))
            .zip(input.chunks_exact(width))
            .enumerate()
        {
            let (mut mean_g, mut mean_g_xhat) = (0.0f32, 0.0f32);
            for j in 0..width {
                let g = g_row[j] * gain(j);
                mean_g += g;
                mean_g_xhat += g * x_hat(r, x_row[j]);
            }
            mean_g /= n;
            mean_g_xhat /= n;
            for j in 0..width {
                let g = g_row[j] * gain(j);
                let d = inv_stds[r] * (g - mean_g - x_hat(r, x_row[j]) * mean_g_xhat);
                d_row[j] = if accumulate { d_row[j] + d } else { d };
            }
        }
    }
}
