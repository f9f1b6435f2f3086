//! Keras 3's `Adam` (`keras/src/optimizers/adam.py`) in its bias-corrected step-size form:
//! `α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`, `w −= α·m / (√v + ε)`. `AdamW` (`adamw.py`) is the same rule
//! with the base optimizer's decoupled weight decay on by default.

use crate::buffer;
use crate::error::Error;
use crate::kernels::simd::F32x4;
use crate::optimizers::moments::Moments;
use crate::optimizers::{flush_subnormal, Step};
use std::ops::Range;

/// Adam, optionally AMSGrad.
#[derive(Debug, Clone)]
pub struct Adam {
    beta_1: f64,
    beta_2: f64,
    epsilon: f32,
    /// First moments m.
    momentums: Vec<f32>,
    /// Second moments v.
    velocities: Vec<f32>,
    /// Running maximum of v; empty unless AMSGrad.
    velocity_hats: Vec<f32>,
}

impl Adam {
    pub(crate) fn from_config(config: serde_json::Value, parameters: usize) -> Result<Adam, Error> {
        let config = Moments::from_config(config, "adam", true)?;
        Ok(Adam {
            beta_1: config.beta_1,
            beta_2: config.beta_2,
            epsilon: config.epsilon as f32,
            momentums: buffer::zeroed(parameters, "the Adam momentums")?,
            velocities: buffer::zeroed(parameters, "the Adam velocities")?,
            velocity_hats: if config.amsgrad {
                buffer::zeroed(parameters, "the Adam velocity hats")?
            } else {
                Vec::new()
            },
        })
    }

    /// The per-weight state vectors, in export order.
    pub(crate) fn slots(&mut self) -> Vec<&mut Vec<f32>> {
        [
            &mut self.momentums,
            &mut self.velocities,
            &mut self.velocity_hats,
        ]
        .into_iter()
        .filter(|slot| !slot.is_empty())
        .collect()
    }

    /// One update of the weights in `range`; the step is `t = iterations + 1`.
    pub(crate) fn update(&mut self, range: Range<usize>, w: &mut [f32], g: &[f32], step: Step) {
        let t = step.iterations.saturating_add(1) as f64;
        let alpha = (step.learning_rate * (1.0 - self.beta_2.powf(t)).sqrt()
            / (1.0 - self.beta_1.powf(t))) as f32;
        let (one_minus_beta_1, one_minus_beta_2) =
            ((1.0 - self.beta_1) as f32, (1.0 - self.beta_2) as f32);
        let epsilon = self.epsilon;
        let momentums = &mut self.momentums[range.clone()];
        let velocities = &mut self.velocities[range.clone()];
        // The plain rule four weights at a time through `F32x4` (AMSGrad's loop is left to the
        // autovectoriser); the same operations in the same order in every loop.
        if self.velocity_hats.is_empty() {
            let (w_vectors, w_rest) = w.as_chunks_mut::<4>();
            let (g_vectors, g_rest) = g.as_chunks::<4>();
            let (m_vectors, m_rest) = momentums.as_chunks_mut::<4>();
            let (v_vectors, v_rest) = velocities.as_chunks_mut::<4>();
            let [one_minus_beta_1_lanes, one_minus_beta_2_lanes, alpha_lanes, epsilon_lanes] =
                [one_minus_beta_1, one_minus_beta_2, alpha, epsilon].map(F32x4::splat);
            let moments = m_vectors.iter_mut().zip(v_vectors);
            for ((w, g), (m, v)) in w_vectors.iter_mut().zip(g_vectors).zip(moments) {
                let (g, m_old, v_old) = (F32x4::load(g), F32x4::load(m), F32x4::load(v));
                let m_new = m_old
                    .add(g.sub(m_old).mul(one_minus_beta_1_lanes))
                    .flush_subnormal();
                let v_new = v_old
                    .add(g.mul(g).sub(v_old).mul(one_minus_beta_2_lanes))
                    .flush_subnormal();
                m_new.store(m);
                v_new.store(v);
                let increment = m_new.mul(alpha_lanes).div(v_new.sqrt().add(epsilon_lanes));
                F32x4::load(w).sub(increment).store(w);
            }
            let moments = m_rest.iter_mut().zip(v_rest);
            for ((w, &g), (m, v)) in w_rest.iter_mut().zip(g_rest).zip(moments) {
                *m = flush_subnormal(*m + (g - *m) * one_minus_beta_1);
                *v = flush_subnormal(*v + (g * g - *v) * one_minus_beta_2);
                *w -= *m * alpha / (v.sqrt() + epsilon);
            }
        } else {
            let velocity_hats = &mut self.velocity_hats[range];
            let moments = momentums.iter_mut().zip(velocities).zip(velocity_hats);
            for ((w, &g), ((m, v), v_hat)) in w.iter_mut().zip(g).zip(moments) {
                *m = flush_subnormal(*m + (g - *m) * one_minus_beta_1);
                *v = flush_subnormal(*v + (g * g - *v) * one_minus_beta_2);
                *v_hat = v_hat.max(*v);
                *w -= *m * alpha / (v_hat.sqrt() + epsilon);
            }
        }
    }
}
