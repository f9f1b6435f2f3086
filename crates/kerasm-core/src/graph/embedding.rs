//! Keras's `Embedding`: each input value is an integer index into a trainable table of
//! `input_dim` rows of `output_dim` values, and the output is that row. The table's gradient is
//! the output gradient scattered back onto the rows that were read (a row read twice gets both);
//! indices get no gradient.

use crate::error::Error;
use crate::graph::op::Grad;

/// An embedding lookup. Weight: `embeddings` `[input_dim, output_dim]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedding {
    pub input_dim: usize,
    pub output_dim: usize,
}

impl Embedding {
    pub(crate) fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        vec![("embeddings", vec![self.input_dim, self.output_dim])]
    }

    pub(crate) fn param_count(&self) -> usize {
        self.input_dim * self.output_dim
    }

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

    /// Copies the table row of every input value; fails on the first invalid index.
    pub(crate) fn forward(
        &self,
        input: &[f32],
        table: &[f32],
        output: &mut [f32],
    ) -> Result<(), Error> {
        let dim = self.output_dim;
        for (position, (&value, out_row)) in
            input.iter().zip(output.chunks_exact_mut(dim)).enumerate()
        {
            let row = self.row(value, position)?;
            out_row.copy_from_slice(&table[row * dim..(row + 1) * dim]);
        }
        Ok(())
    }

    /// Scatters `dy` onto the table rows read in forward (which validated every index, so
    /// reading them again here cannot fail); writes a zero gradient for the indices.
    pub(crate) fn backward(&self, input: &[f32], dy: &[f32], table_grad: Grad<'_>, dx: Grad<'_>) {
        let dim = self.output_dim;
        if let Some(table_grad) = table_grad.into_sum() {
            for (position, (&value, g_row)) in input.iter().zip(dy.chunks_exact(dim)).enumerate() {
                if let Ok(row) = self.row(value, position) {
                    table_grad[row * dim..(row + 1) * dim]
                        .iter_mut()
                        .zip(g_row)
                        .for_each(|(t, g)| *t += g);
                }
            }
        }
        if let Grad::Overwrite(dx) = dx {
            dx.fill(0.0);
        }
    }
}
