//! Keras's `Embedding`: each input value is an integer index into a trainable table of
//! `input_dim` rows of `output_dim` values, and the output is that row. The table's gradient is
//! the output gradient scattered back onto the rows that were read (a row read twice gets both);
//! indices get no gradient.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::Grad;
use crate::layers::args::positive;
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use crate::layers::weights::{planned, WeightSetup};
use crate::spec::RegularizerSpec;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.Embedding` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddingConfig {
    pub input_dim: usize,
    pub output_dim: usize,
    #[serde(default = "uniform")]
    pub embeddings_initializer: String,
    #[serde(default)]
    pub embeddings_regularizer: Option<RegularizerSpec>,
    /// Masks are not built in: only `false`.
    #[serde(default)]
    pub mask_zero: bool,
}

/// Keras's `"uniform"`: `RandomUniform(-0.05, 0.05)`.
fn uniform() -> String {
    "uniform".to_string()
}

/// A validated `Embedding` layer.
#[derive(Debug, Clone)]
pub struct EmbeddingLayer {
    input_dim: usize,
    output_dim: usize,
    embeddings: WeightSetup,
}

impl LayerKind for EmbeddingLayer {
    type Config = EmbeddingConfig;
    type Op = EmbeddingOp;

    fn from_config(c: &EmbeddingConfig, at: &ConfigAt) -> Result<EmbeddingLayer, Error> {
        positive(c.input_dim, &at.config("input_dim"))?;
        positive(c.output_dim, &at.config("output_dim"))?;
        if c.mask_zero {
            return Err(Error::Unsupported {
                argument: at.config("mask_zero"),
                feature: "Masking (`mask_zero=True`)",
                received: "true".to_string(),
            });
        }
        Ok(EmbeddingLayer {
            input_dim: c.input_dim,
            output_dim: c.output_dim,
            embeddings: WeightSetup::from_config(
                &c.embeddings_initializer,
                c.embeddings_regularizer,
                "embeddings",
                at,
            )?,
        })
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<EmbeddingOp>, Error> {
        let shape = site.single(shapes)?;
        let op = EmbeddingOp {
            input_dim: self.input_dim,
            output_dim: self.output_dim,
        };
        let mut out = shape.to_vec();
        out.push(self.output_dim);
        Ok(Call {
            weights: planned(&op, |_| self.embeddings),
            op,
            shape: out,
            rows_per_sample: shape.iter().product(),
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        let example = |config, shape: &[usize], below| Example {
            indices_below: Some(below),
            ..Example::new(config, &[shape])
        };
        vec![
            example(json!({"input_dim": 4, "output_dim": 7}), &[1], 4),
            example(json!({"input_dim": 5, "output_dim": 3}), &[3], 5),
        ]
    }
}

/// An embedding lookup. Weight: `embeddings` `[input_dim, output_dim]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddingOp {
    pub input_dim: usize,
    pub output_dim: usize,
}

impl OpKernel for EmbeddingOp {
    fn arity(&self) -> usize {
        1
    }

    /// One index per row.
    fn input_width(&self, _: usize) -> usize {
        1
    }

    fn output_width(&self) -> usize {
        self.output_dim
    }

    fn activation(&self) -> Activation {
        Activation::Linear
    }

    fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        vec![("embeddings", vec![self.input_dim, self.output_dim])]
    }

    fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        Vec::new()
    }

    fn param_count(&self) -> usize {
        self.input_dim * self.output_dim
    }

    fn state_count(&self) -> usize {
        0
    }

    fn scratch_len(&self, _: usize) -> usize {
        0
    }

    /// Copies the table row of every input value; fails on the first invalid index.
    fn forward(&self, pass: KernelForward<'_>) -> Result<(), Error> {
        let (dim, table) = (self.output_dim, pass.params);
        for (position, (&value, out_row)) in (pass.inputs.get(0).iter())
            .zip(pass.output.chunks_exact_mut(dim))
            .enumerate()
        {
            let row = self.row(value, position)?;
            out_row.copy_from_slice(&table[row * dim..(row + 1) * dim]);
        }
        Ok(())
    }

    /// Scatters `dy` onto the table rows read in forward (which validated every index, so
    /// reading them again here cannot fail); writes a zero gradient for the indices.
    fn backward(&self, pass: KernelBackward<'_>) {
        let (dim, input, dy) = (self.output_dim, pass.inputs.get(0), pass.logits_grad);
        if let Some(table_grad) = pass.param_grads.into_sum() {
            for (position, (&value, g_row)) in input.iter().zip(dy.chunks_exact(dim)).enumerate() {
                if let Ok(row) = self.row(value, position) {
                    table_grad[row * dim..(row + 1) * dim]
                        .iter_mut()
                        .zip(g_row)
                        .for_each(|(t, g)| *t += g);
                }
            }
        }
        let mut input_grads = pass.input_grads;
        if let Grad::Overwrite(dx) = input_grads.get(0) {
            dx.fill(0.0);
        }
    }
}

impl EmbeddingOp {
    /// The table row of one input value: it must be an integer in `[0, input_dim)`, since a
    /// wrong index must come back as an error, never read out of bounds.
    fn row(&self, value: f32, position: usize) -> Result<usize, Error> {
        if value.is_finite()
            && value >= 0.0
            && value.fract() == 0.0
            && (value as usize) < self.input_dim
        {
            Ok(value as usize)
        } else {
            Err(Error::IndexOutOfRange {
                argument: "inputs".to_string(),
                index: position,
                input_dim: self.input_dim,
                received: value,
            })
        }
    }

}
