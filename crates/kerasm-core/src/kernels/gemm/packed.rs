//! One operand chunk, packed once into panels and then read by every task of the chunk.
//! Packing per task instead would repeat the copy for every task sharing rows of A or columns
//! of B; at 1024³ that cost as much as an eighth of the arithmetic, and it made fine task grids
//! (needed to keep threads busy on medium products) dear.

use super::pack::{pack_panels, packed_len, Operand};
use super::shared_rows::SharedRows;
use crate::parallel;
use std::ops::Range;

/// Panels packed per task when packing runs in parallel.
const PANELS_PER_PACKING_TASK: usize = 16;

/// `view[rows, depth]` as panels of `W` rows, each over the whole `depth`: panel `q` is
/// `data[q·W·depth ..][.. W·depth]`, step-major, so any sub-range of the depth of a panel is
/// itself a contiguous microkernel panel. For A the view is `op(A)`; for B it is `op(B)ᵀ`, whose
/// rows are the columns of `op(B)`.
pub(super) struct Packed<'a, const W: usize> {
    data: &'a [f32],
    rows: Range<usize>,
    depth: Range<usize>,
}

impl<'a, const W: usize> Packed<'a, W> {
    /// Floats needed to pack `rows × depth`.
    pub(super) fn len(rows: usize, depth: usize) -> usize {
        packed_len::<W>(rows, depth)
    }

    /// Packs `view[rows, depth]` into `data` (of length `Packed::len`); on the pool when
    /// `parallel`.
    pub(super) fn pack(
        view: Operand,
        rows: Range<usize>,
        depth: Range<usize>,
        parallel: bool,
        data: &'a mut [f32],
    ) -> Self {
        let panel_len = W * depth.len();
        let panels = rows.len().div_ceil(W);
        let tasks = panels.div_ceil(PANELS_PER_PACKING_TASK);
        let shared = SharedRows::new(&mut *data, panel_len);
        let pack_task = |task: usize| {
            let first = task * PANELS_PER_PACKING_TASK;
            let count = PANELS_PER_PACKING_TASK.min(panels - first);
            let start = rows.start + first * W;
            let task_rows = start..rows.end.min(start + count * W);
            // SAFETY: task `task` writes panels `first .. first + count` only, which no other
            // task's range includes; each task index runs once.
            let dst = unsafe { shared.segment(first, 0, count * panel_len) };
            pack_panels::<W>(view, task_rows, depth.clone(), dst);
        };
        if parallel {
            parallel::for_each_task(tasks, pack_task);
        } else {
            (0..tasks).for_each(pack_task);
        }
        Packed { data, rows, depth }
    }

    /// The packed rows (absolute indices into the view).
    pub(super) fn rows(&self) -> Range<usize> {
        self.rows.clone()
    }

    /// The packed depth (absolute indices into k).
    pub(super) fn depth(&self) -> Range<usize> {
        self.depth.clone()
    }

    /// The panel of rows `row .. row + W` (`row` a panel start) over the depth `slice`.
    pub(super) fn panel(&self, row: usize, slice: &Range<usize>) -> &[f32] {
        let panel = (row - self.rows.start) / W;
        let start = panel * W * self.depth.len() + (slice.start - self.depth.start) * W;
        &self.data[start..start + W * slice.len()]
    }
}
