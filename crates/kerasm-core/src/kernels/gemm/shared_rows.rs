//! A row-major buffer lent to several tasks at once, each writing its own rows or parts of
//! rows. Tasks own rectangular blocks of `C`, which are not contiguous (a block's rows are
//! interleaved with its neighbours'), so no safe split of the `&mut [f32]` gives each task its
//! block; instead a task borrows one short row segment at a time through a raw pointer, and the
//! fixed partition guarantees that segments of different tasks never overlap.

use std::marker::PhantomData;

/// Row-major storage (row stride `ld`) shared by tasks that write disjoint segments of it.
pub(super) struct SharedRows<'a> {
    ptr: *mut f32,
    len: usize,
    ld: usize,
    borrow: PhantomData<&'a mut [f32]>,
}

// SAFETY: `SharedRows` only hands out `&mut` segments through the `unsafe` `segment`, whose
// contract forbids overlapping segments; with that, sending it to or sharing it between threads
// is like sending disjoint `&mut [f32]` sub-slices, which is sound.
unsafe impl Send for SharedRows<'_> {}
// SAFETY: as above.
unsafe impl Sync for SharedRows<'_> {}

impl<'a> SharedRows<'a> {
    /// Borrows `data` mutably for as long as the `SharedRows` lives.
    pub(super) fn new(data: &'a mut [f32], ld: usize) -> Self {
        SharedRows {
            ptr: data.as_mut_ptr(),
            len: data.len(),
            ld,
            borrow: PhantomData,
        }
    }

    /// `data[row·ld + col ..][..len]`.
    ///
    /// # Safety
    /// While the returned slice lives, no other slice obtained from this `SharedRows` may
    /// overlap it (on this thread or any other).
    #[allow(clippy::mut_from_ref)]
    pub(super) unsafe fn segment(&self, row: usize, col: usize, len: usize) -> &mut [f32] {
        // Keeps the slice inside `data` whatever the caller passes (overflow included): the
        // soundness of the pointer arithmetic below must not rest on the caller's arithmetic.
        let start = row
            .checked_mul(self.ld)
            .and_then(|offset| offset.checked_add(col));
        let start = match start {
            Some(start) if start <= self.len && len <= self.len - start => start,
            _ => panic!("shared segment out of bounds"),
        };
        // SAFETY: in bounds (checked above) of a slice we borrow mutably for 'a; exclusivity is
        // the caller's contract.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.add(start), len) }
    }
}
