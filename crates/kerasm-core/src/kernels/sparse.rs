//! Products of a CSR matrix `X` (rows × cols, compressed sparse rows) with dense row-major
//! matrices: the forward `X·W` and the weight gradient `Xᵀ·dY` of a dense layer whose input is
//! sparse (multi-hot text), each costing `nnz · units` multiply-adds instead of
//! `rows · cols · units`.
//!
//! Both are gather-axpy loops over rows of the dense operand (`W[c, :]`, `dY[r, :]`), which
//! vectorise along `units`. Every output element sums its terms in the stored order of the
//! non-zeros (by row), and tasks own fixed blocks of output rows, so results do not depend on
//! the thread count. `Xᵀ·dY` first sorts the batch's non-zeros by column (a counting sort,
//! stable in rows): each row of `dW` is then written once, in order, instead of being
//! read-modified-written at random for every non-zero (`dW` of 10 000 × 64 is 2.5 MB, past L2).

use crate::buffer;
use crate::error::Error;
use crate::kernels::simd::F32x4;
use crate::parallel;

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

/// Output rows per task of `csr_matmul`.
const ROWS_PER_TASK: usize = 32;
/// Rows of `dW` (columns of `X`) per task of `csr_transpose_matmul`.
const COLUMNS_PER_TASK: usize = 1024;
/// From this many units on, `csr_transpose_matmul` sorts the non-zeros by column first.
const SORT_BY_COLUMN_FROM_UNITS: usize = 32;
/// Multiply-adds from which `csr_matmul` splits between threads: twice a dense kernel's
/// threshold, because each non-zero reads a row of `W` that the thread taking it must first
/// fetch from the cache of the core that last wrote it.
const CSR_SPLIT_MIN_WORK: usize = 2 * parallel::SPLIT_MIN_WORK;

/// `out[rows × units] = X·W` with `W` `cols × units` row-major: each output row is the sum of
/// the rows of `W` its non-zeros select, scaled by their values, in stored order.
pub fn csr_matmul(x: CsrView<'_>, w: &[f32], units: usize, out: &mut [f32]) {
    debug_assert_eq!(w.len(), x.cols * units);
    debug_assert_eq!(out.len(), x.rows() * units);
    if units == 0 {
        return;
    }
    let multiply_row_block = |task: usize, block: &mut [f32]| {
        for (i, out_row) in block.chunks_exact_mut(units).enumerate() {
            out_row.fill(0.0);
            let (columns, values) = x.row(task * ROWS_PER_TASK + i);
            accumulate(out_row, columns, values, w);
        }
    };
    let task_len = ROWS_PER_TASK * units;
    if x.indices.len().saturating_mul(units) >= CSR_SPLIT_MIN_WORK {
        parallel::for_each_chunk_mut(out, task_len, multiply_row_block);
    } else {
        (out.chunks_mut(task_len).enumerate())
            .for_each(|(task, block)| multiply_row_block(task, block));
    }
}

/// `dw[cols × units] = Xᵀ·dY + beta·dw` (`beta` 0 overwrites, 1 accumulates): row `c` of `dw`
/// is `beta·dw[c, :]` plus `v·dY[r, :]` for each non-zero `(r, c, v)`, rows in order. Rows of
/// `dw` no non-zero touches get exactly `beta·dw`.
pub fn csr_transpose_matmul(x: CsrView<'_>, dy: &[f32], units: usize, beta: f32, dw: &mut [f32]) {
    debug_assert_eq!(dy.len(), x.rows() * units);
    debug_assert_eq!(dw.len(), x.cols * units);
    if units == 0 {
        return;
    }
    // Sorting by column pays when rows of dW are wide: an IMDB epoch (16 units) took 47 ms of
    // CPU sorted and 36 ms scattered, a Reuters one (64 units) 61 ms sorted and 71 scattered.
    // Both add every element's terms in the same order, so they give the same bits.
    if units < SORT_BY_COLUMN_FROM_UNITS {
        return scatter_transpose_matmul(x, dy, units, beta, dw);
    }
    let by_column = ColumnMajor::of(x);
    parallel::for_each_chunk_mut(dw, COLUMNS_PER_TASK * units, |task, block| {
        for (i, dw_row) in block.chunks_exact_mut(units).enumerate() {
            scale(dw_row, beta);
            let (rows, values) = by_column.column(task * COLUMNS_PER_TASK + i);
            accumulate(dw_row, rows, values, dy);
        }
    });
}

