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

/// Steps of a transposed operand packed together (see `pack_panels`).
const STEPS_PER_TRANSPOSE_BLOCK: usize = 8;

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
    if src.transposed {
        // Column `p` of the view is row `p` of storage, holding the W values of every panel's
        // step `p` side by side. Transpose in blocks of a few steps: the block's source rows stay
        // in L1 while every panel receives whole cache lines. (Row by row, the writes would go
        // to one partial line per panel, panels being a power of two apart as often as not, so
        // all in the same L1 set; panel by panel, each read would be a new row, a new page.)
        for block_start in (0..depth).step_by(STEPS_PER_TRANSPOSE_BLOCK) {
            let block = block_start..depth.min(block_start + STEPS_PER_TRANSPOSE_BLOCK);
            for (q, panel) in steps.chunks_exact_mut(depth).enumerate() {
                let first = rows.start + q * W;
                let live = W.min(rows.end - first);
                for step in block.clone() {
                    let start = (cols.start + step) * src.ld + first;
                    let values = &src.data[start..start + live];
                    // A whole-array copy: `copy_from_slice` of a run-time length is a `memcpy`
                    // call, dearer than the 16 or 32 bytes it moves.
                    if let Ok(values) = <&[f32; W]>::try_from(values) {
                        panel[step] = *values;
                    } else {
                        panel[step] = [0.0; W];
                        panel[step][..live].copy_from_slice(values);
                    }
                }
            }
        }
    } else {
        // Each row of the view is contiguous in storage: stream it into its lane of its panel.
        for (q, panel) in steps.chunks_exact_mut(depth).enumerate() {
            let first = rows.start + q * W;
            if first + W <= rows.end {
                let lanes: [&[f32]; W] = std::array::from_fn(|lane| {
                    let start = (first + lane) * src.ld + cols.start;
                    &src.data[start..start + depth]
                });
                for (p, panel_step) in panel.iter_mut().enumerate() {
                    *panel_step = std::array::from_fn(|lane| lanes[lane][p]);
                }
                continue;
            }
            for lane in 0..W {
                if first + lane < rows.end {
                    let start = (first + lane) * src.ld + cols.start;
                    let row = &src.data[start..start + depth];
                    for (panel_step, &value) in panel.iter_mut().zip(row) {
                        panel_step[lane] = value;
                    }
                } else {
                    panel
                        .iter_mut()
                        .for_each(|panel_step| panel_step[lane] = 0.0);
                }
            }
        }
    }
}
