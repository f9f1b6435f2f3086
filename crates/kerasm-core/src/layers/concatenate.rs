//! Keras's `Concatenate`: every input is viewed as `[rows × widthᵢ]` (rows: the batch and the
//! axes before the concatenation axis; widthᵢ: that axis and the ones after it), and each
//! output row is the inputs' rows side by side. The backward cuts the output gradient's rows
//! back into the same pieces.

use crate::activation::Activation;
use crate::error::{format_shape, Error};
use crate::graph::Grad;
use crate::layers::args::{last_axis, resolve_axis};
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.Concatenate` arguments.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConcatenateConfig {
    #[serde(default = "last_axis")]
    pub axis: i64,
}

/// A validated `Concatenate` layer.
#[derive(Debug, Clone)]
pub struct Concatenate {
    axis: i64,
}

impl LayerKind for Concatenate {
    type Config = ConcatenateConfig;
    type Op = ConcatenateOp;

    fn from_config(c: &ConcatenateConfig, _: &ConfigAt) -> Result<Concatenate, Error> {
        Ok(Concatenate { axis: c.axis })
    }

    /// Keras's `Concatenate`: inputs of one rank, equal on every axis but `axis`.
    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<ConcatenateOp>, Error> {
        let (axis, inputs_field) = (self.axis, site.inputs());
        let Some(&first) = shapes.first() else {
            return Err(Error::invalid(
                &inputs_field,
                "at least one input for a 'concatenate' layer",
                "0 inputs",
            ));
        };
        let Some(axis_index) = resolve_axis(axis, first) else {
            return Err(Error::invalid(
                site.config.config("axis"),
                format!(
                    "a non-batch axis of the inputs of '{}' (shape {})",
                    site.layer,
                    format_shape(first)
                ),
                axis,
            ));
        };
        // The per-sample index of the axis.
        let k = axis_index - 1;
        for (i, shape) in shapes.iter().enumerate() {
            let matches = shape.len() == first.len()
                && shape
                    .iter()
                    .zip(first)
                    .enumerate()
                    .all(|(d, (a, b))| d == k || a == b);
            if !matches {
                return Err(Error::shape(
                    format!("{inputs_field}[{i}]"),
                    format!(
                        "inputs of '{}' that match {} on every axis but axis {axis}",
                        site.layer,
                        format_shape(first)
                    ),
                    format_shape(shape),
                ));
            }
        }
        let widths: Vec<usize> = shapes.iter().map(|s| s[k..].iter().product()).collect();
        let mut out = first.to_vec();
        // Each input's size fits in memory, but their sum might not: then the output shape
        // check reports it instead of an overflow.
        out[k] = shapes
            .iter()
            .try_fold(0usize, |acc, s| acc.checked_add(s[k]))
            .unwrap_or(usize::MAX);
        if widths
            .iter()
            .try_fold(0usize, |acc, &w| acc.checked_add(w))
            .is_none()
        {
            return Err(Error::invalid(
                inputs_field,
                "inputs whose concatenation fits in memory",
                format!("{} inputs", shapes.len()),
            ));
        }
        Ok(Call {
            op: ConcatenateOp { widths },
            rows_per_sample: first[..k].iter().product(),
            shape: out,
            weights: Vec::new(),
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        vec![
            Example::new(json!({}), &[&[5], &[2], &[3]]),
            Example::new(json!({"axis": 1}), &[&[2, 3], &[1, 3]]),
        ]
    }
}

/// Each output row is the inputs' rows (of `widths[i]` values) side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcatenateOp {
    pub widths: Vec<usize>,
}

impl OpKernel for ConcatenateOp {
    fn arity(&self) -> usize {
        self.widths.len()
    }

    fn input_width(&self, i: usize) -> usize {
        self.widths.get(i).copied().unwrap_or(0)
    }

    fn output_width(&self) -> usize {
        self.widths.iter().sum()
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
        let (widths, inputs, output) = (&self.widths, pass.inputs, pass.output);
        let total: usize = widths.iter().sum();
        let mut offset = 0;
        for (i, &width) in widths.iter().enumerate() {
            for (out_row, in_row) in output
                .chunks_exact_mut(total)
                .zip(inputs.get(i).chunks_exact(width))
            {
                out_row[offset..offset + width].copy_from_slice(in_row);
            }
            offset += width;
        }
        Ok(())
    }

    /// Inputs in order, so a tensor passed twice is overwritten by its first piece, then
    /// accumulated by its second.
    fn backward(&self, pass: KernelBackward<'_>) {
        let (widths, dy, mut input_grads) = (&self.widths, pass.logits_grad, pass.input_grads);
        let total: usize = widths.iter().sum();
        let mut offset = 0;
        for (i, &width) in widths.iter().enumerate() {
            let pieces = dy
                .chunks_exact(total)
                .map(|row| &row[offset..offset + width]);
            match input_grads.get(i) {
                Grad::Skip => {}
                Grad::Overwrite(dx) => {
                    for (d_row, g) in dx.chunks_exact_mut(width).zip(pieces) {
                        d_row.copy_from_slice(g);
                    }
                }
                Grad::Accumulate(dx) => {
                    for (d_row, g) in dx.chunks_exact_mut(width).zip(pieces) {
                        d_row.iter_mut().zip(g).for_each(|(d, g)| *d += g);
                    }
                }
            }
            offset += width;
        }
    }
}
