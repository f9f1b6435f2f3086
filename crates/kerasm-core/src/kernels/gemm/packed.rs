//! A chunk of `op(B)` packed once and then read by every task of the chunk. Packing it per task
//! instead would copy B once per row block of C: at 1024³ that was as costly as an eighth of the
//! arithmetic.

use super::microkernel::NR;
use super::pack::{pack_panels, packed_len, Operand};
use super::shared_rows::SharedRows;
use crate::parallel;
use std::ops::Range;

/// Panels packed per task when packing runs in parallel.
const PANELS_PER_PACKING_TASK: usize = 16;

/// `op(B)[depth, cols]` as panels of `NR` columns, each over the whole `depth`: panel `q` is
/// `data[q·NR·depth ..][.. NR·depth]`, step-major, so any sub-range of the depth of a panel is
/// itself a contiguous microkernel panel.
pub(super) struct PackedB<'a> {
    data: &'a [f32],
    depth: Range<usize>,
    cols: Range<usize>,
}

impl<'a> PackedB<'a> {
    /// Floats needed to pack `depth × cols`.
    pub(super) fn len(depth: usize, cols: usize) -> usize {
        packed_len::<NR>(cols, depth)
    }

    /// Packs `op(B)[depth, cols]` into `data` (of length `PackedB::len`), reading it from
    /// `b_t = op(B)ᵀ`; on the pool when `parallel`.
    pub(super) fn pack(
        b_t: Operand,
        depth: Range<usize>,
        cols: Range<usize>,
        parallel: bool,
        data: &'a mut [f32],
    ) -> PackedB<'a> {
        let panel_len = NR * depth.len();
        let panels = cols.len().div_ceil(NR);
        let tasks = panels.div_ceil(PANELS_PER_PACKING_TASK);
        let shared = SharedRows::new(&mut *data, panel_len);
        let pack_task = |task: usize| {
            let first = task * PANELS_PER_PACKING_TASK;
            let count = PANELS_PER_PACKING_TASK.min(panels - first);
            let start = cols.start + first * NR;
            let task_cols = start..cols.end.min(start + count * NR);
            // SAFETY: task `task` writes panels `first .. first + count` only, which no other
            // task's range includes; each task index runs once.
            let dst = unsafe { shared.segment(first, 0, count * panel_len) };
            pack_panels::<NR>(b_t, task_cols, depth.clone(), dst);
        };
        if parallel {
            parallel::for_each_task(tasks, pack_task);
        } else {
            (0..tasks).for_each(pack_task);
        }
        PackedB { data, depth, cols }
    }

    /// The packed depth range (absolute indices into k).
    pub(super) fn depth(&self) -> Range<usize> {
        self.depth.clone()
    }

    /// The packed column range (absolute indices into n).
    pub(super) fn cols(&self) -> Range<usize> {
        self.cols.clone()
    }

    /// Panel of columns `col .. col + NR` (`col` a panel start) over the depth `slice`.
    pub(super) fn panel(&self, col: usize, slice: &Range<usize>) -> &[f32] {
        let panel = (col - self.cols.start) / NR;
        let start = panel * NR * self.depth.len() + (slice.start - self.depth.start) * NR;
        &self.data[start..start + NR * slice.len()]
    }
}
