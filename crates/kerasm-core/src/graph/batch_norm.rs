//! Keras 3's `BatchNormalization` over the last axis (`keras/src/layers/normalization/
//! batch_normalization.py`): `y = γ·(x − μ)/√(σ² + ε) + β` per feature, with the batch's mean
//! and (biased) variance in training — which also moves the moving statistics,
//! `moving = moving·momentum + batch·(1 − momentum)` — and the moving ones in inference.
//!
//! Backward, with `x̂ = (x − μ)·s`, `s = 1/√(σ² + ε)` and `N` rows: `dβ = Σ dy`,
//! `dγ = Σ dy·x̂`; in training μ and σ² depend on x, so
//! `dx = γ·s·(dy − Σdy/N − x̂·Σ(dy·x̂)/N)`; in inference they are constants and `dx = γ·s·dy`.

use crate::graph::gamma_beta::GammaBeta;
use crate::graph::op::{Grad, Phase};

/// A batch normalization of rows of `affine.width` features. Trainable weights: those of
/// `affine`; non-trainable: `moving_mean`, `moving_variance`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchNorm {
    pub affine: GammaBeta,
    pub epsilon: f32,
    pub momentum: f32,
}

impl BatchNorm {
    pub(crate) fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        let width = self.affine.width;
        vec![
            ("moving_mean", vec![width]),
            ("moving_variance", vec![width]),
        ]
    }

    /// Normalizes `input`; leaves `[μ, s]` (per feature) at the start of `scratch`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn forward(
        &self,
        rows: usize,
        input: &[f32],
        params: &[f32],
        state: &mut [f32],
        output: &mut [f32],
        scratch: &mut [f32],
        phase: Phase,
    ) {
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
    }

    /// Uses `scratch` as `[μ, s, Σdy, Σdy·x̂]`, the last two per feature, filled here.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn backward(
        &self,
        rows: usize,
        input: &[f32],
        params: &[f32],
        dy: &[f32],
        scratch: &mut [f32],
        phase: Phase,
        param_grads: Grad<'_>,
        input_grad: Grad<'_>,
    ) {
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
