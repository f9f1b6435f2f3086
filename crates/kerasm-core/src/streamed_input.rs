//! A dense model input read in chunks of whole rows, checked and stored as it arrives: a large
//! array never needs a second full copy in WASM memory. Flat samples are kept as CSR while
//! their non-zeros stay below `SPARSE_DENSITY` of the whole input, so a 600 MB multi-hot matrix
//! costs WASM memory for its non-zeros only; the first chunk that crosses the threshold turns
//! the rows so far into dense ones (exact: a CSR holds every non-zero), and the rest is copied.
//!
//! With a pool of two threads or more a large chunk is checked there while the host copies the
//! next one in; a non-finite value is then reported by the call after the one that passed it.

use crate::array::Array;
use crate::dataset::{first_non_finite, is_sparse, CheckedInput, Input, Origin};
use crate::error::Error;
use crate::kernels::sparse::{push_pointer, reserve, scatter_rows, CsrMatrix};
use crate::parallel::Background;

/// Values from which a chunk is checked on the pool (1 MiB): a Boston-sized input (303 × 13)
/// is checked in a few microseconds, less than a pool thread takes to wake.
const BACKGROUND_MIN_VALUES: usize = 1 << 18;

/// One input's values so far (see the module doc).
pub struct StreamedInput {
    sample_shape: Vec<usize>,
    sample_size: usize,
    rows: usize,
    origin: Origin,
    /// Rows passed to `append`, checked or not yet.
    received_rows: usize,
    checked: Background<Checked>,
}

/// The rows checked so far, and the first error found in them (which refuses the input).
struct Checked {
    rows: usize,
    store: Store,
    error: Option<Error>,
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
        // Samples of no values arrive all at once: there is nothing to append.
        let received_rows = if sample_size == 0 { rows } else { 0 };
        Ok(StreamedInput {
            sample_shape,
            sample_size,
            rows,
            origin,
            received_rows,
            checked: Background::new(Checked {
                rows: received_rows,
                store,
                error: None,
            }),
        })
    }

    /// The next whole rows, row-major. Checks they are finite, naming the first that is not
    /// by its flat index in the user's array (see the module doc for when).
    pub fn append(&mut self, values: Vec<f32>) -> Result<(), Error> {
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
        if let Some(error) = &self.checked.wait().error {
            return Err(error.clone());
        }
        self.received_rows += new_rows;
        let (total, origin) = (self.rows * self.sample_size, self.origin.clone());
        let worth_it = values.len() >= BACKGROUND_MIN_VALUES;
        self.checked.then(worth_it, move |checked| {
            if checked.error.is_none() {
                checked.error = checked.append(&values, size, total, &origin).err();
            }
        });
        Ok(())
    }

    /// The checked input, once every row has arrived.
    pub fn finish(self) -> Result<CheckedInput, Error> {
        let checked = self.checked.into_inner();
        if let Some(error) = checked.error {
            return Err(error);
        }
        if checked.rows != self.rows {
            return Err(Error::shape(
                self.origin.argument,
                format!("{} samples", self.rows),
                format!("{} samples", checked.rows),
            ));
        }
        Ok(CheckedInput(match checked.store {
            Store::Sparse(csr) => Input::Sparse(csr),
            Store::Dense(values) => Input::Dense(Array::new(values, self.sample_shape)),
        }))
    }
}

impl Checked {
    /// Checks and stores `values`, whole rows of `size` values of an input of `total` values.
    fn append(
        &mut self,
        values: &[f32],
        size: usize,
        total: usize,
        origin: &Origin,
    ) -> Result<(), Error> {
        let new_rows = values.len() / size;
        let first_index = origin.first_index + self.rows * size;
        let non_finite = |p: usize| Error::NonFinite {
            argument: origin.argument.clone(),
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
                for (r, row) in values.chunks_exact(size).enumerate() {
                    csr.push_non_zeros(row)
                        .map_err(|c| non_finite(r * size + c))?;
                    push_pointer(&mut csr.indptr, csr.indices.len(), &origin.argument)?;
                }
                if !is_sparse(csr.values.len(), total) {
                    let mut dense = Vec::new();
                    reserve(&mut dense, total, &origin.argument)?;
                    dense.resize((self.rows + new_rows) * size, 0.0);
                    scatter_rows(csr.view(), 0..self.rows + new_rows, &mut dense);
                    self.store = Store::Dense(dense);
                }
            }
        }
        self.rows += new_rows;
        Ok(())
    }
}
