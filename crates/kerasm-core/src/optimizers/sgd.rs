//! Keras 3's `SGD` (`keras/src/optimizers/sgd.py`): plain, momentum and Nesterov updates.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::{flush_subnormal, Step};
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SgdConfig {
    #[serde(default)]
    momentum: f64,
    #[serde(default)]
    nesterov: bool,
}

/// Stochastic gradient descent with optional (Nesterov) momentum.
#[derive(Debug, Clone)]
pub struct Sgd {
    momentum: f32,
    nesterov: bool,
    /// The velocity `m`; empty when `momentum == 0`, as Keras creates none then.
    velocities: Vec<f32>,
}

impl Sgd {
    pub(crate) const DEFAULT_LEARNING_RATE: f64 = 0.01;

    pub(crate) fn from_config(config: serde_json::Value, parameters: usize) -> Result<Sgd, Error> {
        let config: SgdConfig = crate::spec::from_value(config, "optimizer")?;
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
            momentum: config.momentum as f32,
            nesterov: config.nesterov,
            velocities,
        })
    }

    /// The per-weight state vectors, in export order.
    pub(crate) fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        [&mut self.velocities]
            .into_iter()
            .filter(|slot| !slot.is_empty())
            .collect()
    }

    /// `m = momentum·m − lr·g`, then `w += m` (or `w += momentum·m − lr·g` with Nesterov);
    /// without momentum, `w −= lr·g`.
    pub(crate) fn update(&mut self, range: Range<usize>, w: &mut [f32], g: &[f32], step: Step) {
        let lr = step.learning_rate as f32;
        let momentum = self.momentum;
        if self.velocities.is_empty() {
            for (w, &g) in w.iter_mut().zip(g) {
                *w -= g * lr;
            }
            return;
        }
        for ((w, &g), m) in w.iter_mut().zip(g).zip(&mut self.velocities[range]) {
            *m = flush_subnormal(*m * momentum - g * lr);
            if self.nesterov {
                *w += *m * momentum - g * lr;
            } else {
                *w += *m;
            }
        }
    }
}
