//! Packing: copying a block of an operand into contiguous panels in exactly the order the
//! microkernel reads them. Packing is where transposes are absorbed, so `Aᵀ·B`, `A·Bᵀ` and `A·B`
//! all reach the microkernel as the same panel layout and run at the same speed.

use crate::kernels::simd::F32x4;
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

    /// Storage row `row`, from column `cols.start`, `cols.len()` long.
    fn storage_row(&self, row: usize, cols: &Range<usize>) -> &'a [f32] {
        let start = row * self.ld + cols.start;
        &self.data[start..start + cols.len()]
    }
}

/// Steps of a transposed operand packed together (see `pack_from_storage_columns`).
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
    let (steps, _) = dst.as_chunks_mut::<W>();
    if src.transposed {
        pack_from_storage_columns(src, rows, cols, steps);
    } else {
        pack_from_storage_rows(src, rows, cols, steps);
    }
}

/// The view's rows are storage rows: each panel gathers `W` of them, step by step. Whole panels
/// go four steps × four lanes at a time through a register transpose (4 vector loads, 8 shuffles,
/// 4 vector stores for 16 values, where a scalar gather takes 16 loads and 16 stores).
fn pack_from_storage_rows<const W: usize>(
    src: Operand,
    rows: Range<usize>,
    cols: Range<usize>,
    steps: &mut [[f32; W]],
) {
    for (q, panel) in steps.chunks_exact_mut(cols.len()).enumerate() {
        let first = rows.start + q * W;
        if first + W > rows.end {
            pack_partial_panel(src, first..rows.end, &cols, panel);
            continue;
        }
        let lanes: [&[f32]; W] = std::array::from_fn(|lane| src.storage_row(first + lane, &cols));
        let (step_quads, tail_steps) = panel.as_chunks_mut::<4>();
        for (quad_index, quad) in step_quads.iter_mut().enumerate() {
            for group in 0..W / 4 {
                let group_rows: [F32x4; 4] = std::array::from_fn(|lane| {
                    let (lane_quads, _) = lanes[4 * group + lane].as_chunks::<4>();
                    F32x4::load(&lane_quads[quad_index])
                });
                for (step, column) in quad.iter_mut().zip(F32x4::transpose(group_rows)) {
                    let (step_groups, _) = step.as_chunks_mut::<4>();
                    column.store(&mut step_groups[group]);
                }
            }
        }
        let tail_start = step_quads.len() * 4;
        for (p, step) in tail_steps.iter_mut().enumerate() {
            *step = std::array::from_fn(|lane| lanes[lane][tail_start + p]);
        }
    }
}

/// The view's columns are storage rows: step `p` of every panel lies side by side in storage row
/// `cols.start + p`, `W` values per panel. Transpose in blocks of a few steps: the block's source
/// rows stay in L1 while every panel receives whole cache lines. (Row by row, the writes would
/// go to one partial line per panel, panels being a power of two apart as often as not, so all
/// in the same L1 set; panel by panel, each read would be a new row, a new page.) Each block
/// cuts its source rows into `W`-wide pieces once, so the copy of a piece is one vector move.
fn pack_from_storage_columns<const W: usize>(
    src: Operand,
    rows: Range<usize>,
    cols: Range<usize>,
    steps: &mut [[f32; W]],
) {
    let full_panels = rows.len() / W;
    let depth = cols.len();
    for block_start in (0..depth).step_by(STEPS_PER_TRANSPOSE_BLOCK) {
        let block = block_start..depth.min(block_start + STEPS_PER_TRANSPOSE_BLOCK);
        let pieces: [&[[f32; W]]; STEPS_PER_TRANSPOSE_BLOCK] = std::array::from_fn(|s| {
            let step = block.start + s;
            if step < block.end {
                src.storage_row(cols.start + step, &rows).as_chunks::<W>().0
            } else {
                &[]
            }
        });
        for (q, panel) in steps.chunks_exact_mut(depth).take(full_panels).enumerate() {
            let panel_block = &mut panel[block.clone()];
            for (step, step_pieces) in panel_block.iter_mut().zip(&pieces) {
                *step = step_pieces[q];
            }
        }
    }
    if let Some(panel) = steps.chunks_exact_mut(depth).nth(full_panels) {
        let first = rows.start + full_panels * W;
        pack_partial_panel(src, first..rows.end, &cols, panel);
    }
}

/// The last panel, with fewer than `W` live rows: lane by lane, zeros past the live ones.
fn pack_partial_panel<const W: usize>(
    src: Operand,
    live: Range<usize>,
    cols: &Range<usize>,
    panel: &mut [[f32; W]],
) {
    for (p, step) in panel.iter_mut().enumerate() {
        *step = std::array::from_fn(|lane| {
            let row = live.start + lane;
            match (row < live.end, src.transposed) {
                (false, _) => 0.0,
                (true, false) => src.data[row * src.ld + cols.start + p],
                (true, true) => src.data[(cols.start + p) * src.ld + row],
            }
        });
    }
}
