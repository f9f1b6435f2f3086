//! General matrix multiply, row-major: `C = alpha·op(A)·op(B) + beta·C`.
//!
//! Hand-written rather than taken from a crate: no GEMM crate has a wasm `simd128` kernel, and the
//! ones that thread (matrixmultiply, gemm) bring their own thread pools, whereas kerasm must run
//! on the pool the host installs in `crate::parallel`, with a partition fixed by the shapes alone
//! so that results are bitwise identical on any number of threads.
//!
//! The product runs chunk by chunk of `op(B)` (a chunk is packed once, see `packed_b`); within a
//! chunk, C is cut into a grid of blocks, one task each (see `block` for the cache blocking
//! inside a task, `pack` for the panel layout, `microkernel` for the register tile). Chunks and
//! grid depend on the shapes only, never on the thread count; and every element of C gets the
//! same arithmetic in whichever block it falls (same k-slices, same order, same update), so the
//! result does not even depend on the grid.

mod block;
mod microkernel;
mod pack;
mod packed_b;
mod scratch;
mod shared_rows;

use crate::parallel;
use block::multiply_block;
use microkernel::Update;
use pack::Operand;
use packed_b::PackedB;
use scratch::{with_scratch, Scratch};
use shared_rows::SharedRows;

/// Rows of C per task.
const TASK_ROWS: usize = 128;
/// Columns of C per task, at most: the wider, the fewer times each task's rows of A are packed.
const MAX_TASK_COLS: usize = 256;
/// Columns of C per task, at least (eight microkernel panels).
const MIN_TASK_COLS: usize = 64;
/// Tasks a chunk is cut into, when its size allows: enough to keep 8 threads busy.
const TARGET_TASKS: usize = 8;
/// Largest packed chunk of B, in floats (4 MiB): chunks stay bounded whatever the shapes.
const PACKED_B_MAX: usize = 1 << 20;
/// Below this many multiply-adds the whole product runs as one task on the calling thread:
/// handing blocks to the pool would cost more than it saves.
const PARALLEL_MIN_WORK: usize = 64 * 64 * 64;
/// Multiply-adds a task keeps at least when columns are split to make more tasks.
const MIN_TASK_WORK: usize = PARALLEL_MIN_WORK / 4;

/// `C[m×n] = alpha·op(A)·op(B) + beta·C`, all row-major.
///
/// `op(A)` is `m×k`: `A` is stored `m×k` (row stride `lda ≥ k`), or `k×m` when `trans_a`
/// (`lda ≥ m`). Likewise `op(B)` is `k×n`: `B` is `k×n` (`ldb ≥ n`) or `n×k` when `trans_b`.
/// `C` has row stride `ldc ≥ n`. With `beta == 0`, `C` is overwritten (NaNs in it are ignored).
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    trans_a: bool,
    trans_b: bool,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    if m == 0 || n == 0 {
        return;
    }
    check_operand("C", c, m, n, ldc);
    if k == 0 || alpha == 0.0 {
        // As in BLAS, A and B are not read: the product term is exactly zero.
        scale_rows(c, m, n, ldc, beta);
        return;
    }
    let (a_rows, a_cols) = if trans_a { (k, m) } else { (m, k) };
    check_operand("A", a, a_rows, a_cols, lda);
    let (b_rows, b_cols) = if trans_b { (n, k) } else { (k, n) };
    check_operand("B", b, b_rows, b_cols, ldb);

    let a = Operand::new(a, lda, trans_a);
    let b_t = Operand::new(b, ldb, !trans_b);
    let parallel = m.saturating_mul(n).saturating_mul(k) >= PARALLEL_MIN_WORK;
    let c = SharedRows::new(c, ldc);
    // A chunk spans at least one task's columns, and as much depth as fits beside them.
    let chunk_depth = k.min(PACKED_B_MAX / MAX_TASK_COLS);
    let chunk_cols = PACKED_B_MAX / chunk_depth / MAX_TASK_COLS * MAX_TASK_COLS;
    for depth_start in (0..k).step_by(chunk_depth) {
        let depth = depth_start..k.min(depth_start + chunk_depth);
        let first_update = if depth_start == 0 {
            Update::from_beta(beta)
        } else {
            Update::Accumulate
        };
        for col_start in (0..n).step_by(chunk_cols) {
            let cols = col_start..n.min(col_start + chunk_cols);
            let len = PackedB::len(depth.len(), cols.len());
            with_scratch(Scratch::PackedB, len, |buffer| {
                let chunk = PackedB::pack(b_t, depth.clone(), cols, parallel, buffer);
                multiply_chunk(a, &chunk, alpha, first_update, m, &c, parallel);
            });
        }
    }
}

/// `C[.., chunk cols] (first_update) alpha·op(A)[.., chunk depth]·chunk`: one task when the
/// product is small, else a grid of `TASK_ROWS × task_cols` tasks.
fn multiply_chunk(
    a: Operand,
    chunk: &PackedB,
    alpha: f32,
    first_update: Update,
    m: usize,
    c: &SharedRows,
    parallel: bool,
) {
    let cols = chunk.cols();
    if !parallel {
        // SAFETY: the only task of the chunk, and chunks run one after the other.
        unsafe { multiply_block(a, chunk, alpha, first_update, 0..m, cols, c) };
        return;
    }
    let row_blocks = m.div_ceil(TASK_ROWS);
    let task_cols = task_cols(m, cols.len(), chunk.depth().len());
    let tasks = row_blocks * cols.len().div_ceil(task_cols);
    let run_task = |task: usize| {
        let row = (task % row_blocks) * TASK_ROWS;
        let col = cols.start + (task / row_blocks) * task_cols;
        // SAFETY: tasks are the cells of a grid over C[.., cols], so distinct `task` indices give
        // disjoint (rows, cols) rectangles; each index runs once, and chunks run one after the
        // other.
        unsafe {
            multiply_block(
                a,
                chunk,
                alpha,
                first_update,
                row..m.min(row + TASK_ROWS),
                col..cols.end.min(col + task_cols),
                c,
            )
        }
    };
    parallel::for_each_task(tasks, run_task);
}

/// Columns per task for `m` rows of C, a chunk `cols` wide and `depth` deep: `MAX_TASK_COLS`,
/// halved while the chunk has fewer than `TARGET_TASKS` tasks and halving leaves each task at
/// least `MIN_TASK_WORK` (a batch of 32 through a 128-unit layer still gets split).
/// Shapes alone decide, never the number of threads.
fn task_cols(m: usize, cols: usize, depth: usize) -> usize {
    let row_blocks = m.div_ceil(TASK_ROWS);
    let mut task_cols = MAX_TASK_COLS;
    while task_cols > MIN_TASK_COLS
        && row_blocks * cols.div_ceil(task_cols) < TARGET_TASKS
        && m.min(TASK_ROWS) * (task_cols / 2) * depth >= MIN_TASK_WORK
    {
        task_cols /= 2;
    }
    task_cols
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
#[allow(clippy::too_many_arguments)]
pub fn gemm_reference(
    trans_a: bool,
    trans_b: bool,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    lda: usize,
    b: &[f32],
    ldb: usize,
    beta: f32,
    c: &mut [f32],
    ldc: usize,
) {
    for i in 0..m {
        for j in 0..n {
            let mut acc = 0.0f32;
            for p in 0..k {
                let av = if trans_a {
                    a[p * lda + i]
                } else {
                    a[i * lda + p]
                };
                let bv = if trans_b {
                    b[j * ldb + p]
                } else {
                    b[p * ldb + j]
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
