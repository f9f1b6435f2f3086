//! General matrix multiply, row-major: `C = alpha·op(A)·op(B) + beta·C`.
//!
//! Hand-written rather than taken from a crate: no GEMM crate has a wasm `simd128` kernel, and the
//! ones that thread (matrixmultiply, gemm) bring their own thread pools, whereas kerasm must run
//! on the pool the host installs in `crate::parallel`, with a partition fixed by the shapes alone
//! so that results are bitwise identical on any number of threads.
//!
//! The product runs chunk by chunk: a chunk of `op(B)` (a range of k × a range of columns) is
//! packed once, then for it a chunk of `op(A)` (the same k × a range of rows), see `packed`;
//! then C's part is cut into a grid of blocks, one task each (see `block` for the loops inside a
//! task, `pack` for the panel layout, `microkernel` for the register tile). Chunks and grid
//! depend on the shapes only, never on the thread count; and every element of C gets the same
//! arithmetic in whichever block it falls (same k-slices, same order, same update), so the
//! result does not even depend on the grid.

mod block;
mod direct;
mod microkernel;
mod pack;
mod packed;
mod row_dots;
mod scratch;
mod shared_rows;

use crate::parallel;
use block::multiply_block;
use microkernel::{Update, MR, NR};
use pack::Operand;
use packed::Packed;
use scratch::{with_scratch, Scratch};
use shared_rows::SharedRows;
use std::ops::Range;

/// Rows of C per task, at most.
const MAX_TASK_ROWS: usize = 128;
/// Rows of C per task, at least, when rows are split to make more tasks (each B panel loaded in
/// L1 then still serves 8 tiles).
const MIN_TASK_ROWS: usize = 32;
/// Columns of C per task, at most.
const MAX_TASK_COLS: usize = 256;
/// Columns of C per task, at least, when columns are split to make more tasks.
const MIN_TASK_COLS: usize = 64;
/// Tasks a chunk is cut into, when its size allows: enough to keep 8 threads busy.
const TARGET_TASKS: usize = 8;
/// Multiply-adds a task keeps at least when blocks are split to make more tasks (≈ 8 µs).
const MIN_TASK_WORK: usize = 1 << 17;
/// Below this many multiply-adds the whole product runs as one task on the calling thread. A
/// fork-join costs a few µs natively and more in wasm, where parked workers wake through
/// `Atomics.wait`; natively on a busy 2-core machine, 64³ took 25 µs on 2 threads against 20 µs
/// on one.
const PARALLEL_MIN_WORK: usize = crate::parallel::SPLIT_MIN_WORK;
/// Largest packed chunk of either operand, in floats (4 MiB), whatever the shapes.
const PACKED_MAX: usize = 1 << 20;
// Packed chunks are 4096 deep at most (see `gemm_packed`): a whole number of k slices.
const _: () = assert!(
    MAX_TASK_COLS >= MAX_TASK_ROWS && (PACKED_MAX / MAX_TASK_COLS).is_multiple_of(block::KC)
);

/// One operand of a product: a row-major matrix stored in `data` with row stride `stride`,
/// used as stored or `transposed`.
#[derive(Debug, Clone, Copy)]
pub struct MatrixRef<'a> {
    pub data: &'a [f32],
    pub stride: usize,
    pub transposed: bool,
}

