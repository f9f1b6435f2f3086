//! Keras 3's `Nadam` (`keras/src/optimizers/nadam.py`): Adam with Nesterov momentum in Dozat's
//! momentum-cache form. With `u_t = β₁(1 − ½·0.96ᵗ)` and `Π_t = u_1⋯u_t`:
//! `m̂ = u_{t+1}·m / (1 − Π_{t+1}) + (1 − u_t)·g / (1 − Π_t)`, `v̂ = v / (1 − β₂ᵗ)`,
//! `w −= lr·m̂ / (√v̂ + ε)`.

use crate::buffer;
use crate::error::Error;
use crate::optimizers::moments::Moments;
use crate::optimizers::{flush_subnormal, Step};
use std::ops::Range;

/// The momentum schedule's decay base, fixed in Keras.
const DECAY: f64 = 0.96;

/// Nadam.
#[derive(Debug, Clone)]
pub struct Nadam {
    beta_1: f64,
    beta_2: f64,
    epsilon: f32,
    /// `Π_t`, the product of the momentum schedule so far; a float32 variable in Keras, and
    /// kept as f32 here so an exported state round-trips exactly.
    u_product: f32,
    momentums: Vec<f32>,
    velocities: Vec<f32>,
}

impl Nadam {
    pub(crate) fn from_config(
        config: serde_json::Value,
        parameters: usize,
    ) -> Result<Nadam, Error> {
        let config = Moments::from_config(config, "nadam", false)?;
        Ok(Nadam {
            beta_1: config.beta_1,
            beta_2: config.beta_2,
            epsilon: config.epsilon as f32,
            u_product: 1.0,
            momentums: buffer::zeroed(parameters, "the Nadam momentums")?,
            velocities: buffer::zeroed(parameters, "the Nadam velocities")?,
        })
    }

    /// The per-weight state vectors, in export order.
    pub(crate) fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        vec![&mut self.momentums, &mut self.velocities]
    }

    /// The scalar state: `[Π_t]`.
    pub(crate) fn scalars(&mut self) -> Vec<&mut f32> {
        vec![&mut self.u_product]
    }

    /// `u_t` for step `t`.
    fn momentum_cache(&self, t: f64) -> f64 {
        self.beta_1 * (1.0 - 0.5 * DECAY.powf(t))
    }

    /// Advances `Π` once per step, before any variable is updated (Keras's
    /// `_backend_update_step`).
    pub(crate) fn begin_step(&mut self, iterations: u64) {
        let t = iterations.saturating_add(1) as f64;
        self.u_product = (self.u_product as f64 * self.momentum_cache(t)) as f32;
    }

    pub(crate) fn update(&mut self, range: Range<usize>, w: &mut [f32], g: &[f32], step: Step) {
        let t = step.iterations.saturating_add(1) as f64;
        let u_t = self.momentum_cache(t);
        let u_next = self.momentum_cache(t + 1.0);
        let u_product = self.u_product as f64;
        let u_product_next = u_product * u_next;
        let momentum_scale = (u_next / (1.0 - u_product_next)) as f32;
        let gradient_scale = ((1.0 - u_t) / (1.0 - u_product)) as f32;
        let velocity_scale = (1.0 / (1.0 - self.beta_2.powf(t))) as f32;
        let (one_minus_beta_1, one_minus_beta_2) =
            ((1.0 - self.beta_1) as f32, (1.0 - self.beta_2) as f32);
        let lr = step.learning_rate as f32;
        let epsilon = self.epsilon;
        let start = range.start;
        for (i, (w, &g)) in w.iter_mut().zip(g).enumerate() {
            let i = start + i;
            let m = &mut self.momentums[i];
            *m = flush_subnormal(*m + (g - *m) * one_minus_beta_1);
            let v = &mut self.velocities[i];
            *v = flush_subnormal(*v + (g * g - *v) * one_minus_beta_2);
            let m_hat = *m * momentum_scale + g * gradient_scale;
            let v_hat = *v * velocity_scale;
            *w -= m_hat * lr / (v_hat.sqrt() + epsilon);
        }
    }
}
