//! Stand-alone tensor ops, one call each (the TS `ops` namespace). Inputs are validated in TS.
use kerasm_core::kernels::gemm::{gemm, Gemm, MatrixRef};
use wasm_bindgen::prelude::*;

use crate::error::invalid;

/// `op(A)·op(B)` for row-major `A` (m×k, or k×m when `trans_a`) and `B` (k×n, or n×k).
#[wasm_bindgen]
pub fn matmul(
    a: &[f32],
    b: &[f32],
    m: usize,
    n: usize,
    k: usize,
    trans_a: bool,
    trans_b: bool,
) -> Result<Vec<f32>, JsError> {
    if a.len() != m * k || b.len() != k * n {
        return Err(invalid(&format!(
            "matmul sizes disagree: a has {} values, b has {}, for m={m} n={n} k={k}",
            a.len(),
            b.len()
        )));
    }
    let mut c = vec![0.0; m * n];
    let (lda, ldb) = (if trans_a { m } else { k }, if trans_b { k } else { n });
    gemm(Gemm {
        m,
        n,
        k,
        alpha: 1.0,
        a: MatrixRef {
            data: a,
            stride: lda,
            transposed: trans_a,
        },
        b: MatrixRef {
            data: b,
            stride: ldb,
            transposed: trans_b,
        },
        beta: 0.0,
        c: &mut c,
        ldc: n,
    });
    Ok(c)
}
