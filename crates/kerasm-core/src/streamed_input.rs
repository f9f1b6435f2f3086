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
                    if let Err(c) = csr.push_non_zeros(row) {
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
