//! The unpacked path for products too small to repay packing: a batch of 1–4 rows (where the
//! 4-row microkernel would waste lanes and packing B costs more than the product), a shallow
//! product (k ≤ 4: a batch-1 weight gradient `xᵀ·dz` is an outer product, `in × units × 1`) or a
//! tiny one. It runs on the calling thread and allocates nothing: each row of C is built a few
//! columns at a time in register accumulators and written once per slice of k.
//!
//! Bit for bit the packed path's arithmetic: every element of C sums `a·b` over k in `KC`-deep
//! slices (`block::KC`), each slice from 0 in increasing `p`, multiply then add; the first slice
//! is combined with C by `beta` as `Update` does, later ones are added as `C + alpha·sum`. So a
//! row's result does not depend on which path its batch took.

use super::block::KC;
use super::microkernel::Update;
use super::row_dots;
use super::{Gemm, MatrixRef};
use crate::kernels::simd::F32x4;
use std::ops::Range;

/// Columns of C one pass over a slice accumulates: eight `F32x4` registers (with the
/// broadcast of `a(i, p)` and a load, 10 of the 15 or so vector registers V8 gives wasm).
const WIDE: usize = 32;

/// Whether `m×n×k` takes the direct path: a tiny product, or a product that would stay on one
/// thread anyway (`super::PARALLEL_MIN_WORK`) with at most 4 rows or at most 4 deep.
pub(super) fn is_small(m: usize, n: usize, k: usize) -> bool {
    const TINY_WORK: usize = 1 << 14;
    let work = m.saturating_mul(n).saturating_mul(k);
    work <= TINY_WORK || ((m <= 4 || k <= 4) && work < super::PARALLEL_MIN_WORK)
}

/// A matrix read through strides: element `(r, c)` is `data[r·row_stride + c·col_stride]`.
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    pub data: &'a [f32],
    pub row_stride: usize,
    pub col_stride: usize,
}

impl View<'_> {
    /// `op(M)` of a stored operand.
    fn of(matrix: MatrixRef<'_>) -> View<'_> {
        let ld = matrix.stride;
        let (row_stride, col_stride) = if matrix.transposed { (1, ld) } else { (ld, 1) };
        View {
            data: matrix.data,
            row_stride,
            col_stride,
        }
    }

    /// The transpose: element `(r, c)` of the result is `(c, r)` of `self`.
    fn transposed(self) -> Self {
        View {
            data: self.data,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
        }
    }

    #[inline(always)]
    pub fn at(&self, r: usize, c: usize) -> f32 {
        self.data[r * self.row_stride + c * self.col_stride]
    }
}

/// `C[m×n] = alpha·op(A)·op(B) + beta·C` as `super::gemm` documents it (operands checked by it).
pub(super) fn multiply(product: Gemm<'_>) {
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
    let (mut a, mut b) = (View::of(a), View::of(b));
    let (mut m, mut n) = (m, n);
    if n == 1 && ldc == 1 && a.row_stride == 1 {
        // A matrix-vector product whose column of C and columns of op(A) are contiguous: computed
        // as its transpose, one row `op(B)ᵀ·op(A)ᵀ`, the vectors run along C. Each element's sum
        // is unchanged (the same products, `a·b = b·a`, in the same order).
        (a, b) = (b.transposed(), a.transposed());
        (m, n) = (1, m);
    }
    for i in 0..m {
        let c_row = &mut c[i * ldc..][..n];
        for slice_start in (0..k).step_by(KC) {
            let depth = slice_start..k.min(slice_start + KC);
            let update = if slice_start == 0 {
                Update::from_beta(beta)
            } else {
                Update::Accumulate
            };
            // Each arm passes its update as a constant, so the inlined loops are specialised
            // for it rather than matching on it for every vector of C.
            let mut row = |update| {
                if b.col_stride == 1 {
                    // Rows of op(B) are contiguous: vectors run along them.
                    multiply_row_by_rows(a, i, b, depth.clone(), alpha, update, &mut *c_row);
                } else {
                    // Columns of op(B) (rows of the stored B) are contiguous: dot products.
                    row_dots::multiply_row(a, i, b, depth.clone(), alpha, update, &mut *c_row);
                }
            };
            match update {
                Update::Overwrite => row(Update::Overwrite),
                Update::Accumulate => row(Update::Accumulate),
                Update::Scale(beta) => row(Update::Scale(beta)),
            }
        }
    }
}

