//! Keras 3's `SGD` (`keras/src/optimizers/sgd.py`): plain, momentum and Nesterov updates.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::{check_finite, flush_subnormal};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SgdConfig {
    #[serde(default = "default_learning_rate")]
    learning_rate: f64,
    #[serde(default)]
    momentum: f64,
    #[serde(default)]
    nesterov: bool,
}

fn default_learning_rate() -> f64 {
    0.01
}

/// Stochastic gradient descent with optional (Nesterov) momentum.
#[derive(Debug, Clone)]
pub struct Sgd {
    pub(crate) learning_rate: f64,
    momentum: f32,
    nesterov: bool,
    /// The velocity `m`; empty when `momentum == 0`, as Keras creates none then.
    velocities: Vec<f32>,
}

impl Sgd {
    pub(crate) fn from_config(config: serde_json::Value, parameters: usize) -> Result<Sgd, Error> {
        let config: SgdConfig = crate::spec::from_value(config, "optimizer")?;
        check_finite(config.learning_rate, "optimizer.learning_rate")?;
        if !(0.0..=1.0).contains(&config.momentum) {
            return Err(Error::invalid(
                "optimizer.momentum",
                "a float between [0, 1]",
                config.momentum,
            ));
        }
        let velocities = if config.momentum != 0.0 {
            buffer::zeroed(parameters, "the SGD momentums")?
        } else {
            Vec::new()
        };
        Ok(Sgd {
            learning_rate: config.learning_rate,
            momentum: config.momentum as f32,
            nesterov: config.nesterov,
            velocities,
        })
    }

    /// `m = momentum·m − lr·g`, then `w += m` (or `w += momentum·m − lr·g` with Nesterov);
    /// without momentum, `w −= lr·g`.
    pub(crate) fn step(&mut self, weights: &mut [f32], gradients: &[f32]) {
        let lr = self.learning_rate as f32;
        let momentum = self.momentum;
        if self.velocities.is_empty() {
            for (w, &g) in weights.iter_mut().zip(gradients) {
                *w -= g * lr;
            }
            return;
        }
        for ((w, &g), m) in weights.iter_mut().zip(gradients).zip(&mut self.velocities) {
            *m = flush_subnormal(*m * momentum - g * lr);
            if self.nesterov {
                *w += *m * momentum - g * lr;
            } else {
                *w += *m;
            }
        }
    }
}
