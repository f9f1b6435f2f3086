//! The unpacked path for products too small to repay packing: a batch of 1–4 rows (where the
//! 4-row microkernel would waste lanes and packing B costs more than the product) or a tiny
//! product (a batch-1 weight gradient `xᵀ·dz` is `in × units × 1`). It runs on the calling
//! thread and allocates nothing: each row of C is built `COLS` columns at a time in a stack
//! accumulator.
//!
//! Bit for bit the packed path's arithmetic: every element of C sums `a·b` over k in 256-deep
//! slices (`block::KC`), each slice from 0 in increasing `p`, multiply then add; the first slice
//! is combined with C by `beta` as `Update` does, later ones are added as `C + alpha·sum`. So a
//! row's result does not depend on which path its batch took.

use super::microkernel::Update;
use crate::kernels::simd::F32x4;

/// Depth of one slice of k: the packed path's `KC` (its chunk depth is a multiple of it, so
/// its slices are exactly the 256-aligned ranges of k).
const KC: usize = 256;
/// Columns of C accumulated at once (a stack array, 256 bytes).
const COLS: usize = 64;

/// Whether `m×n×k` takes the direct path: a tiny product, or at most 4 rows of a product that
/// would stay on one thread anyway (`super::PARALLEL_MIN_WORK`).
pub(super) fn is_small(m: usize, n: usize, k: usize) -> bool {
    const TINY_WORK: usize = 1 << 14;
    let work = m.saturating_mul(n).saturating_mul(k);
    work <= TINY_WORK || (m <= 4 && work < super::PARALLEL_MIN_WORK)
}

/// `C[m×n] = alpha·op(A)·op(B) + beta·C` as `super::gemm` documents it (operands checked by it).
#[allow(clippy::too_many_arguments)]
pub(super) fn multiply(
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
    let a_at = |i: usize, p: usize| {
        if trans_a {
            a[p * lda + i]
        } else {
            a[i * lda + p]
        }
    };
    let mut sums = [0.0f32; COLS];
    for i in 0..m {
        let c_row = &mut c[i * ldc..][..n];
        for col in (0..n).step_by(COLS) {
            let width = COLS.min(n - col);
            let sums = &mut sums[..width];
            let c_part = &mut c_row[col..col + width];
            for slice_start in (0..k).step_by(KC) {
                let depth = slice_start..k.min(slice_start + KC);
                if trans_b {
                    sum_rows_of_b(&a_at, i, b, ldb, col, depth, sums);
                } else {
                    sum_rows_times_b(&a_at, i, b, ldb, col, depth, sums);
                }
                let sums = sums.iter();
                match if slice_start == 0 {
                    Update::from_beta(beta)
                } else {
                    Update::Accumulate
                } {
                    Update::Overwrite => {
                        c_part
                            .iter_mut()
                            .zip(sums)
                            .for_each(|(c, &s)| *c = s * alpha);
                    }
                    Update::Accumulate => {
                        c_part
                            .iter_mut()
                            .zip(sums)
                            .for_each(|(c, &s)| *c += s * alpha);
                    }
                    Update::Scale(beta) => {
                        let update = |(c, &s): (&mut f32, &f32)| *c = s * alpha + beta * *c;
                        c_part.iter_mut().zip(sums).for_each(update);
                    }
                }
            }
        }
    }
}

/// `sums[j] = Σ_{p ∈ depth} a(i, p)·B[p, col + j]` for B stored `k×n`: 16 columns at a time
/// in four `F32x4` accumulators that stay in registers for the whole depth (as in the
/// microkernel), then the last columns one by one.
fn sum_rows_times_b(
    a_at: &impl Fn(usize, usize) -> f32,
    i: usize,
    b: &[f32],
    ldb: usize,
    col: usize,
    depth: std::ops::Range<usize>,
    sums: &mut [f32],
) {
    const VECTORS: usize = 4;
    const BLOCK: usize = 4 * VECTORS;
    let mut blocks = sums.chunks_exact_mut(BLOCK);
    let mut j = col;
    for block in &mut blocks {
        let mut acc = [F32x4::zero(); VECTORS];
        for p in depth.clone() {
            let a_ip = F32x4::splat(a_at(i, p));
            let (b_vectors, _) = b[p * ldb + j..][..BLOCK].as_chunks::<4>();
            for (acc, b_vector) in acc.iter_mut().zip(b_vectors) {
                *acc = acc.mul_add(a_ip, F32x4::load(b_vector));
            }
        }
        let (out, _) = block.as_chunks_mut::<4>();
        for (acc, out) in acc.iter().zip(out) {
            acc.store(out);
        }
        j += BLOCK;
    }
    let rest = blocks.into_remainder();
    rest.fill(0.0);
    for p in depth {
        let a_ip = a_at(i, p);
        let b_row = &b[p * ldb + j..][..rest.len()];
        for (sum, &b_pj) in rest.iter_mut().zip(b_row) {
            *sum += a_ip * b_pj;
        }
    }
}

/// `sums[j] = Σ_{p ∈ depth} a(i, p)·B[col + j, p]` for B stored `n×k` (`trans_b`): each sum is
/// a dot product along a contiguous row of B, in increasing `p`; eight rows run side by side so
/// their dependency chains overlap.
fn sum_rows_of_b(
    a_at: &impl Fn(usize, usize) -> f32,
    i: usize,
    b: &[f32],
    ldb: usize,
    col: usize,
    depth: std::ops::Range<usize>,
    sums: &mut [f32],
) {
    const SIDE_BY_SIDE: usize = 8;
    let row = |j: usize| &b[(col + j) * ldb + depth.start..][..depth.len()];
    let mut blocks = sums.chunks_exact_mut(SIDE_BY_SIDE);
    let mut j = 0;
    for block in &mut blocks {
        let rows: [&[f32]; SIDE_BY_SIDE] = std::array::from_fn(|t| row(j + t));
        let mut acc = [0.0f32; SIDE_BY_SIDE];
        for (offset, p) in depth.clone().enumerate() {
            let a_ip = a_at(i, p);
            for (acc, b_row) in acc.iter_mut().zip(&rows) {
                *acc += a_ip * b_row[offset];
            }
        }
        block.copy_from_slice(&acc);
        j += SIDE_BY_SIDE;
    }
    for sum in blocks.into_remainder() {
        let b_row = row(j);
        *sum = 0.0;
        for (offset, p) in depth.clone().enumerate() {
            *sum += a_at(i, p) * b_row[offset];
        }
        j += 1;
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
            (3, 70, 300),
            (4, 9, 600),
            (13, 64, 1),
            (64, 64, 1),
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
                    multiply(
                        trans_a,
                        trans_b,
                        m,
                        n,
                        k,
                        alpha,
                        &a,
                        lda,
                        &b,
                        ldb,
                        beta,
                        &mut direct,
                        n,
                    );
                    gemm_packed(
                        trans_a,
                        trans_b,
                        m,
                        n,
                        k,
                        alpha,
                        &a,
                        lda,
                        &b,
                        ldb,
                        beta,
                        &mut packed,
                        n,
                    );
                    let same = direct
                        .iter()
                        .zip(&packed)
                        .all(|(d, p)| d.to_bits() == p.to_bits());
                    assert!(same, "{m}x{n}x{k} tA={trans_a} tB={trans_b} beta={beta}");
                }
            }
        }
    }
}
