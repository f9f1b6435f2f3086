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
    if src.transposed {
        // Column `p` of the view is row `p` of storage: read each such row once, front to back,
        // scattering W values per panel. (Walking panel by panel instead would touch a new page
        // per value once rows are 4 KiB apart, and thrash the TLB.)
        for (step, p) in cols.enumerate() {
            let start = p * src.ld + rows.start;
            let row = &src.data[start..start + rows.len()];
            let mut panel_steps = steps.iter_mut().skip(step).step_by(depth);
            let (full, partial) = row.as_chunks::<W>();
            // Whole-array copies: a `copy_from_slice` of a run-time length compiles to a
            // `memcpy` call, which costs more than the 16 or 32 bytes it moves.
            // (`full` leads the zip so that it, not `panel_steps`, runs out first.)
            for (values, panel_step) in full.iter().zip(panel_steps.by_ref()) {
                *panel_step = *values;
            }
            if let Some(panel_step) = panel_steps.next() {
                panel_step.fill(0.0);
                panel_step[..partial.len()].copy_from_slice(partial);
            }
        }
    } else {
        // Each row of the view is contiguous in storage: stream it into its lane of its panel.
        for (q, panel) in steps.chunks_exact_mut(depth).enumerate() {
            let first = rows.start + q * W;
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
