//! Products of a CSR matrix `X` (rows × cols, compressed sparse rows) with dense row-major
//! matrices: the forward `X·W` and the weight gradient `Xᵀ·dY` of a dense layer whose input is
//! sparse (multi-hot text), each costing `nnz · units` multiply-adds instead of
//! `rows · cols · units`.
//!
//! Both are gather-axpy loops over rows of the dense operand (`W[c, :]`, `dY[r, :]`), which
//! vectorise along `units`. Every output element sums its terms in the stored order of the
//! non-zeros, so results do not depend on threads. They run on the calling thread: an IMDB
//! epoch is ~2·10⁶ non-zeros × 16 units, a few milliseconds, below where a fork-join pays off.

use crate::buffer;
use crate::error::Error;

/// A borrowed CSR matrix: row `r`'s non-zeros are `indices[indptr[r]..indptr[r + 1]]` (their
/// columns) and the same range of `values`.
#[derive(Debug, Clone, Copy)]
pub struct CsrView<'a> {
    pub indptr: &'a [u32],
    pub indices: &'a [u32],
    pub values: &'a [f32],
    pub cols: usize,
}

impl<'a> CsrView<'a> {
    /// Checks the structure (so the kernels may index without bounds failures): `indptr` starts
    /// at 0, never decreases and ends at `indices.len() == values.len()`; every column is below
    /// `cols`. `argument` names the matrix in errors.
    pub fn new(
        indptr: &'a [u32],
        indices: &'a [u32],
        values: &'a [f32],
        cols: usize,
        argument: &str,
    ) -> Result<CsrView<'a>, Error> {
        if indptr.first() != Some(&0) {
            return Err(Error::invalid(
                format!("{argument}.indptr"),
                "row pointers starting at 0 (one more than the rows)",
                format!("{:?}", indptr.first()),
            ));
        }
        if indices.len() != values.len() {
            return Err(Error::shape(
                format!("{argument}.values"),
                format!("one value per index: {}", indices.len()),
                format!("{} values", values.len()),
            ));
        }
        if let Some(r) = indptr.windows(2).position(|w| w[1] < w[0]) {
            return Err(Error::invalid(
                format!("{argument}.indptr[{}]", r + 1),
                "non-decreasing row pointers",
                indptr[r + 1],
            ));
        }
        let last = indptr.last().copied().unwrap_or(0) as usize;
        if last != indices.len() {
            return Err(Error::shape(
                format!("{argument}.indptr"),
                format!(
                    "a last row pointer equal to the {} non-zeros",
                    indices.len()
                ),
                last.to_string(),
            ));
        }
        if let Some((i, &c)) = indices
            .iter()
            .enumerate()
            .find(|&(_, &c)| c as usize >= cols)
        {
            return Err(Error::invalid(
                format!("{argument}.indices[{i}]"),
                format!("a column index below the {cols} columns"),
                c,
            ));
        }
        Ok(CsrView {
            indptr,
            indices,
            values,
            cols,
        })
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Row `r`'s columns and values.
    pub fn row(&self, r: usize) -> (&'a [u32], &'a [f32]) {
        let range = self.indptr[r] as usize..self.indptr[r + 1] as usize;
        (&self.indices[range.clone()], &self.values[range])
    }
}

/// The dense `rows × cols` matrix, row-major (a column repeated in a row adds up).
pub fn csr_to_dense(x: CsrView<'_>) -> Result<Vec<f32>, Error> {
    let len = buffer::checked_mul(x.rows(), x.cols, "the dense rows of a sparse input")?;
    let mut out = buffer::zeroed(len, "the dense rows of a sparse input")?;
    for (r, out_row) in out.chunks_exact_mut(x.cols).enumerate() {
        let (columns, values) = x.row(r);
        for (&c, &v) in columns.iter().zip(values) {
            out_row[c as usize] += v;
        }
    }
    Ok(out)
}

/// The flat index, in the dense `rows × cols` matrix, of the first non-finite stored value.
pub fn first_non_finite_dense_index(x: CsrView<'_>) -> Option<(usize, f32)> {
    let p = crate::dataset::first_non_finite(x.values)?;
    // The row holding non-zero p: the last row starting at or before it (empty rows share a
    // start, so take the last of them).
    let row = x.indptr.partition_point(|&start| start as usize <= p) - 1;
    Some((row * x.cols + x.indices[p] as usize, x.values[p]))
}

/// `out[rows × units] = X·W` with `W` `cols × units` row-major: each output row is the sum of
/// the rows of `W` its non-zeros select, scaled by their values, in stored order.
pub fn csr_matmul(x: CsrView<'_>, w: &[f32], units: usize, out: &mut [f32]) {
    debug_assert_eq!(w.len(), x.cols * units);
    debug_assert_eq!(out.len(), x.rows() * units);
    for (r, out_row) in out.chunks_exact_mut(units).enumerate() {
        out_row.fill(0.0);
        let (columns, values) = x.row(r);
        for (&c, &v) in columns.iter().zip(values) {
            let w_row = &w[c as usize * units..][..units];
            out_row
                .iter_mut()
                .zip(w_row)
                .for_each(|(o, &w)| *o += v * w);
        }
    }
}

/// `dw[cols × units] = Xᵀ·dY + beta·dw` (`beta` 0 overwrites, 1 accumulates): each non-zero
/// `(r, c, v)` adds `v·dY[r, :]` to `dw[c, :]`, rows in order. Rows of `dw` no non-zero
/// touches get exactly `beta·dw`.
pub fn csr_transpose_matmul(x: CsrView<'_>, dy: &[f32], units: usize, beta: f32, dw: &mut [f32]) {
    debug_assert_eq!(dy.len(), x.rows() * units);
    debug_assert_eq!(dw.len(), x.cols * units);
    if beta == 0.0 {
        dw.fill(0.0);
    } else if beta != 1.0 {
        dw.iter_mut().for_each(|g| *g *= beta);
    }
    for (r, dy_row) in dy.chunks_exact(units).enumerate() {
        let (columns, values) = x.row(r);
        for (&c, &v) in columns.iter().zip(values) {
            let dw_row = &mut dw[c as usize * units..][..units];
            dw_row
                .iter_mut()
                .zip(dy_row)
                .for_each(|(g, &d)| *g += v * d);
        }
    }
}
