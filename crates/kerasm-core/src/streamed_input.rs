//! A dense model input read in chunks of whole rows, checked and stored as it arrives: a large
//! array never needs a second full copy in WASM memory. Flat samples are kept as CSR while
//! their non-zeros stay below `SPARSE_DENSITY` of the whole input, so a 600 MB multi-hot matrix
//! costs WASM memory for its non-zeros only; the first chunk that crosses the threshold turns
//! the rows so far into dense ones (exact: a CSR holds every non-zero), and the rest is copied.

use crate::array::Array;
use crate::dataset::{first_non_finite, is_sparse, CheckedInput, Input, Origin};
use crate::error::Error;
use crate::kernels::sparse::{push_pointer, reserve, scatter_rows, CsrMatrix};

/// One input's values so far (see the module doc).
pub struct StreamedInput {
    sample_shape: Vec<usize>,
    sample_size: usize,
    rows: usize,
    origin: Origin,
    received_rows: usize,
    store: Store,
}

enum Store {
    Sparse(CsrMatrix),
    Dense(Vec<f32>),
}

/// Non-zeros are looked for in groups this long: a group of zeros is one OR-reduction.
const GROUP: usize = 16;

impl StreamedInput {
    /// An input of `rows` samples of `sample_shape`, named by `origin` in errors.
    pub fn new(
        rows: usize,
        sample_shape: Vec<usize>,
        origin: Origin,
    ) -> Result<StreamedInput, Error> {
        let sample_size: usize = sample_shape.iter().product();
        let total = rows
            .checked_mul(sample_size)
            .ok_or_else(|| Error::ResourceExhausted {
                what: origin.argument.clone(),
                elements: usize::MAX,
            })?;
        let store = match sample_shape[..] {
            [cols] if cols > 0 => {
                let mut csr = CsrMatrix {
                    cols,
                    ..CsrMatrix::default()
                };
                reserve(&mut csr.indptr, rows + 1, &origin.argument)?;
                csr.indptr.push(0);
                Store::Sparse(csr)
            }
            _ => {
                let mut values = Vec::new();
                reserve(&mut values, total, &origin.argument)?;
                Store::Dense(values)
            }
        };
        Ok(StreamedInput {
            sample_shape,
            sample_size,
            rows,
            origin,
            // Samples of no values arrive all at once: there is nothing to append.
            received_rows: if sample_size == 0 { rows } else { 0 },
            store,
        })
    }

    /// The next whole rows, row-major. Checks they are finite, naming the first that is not
    /// by its flat index in the user's array.
    pub fn append(&mut self, values: &[f32]) -> Result<(), Error> {
        let size = self.sample_size.max(1);
        let new_rows = values.len() / size;
        if !values.len().is_multiple_of(size) || self.received_rows + new_rows > self.rows {
            return Err(Error::shape(
                self.origin.argument.clone(),
                format!(
                    "whole samples of {} values, {} samples in all",
                    self.sample_size, self.rows
                ),
                format!(
                    "{} more values after {} samples",
                    values.len(),
                    self.received_rows
                ),
            ));
        }
        let total = self.rows * self.sample_size;
        let first_index = self.origin.first_index + self.received_rows * self.sample_size;
        let non_finite = |p: usize| Error::NonFinite {
            argument: self.origin.argument.clone(),
            index: first_index + p,
            received: values[p],
        };
        match &mut self.store {
            Store::Dense(dense) => {
                if let Some(p) = first_non_finite(values) {
                    return Err(non_finite(p));
                }
                dense.extend_from_slice(values);
            }
            Store::Sparse(csr) => {
                let before = (csr.indptr.len(), csr.indices.len());
                for (r, row) in values.chunks_exact(size).enumerate() {
                    if let Err(c) = push_non_zeros(row, csr) {
                        // Leave the input as it was before this chunk.
                        csr.indptr.truncate(before.0);
                        csr.indices.truncate(before.1);
                        csr.values.truncate(before.1);
                        return Err(non_finite(r * size + c));
                    }
                    push_pointer(&mut csr.indptr, csr.indices.len(), &self.origin.argument)?;
                }
                if !is_sparse(csr.values.len(), total) {
                    let mut dense = Vec::new();
                    reserve(&mut dense, total, &self.origin.argument)?;
                    dense.resize((self.received_rows + new_rows) * size, 0.0);
                    let all_rows = 0..self.received_rows + new_rows;
                    scatter_rows(csr.view(), all_rows, &mut dense);
                    self.store = Store::Dense(dense);
                }
            }
        }
        self.received_rows += new_rows;
        Ok(())
    }

    /// The checked input, once every row has arrived.
    pub fn finish(self) -> Result<CheckedInput, Error> {
        if self.received_rows != self.rows {
            return Err(Error::shape(
                self.origin.argument,
                format!("{} samples", self.rows),
                format!("{} samples", self.received_rows),
            ));
        }
        Ok(CheckedInput(match self.store {
            Store::Sparse(csr) => Input::Sparse(csr),
            Store::Dense(values) => Input::Dense(Array::new(values, self.sample_shape)),
        }))
    }
}

/// Appends the non-zeros of `row` (column index, value) to `csr`, or returns the column of
/// its first NaN or ±Infinity. A value is zero when its bits without the sign are, so -0 is
/// skipped as `v != 0.0` would; NaN and ±Infinity are not zero, so a group of zeros holds none.
fn push_non_zeros(row: &[f32], csr: &mut CsrMatrix) -> Result<(), usize> {
    let (groups, tail) = row.as_chunks::<GROUP>();
    for (g, group) in groups.iter().enumerate() {
        if any_non_zero(group) {
            push_group(group, g * GROUP, csr)?;
        }
    }
    push_group(tail, groups.len() * GROUP, csr)
}

/// Whether a group holds a value other than ±0: the OR of all bits, without the sign bit.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn any_non_zero(group: &[f32; GROUP]) -> bool {
    use core::arch::wasm32::{i32x4_shl, v128, v128_any_true, v128_load, v128_or};
    let lanes = group.as_ptr() as *const v128;
    // SAFETY: the group is 16 f32 = 4 whole v128 in one allocation; v128_load needs no
    // alignment.
    let [a, b, c, d] = unsafe {
        [
            v128_load(lanes),
            v128_load(lanes.add(1)),
            v128_load(lanes.add(2)),
            v128_load(lanes.add(3)),
        ]
    };
    v128_any_true(i32x4_shl(v128_or(v128_or(a, b), v128_or(c, d)), 1))
}

/// Whether a group holds a value other than ±0: the OR of all bits, without the sign bit.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn any_non_zero(group: &[f32; GROUP]) -> bool {
    group.iter().fold(0u32, |acc, v| acc | (v.to_bits() << 1)) != 0
}

fn push_group(values: &[f32], first_column: usize, csr: &mut CsrMatrix) -> Result<(), usize> {
    for (i, &v) in values.iter().enumerate() {
        if v != 0.0 {
            if !v.is_finite() {
                return Err(first_column + i);
            }
            csr.indices.push((first_column + i) as u32);
            csr.values.push(v);
        }
    }
    Ok(())
}