/// `c_row (update) alpha·Σ_{p ∈ depth} a(i, p)·B[p, ..]` for `b` with unit column stride:
/// 32 columns at a time in eight `F32x4` accumulators that stay in registers for the whole
/// slice (as in the microkernel), then 4 at a time, then the last columns one by one.
#[inline(always)]
fn multiply_row_by_rows(
    a: View<'_>,
    i: usize,
    b: View<'_>,
    depth: Range<usize>,
    alpha: f32,
    update: Update,
    c_row: &mut [f32],
) {
    let b_row = |p: usize, j: usize, len: usize| &b.data[p * b.row_stride + j..][..len];
    let mut wide = c_row.chunks_exact_mut(WIDE);
    let mut j = 0;
    for c_part in &mut wide {
        let mut acc = [F32x4::zero(); WIDE / 4];
        for p in depth.clone() {
            let a_ip = F32x4::splat(a.at(i, p));
            let (b_vectors, _) = b_row(p, j, WIDE).as_chunks::<4>();
            for (acc, b_vector) in acc.iter_mut().zip(b_vectors) {
                *acc = acc.mul_add(a_ip, F32x4::load(b_vector));
            }
        }
        let (c_vectors, _) = c_part.as_chunks_mut::<4>();
        for (c_vector, &sum) in c_vectors.iter_mut().zip(&acc) {
            update_vector(update, alpha, sum, c_vector);
        }
        j += WIDE;
    }
    let rest = wide.into_remainder();
    let (narrow, last) = rest.as_chunks_mut::<4>();
    for c_vector in narrow {
        let mut acc = F32x4::zero();
        for p in depth.clone() {
            let (b_vector, _) = b_row(p, j, 4).as_chunks::<4>();
            acc = acc.mul_add(F32x4::splat(a.at(i, p)), F32x4::load(&b_vector[0]));
        }
        update_vector(update, alpha, acc, c_vector);
        j += 4;
    }
    for c in last {
        let mut sum = 0.0f32;
        for p in depth.clone() {
            sum += a.at(i, p) * b.at(p, j);
        }
        *c = updated(update, alpha, sum, *c);
        j += 1;
    }
}

/// Four elements of C combined with their sums as `updated` does, lane by lane.
#[inline(always)]
pub(super) fn update_vector(update: Update, alpha: f32, sum: F32x4, c: &mut [f32; 4]) {
    let scaled = sum.mul(F32x4::splat(alpha));
    let value = match update {
        Update::Overwrite => scaled,
        Update::Accumulate => F32x4::load(c).add(scaled),
        Update::Scale(beta) => scaled.mul_add(F32x4::splat(beta), F32x4::load(c)),
    };
    value.store(c);
}

/// One element of C combined with its sum: `alpha·sum`, `c + alpha·sum` or `alpha·sum + beta·c`
/// (the microkernel's `Tile::update_row`).
#[inline(always)]
pub(super) fn updated(update: Update, alpha: f32, sum: f32, c: f32) -> f32 {
    let scaled = sum * alpha;
    match update {
        Update::Overwrite => scaled,
        Update::Accumulate => c + scaled,
        Update::Scale(beta) => scaled + beta * c,
    }
}

#[cfg(test)]
mod tests {
    use super::super::gemm_packed;
    use super::*;

    fn values(len: usize, seed: u32) -> Vec<f32> {
        // A small LCG: varied signs and magnitudes, no dependency needed.
        let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 8) as f32 / (1u32 << 24) as f32 * 4.0 - 2.0
            })
            .collect()
    }

    #[test]
    fn bitwise_equal_to_the_packed_path() {
        let shapes = [
            (1, 1, 1),
            (1, 64, 13),
            (1, 64, 64),
            (1, 1, 64),
            (1, 64, 1),
            (1, 23, 7),
            (3, 70, 300),
            (4, 9, 600),
            (2, 37, 258),
            (13, 64, 1),
            (64, 64, 1),
            (64, 1, 1),
            (300, 70, 3),
            (9, 300, 4),
            (2, 130, 513),
        ];
        for (s, &(m, n, k)) in shapes.iter().enumerate() {
            for (trans_a, trans_b) in [(false, false), (true, false), (false, true), (true, true)] {
                for (alpha, beta) in [(1.0, 0.0), (1.0, 1.0), (0.7, -1.3)] {
                    let seed = s as u32 * 16;
                    let (a, b) = (values(m * k, seed), values(k * n, seed + 1));
                    let (lda, ldb) = (if trans_a { m } else { k }, if trans_b { k } else { n });
                    let start = values(m * n, seed + 2);
                    let (mut direct, mut packed) = (start.clone(), start);
                    let product = |c| Gemm {
                        m,
                        n,
                        k,
                        alpha,
                        a: MatrixRef {
                            data: &a,
                            stride: lda,
                            transposed: trans_a,
                        },
                        b: MatrixRef {
                            data: &b,
                            stride: ldb,
                            transposed: trans_b,
                        },
                        beta,
                        c,
                        ldc: n,
                    };
                    multiply(product(&mut direct));
                    gemm_packed(product(&mut packed));
                    let same = direct
                        .iter()
                        .zip(&packed)
                        .all(|(d, p)| d.to_bits() == p.to_bits());
                    assert!(same, "{m}x{n}x{k} tA={trans_a} tB={trans_b} beta={beta}");
                }
            }
        }
    }

    #[test]
    fn zero_products_sum_to_positive_zero_as_packed() {
        // −0·x products: a sum that starts from +0 stays +0, on both paths.
        let (m, n, k) = (2, 9, 6);
        let a = vec![-0.0f32; m * k];
        let b = values(k * n, 5);
        for trans_b in [false, true] {
            let ldb = if trans_b { k } else { n };
            let (mut direct, mut packed) = (vec![1.0f32; m * n], vec![1.0f32; m * n]);
            let product = |c| Gemm {
                m,
                n,
                k,
                alpha: 1.0,
                a: MatrixRef::new(&a, k),
                b: MatrixRef {
                    data: &b,
                    stride: ldb,
                    transposed: trans_b,
                },
                beta: 0.0,
                c,
                ldc: n,
            };
            multiply(product(&mut direct));
            gemm_packed(product(&mut packed));
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&direct), bits(&packed), "trans_b={trans_b}");
        }
    }
}
