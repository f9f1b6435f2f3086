//! One row of a small `op(A)·Bᵀ` (B stored `n×k`, as backprop's `dx = dz·Wᵀ`): each element of
//! C is a dot product along a contiguous row of B. The sum of each element must run in
//! increasing `p` (the packed path's order), so the lanes cannot split k; instead four rows of B
//! go side by side: a 4×4 block of them (4 rows × 4 steps of k) is loaded as four vectors and
//! transposed in registers, after which each vector holds one step of k for four elements of C
//! and is multiplied by that step's broadcast `a(i, p)` and added, in increasing `p`. Two such
//! groups run at once so their dependency chains overlap (and the broadcasts are shared).

use super::direct::{update_vector, updated, View};
use super::microkernel::Update;
use crate::kernels::simd::F32x4;
use std::ops::Range;

/// Elements of C one group computes (the lanes of a vector), and steps of k per block.
const LANES: usize = 4;

/// `c_row (update) alpha·Σ_{p ∈ depth} a(i, p)·b(p, j)` for every column `j`, where `b` is read
/// along `p` with unit stride (`b.row_stride == 1`).
#[inline(always)]
pub(super) fn multiply_row(
    a: View<'_>,
    i: usize,
    b: View<'_>,
    depth: Range<usize>,
    alpha: f32,
    update: Update,
    c_row: &mut [f32],
) {
    debug_assert_eq!(b.row_stride, 1);
    let row = |j: usize| &b.data[j * b.col_stride + depth.start..][..depth.len()];
    let (full_steps, tail) = (depth.len() / LANES * LANES, depth.len() % LANES);
    // a(i, p) of the slice in blocks of 4 steps; the last block padded with zeros.
    let a_block = |step: usize| -> [f32; LANES] {
        std::array::from_fn(|q| {
            let p = step + q;
            if p < depth.len() {
                a.at(i, depth.start + p)
            } else {
                0.0
            }
        })
    };
    let mut pairs = c_row.chunks_exact_mut(2 * LANES);
    let mut j = 0;
    for c_pair in &mut pairs {
        let groups: [[&[f32]; LANES]; 2] =
            std::array::from_fn(|g| std::array::from_fn(|t| row(j + g * LANES + t)));
        let mut acc = [F32x4::zero(); 2];
        for step in (0..full_steps).step_by(LANES) {
            let a_ip = a_block(step);
            for (acc, rows) in acc.iter_mut().zip(&groups) {
                let block = std::array::from_fn(|t| block_at(rows[t], step));
                *acc = lanes::add_block(*acc, a_ip, block);
            }
        }
        if tail > 0 {
            let a_ip = a_block(full_steps);
            for (acc, rows) in acc.iter_mut().zip(&groups) {
                let block = std::array::from_fn(|t| padded(&rows[t][full_steps..]));
                *acc = lanes::add_block(*acc, a_ip, block);
            }
        }
        let (c_vectors, _) = c_pair.as_chunks_mut::<LANES>();
        for (c_vector, &sum) in c_vectors.iter_mut().zip(&acc) {
            update_vector(update, alpha, sum, c_vector);
        }
        j += 2 * LANES;
    }
    let rest = pairs.into_remainder();
    let (single, last) = rest.as_chunks_mut::<LANES>();
    for c_vector in single {
        let rows: [&[f32]; LANES] = std::array::from_fn(|t| row(j + t));
        let mut acc = F32x4::zero();
        for step in (0..full_steps).step_by(LANES) {
            let block = std::array::from_fn(|t| block_at(rows[t], step));
            acc = lanes::add_block(acc, a_block(step), block);
        }
        if tail > 0 {
            let block = std::array::from_fn(|t| padded(&rows[t][full_steps..]));
            acc = lanes::add_block(acc, a_block(full_steps), block);
        }
        update_vector(update, alpha, acc, c_vector);
        j += LANES;
    }
    for c in last {
        let mut sum = 0.0f32;
        for (offset, &b_jp) in row(j).iter().enumerate() {
            sum += a.at(i, depth.start + offset) * b_jp;
        }
        *c = updated(update, alpha, sum, *c);
        j += 1;
    }
}

/// `row[step..step + 4]` as an array.
#[inline(always)]
fn block_at(row: &[f32], step: usize) -> [f32; LANES] {
    let (block, _) = row[step..step + LANES].as_chunks::<LANES>();
    block[0]
}

/// The last, short block of a row, padded with zeros. A padded step adds `0·0 = +0` to each
/// sum, which changes nothing: a sum that starts from +0 is never −0, and `s + 0 = s`.
#[inline(always)]
fn padded(row: &[f32]) -> [f32; LANES] {
    std::array::from_fn(|q| row.get(q).copied().unwrap_or(0.0))
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use super::LANES;
    use crate::kernels::simd::F32x4;
    use core::arch::wasm32::{i32x4_shuffle, i64x2_shuffle, v128, v128_load, v128_store};

    /// `acc + Σ_q a[q]·(block[0][q], …, block[3][q])`, one `q` after the other, each a multiply
    /// then an add: the block is transposed with four shuffles of pairs and four of halves.
    #[inline(always)]
    pub(super) fn add_block(acc: F32x4, a: [f32; LANES], block: [[f32; LANES]; LANES]) -> F32x4 {
        // SAFETY: each row is 16 readable bytes; `v128_load` has no alignment requirement.
        let [r0, r1, r2, r3] = block.map(|row| unsafe { v128_load(row.as_ptr().cast::<v128>()) });
        let low_01 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
        let high_01 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
        let low_23 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
        let high_23 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
        let columns = [
            i64x2_shuffle::<0, 2>(low_01, low_23),
            i64x2_shuffle::<1, 3>(low_01, low_23),
            i64x2_shuffle::<0, 2>(high_01, high_23),
            i64x2_shuffle::<1, 3>(high_01, high_23),
        ];
        let mut acc = acc;
        for (column, a_q) in columns.into_iter().zip(a) {
            let mut lanes = [0.0f32; LANES];
            // SAFETY: `lanes` is 16 writable bytes; `v128_store` has no alignment requirement.
            unsafe { v128_store(lanes.as_mut_ptr().cast::<v128>(), column) };
            acc = acc.mul_add(F32x4::splat(a_q), F32x4::load(&lanes));
        }
        acc
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    use super::LANES;
    use crate::kernels::simd::F32x4;

    /// `acc + Σ_q a[q]·(block[0][q], …, block[3][q])`, one `q` after the other, each a multiply
    /// then an add.
    #[inline(always)]
    pub(super) fn add_block(acc: F32x4, a: [f32; LANES], block: [[f32; LANES]; LANES]) -> F32x4 {
        let mut acc = acc;
        for (q, a_q) in a.into_iter().enumerate() {
            let column = std::array::from_fn(|t| block[t][q]);
            acc = acc.mul_add(F32x4::splat(a_q), F32x4::load(&column));
        }
        acc
    }
}
