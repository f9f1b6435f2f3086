//! Keras 3's `BatchNormalization` over the last axis (`keras/src/layers/normalization/
//! batch_normalization.py`): `y = γ·(x − μ)/√(σ² + ε) + β` per feature, with the batch's mean
//! and (biased) variance in training — which also moves the moving statistics,
//! `moving = moving·momentum + batch·(1 − momentum)` — and the moving ones in inference.
//!
//! Backward, with `x̂ = (x − μ)·s`, `s = 1/√(σ² + ε)` and `N` rows: `dβ = Σ dy`,
//! `dγ = Σ dy·x̂`; in training μ and σ² depend on x, so
//! `dx = γ·s·(dy − Σdy/N − x̂·Σ(dy·x̂)/N)`; in inference they are constants and `dx = γ·s·dy`.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::Grad;
use crate::initializer::Initializer;
use crate::layers::args::{check_epsilon, check_last_axis, last, last_axis, norm_epsilon, ones, rows_before_last, zeros};
use crate::layers::gamma_beta::{GammaBeta, GammaBetaConfig, GammaBetaSetup};
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use crate::layers::weights::{planned, WeightSetup};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.BatchNormalization` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BatchNormalizationConfig {
    #[serde(default = "last_axis")]
    pub axis: i64,
    #[serde(default = "momentum")]
    pub momentum: f64,
    #[serde(default = "norm_epsilon")]
    pub epsilon: f64,
    #[serde(flatten)]
    pub gamma_beta: GammaBetaConfig,
    #[serde(default = "zeros")]
    pub moving_mean_initializer: String,
    #[serde(default = "ones")]
    pub moving_variance_initializer: String,
}

fn momentum() -> f64 {
    0.99
}

/// A validated `BatchNormalization` layer.
#[derive(Debug, Clone)]
pub struct BatchNormalization {
    axis: i64,
    momentum: f32,
    epsilon: f32,
    gamma_beta: GammaBetaSetup,
    moving_mean: Initializer,
    moving_variance: Initializer,
}

impl LayerKind for BatchNormalization {
    type Config = BatchNormalizationConfig;
    type Op = BatchNormOp;

    fn from_config(c: &BatchNormalizationConfig, at: &ConfigAt) -> Result<Self, Error> {
        check_epsilon(c.epsilon, &at.config("epsilon"))?;
        if !(c.momentum.is_finite()) {
            return Err(Error::invalid(
                at.config("momentum"),
                "a finite float",
                c.momentum,
            ));
        }
        Ok(BatchNormalization {
            axis: c.axis,
            momentum: c.momentum as f32,
            epsilon: c.epsilon as f32,
            gamma_beta: GammaBetaSetup::from_config(&c.gamma_beta, at)?,
            moving_mean: Initializer::from_name(
                &c.moving_mean_initializer,
                &at.config("moving_mean_initializer"),
            )?,
            moving_variance: Initializer::from_name(
                &c.moving_variance_initializer,
                &at.config("moving_variance_initializer"),
            )?,
        })
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<BatchNormOp>, Error> {
        let shape = site.single(shapes)?;
        check_last_axis(self.axis, shape, site.layer, &site.config.config("axis"))?;
        let op = BatchNormOp {
            affine: self.gamma_beta.affine(last(shape)),
            epsilon: self.epsilon,
            momentum: self.momentum,
        };
        let weights = planned(&op, |suffix| match suffix {
            "gamma" => self.gamma_beta.gamma,
            "beta" => self.gamma_beta.beta,
            "moving_mean" => WeightSetup::fixed(self.moving_mean),
            _ => WeightSetup::fixed(self.moving_variance),
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
        examples.push(Example::new(json!({"momentum": 0.9, "epsilon": 0.01}), &[&[2, 3]]));
        examples
    }
}

/// A batch normalization of rows of `affine.width` features. Trainable weights: those of
/// `affine`; non-trainable: `moving_mean`, `moving_variance`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchNormOp {
    pub affine: GammaBeta,
    pub epsilon: f32,
    pub momentum: f32,
}

impl OpKernel for BatchNormOp {
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
        let width = self.affine.width;
        vec![("moving_mean", vec![width]), ("moving_variance", vec![width])]
    }

    fn param_count(&self) -> usize {
        self.affine.param_count()
    }

    fn state_count(&self) -> usize {
        2 * self.affine.width
    }

    /// `[μ, s]` per feature from the forward, `[Σdy, Σdy·x̂]` per feature in the backward.
    fn scratch_len(&self, _: usize) -> usize {
        4 * self.affine.width
    }

    /// Normalizes `input`; leaves `[μ, s]` (per feature) at the start of `scratch`.
    fn forward(&self, pass: KernelForward<'_>) -> Result<(), Error> {
        let KernelForward {
            rows,
            inputs,
            params,
            state,
            output,
            scratch,
            phase,
        } = pass;
        let input = inputs.get(0);
        let width = self.affine.width;
        let (mean, rest) = scratch.split_at_mut(width);
        let inv_std = &mut rest[..width];
        let (moving_mean, moving_variance) = state.split_at_mut(width);
        if phase.is_training() && rows > 0 {
            // Two passes (mean, then squared deviations) in row order: no cancellation and the
            // same sums on every thread count. `inv_std` holds the variance until the end.
            mean.fill(0.0);
            inv_std.fill(0.0);
            for row in input.chunks_exact(width) {
                mean.iter_mut().zip(row).for_each(|(m, &x)| *m += x);
            }
            let n = rows as f32;
            mean.iter_mut().for_each(|m| *m /= n);
            for row in input.chunks_exact(width) {
                for ((v, &x), &m) in inv_std.iter_mut().zip(row).zip(mean.iter()) {
                    *v += (x - m) * (x - m);
                }
            }
            let keep = self.momentum;
            for j in 0..width {
                let variance = inv_std[j] / n;
                moving_mean[j] = moving_mean[j] * keep + mean[j] * (1.0 - keep);
                moving_variance[j] = moving_variance[j] * keep + variance * (1.0 - keep);
                inv_std[j] = 1.0 / (variance + self.epsilon).sqrt();
            }
        } else {
            mean.copy_from_slice(moving_mean);
            for (s, &v) in inv_std.iter_mut().zip(moving_variance.iter()) {
                *s = 1.0 / (v + self.epsilon).sqrt();
            }
        }
        let (gamma, beta) = self.affine.split(params);
        for (out_row, in_row) in output
            .chunks_exact_mut(width)
            .zip(input.chunks_exact(width))
        {
            for j in 0..width {
                let normalized = (in_row[j] - mean[j]) * inv_std[j];
                out_row[j] = GammaBeta::apply(gamma, beta, j, normalized);
            }
        }
        Ok(())
    }

    /// Uses `scratch` as `[μ, s, Σdy, Σdy·x̂]`, the last two per feature, filled here.
    fn backward(&self, pass: KernelBackward<'_>) {
        let KernelBackward {
            rows,
            inputs,
            params,
            logits_grad: dy,
            scratch,
            phase,
            param_grads,
            mut input_grads,
            ..
        } = pass;
        let input = inputs.get(0);
        let input_grad = input_grads.get(0);
        let width = self.affine.width;
        let (stats, sums) = scratch.split_at_mut(2 * width);
        let (mean, inv_std) = stats.split_at(width);
        let (sum_dy, sum_dy_xhat) = sums.split_at_mut(width);
        sum_dy.fill(0.0);
        sum_dy_xhat.fill(0.0);
        for (g_row, x_row) in dy.chunks_exact(width).zip(input.chunks_exact(width)) {
            for j in 0..width {
                sum_dy[j] += g_row[j];
                sum_dy_xhat[j] += g_row[j] * (x_row[j] - mean[j]) * inv_std[j];
            }
        }
        if let Some(grads) = param_grads.into_sum() {
            let (gamma_grad, beta_grad) = self.affine.split_grads(grads);
            if self.affine.scale {
                gamma_grad
                    .iter_mut()
                    .zip(sum_dy_xhat.iter())
                    .for_each(|(g, s)| *g += s);
            }
            if self.affine.center {
                beta_grad
                    .iter_mut()
                    .zip(sum_dy.iter())
                    .for_each(|(g, s)| *g += s);
            }
        }
        let (dx, accumulate) = match input_grad {
            Grad::Skip => return,
            Grad::Overwrite(dx) => (dx, false),
            Grad::Accumulate(dx) => (dx, true),
        };
        // In inference the statistics are constants: the mean terms vanish.
        let per_row = if phase.is_training() {
            1.0 / rows as f32
        } else {
            0.0
        };
        let (gamma, _) = self.affine.split(params);
        for ((d_row, g_row), x_row) in dx
            .chunks_exact_mut(width)
            .zip(dy.chunks_exact(width))
            .zip(input.chunks_exact(width))
        {
            for j in 0..width {
                let x_hat = (x_row[j] - mean[j]) * inv_std[j];
                let gain = GammaBeta::gain(gamma, j) * inv_std[j];
                let d = gain * (g_row[j] - (sum_dy[j] + x_hat * sum_dy_xhat[j]) * per_row);
                d_row[j] = if accumulate { d_row[j] + d } else { d };
            }
        }
    }
}
