//! One block of `C`, computed by one task: the cache-blocked loops around the microkernel.
//!
//! Loop order (Goto/BLIS): for each `KC`-deep slice of k, pack the block's columns of `op(B)`
//! (`KC × cols`, kept in L2), then for each `MC` rows pack `op(A)` (`MC × KC`, kept in L2 too),
//! then sweep the tiles with one `KC × NR` B panel (8 KiB at KC = 256) resident in L1 while the
//! A panels stream past it.

use super::microkernel::{multiply_panels, Update, MR, NR};
use super::pack::{pack_panels, packed_len, Operand};
use super::shared_output::SharedOutput;
use std::ops::Range;

/// Depth of one packed slice of k.
const KC: usize = 256;
/// Rows of `op(A)` packed at once.
const MC: usize = 128;

/// The problem one task sees: `C = alpha·op(A)·op(B) + beta·C`, with `op(B)` given transposed
/// (`b_t` is `op(B)ᵀ`, `n×k`) so that both operands are packed by rows.
pub(super) struct Product<'a> {
    pub a: Operand<'a>,
    pub b_t: Operand<'a>,
    pub k: usize,
    pub alpha: f32,
    pub beta: f32,
}

/// Computes `C[rows, cols]`. Every element's sum runs over k in the same order (slice after slice
/// of `KC`, increasing `p` inside) whatever block it falls in, so results do not depend on how
/// blocks are grouped into tasks.
///
/// # Safety
/// No other call may write `C[rows, cols]` of the same `c` concurrently.
pub(super) unsafe fn multiply_block(
    product: &Product,
    rows: Range<usize>,
    cols: Range<usize>,
    c: &SharedOutput,
) {
    let depth_max = KC.min(product.k);
    let mut a_packed = vec![0.0f32; packed_len::<MR>(MC.min(rows.len()), depth_max)];
    let mut b_packed = vec![0.0f32; packed_len::<NR>(cols.len(), depth_max)];
    for depth_start in (0..product.k).step_by(KC) {
        let depth = depth_start..product.k.min(depth_start + KC);
        let kc = depth.len();
        let update = match (depth_start, product.beta) {
            (0, 0.0) => Update::Overwrite,
            (0, 1.0) => Update::Accumulate,
            (0, beta) => Update::Scale(beta),
            _ => Update::Accumulate,
        };
        let b_panels = &mut b_packed[..packed_len::<NR>(cols.len(), kc)];
        pack_panels::<NR>(product.b_t, cols.clone(), depth.clone(), b_panels);
        for row_start in rows.clone().step_by(MC) {
            let row_block = row_start..rows.end.min(row_start + MC);
            let a_panels = &mut a_packed[..packed_len::<MR>(row_block.len(), kc)];
            pack_panels::<MR>(product.a, row_block.clone(), depth.clone(), a_panels);
            for (jq, b_panel) in b_panels.chunks_exact(NR * kc).enumerate() {
                let col = cols.start + jq * NR;
                let width = NR.min(cols.end - col);
                for (iq, a_panel) in a_panels.chunks_exact(MR * kc).enumerate() {
                    let row = row_block.start + iq * MR;
                    let tile = multiply_panels(a_panel, b_panel);
                    for r in 0..MR.min(row_block.end - row) {
                        // SAFETY: (row + r, col..col + width) lies in C[rows, cols], which this
                        // call owns exclusively (the function's contract); the segment is
                        // dropped before the next one is taken.
                        let c_row = unsafe { c.segment(row + r, col, width) };
                        tile.update_row(r, product.alpha, update, c_row);
                    }
                }
            }
        }
    }
}
