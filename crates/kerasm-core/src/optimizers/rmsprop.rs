//! Keras 3's `RMSprop` (`keras/src/optimizers/rmsprop.py`), epsilon inside the square root.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::{check_finite, flush_subnormal, Step};
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RmsPropConfig {
    #[serde(default = "default_rho")]
    rho: f64,
    #[serde(default)]
    momentum: f64,
    #[serde(default = "default_epsilon")]
    epsilon: f64,
    #[serde(default)]
    centered: bool,
}

fn default_rho() -> f64 {
    0.9
}

fn default_epsilon() -> f64 {
    1e-7
}

/// RMSprop, optionally centered and with plain momentum.
#[derive(Debug, Clone)]
pub struct RmsProp {
    rho: f32,
    momentum: f32,
    epsilon: f32,
    /// Moving average of g².
    velocities: Vec<f32>,
    /// Accumulated increments; empty when `momentum == 0`.
    momentums: Vec<f32>,
    /// Moving average of g; empty unless centered.
    average_gradients: Vec<f32>,
}

impl RmsProp {
    pub(crate) fn from_config(
        config: serde_json::Value,
        parameters: usize,
    ) -> Result<RmsProp, Error> {
        let config: RmsPropConfig = crate::spec::from_value(config, "optimizer")?;
        check_finite(config.rho, "optimizer.rho")?;
        check_finite(config.momentum, "optimizer.momentum")?;
        check_finite(config.epsilon, "optimizer.epsilon")?;
        let optional = |wanted: bool, what: &str| {
            if wanted {
                buffer::zeroed(parameters, what)
            } else {
                Ok(Vec::new())
            }
        };
        Ok(RmsProp {
            rho: config.rho as f32,
            momentum: config.momentum as f32,
            epsilon: config.epsilon as f32,
            velocities: buffer::zeroed(parameters, "the RMSprop velocities")?,
            momentums: optional(config.momentum > 0.0, "the RMSprop momentums")?,
            average_gradients: optional(config.centered, "the RMSprop average gradients")?,
        })
    }

    /// The per-weight state vectors, in export order.
    pub(crate) fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        [
            &mut self.velocities,
            &mut self.momentums,
            &mut self.average_gradients,
        ]
        .into_iter()
        .filter(|slot| !slot.is_empty())
        .collect()
    }

    /// `v = ρ·v + (1 − ρ)·g²`; `Δ = lr·g / √(v + ε)` (centered: `√(v − ḡ² + ε)` with
    /// `ḡ = ρ·ḡ + (1 − ρ)·g`); with momentum `m = momentum·m + Δ`, `w −= m`, else `w −= Δ`.
    pub(crate) fn update(&mut self, range: Range<usize>, w: &mut [f32], g: &[f32], step: Step) {
        let lr = step.learning_rate as f32;
        let (rho, epsilon, momentum) = (self.rho, self.epsilon, self.momentum);
        let centered = !self.average_gradients.is_empty();
        let with_momentum = !self.momentums.is_empty();
        let start = range.start;
        for (i, (w, &g)) in w.iter_mut().zip(g).enumerate() {
            let i = start + i;
            let v = &mut self.velocities[i];
            *v = flush_subnormal(rho * *v + (1.0 - rho) * (g * g));
            let denominator = if centered {
                let average = &mut self.average_gradients[i];
                *average = flush_subnormal(rho * *average + (1.0 - rho) * g);
                *v - *average * *average + epsilon
            } else {
                *v + epsilon
            };
            let increment = lr * g / denominator.sqrt();
            if with_momentum {
                let m = &mut self.momentums[i];
                *m = flush_subnormal(momentum * *m + increment);
                *w -= *m;
            } else {
                *w -= increment;
            }
        }
    }
}
