//! Keras's `Dense`: `y = activation(x·kernel + bias)` over the last axis. The kernel fuses the
//! matmul and the bias (the activation is applied by `Op::forward`); its backward is
//! `dW = xᵀ·dz`, `db = Σ_rows dz`, `dx = dz·Wᵀ`, every matmul through `kernels::gemm`.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::Grad;
use crate::kernels::gemm::{gemm, Gemm, MatrixRef};
use crate::kernels::sparse::{csr_matmul, csr_transpose_matmul, CsrView};
use crate::layers::args::{last, positive, rows_before_last, yes, zeros};
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use crate::layers::weights::{planned, WeightSetup};
use crate::spec::RegularizerSpec;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;

/// `keras.layers.Dense` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DenseConfig {
    pub units: usize,
    /// `null` or missing means linear, as Keras's `activation=None`.
    #[serde(default = "linear", deserialize_with = "or_linear")]
    pub activation: String,
    #[serde(default = "yes")]
    pub use_bias: bool,
    #[serde(default = "glorot_uniform")]
    pub kernel_initializer: String,
    #[serde(default = "zeros")]
    pub bias_initializer: String,
    #[serde(default)]
    pub kernel_regularizer: Option<RegularizerSpec>,
    #[serde(default)]
    pub bias_regularizer: Option<RegularizerSpec>,
}

fn linear() -> String {
    "linear".to_string()
}

fn or_linear<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_else(linear))
}

fn glorot_uniform() -> String {
    "glorot_uniform".to_string()
}

/// A validated `Dense` layer.
#[derive(Debug, Clone)]
pub struct Dense {
    units: usize,
    activation: Activation,
    use_bias: bool,
    kernel: WeightSetup,
    bias: WeightSetup,
}

impl LayerKind for Dense {
    type Config = DenseConfig;
    type Op = DenseOp;

    fn from_config(c: &DenseConfig, at: &ConfigAt) -> Result<Dense, Error> {
        positive(c.units, &at.config("units"))?;
        Ok(Dense {
            units: c.units,
            activation: Activation::from_name(&c.activation, &at.config("activation"))?,
            use_bias: c.use_bias,
            kernel: WeightSetup::from_config(
                &c.kernel_initializer,
                c.kernel_regularizer,
                "kernel",
                at,
            )?,
            bias: WeightSetup::from_config(&c.bias_initializer, c.bias_regularizer, "bias", at)?,
        })
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<DenseOp>, Error> {
        let shape = site.single(shapes)?;
        let op = DenseOp {
            in_features: last(shape),
            units: self.units,
            activation: self.activation,
            use_bias: self.use_bias,
        };
        let mut out = shape.to_vec();
        if let Some(axis) = out.last_mut() {
            *axis = self.units;
        }
        let weights = planned(&op, |suffix| match suffix {
            "bias" => self.bias,
            _ => self.kernel,
        });
        Ok(Call {
            op,
            shape: out,
            rows_per_sample: rows_before_last(shape),
            weights,
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        let mut examples = Vec::new();
        for activation in Activation::NAMES {
            for use_bias in [true, false] {
                let config = json!({"units": 7, "activation": activation, "use_bias": use_bias});
                examples.push(Example::new(config, &[&[5]]));
            }
        }
        examples.push(Example::new(json!({"units": 3}), &[&[2, 5]]));
        examples
    }
}

/// The dense op's shape and activation. Weights: kernel `[in_features, units]`, then bias
/// `[units]` when `use_bias`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DenseOp {
    pub in_features: usize,
    pub units: usize,
    pub activation: Activation,
    pub use_bias: bool,
}

impl OpKernel for DenseOp {
    fn arity(&self) -> usize {
        1
    }

    fn input_width(&self, _: usize) -> usize {
        self.in_features
    }

    fn output_width(&self) -> usize {
        self.units
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        let mut weights = vec![("kernel", vec![self.in_features, self.units])];
        if self.use_bias {
            weights.push(("bias", vec![self.units]));
        }
        weights
    }

    fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        Vec::new()
    }

    fn param_count(&self) -> usize {
        self.in_features * self.units + if self.use_bias { self.units } else { 0 }
    }

    fn state_count(&self) -> usize {
        0
    }

    fn scratch_len(&self, _: usize) -> usize {
        0
    }

    /// `z = x·W + b`.
    fn forward(&self, pass: KernelForward<'_>) -> Result<(), Error> {
        let (n_in, units) = (self.in_features, self.units);
        let KernelForward {
            rows,
            inputs,
            params,
            output,
            ..
        } = pass;
        gemm(Gemm {
            m: rows,
            n: units,
            k: n_in,
            alpha: 1.0,
            a: MatrixRef::new(inputs.get(0), n_in),
            b: MatrixRef::new(&params[..n_in * units], units),
            beta: 0.0,
            c: &mut *output,
            ldc: units,
        });
        self.add_bias(params, output);
        Ok(())
    }

    fn backward(&self, pass: KernelBackward<'_>) {
        let (n_in, units, rows) = (self.in_features, self.units, pass.rows);
        let (input, dz) = (pass.inputs.get(0), pass.logits_grad);
        let (param_grads, beta) = match pass.param_grads {
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
        let kernel = &pass.params[..n_in * units];
        let mut input_grads = pass.input_grads;
        let (dx, beta) = match input_grads.get(0) {
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
}

impl DenseOp {
    /// The whole op (activation included) for a CSR input of `in_features` columns: `x·W`
    /// runs on the non-zeros only.
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

    /// `z += b` on every row (the bias follows the kernel in `params`).
    fn add_bias(&self, params: &[f32], z: &mut [f32]) {
        let (units, bias) = (self.units, &params[self.in_features * self.units..]);
        if self.use_bias {
            for row in z.chunks_exact_mut(units) {
                row.iter_mut().zip(bias).for_each(|(z, b)| *z += b);
            }
        }
    }

    /// `db = Σ_rows dz + beta·db` (nothing without a bias).
    fn bias_grad(&self, dz: &[f32], beta: f32, bias_grad: &mut [f32]) {
        if !self.use_bias {
            return;
        }
        if beta == 0.0 {
            bias_grad.fill(0.0);
        }
        // Rows are added one after another, in order: the same sums on any thread count.
        for row in dz.chunks_exact(self.units) {
            bias_grad.iter_mut().zip(row).for_each(|(b, g)| *b += g);
        }
    }
}
