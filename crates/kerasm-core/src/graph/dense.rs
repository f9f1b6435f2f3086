//! The fused dense op: `y = activation(x·W + b)` forward, and its backward
//! `dW = xᵀ·dz`, `db = Σ_rows dz`, `dx = dz·Wᵀ`, every matmul through `kernels::gemm`.

use crate::activation::Activation;
use crate::graph::op::Grad;
use crate::kernels::gemm::gemm;

/// A dense layer's shape and activation. Weights: kernel `[in_features, units]`, then bias
/// `[units]` when `use_bias`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dense {
    pub in_features: usize,
    pub units: usize,
    pub activation: Activation,
    pub use_bias: bool,
}

impl Dense {
    pub(crate) fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        let mut weights = vec![("kernel", vec![self.in_features, self.units])];
        if self.use_bias {
            weights.push(("bias", vec![self.units]));
        }
        weights
    }

    pub(crate) fn param_count(&self) -> usize {
        self.in_features * self.units + if self.use_bias { self.units } else { 0 }
    }

    pub(crate) fn forward(
        &self,
        rows: usize,
        input: &[f32],
        params: &[f32],
        output: &mut [f32],
        logits: Option<&mut [f32]>,
    ) {
        match logits {
            Some(logits) => {
                self.affine(rows, input, params, logits);
                self.activation.apply(logits, output, self.units);
            }
            None => {
                self.affine(rows, input, params, output);
                self.activation.apply_in_place(output, self.units);
            }
        }
    }

    /// `z = x·W + b`.
    fn affine(&self, rows: usize, input: &[f32], params: &[f32], z: &mut [f32]) {
        let (n_in, units) = (self.in_features, self.units);
        let (kernel, bias) = params.split_at(n_in * units);
        gemm(
            false, false, rows, units, n_in, 1.0, input, n_in, kernel, units, 0.0, z, units,
        );
        if self.use_bias {
            for row in z.chunks_exact_mut(units) {
                row.iter_mut().zip(bias).for_each(|(z, b)| *z += b);
            }
        }
    }

    /// Backward from `dz`, the gradient with respect to `x·W + b`.
    pub(crate) fn backward(
        &self,
        rows: usize,
        input: &[f32],
        params: &[f32],
        dz: &[f32],
        param_grads: Grad<'_>,
        input_grad: Grad<'_>,
    ) {
        let (n_in, units) = (self.in_features, self.units);
        let (param_grads, beta) = match param_grads {
            Grad::Skip => (None, 0.0),
            Grad::Overwrite(grads) => (Some(grads), 0.0),
            Grad::Accumulate(grads) => (Some(grads), 1.0),
        };
        if let Some(param_grads) = param_grads {
            let (kernel_grad, bias_grad) = param_grads.split_at_mut(n_in * units);
            gemm(
                true,
                false,
                n_in,
                units,
                rows,
                1.0,
                input,
                n_in,
                dz,
                units,
                beta,
                kernel_grad,
                units,
            );
            if self.use_bias {
                if beta == 0.0 {
                    bias_grad.fill(0.0);
                }
                // Rows are added one after another, in order: the same sum on any thread count.
                for row in dz.chunks_exact(units) {
                    bias_grad.iter_mut().zip(row).for_each(|(b, g)| *b += g);
                }
            }
        }
        let kernel = &params[..n_in * units];
        let (dx, beta) = match input_grad {
            Grad::Skip => return,
            Grad::Overwrite(dx) => (dx, 0.0),
            Grad::Accumulate(dx) => (dx, 1.0),
        };
        gemm(
            false, true, rows, n_in, units, 1.0, dz, units, kernel, units, beta, dx, n_in,
        );
    }
}