impl<'a> MatrixRef<'a> {
    /// The matrix as stored.
    pub fn new(data: &'a [f32], stride: usize) -> MatrixRef<'a> {
        MatrixRef {
            data,
            stride,
            transposed: false,
        }
    }

    /// The transpose of the stored matrix.
    pub fn transposed(data: &'a [f32], stride: usize) -> MatrixRef<'a> {
        MatrixRef {
            data,
            stride,
            transposed: true,
        }
    }
}

/// `C[m×n] = alpha·op(A)·op(B) + beta·C`, all row-major.
///
/// `op(A)` is `m×k`: `A` is stored `m×k` (row stride `a.stride ≥ k`), or `k×m` when
/// `a.transposed` (stride `≥ m`). Likewise `op(B)` is `k×n`: `B` is `k×n` (stride `≥ n`) or
/// `n×k` when transposed. `C` has row stride `ldc ≥ n`. With `beta == 0`, `C` is overwritten
/// (NaNs in it are ignored).
#[derive(Debug)]
pub struct Gemm<'a> {
    pub m: usize,
    pub n: usize,
    pub k: usize,
    pub alpha: f32,
    pub a: MatrixRef<'a>,
    pub b: MatrixRef<'a>,
    pub beta: f32,
    pub c: &'a mut [f32],
    pub ldc: usize,
}

/// Computes the product `product` describes (see `Gemm`).
pub fn gemm(product: Gemm<'_>) {
    let (m, n, k) = (product.m, product.n, product.k);
    if m == 0 || n == 0 {
        return;
    }
    check_operand("C", product.c, m, n, product.ldc);
    if k == 0 || product.alpha == 0.0 {
        // As in BLAS, A and B are not read: the product term is exactly zero.
        scale_rows(product.c, m, n, product.ldc, product.beta);
        return;
    }
    let (a, b) = (product.a, product.b);
    let (a_rows, a_cols) = if a.transposed { (k, m) } else { (m, k) };
    check_operand("A", a.data, a_rows, a_cols, a.stride);
    let (b_rows, b_cols) = if b.transposed { (n, k) } else { (k, n) };
    check_operand("B", b.data, b_rows, b_cols, b.stride);
    if direct::is_small(m, n, k) {
        direct::multiply(product);
    } else {
        gemm_packed(product);
    }
}

/// The packed, blocked, threaded product (`gemm`'s path beyond `direct::is_small`), for
/// checked operands with `m, n, k > 0`.
fn gemm_packed(product: Gemm<'_>) {
    let Gemm {
        m,
        n,
        k,
        alpha,
        a,
        b,
        beta,
        c,
        ldc,
    } = product;
    let a = Operand::new(a.data, a.stride, a.transposed);
    let b_t = Operand::new(b.data, b.stride, !b.transposed);
    let parallel = m.saturating_mul(n).saturating_mul(k) >= PARALLEL_MIN_WORK;
    let c = SharedRows::new(c, ldc);
    // Each packed chunk holds at most PACKED_MAX floats: up to PACKED_MAX / 256 = 4096 deep
    // (a multiple of block::KC, so every path slices k the same way), then as many columns (of
    // B) or rows (of A) as fit, in whole largest task blocks.
    let chunk_depth = k.min(PACKED_MAX / MAX_TASK_COLS.max(MAX_TASK_ROWS));
    let chunk_cols = PACKED_MAX / chunk_depth / MAX_TASK_COLS * MAX_TASK_COLS;
    let chunk_rows = PACKED_MAX / chunk_depth / MAX_TASK_ROWS * MAX_TASK_ROWS;
    for depth in chunks(k, chunk_depth) {
        let first_update = if depth.start == 0 {
            Update::from_beta(beta)
        } else {
            Update::Accumulate
        };
        for cols in chunks(n, chunk_cols) {
            let b_len = Packed::<NR>::len(cols.len(), depth.len());
            with_scratch(Scratch::PackedB, b_len, |b_buffer| {
                let b = Packed::<NR>::pack(b_t, cols, depth.clone(), parallel, b_buffer);
                for rows in chunks(m, chunk_rows) {
                    let a_len = Packed::<MR>::len(rows.len(), depth.len());
                    with_scratch(Scratch::PackedA, a_len, |a_buffer| {
                        let a = Packed::<MR>::pack(a, rows, depth.clone(), parallel, a_buffer);
                        multiply_chunk(&a, &b, alpha, first_update, &c, parallel);
                    });
                }
            });
        }
    }
}

/// `0..len` cut into ranges of `size` (the last one shorter).
fn chunks(len: usize, size: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len)
        .step_by(size)
        .map(move |start| start..len.min(start + size))
}

