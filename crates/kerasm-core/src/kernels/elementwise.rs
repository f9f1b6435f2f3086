//! Element-wise helpers around GEMM that backprop needs: bias add, bias gradient, `axpy`, `scale`.
//!
//! Plain slice loops: `chunks_exact` and `zip` drop the bounds checks and LLVM vectorises them
//! (to `f32x4` on wasm32 with `simd128`), which is as fast as hand-written SIMD for work this
//! memory-bound. Row-major, contiguous rows (stride = `cols`). Lengths are the caller's contract,
//! like `gemm`'s: a mismatch is a bug upstream and panics with a message.

/// `c[i, j] += bias[j]` for the `rows × cols` matrix `c`.
pub fn add_row_bias(c: &mut [f32], rows: usize, cols: usize, bias: &[f32]) {
    check_matrix("add_row_bias", c.len(), rows, cols, bias.len());
    if cols == 0 {
        return;
    }
    for row in c.chunks_exact_mut(cols) {
        for (value, &b) in row.iter_mut().zip(bias) {
            *value += b;
        }
    }
}

/// `dst[j] += Σ_i src[i, j]` for the `rows × cols` matrix `src` (the bias gradient). Rows are
/// added one after the other, top to bottom, so the rounding does not depend on anything else.
pub fn sum_rows_into(dst: &mut [f32], src: &[f32], rows: usize, cols: usize) {
    check_matrix("sum_rows_into", src.len(), rows, cols, dst.len());
    if cols == 0 {
        return;
    }
    for row in src.chunks_exact(cols) {
        for (sum, &value) in dst.iter_mut().zip(row) {
            *sum += value;
        }
    }
}

/// `y += a·x`.
pub fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    check_same_len("axpy", y.len(), x.len());
    for (y, &x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

/// `x *= factor`.
pub fn scale(x: &mut [f32], factor: f32) {
    x.iter_mut().for_each(|value| *value *= factor);
}

fn check_matrix(name: &str, matrix_len: usize, rows: usize, cols: usize, vector_len: usize) {
    assert!(
        matrix_len == rows * cols && vector_len == cols,
        "{name}: expected a {rows}x{cols} matrix ({} elements) and a vector of {cols}. \
         Received: matrix len={matrix_len}, vector len={vector_len}",
        rows * cols
    );
}

fn check_same_len(name: &str, y_len: usize, x_len: usize) {
    assert!(
        y_len == x_len,
        "{name}: expected x and y of the same length. Received: len(y)={y_len}, len(x)={x_len}"
    );
}
