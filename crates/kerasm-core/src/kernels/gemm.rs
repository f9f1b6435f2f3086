//! General matrix multiply, row-major: `C = alpha·op(A)·op(B) + beta·C`.
//!
//! Hand-written rather than taken from a crate: no GEMM crate has a wasm `simd128` kernel, and the
//! ones that thread (matrixmultiply, gemm) bring their own thread pools, whereas kerasm must run
//! on the pool the host installs in `crate::parallel`, with a partition fixed by the shapes alone
//! so that results are bitwise identical on any number of threads.
//!
//! C is cut into a fixed grid of `TASK_ROWS × TASK_COLS` blocks, one task each (see `block` for
//! the cache blocking inside a task, `pack` for the panel layout, `microkernel` for the tile).

mod block;
mod microkernel;
mod pack;
mod shared_output;

use crate::parallel;
use block::{multiply_block, Product};
use pack::Operand;
use shared_output::SharedOutput;

/// Rows of C per task.
const TASK_ROWS: usize = 128;
/// Columns of C per task.
const TASK_COLS: usize = 256;
/// Below this many multiply-adds the whole product runs as one task: handing blocks to the pool
/// would cost more than it saves.
const PARALLEL_MIN_WORK: usize = 64 * 64 * 64;

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

    let product = Product {
        a: Operand::new(a, lda, trans_a),
        b_t: Operand::new(b, ldb, !trans_b),
        k,
        alpha,
        beta,
    };
    let row_blocks = m.div_ceil(TASK_ROWS);
    let blocks = row_blocks * n.div_ceil(TASK_COLS);
    let c = SharedOutput::new(c, ldc);
    let run_block = |block: usize| {
        let row = (block % row_blocks) * TASK_ROWS;
        let col = (block / row_blocks) * TASK_COLS;
        // SAFETY: blocks are the cells of a fixed grid over C, so distinct `block` indices give
        // disjoint (rows, cols) rectangles, and each index is run exactly once.
        unsafe {
            multiply_block(
                &product,
                row..m.min(row + TASK_ROWS),
                col..n.min(col + TASK_COLS),
                &c,
            )
        }
    };
    if m * n * k < PARALLEL_MIN_WORK {
        (0..blocks).for_each(run_block);
    } else {
        parallel::for_each_task(blocks, run_block);
    }
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
    let needed = if rows == 0 || cols == 0 {
        0
    } else {
        (rows - 1) * ld + cols
    };
    assert!(
        ld >= cols && data.len() >= needed,
        "gemm: {name} must hold a {rows}x{cols} row-major matrix with row stride >= {cols} \
         (at least {needed} elements). Received: len={}, stride={ld}",
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
