//! Keras 3's `RMSprop` (`keras/src/optimizers/rmsprop.py`), epsilon inside the square root.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::{check_finite, flush_subnormal};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RmsPropConfig {
    #[serde(default = "default_learning_rate")]
    learning_rate: f64,
    #[serde(default = "default_rho")]
    rho: f64,
    #[serde(default)]
    momentum: f64,
    #[serde(default = "default_epsilon")]
    epsilon: f64,
    #[serde(default)]
    centered: bool,
}

fn default_learning_rate() -> f64 {
    0.001
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
    pub(crate) learning_rate: f64,
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
        check_finite(config.learning_rate, "optimizer.learning_rate")?;
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
            learning_rate: config.learning_rate,
            rho: config.rho as f32,
            momentum: config.momentum as f32,
            epsilon: config.epsilon as f32,
            velocities: buffer::zeroed(parameters, "the RMSprop velocities")?,
            momentums: optional(config.momentum > 0.0, "the RMSprop momentums")?,
            average_gradients: optional(config.centered, "the RMSprop average gradients")?,
        })
    }

    /// `v = ρ·v + (1 − ρ)·g²`; `Δ = lr·g / √(v + ε)` (centered: `√(v − ḡ² + ε)` with
    /// `ḡ = ρ·ḡ + (1 − ρ)·g`); with momentum `m = momentum·m + Δ`, `w −= m`, else `w −= Δ`.
    pub(crate) fn step(&mut self, weights: &mut [f32], gradients: &[f32]) {
        let lr = self.learning_rate as f32;
        let (rho, epsilon, momentum) = (self.rho, self.epsilon, self.momentum);
        let centered = !self.average_gradients.is_empty();
        let with_momentum = !self.momentums.is_empty();
        for (i, (w, &g)) in weights.iter_mut().zip(gradients).enumerate() {
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