/// `C[a rows, b rows] (first_update) alpha·a·bᵀ` over the chunks' depth: one task when the
/// product is small, else a grid of tasks.
fn multiply_chunk(
    a: &Packed<MR>,
    b: &Packed<NR>,
    alpha: f32,
    first_update: Update,
    c: &SharedRows,
    parallel: bool,
) {
    let (rows, cols) = (a.rows(), b.rows());
    if !parallel {
        // SAFETY: the only task of the chunk, and chunks run one after the other.
        unsafe { multiply_block(a, b, alpha, first_update, rows, cols, c) };
        return;
    }
    let (task_rows, task_cols) = task_block(rows.len(), cols.len(), a.depth().len());
    let row_blocks = rows.len().div_ceil(task_rows);
    let tasks = row_blocks * cols.len().div_ceil(task_cols);
    let run_task = |task: usize| {
        let row = rows.start + (task % row_blocks) * task_rows;
        let col = cols.start + (task / row_blocks) * task_cols;
        // SAFETY: tasks are the cells of a grid over C[rows, cols], so distinct `task` indices
        // give disjoint rectangles; each index runs once, and chunks run one after the other.
        unsafe {
            multiply_block(
                a,
                b,
                alpha,
                first_update,
                row..rows.end.min(row + task_rows),
                col..cols.end.min(col + task_cols),
                c,
            )
        }
    };
    parallel::for_each_task(tasks, run_task);
}

/// The task block for a chunk of `rows × cols` over `depth`: the largest block, halved
/// (columns first, down to `MIN_TASK_COLS`, then rows, down to `MIN_TASK_ROWS`) while the chunk
/// has fewer than `TARGET_TASKS` tasks and halving leaves each at least `MIN_TASK_WORK`.
/// A batch of 32 through a 128-unit layer still gets split. Shapes alone decide, never the
/// number of threads.
fn task_block(rows: usize, cols: usize, depth: usize) -> (usize, usize) {
    let work =
        |task_rows: usize, task_cols: usize| rows.min(task_rows) * cols.min(task_cols) * depth;
    let (mut task_rows, mut task_cols) = (MAX_TASK_ROWS, MAX_TASK_COLS);
    while rows.div_ceil(task_rows) * cols.div_ceil(task_cols) < TARGET_TASKS {
        if task_cols > MIN_TASK_COLS && work(task_rows, task_cols / 2) >= MIN_TASK_WORK {
            task_cols /= 2;
        } else if task_rows > MIN_TASK_ROWS && work(task_rows / 2, task_cols) >= MIN_TASK_WORK {
            task_rows /= 2;
        } else {
            break;
        }
    }
    (task_rows, task_cols)
}

/// `C = beta·C` over the `m×n` view, with `beta == 0` overwriting (NaNs included).
fn scale_rows(c: &mut [f32], m: usize, n: usize, ldc: usize, beta: f32) {
    if beta == 1.0 {
        return;
    }
    for row in c.chunks_mut(ldc).take(m) {
        let row = &mut row[..n];
        if beta == 0.0 {
            row.fill(0.0);
        } else {
            row.iter_mut().for_each(|value| *value *= beta);
        }
    }
}

/// Panics unless `data` holds a `rows×cols` row-major matrix with row stride `ld`: a wrong
/// stride or length is a bug in the caller (shapes are validated where tensors are built), and
/// failing here gives a message instead of a bad index deep in a worker thread.
fn check_operand(name: &str, data: &[f32], rows: usize, cols: usize, ld: usize) {
    let needed = match (rows, cols) {
        (0, _) | (_, 0) => Some(0),
        _ => (rows - 1)
            .checked_mul(ld)
            .and_then(|len| len.checked_add(cols)),
    };
    assert!(
        ld >= cols && needed.is_some_and(|needed| data.len() >= needed),
        "gemm: {name} must hold a {rows}x{cols} row-major matrix with a row stride of at least \
         {cols}, i.e. (rows - 1)·stride + cols elements. Received: len={}, stride={ld}",
        data.len()
    );
}

/// The scalar kernel, and the specification every faster kernel is tested against.
pub fn gemm_reference(product: Gemm<'_>) {
    let Gemm {
        m,
        n,
        k,
        alpha,
        a,
        b,
        beta,
        c,
        ldc,
    } = product;
    for i in 0..m {
        for j in 0..n {
            let mut acc = 0.0f32;
            for p in 0..k {
                let av = if a.transposed {
                    a.data[p * a.stride + i]
                } else {
                    a.data[i * a.stride + p]
                };
                let bv = if b.transposed {
                    b.data[j * b.stride + p]
                } else {
                    b.data[p * b.stride + j]
                };
                acc += av * bv;
            }
            let out = &mut c[i * ldc + j];
            *out = if beta == 0.0 {
                alpha * acc
            } else {
                alpha * acc + beta * *out
            };
        }
    }
}
