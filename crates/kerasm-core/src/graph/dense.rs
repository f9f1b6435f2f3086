//! The fused dense op: `y = activation(x·W + b)` forward, and its backward
//! `dW = xᵀ·dz`, `db = Σ_rows dz`, `dx = dz·Wᵀ`, every matmul through `kernels::gemm`.

use crate::activation::Activation;
use crate::graph::op::Grad;
use crate::kernels::gemm::{gemm, Gemm, MatrixRef};
use crate::kernels::sparse::{csr_matmul, csr_transpose_matmul, CsrView};

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

    /// `forward` for a CSR input (`in_features` columns): `x·W` runs on the non-zeros only.
    pub(crate) fn forward_csr(
        &self,
        input: CsrView<'_>,
        params: &[f32],
        output: &mut [f32],
        logits: Option<&mut [f32]>,
    ) {
        let affine = |z: &mut [f32]| {
            csr_matmul(
                input,
                &params[..self.in_features * self.units],
                self.units,
                z,
            );
            self.add_bias(params, z);
        };
        match logits {
            Some(logits) => {
                affine(logits);
                self.activation.apply(logits, output, self.units);
            }
            None => {
                affine(output);
                self.activation.apply_in_place(output, self.units);
            }
        }
    }

    /// `backward` for a CSR input: `dW = xᵀ·dz` on the non-zeros, `db` as on dense input, and
    /// no input gradient (a model input has none to receive).
    pub(crate) fn backward_csr(&self, input: CsrView<'_>, dz: &[f32], param_grads: Grad<'_>) {
        let (param_grads, beta) = match param_grads {
            Grad::Skip => return,
            Grad::Overwrite(grads) => (grads, 0.0),
            Grad::Accumulate(grads) => (grads, 1.0),
        };
        let (kernel_grad, bias_grad) = param_grads.split_at_mut(self.in_features * self.units);
        csr_transpose_matmul(input, dz, self.units, beta, kernel_grad);
        self.bias_grad(dz, beta, bias_grad);
    }

    /// `z = x·W + b`.
    fn affine(&self, rows: usize, input: &[f32], params: &[f32], z: &mut [f32]) {
        let (n_in, units) = (self.in_features, self.units);
        let kernel = &params[..n_in * units];
        gemm(Gemm {
            m: rows,
            n: units,
            k: n_in,
            alpha: 1.0,
            a: MatrixRef::new(input, n_in),
            b: MatrixRef::new(kernel, units),
            beta: 0.0,
            c: z,
            ldc: units,
        });
        self.add_bias(params, z);
    }

    /// `z += b` on every row (the bias follows the kernel in `params`).
    fn add_bias(&self, params: &[f32], z: &mut [f32]) {
        let (units, bias) = (self.units, &params[self.in_features * self.units..]);
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
            gemm(Gemm {
                m: n_in,
                n: units,
                k: rows,
                alpha: 1.0,
                a: MatrixRef::transposed(input, n_in),
                b: MatrixRef::new(dz, units),
                beta,
                c: kernel_grad,
                ldc: units,
            });
            self.bias_grad(dz, beta, bias_grad);
        }
        let kernel = &params[..n_in * units];
        let (dx, beta) = match input_grad {
            Grad::Skip => return,
            Grad::Overwrite(dx) => (dx, 0.0),
            Grad::Accumulate(dx) => (dx, 1.0),
        };
        gemm(Gemm {
            m: rows,
            n: n_in,
            k: units,
            alpha: 1.0,
            a: MatrixRef::new(dz, units),
            b: MatrixRef::transposed(kernel, units),
            beta,
            c: dx,
            ldc: n_in,
        });
    }

    /// `db = Σ_rows dz + beta·db` (nothing without a bias).
    fn bias_grad(&self, dz: &[f32], beta: f32, bias_grad: &mut [f32]) {
        if !self.use_bias {
            return;
        }
        if beta == 0.0 {
            bias_grad.fill(0.0);
        }
        // Rows are added one after another, in order: the same sum on any thread count.
        for row in dz.chunks_exact(self.units) {
            bias_grad.iter_mut().zip(row).for_each(|(b, g)| *b += g);
        }
    }
}
