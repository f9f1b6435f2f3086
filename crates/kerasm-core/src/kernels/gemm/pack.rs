//! Packing: copying a block of an operand into contiguous panels in exactly the order the
//! microkernel reads them. Packing is where transposes are absorbed, so `Aᵀ·B`, `A·Bᵀ` and `A·B`
//! all reach the microkernel as the same panel layout and run at the same speed.

use std::ops::Range;

/// Read-only view of a logical matrix over row-major storage with row stride `ld`: element
/// `(i, p)` is `data[i·ld + p]`, or `data[p·ld + i]` when `transposed`.
#[derive(Clone, Copy)]
pub(super) struct Operand<'a> {
    data: &'a [f32],
    ld: usize,
    transposed: bool,
}

impl<'a> Operand<'a> {
    pub(super) fn new(data: &'a [f32], ld: usize, transposed: bool) -> Self {
        Operand {
            data,
            ld,
            transposed,
        }
    }
}

/// Length of the packed buffer for `rows` rows and `depth` columns in panels of `W` rows.
pub(super) fn packed_len<const W: usize>(rows: usize, depth: usize) -> usize {
    rows.div_ceil(W) * W * depth
}

/// Packs `src[rows, cols]` into `dst` as panels of `W` rows: panel `q` holds, column after column,
/// the `W` values of rows `rows.start + q·W ..`, padded with zeros past `rows.end` so that the
/// microkernel never needs an edge case. `dst.len()` must be `packed_len::<W>(rows.len(), cols.len())`.
pub(super) fn pack_panels<const W: usize>(
    src: Operand,
    rows: Range<usize>,
    cols: Range<usize>,
    dst: &mut [f32],
) {
    let depth = cols.len();
    let (steps, _) = dst.as_chunks_mut::<W>();
    for (q, panel) in steps.chunks_exact_mut(depth).enumerate() {
        let first = rows.start + q * W;
        let live = W.min(rows.end - first);
        if src.transposed {
            // Column `p` of the view is row `p` of storage: the panel's W values are contiguous.
            for (step, p) in panel.iter_mut().zip(cols.clone()) {
                let start = p * src.ld + first;
                step[..live].copy_from_slice(&src.data[start..start + live]);
                step[live..].fill(0.0);
            }
        } else {
            // Each row of the panel is contiguous in storage: stream it into its lane.
            for lane in 0..W {
                if lane < live {
                    let start = (first + lane) * src.ld + cols.start;
                    let row = &src.data[start..start + depth];
                    for (step, &value) in panel.iter_mut().zip(row) {
                        step[lane] = value;
                    }
                } else {
                    panel.iter_mut().for_each(|step| step[lane] = 0.0);
                }
            }
        }
    }
}
