//! Reusable packing buffers of the calling thread, one per operand. Allocating them per call
//! cost 5% of a 32×1024×1024 product (a fresh 4 MiB `calloc` is a 4 MiB `memset`); reused, they
//! are never zeroed, which is sound because packing writes every element it later reads,
//! padding included.

use std::cell::RefCell;

thread_local! {
    static PACKED_A: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
    static PACKED_B: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Which operand's buffer.
#[derive(Clone, Copy)]
pub(super) enum Scratch {
    PackedA,
    PackedB,
}

/// Runs `f` on `len` floats of the thread's `which` buffer; their contents are unspecified.
/// If the buffer is already in use on this thread (a product run from a task of another product
/// that this thread picked up while waiting for the pool), `f` gets a fresh allocation instead.
pub(super) fn with_scratch<R>(which: Scratch, len: usize, f: impl FnOnce(&mut [f32]) -> R) -> R {
    let key = match which {
        Scratch::PackedA => &PACKED_A,
        Scratch::PackedB => &PACKED_B,
    };
    key.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            if buffer.len() < len {
                buffer.resize(len, 0.0);
            }
            f(&mut buffer[..len])
        }
        Err(_) => f(&mut vec![0.0; len]),
    })
}