/// `csr_transpose_matmul` row by row of `X`: each non-zero adds its `dY` row into its `dW` row
/// in place (on the calling thread).
fn scatter_transpose_matmul(x: CsrView<'_>, dy: &[f32], units: usize, beta: f32, dw: &mut [f32]) {
    scale(dw, beta);
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

/// `y = beta·y`, with `beta` 0 clearing (NaN included) and 1 leaving `y` as it is.
fn scale(y: &mut [f32], beta: f32) {
    if beta == 0.0 {
        y.fill(0.0);
    } else if beta != 1.0 {
        y.iter_mut().for_each(|g| *g *= beta);
    }
}

/// `out += Σ_j values[j]·source[rows[j]·n ..][..n]` with `n = out.len()`, every element adding
/// its terms in order. The row is cut into strips whose partial sums stay in registers for all
/// the terms (8 SIMD accumulators for a strip of 32), so `out` is read and written once.
fn accumulate(out: &mut [f32], rows: &[u32], values: &[f32], source: &[f32]) {
    let n = out.len();
    let mut start = 0;
    while start + 32 <= n {
        accumulate_strip::<32>(out, start, rows, values, source);
        start += 32;
    }
    if start + 16 <= n {
        accumulate_strip::<16>(out, start, rows, values, source);
        start += 16;
    }
    if start + 8 <= n {
        accumulate_strip::<8>(out, start, rows, values, source);
        start += 8;
    }
    if start + 4 <= n {
        accumulate_strip::<4>(out, start, rows, values, source);
        start += 4;
    }
    for (k, o) in out.iter_mut().enumerate().skip(start) {
        for (&r, &v) in rows.iter().zip(values) {
            *o += v * source[r as usize * n + k];
        }
    }
}

fn accumulate_strip<const W: usize>(
    out: &mut [f32],
    start: usize,
    rows: &[u32],
    values: &[f32],
    source: &[f32],
) {
    let n = out.len();
    let strip: &mut [f32; W] = (&mut out[start..start + W]).try_into().unwrap();
    let mut sums = *strip;
    for (&r, &v) in rows.iter().zip(values) {
        let terms: &[f32; W] = source[r as usize * n + start..][..W].try_into().unwrap();
        for (sum, &t) in sums.iter_mut().zip(terms) {
            *sum += v * t;
        }
    }
    *strip = sums;
}

/// The non-zeros of a CSR matrix regrouped by column (CSC), rows ascending within a column.
struct ColumnMajor {
    starts: Vec<u32>,
    rows: Vec<u32>,
    values: Vec<f32>,
}

impl ColumnMajor {
    fn of(x: CsrView<'_>) -> ColumnMajor {
        let mut starts = vec![0u32; x.cols + 1];
        for &c in x.indices {
            starts[c as usize + 1] += 1;
        }
        for c in 0..x.cols {
            starts[c + 1] += starts[c];
        }
        let mut next = starts.clone();
        let (mut rows, mut values) = (vec![0u32; x.values.len()], vec![0.0f32; x.values.len()]);
        for r in 0..x.rows() {
            let (columns, row_values) = x.row(r);
            for (&c, &v) in columns.iter().zip(row_values) {
                let slot = &mut next[c as usize];
                rows[*slot as usize] = r as u32;
                values[*slot as usize] = v;
                *slot += 1;
            }
        }
        ColumnMajor {
            starts,
            rows,
            values,
        }
    }

    /// Column `c`'s rows and values.
    fn column(&self, c: usize) -> (&[u32], &[f32]) {
        let range = self.starts[c] as usize..self.starts[c + 1] as usize;
        (&self.rows[range.clone()], &self.values[range])
    }
}

/// An owned CSR matrix (the storage behind a `CsrView`): a sparse model input, or the batch
/// gathered from one into buffers whose capacities only grow.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsrMatrix {
    pub indptr: Vec<u32>,
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
    pub cols: usize,
}

impl CsrMatrix {
    /// Takes the arrays after checking them as `CsrView::new` does.
    pub fn new(
        indptr: Vec<u32>,
        indices: Vec<u32>,
        values: Vec<f32>,
        cols: usize,
        argument: &str,
    ) -> Result<CsrMatrix, Error> {
        CsrView::new(&indptr, &indices, &values, cols, argument)?;
        Ok(CsrMatrix {
            indptr,
            indices,
            values,
            cols,
        })
    }

    /// The non-zeros of a dense row-major matrix of `cols` columns, row by row; a NaN or
    /// ±Infinity is an error naming its flat index.
    pub fn from_dense(data: &[f32], cols: usize, argument: &str) -> Result<CsrMatrix, Error> {
        let mut csr = CsrMatrix {
            cols,
            ..CsrMatrix::default()
        };
        let rows = data.len().checked_div(cols).unwrap_or(0);
        reserve(&mut csr.indptr, rows + 1, argument)?;
        csr.indptr.push(0);
        for (r, row) in data.chunks_exact(cols.max(1)).enumerate() {
            csr.push_non_zeros(row).map_err(|c| Error::NonFinite {
                argument: argument.to_string(),
                index: r * cols + c,
                received: row[c],
            })?;
            push_pointer(&mut csr.indptr, csr.indices.len(), argument)?;
        }
        Ok(csr)
    }

