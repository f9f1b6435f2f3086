//! Keras 3's `Adadelta` (`keras/src/optimizers/adadelta.py`):
//! `E[g²] = ρ·E[g²] + (1 − ρ)·g²`, `Δ = −√(E[Δ²] + ε)·g / √(E[g²] + ε)`,
//! `E[Δ²] = ρ·E[Δ²] + (1 − ρ)·Δ²`, `w += lr·Δ`.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::{check_finite, flush_subnormal, Step};
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdadeltaConfig {
    #[serde(default = "default_rho")]
    rho: f64,
    #[serde(default = "default_epsilon")]
    epsilon: f64,
}

fn default_rho() -> f64 {
    0.95
}

fn default_epsilon() -> f64 {
    1e-7
}

/// Adadelta: steps scaled by the ratio of running RMS of updates and of gradients.
#[derive(Debug, Clone)]
pub struct Adadelta {
    rho: f32,
    epsilon: f32,
    /// Running average of g².
    accumulated_grads: Vec<f32>,
    /// Running average of Δ².
    accumulated_delta_vars: Vec<f32>,
}

impl Adadelta {
    pub(crate) fn from_config(
        config: serde_json::Value,
        parameters: usize,
    ) -> Result<Adadelta, Error> {
        let config: AdadeltaConfig = crate::spec::from_value(config, "optimizer")?;
        check_finite(config.rho, "optimizer.rho")?;
        check_finite(config.epsilon, "optimizer.epsilon")?;
        Ok(Adadelta {
            rho: config.rho as f32,
            epsilon: config.epsilon as f32,
            accumulated_grads: buffer::zeroed(parameters, "the Adadelta accumulated gradients")?,
            accumulated_delta_vars: buffer::zeroed(parameters, "the Adadelta accumulated deltas")?,
        })
    }

    /// The per-weight state vectors, in export order.
    pub(crate) fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        vec![
            &mut self.accumulated_grads,
            &mut self.accumulated_delta_vars,
        ]
    }

    pub(crate) fn update(&mut self, range: Range<usize>, w: &mut [f32], g: &[f32], step: Step) {
        let lr = step.learning_rate as f32;
        let (rho, epsilon) = (self.rho, self.epsilon);
        let start = range.start;
        for (i, (w, &g)) in w.iter_mut().zip(g).enumerate() {
            let i = start + i;
            let grad_average = &mut self.accumulated_grads[i];
            *grad_average = flush_subnormal(rho * *grad_average + (1.0 - rho) * g * g);
            let delta_average = &mut self.accumulated_delta_vars[i];
            let delta = -(*delta_average + epsilon).sqrt() * g / (*grad_average + epsilon).sqrt();
            *delta_average = flush_subnormal(rho * *delta_average + (1.0 - rho) * delta * delta);
            *w += lr * delta;
        }
    }
}
