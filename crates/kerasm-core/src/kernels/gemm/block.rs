//! One block of `C`, computed by one task: the cache-blocked loops around the microkernel.
//!
//! For each `KC`-deep slice of the chunk's depth: pack the block's rows of `op(A)` (`rows × KC`,
//! 128 KiB, kept in L2), then sweep the tiles with one `KC × NR` B panel (8 KiB) resident in L1
//! while the A panels stream past it (the Goto/BLIS order).

use super::microkernel::{multiply_panels, Update, MR, NR};
use super::pack::{pack_panels, packed_len, Operand};
use super::packed_b::PackedB;
use super::scratch::{with_scratch, Scratch};
use super::shared_rows::SharedRows;
use std::ops::Range;

/// Depth of one slice of k.
const KC: usize = 256;

/// Computes `C[rows, cols] = alpha·op(A)[rows, depth]·op(B)[depth, cols] + C-term`, where the
/// depth and the B operand are those of `b`, and the C-term is given by `first_update` for the
/// first slice and accumulates after it. Every element's sum runs over k in the same order
/// (slice after slice, increasing `p` inside) whatever block it falls in, so results do not
/// depend on how blocks are grouped into tasks.
///
/// # Safety
/// No other call may write `C[rows, cols]` of the same `c` concurrently.
pub(super) unsafe fn multiply_block(
    a: Operand,
    b: &PackedB,
    alpha: f32,
    first_update: Update,
    rows: Range<usize>,
    cols: Range<usize>,
    c: &SharedRows,
) {
    let depth = b.depth();
    let a_len = packed_len::<MR>(rows.len(), KC.min(depth.len()));
    with_scratch(Scratch::PackedA, a_len, |a_packed| {
        for slice_start in depth.clone().step_by(KC) {
            let slice = slice_start..depth.end.min(slice_start + KC);
            let update = if slice_start == depth.start {
                first_update
            } else {
                Update::Accumulate
            };
            let a_panels = &mut a_packed[..packed_len::<MR>(rows.len(), slice.len())];
            pack_panels::<MR>(a, rows.clone(), slice.clone(), a_panels);
            for col in cols.clone().step_by(NR) {
                let width = NR.min(cols.end - col);
                let b_panel = b.panel(col, &slice);
                for (a_panel, row) in a_panels
                    .chunks_exact(MR * slice.len())
                    .zip(rows.clone().step_by(MR))
                {
                    let tile = multiply_panels(a_panel, b_panel);
                    for r in 0..MR.min(rows.end - row) {
                        // SAFETY: (row + r, col..col + width) lies in C[rows, cols], which this call
                        // owns exclusively (the function's contract); the segment is dropped before
                        // the next one is taken.
                        let c_row = unsafe { c.segment(row + r, col, width) };
                        tile.update_row(r, alpha, update, c_row);
                    }
                }
            }
        }
    });
}
