//! The register-blocked inner kernel: one `MR×NR` tile of `op(A)·op(B)` over a packed panel of
//! each operand, held entirely in `F32x4` accumulators.
//!
//! 4×8 is chosen for wasm: V8 gives wasm code about 15 xmm registers, and a k-step needs
//! 8 accumulators + 2 vectors of B + 1 broadcast of A = 11 live vectors. A 6×8 tile would need 15
//! and spills, which halves the speed.

use crate::kernels::simd::F32x4;

/// Rows of a tile (lanes of an A panel).
pub(super) const MR: usize = 4;
/// Columns of a tile (lanes of a B panel).
pub(super) const NR: usize = 8;
const NR_VECTORS: usize = NR / 4;

/// How a finished tile `T` is combined with the `C` already in memory.
#[derive(Clone, Copy)]
pub(super) enum Update {
    /// `C = alpha·T` — `C` is never read, so NaNs in it do not leak through.
    Overwrite,
    /// `C = C + alpha·T`.
    Accumulate,
    /// `C = alpha·T + beta·C`.
    Scale(f32),
}

impl Update {
    /// The update of the first contribution to C: `C = alpha·T + beta·C`, cheapened for the
    /// betas backprop uses (0 to overwrite, 1 to add gradients).
    pub(super) fn from_beta(beta: f32) -> Update {
        if beta == 0.0 {
            Update::Overwrite
        } else if beta == 1.0 {
            Update::Accumulate
        } else {
            Update::Scale(beta)
        }
    }
}

/// The accumulators of one tile: `self.0[r][h]` holds columns `4h..4h+4` of row `r`.
pub(super) struct Tile([[F32x4; NR_VECTORS]; MR]);

/// `Σ_p a[p]ᵀ·b[p]` over packed panels of equal depth: `a_panel` is `depth×MR`, `b_panel` is
/// `depth×NR`, both step-major. The sum runs in increasing `p`, so each tile's rounding is fixed.
#[inline]
pub(super) fn multiply_panels(a_panel: &[f32], b_panel: &[f32]) -> Tile {
    let (a_steps, _) = a_panel.as_chunks::<MR>();
    let (b_vectors, _) = b_panel.as_chunks::<4>();
    let (b_steps, _) = b_vectors.as_chunks::<NR_VECTORS>();
    // The tile spelled out as eight named accumulators, so that each is plainly one register
    // rather than an array element the optimiser has to promote.
    let zero = F32x4::zero();
    let [mut c00, mut c01, mut c10, mut c11, mut c20, mut c21, mut c30, mut c31] = [zero; 8];
    for ([a0, a1, a2, a3], [b0, b1]) in a_steps.iter().zip(b_steps) {
        let (b0, b1) = (F32x4::load(b0), F32x4::load(b1));
        let a0 = F32x4::splat(*a0);
        c00 = c00.mul_add(a0, b0);
        c01 = c01.mul_add(a0, b1);
        let a1 = F32x4::splat(*a1);
        c10 = c10.mul_add(a1, b0);
        c11 = c11.mul_add(a1, b1);
        let a2 = F32x4::splat(*a2);
        c20 = c20.mul_add(a2, b0);
        c21 = c21.mul_add(a2, b1);
        let a3 = F32x4::splat(*a3);
        c30 = c30.mul_add(a3, b0);
        c31 = c31.mul_add(a3, b1);
    }
    Tile([[c00, c01], [c10, c11], [c20, c21], [c30, c31]])
}

impl Tile {
    /// Writes the first `c_row.len()` (≤ NR) columns of row `r` of `alpha·T` into `c_row`.
    #[inline]
    pub(super) fn update_row(&self, r: usize, alpha: f32, update: Update, c_row: &mut [f32]) {
        let sums = &self.0[r];
        if let Ok(full) = <&mut [f32; NR]>::try_from(&mut *c_row) {
            let alpha = F32x4::splat(alpha);
            let (c_vectors, _) = full.as_chunks_mut::<4>();
            for (c_vector, &sum) in c_vectors.iter_mut().zip(sums) {
                let scaled = sum.mul(alpha);
                let value = match update {
                    Update::Overwrite => scaled,
                    Update::Accumulate => F32x4::load(c_vector).add(scaled),
                    Update::Scale(beta) => {
                        scaled.mul_add(F32x4::splat(beta), F32x4::load(c_vector))
                    }
                };
                value.store(c_vector);
            }
        } else {
            // A tile on the right edge: go through memory, with the same per-element arithmetic.
            let mut spilled = [[0.0f32; 4]; NR_VECTORS];
            for (lanes, sum) in spilled.iter_mut().zip(sums) {
                sum.store(lanes);
            }
            for (c, &sum) in c_row.iter_mut().zip(spilled.as_flattened()) {
                let scaled = sum * alpha;
                *c = match update {
                    Update::Overwrite => scaled,
                    Update::Accumulate => *c + scaled,
                    Update::Scale(beta) => scaled + beta * *c,
                };
            }
        }
    }
}
