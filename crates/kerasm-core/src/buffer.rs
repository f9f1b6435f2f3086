//! Fallible buffer allocation. `Vec::with_capacity` aborts on failure, which in wasm is a trap;
//! `try_reserve_exact` turns an impossible size (a huge layer, a huge batch) into an `Error`.

use crate::error::Error;

/// A zero-filled buffer of `len` floats.
pub(crate) fn zeroed(len: usize, what: &str) -> Result<Vec<f32>, Error> {
    let mut buffer = Vec::new();
    resize(&mut buffer, len, what)?;
    Ok(buffer)
}

/// Sets `buffer.len()` to `len` (new values are zero). Capacity only grows, so alternating between a full batch and
/// a short last batch never reallocates.
pub(crate) fn resize<T: Copy + Default>(
    buffer: &mut Vec<T>,
    len: usize,
    what: &str,
) -> Result<(), Error> {
    if len > buffer.capacity() {
        buffer
            .try_reserve_exact(len - buffer.len())
            .map_err(|_| Error::ResourceExhausted {
                what: what.to_string(),
                elements: len,
            })?;
    }
    buffer.resize(len, T::default());
    Ok(())
}

/// The number of elements of `shape`, or an error naming `argument` when it overflows.
pub(crate) fn element_count(shape: &[usize], argument: &str) -> Result<usize, Error> {
    shape
        .iter()
        .try_fold(1usize, |acc, &dim| acc.checked_mul(dim))
        .ok_or_else(|| {
            Error::invalid(
                argument,
                "a shape whose element count fits in memory",
                crate::error::format_shape(shape),
            )
        })
}

/// `a * b`, or an error naming `argument` when it overflows.
pub(crate) fn checked_mul(a: usize, b: usize, argument: &str) -> Result<usize, Error> {
    a.checked_mul(b)
        .ok_or_else(|| Error::invalid(argument, "a size that fits in memory", format!("{a} × {b}")))
}
