//! Keras's `Concatenate`: every input is viewed as `[rows × widthᵢ]` (rows: the batch and the
//! axes before the concatenation axis; widthᵢ: that axis and the ones after it), and each
//! output row is the inputs' rows side by side. The backward cuts the output gradient's rows
//! back into the same pieces.

use crate::graph::op::{Grad, InputGrads, Inputs};

pub(crate) fn forward(widths: &[usize], inputs: Inputs<'_>, output: &mut [f32]) {
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
}

/// Inputs in order, so a tensor passed twice is overwritten by its first piece, then
/// accumulated by its second.
pub(crate) fn backward(widths: &[usize], dy: &[f32], input_grads: &mut InputGrads<'_>) {
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
