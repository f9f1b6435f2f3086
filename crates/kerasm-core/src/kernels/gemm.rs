//! General matrix multiply, row-major: `C = alpha·op(A)·op(B) + beta·C`.

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
    gemm_reference(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
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
                let av = if trans_a { a[p * lda + i] } else { a[i * lda + p] };
                let bv = if trans_b { b[j * ldb + p] } else { b[p * ldb + j] };
                acc += av * bv;
            }
            let out = &mut c[i * ldc + j];
            *out = if beta == 0.0 { alpha * acc } else { alpha * acc + beta * *out };
        }
    }
}
