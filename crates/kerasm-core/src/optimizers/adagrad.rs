//! Keras 3's `Adagrad` (`keras/src/optimizers/adagrad.py`): `a += g²`, `w −= lr·g / √(a + ε)`.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::{check_finite, Step};
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdagradConfig {
    #[serde(default = "default_initial_accumulator_value")]
    initial_accumulator_value: f64,
    #[serde(default = "default_epsilon")]
    epsilon: f64,
}

fn default_initial_accumulator_value() -> f64 {
    0.1
}

fn default_epsilon() -> f64 {
    1e-7
}

/// Adagrad: per-weight rates shrinking with the sum of squared gradients.
#[derive(Debug, Clone)]
pub struct Adagrad {
    epsilon: f32,
    /// Σ g², starting at `initial_accumulator_value`.
    accumulators: Vec<f32>,
}

impl Adagrad {
    pub(crate) fn from_config(
        config: serde_json::Value,
        parameters: usize,
    ) -> Result<Adagrad, Error> {
        let config: AdagradConfig = crate::spec::from_value(config, "optimizer")?;
        check_finite(
            config.initial_accumulator_value,
            "optimizer.initial_accumulator_value",
        )?;
        check_finite(config.epsilon, "optimizer.epsilon")?;
        let mut accumulators = buffer::zeroed(parameters, "the Adagrad accumulators")?;
        accumulators.fill(config.initial_accumulator_value as f32);
        Ok(Adagrad {
            epsilon: config.epsilon as f32,
            accumulators,
        })
    }

    /// The per-weight state vectors, in export order.
    pub(crate) fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.accumulators]
    }

    pub(crate) fn update(&mut self, range: Range<usize>, w: &mut [f32], g: &[f32], step: Step) {
        let lr = step.learning_rate as f32;
        let epsilon = self.epsilon;
        for ((w, &g), a) in w.iter_mut().zip(g).zip(&mut self.accumulators[range]) {
            *a += g * g;
            *w -= lr * g / (*a + epsilon).sqrt();
        }
    }
}
