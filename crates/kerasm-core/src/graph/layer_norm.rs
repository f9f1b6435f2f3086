//! Keras 3's `LayerNormalization` over the last axis (`keras/src/layers/normalization/
//! layer_normalization.py`): per row, `y = γ·(x − μ)·s + β` with the row's mean μ, (biased)
//! variance σ² and `s = 1/√(σ² + ε)`. Training and inference compute the same thing.
//!
//! Backward per row of `W` values, with `x̂ = (x − μ)·s` and `g = dy·γ`:
//! `dx = s·(g − mean(g) − x̂·mean(g·x̂))`; `dγ = Σ_rows dy·x̂`, `dβ = Σ_rows dy`.

use crate::graph::gamma_beta::GammaBeta;
use crate::graph::op::Grad;

/// A layer normalization of rows of `affine.width` values. Weights: those of `affine`, all
/// trainable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerNorm {
    pub affine: GammaBeta,
    pub epsilon: f32,
}

impl LayerNorm {
    /// Normalizes each row; leaves `[μ per row, s per row]` in `scratch` for the backward.
    pub(crate) fn forward(
        &self,
        rows: usize,
        input: &[f32],
        params: &[f32],
        output: &mut [f32],
        scratch: &mut [f32],
    ) {
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
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn backward(
        &self,
        rows: usize,
        input: &[f32],
        params: &[f32],
        dy: &[f32],
        scratch: &[f32],
        param_grads: Grad<'_>,
        input_grad: Grad<'_>,
    ) {
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
