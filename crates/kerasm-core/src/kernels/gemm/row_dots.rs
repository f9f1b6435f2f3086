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
                *acc = add_block(*acc, a_ip, block);
            }
        }
        if tail > 0 {
            let a_ip = a_block(full_steps);
            for (acc, rows) in acc.iter_mut().zip(&groups) {
                let block = std::array::from_fn(|t| padded(&rows[t][full_steps..]));
                *acc = add_block(*acc, a_ip, block);
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
            acc = add_block(acc, a_block(step), block);
        }
        if tail > 0 {
            let block = std::array::from_fn(|t| padded(&rows[t][full_steps..]));
            acc = add_block(acc, a_block(full_steps), block);
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

/// `acc + Σ_q a[q]·(block[0][q], …, block[3][q])`, one `q` after the other, each a multiply
/// then an add: the block's columns come from a 4×4 transpose in registers.
#[inline(always)]
fn add_block(acc: F32x4, a: [f32; LANES], block: [[f32; LANES]; LANES]) -> F32x4 {
    let columns = F32x4::transpose(block.map(|row| F32x4::load(&row)));
    columns.into_iter().zip(a).fold(acc, |acc, (column, a_q)| {
        acc.mul_add(F32x4::splat(a_q), column)
    })
}
