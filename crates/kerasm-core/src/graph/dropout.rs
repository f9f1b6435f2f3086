//! Keras's `Dropout`: in training each value is kept with probability `1 − rate` and scaled by
//! `1/(1 − rate)` (inverted dropout, so inference is the identity and the expected value does
//! not change); the mask, kept for the backward, is drawn from the seed the pass hands in.

use crate::graph::op::{pass_through, Grad, Phase};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg32;

/// A dropout op over rows of `width` values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dropout {
    /// The fraction of values dropped, in `[0, 1]`.
    pub rate: f32,
    pub width: usize,
}

impl Dropout {
    /// Whether the op changes anything in `phase` (Keras: `training and rate > 0`).
    fn active(&self, phase: Phase) -> bool {
        phase.is_training() && self.rate > 0.0
    }

    /// `y = x·mask` with `mask` ∈ {0, 1/(1 − rate)}, written to `scratch` for the backward.
    pub(crate) fn forward(
        &self,
        input: &[f32],
        output: &mut [f32],
        mask: &mut [f32],
        phase: Phase,
    ) {
        let seed = match phase {
            Phase::Training { seed } if self.active(phase) => seed,
            _ => return output.copy_from_slice(input),
        };
        let keep = 1.0 - self.rate as f64;
        // A value is kept when a uniform 32-bit draw falls below keep·2³²: one integer compare
        // per value. Rate 1 keeps nothing (and scales nothing, instead of dividing by zero).
        let threshold = (keep * 4_294_967_296.0) as u64;
        let scale = if keep > 0.0 { (1.0 / keep) as f32 } else { 0.0 };
        let mut rng = Pcg32::seed_from_u64(seed);
        for (m, (y, &x)) in mask.iter_mut().zip(output.iter_mut().zip(input)) {
            *m = if (rng.next_u32() as u64) < threshold {
                scale
            } else {
                0.0
            };
            *y = x * *m;
        }
    }

    /// `dx = dy·mask` (the identity when the forward was).
    pub(crate) fn backward(&self, dy: &[f32], mask: &[f32], phase: Phase, dx: Grad<'_>) {
        if !self.active(phase) {
            return pass_through(dy, dx);
        }
        match dx {
            Grad::Skip => {}
            Grad::Overwrite(dx) => {
                for ((d, &g), &m) in dx.iter_mut().zip(dy).zip(mask) {
                    *d = g * m;
                }
            }
            Grad::Accumulate(dx) => {
                for ((d, &g), &m) in dx.iter_mut().zip(dy).zip(mask) {
                    *d += g * m;
                }
            }
        }
    }
}