    /// Appends the non-zeros of the dense `row` (column index, value) to the row being built
    /// (`push_pointer` closes it), or returns the column of its first NaN or ±Infinity. A value
    /// is zero when its bits without the sign are, so -0 is skipped as `v != 0.0` would; NaN and
    /// ±Infinity are not zero, so a group of zeros holds none.
    pub(crate) fn push_non_zeros(&mut self, row: &[f32]) -> Result<(), usize> {
        let (groups, tail) = row.as_chunks::<GROUP>();
        for (g, group) in groups.iter().enumerate() {
            let quads = group.as_chunks::<4>().0;
            let lanes: [F32x4; GROUP / 4] = std::array::from_fn(|i| F32x4::load(&quads[i]));
            if F32x4::all_zero(&lanes) {
                continue;
            }
            let non_zeros = (lanes.iter().enumerate())
                .fold(0, |bits, (i, v)| bits | (v.non_zero_lanes() << (4 * i)));
            self.push_lanes(group, non_zeros, g * GROUP)?;
        }
        let tail_non_zeros = tail.iter().enumerate().fold(0, |bits, (i, v)| {
            bits | (u32::from(v.to_bits() << 1 != 0) << i)
        });
        self.push_lanes(tail, tail_non_zeros, groups.len() * GROUP)
    }

    /// Appends `values[i]` for each bit `i` set in `lanes`: one step per non-zero, with no
    /// branch on each value (whether a multi-hot column is set is a coin toss to a predictor).
    fn push_lanes(
        &mut self,
        values: &[f32],
        mut lanes: u32,
        first_column: usize,
    ) -> Result<(), usize> {
        while lanes != 0 {
            let i = lanes.trailing_zeros() as usize;
            lanes &= lanes - 1;
            let v = values[i];
            if !v.is_finite() {
                return Err(first_column + i);
            }
            self.indices.push((first_column + i) as u32);
            self.values.push(v);
        }
        Ok(())
    }

    /// The borrowed view (the structure was checked on construction).
    pub fn view(&self) -> CsrView<'_> {
        CsrView {
            indptr: &self.indptr,
            indices: &self.indices,
            values: &self.values,
            cols: self.cols,
        }
    }

    /// Replaces `self` with the given rows of `source`, in that order, reusing its buffers.
    pub fn gather_rows(
        &mut self,
        source: CsrView<'_>,
        rows: impl Iterator<Item = usize> + Clone,
    ) -> Result<(), Error> {
        const WHAT: &str = "the sparse input batch";
        let nnz: usize = rows
            .clone()
            .map(|r| (source.indptr[r + 1] - source.indptr[r]) as usize)
            .sum();
        self.cols = source.cols;
        self.indptr.clear();
        self.indices.clear();
        self.values.clear();
        reserve(&mut self.indptr, rows.clone().count() + 1, WHAT)?;
        reserve(&mut self.indices, nnz, WHAT)?;
        reserve(&mut self.values, nnz, WHAT)?;
        self.indptr.push(0);
        for r in rows {
            let (columns, values) = source.row(r);
            self.indices.extend_from_slice(columns);
            self.values.extend_from_slice(values);
            push_pointer(&mut self.indptr, self.indices.len(), WHAT)?;
        }
        Ok(())
    }
}

/// Writes the given rows of `source` densely into `out` (`rows × cols`), adding up repeated
/// columns as `csr_to_dense` does.
pub fn scatter_rows(source: CsrView<'_>, rows: impl Iterator<Item = usize>, out: &mut [f32]) {
    for (out_row, r) in out.chunks_exact_mut(source.cols).zip(rows) {
        out_row.fill(0.0);
        let (columns, values) = source.row(r);
        for (&c, &v) in columns.iter().zip(values) {
            out_row[c as usize] += v;
        }
    }
}

/// Grows `buffer`'s capacity to at least `len` values, or a Keras-style error instead of an
/// abort when memory runs out.
pub(crate) fn reserve<T>(buffer: &mut Vec<T>, len: usize, what: &str) -> Result<(), Error> {
    buffer
        .try_reserve(len.saturating_sub(buffer.len()))
        .map_err(|_| Error::ResourceExhausted {
            what: what.to_string(),
            elements: len,
        })
}

/// Row pointers are u32 (as they cross the boundary): more non-zeros than that is an error.
pub(crate) fn push_pointer(indptr: &mut Vec<u32>, nnz: usize, what: &str) -> Result<(), Error> {
    let pointer = u32::try_from(nnz).map_err(|_| {
        Error::invalid(
            what,
            "at most 2^32 - 1 non-zeros",
            format!("{nnz} non-zeros"),
        )
    })?;
    indptr.push(pointer);
    Ok(())
}

/// Dense rows are searched for non-zeros in groups this long: one 16-bit mask of the non-zero
/// lanes per group.
const GROUP: usize = 16;
