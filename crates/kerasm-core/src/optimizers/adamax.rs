//! Keras 3's `Adamax` (`keras/src/optimizers/adamax.py`), Adam with the infinity norm:
//! `m += (g − m)(1 − β₁)`, `u = max(β₂·u, |g|)`, `w −= lr·m / ((1 − β₁ᵗ)(u + ε))`.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::moments::Moments;
use crate::optimizers::{flush_subnormal, Step};
use std::ops::Range;

/// Adamax.
#[derive(Debug, Clone)]
pub struct Adamax {
    beta_1: f64,
    beta_2: f32,
    epsilon: f32,
    /// First moments m.
    momentums: Vec<f32>,
    /// Exponentially weighted infinity norms u.
    norms: Vec<f32>,
}

impl Adamax {
    pub(crate) fn from_config(
        config: serde_json::Value,
        parameters: usize,
    ) -> Result<Adamax, Error> {
        let config = Moments::from_config(config, "adamax", false)?;
        Ok(Adamax {
            beta_1: config.beta_1,
            beta_2: config.beta_2 as f32,
            epsilon: config.epsilon as f32,
            momentums: buffer::zeroed(parameters, "the Adamax momentums")?,
            norms: buffer::zeroed(parameters, "the Adamax norms")?,
        })
    }

    /// The per-weight state vectors, in export order.
    pub(crate) fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.momentums, &mut self.norms]
    }

    pub(crate) fn update(&mut self, range: Range<usize>, w: &mut [f32], g: &[f32], step: Step) {
        let t = step.iterations.saturating_add(1) as f64;
        let lr = step.learning_rate as f32;
        let bias_correction = (1.0 - self.beta_1.powf(t)) as f32;
        let one_minus_beta_1 = (1.0 - self.beta_1) as f32;
        let (beta_2, epsilon) = (self.beta_2, self.epsilon);
        let start = range.start;
        for (i, (w, &g)) in w.iter_mut().zip(g).enumerate() {
            let i = start + i;
            let m = &mut self.momentums[i];
            *m = flush_subnormal(*m + (g - *m) * one_minus_beta_1);
            let u = &mut self.norms[i];
            *u = flush_subnormal((beta_2 * *u).max(g.abs()));
            *w -= lr * *m / (bias_correction * (*u + epsilon));
        }
    }
}
