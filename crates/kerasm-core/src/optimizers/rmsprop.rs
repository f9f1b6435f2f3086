//! Keras 3's `RMSprop` (`keras/src/optimizers/rmsprop.py`), epsilon inside the square root.

use crate::buffer;
use crate::error::Error;
use crate::kernels::simd::F32x4;
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

/// Weights updated together: the plain update skips the costly part for a block whose
/// gradients are all zero. 16 divides a row of a dense kernel of 16·k units; 4 vectors.
const BLOCK: usize = 16;
const VECTORS: usize = BLOCK / 4;

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
        let velocities = &mut self.velocities[range.clone()];
        // One loop per variant, over zipped slices: no branch and no bounds check per weight,
        // so each loop vectorises (f32x4 sqrt and div in wasm). The arithmetic is the same
        // expressions in the same order in every variant.
        let centered = !self.average_gradients.is_empty();
        let with_momentum = !self.momentums.is_empty();
        match (centered, with_momentum) {
            (false, false) => {
                let (w_blocks, w_rest) = w.as_chunks_mut::<BLOCK>();
                let (g_blocks, g_rest) = g.as_chunks::<BLOCK>();
                let (v_blocks, v_rest) = velocities.as_chunks_mut::<BLOCK>();
                let (rho_lanes, one_minus_rho) = (F32x4::splat(rho), F32x4::splat(1.0 - rho));
                let (lr_lanes, epsilon_lanes) = (F32x4::splat(lr), F32x4::splat(epsilon));
                for ((w, g), v) in w_blocks.iter_mut().zip(g_blocks).zip(v_blocks) {
                    let (w, _) = w.as_chunks_mut::<4>();
                    let (g, _) = g.as_chunks::<4>();
                    let (v, _) = v.as_chunks_mut::<4>();
                    let g: [F32x4; VECTORS] = std::array::from_fn(|q| F32x4::load(&g[q]));
                    let shifted: [F32x4; VECTORS] = std::array::from_fn(|q| {
                        let g_squared = one_minus_rho.mul(g[q].mul(g[q]));
                        let v_new = rho_lanes.mul(F32x4::load(&v[q])).add(g_squared);
                        v_new.flush_subnormal().store(&mut v[q]);
                        F32x4::load(&v[q]).add(epsilon_lanes)
                    });
                    // A signed zero over a positive number is itself: for a block with no
                    // gradient (a dead relu unit's row of a kernel, say) lr·g/√(v + ε) is exactly
                    // lr·g, and the square root and the division, the costly part, are skipped.
                    let no_gradient = F32x4::all_zero(&g) && F32x4::all_positive(&shifted);
                    for ((w, g), shifted) in w.iter_mut().zip(g).zip(shifted) {
                        let step = lr_lanes.mul(g);
                        let increment = if no_gradient {
                            step
                        } else {
                            step.div(shifted.sqrt())
                        };
                        F32x4::load(w).sub(increment).store(w);
                    }
                }
                for ((w, &g), v) in w_rest.iter_mut().zip(g_rest).zip(v_rest) {
                    *v = flush_subnormal(rho * *v + (1.0 - rho) * (g * g));
                    *w -= lr * g / (*v + epsilon).sqrt();
                }
            }
            (false, true) => {
                let momentums = &mut self.momentums[range];
                for (((w, &g), v), m) in w.iter_mut().zip(g).zip(velocities).zip(momentums) {
                    *v = flush_subnormal(rho * *v + (1.0 - rho) * (g * g));
                    let increment = lr * g / (*v + epsilon).sqrt();
                    *m = flush_subnormal(momentum * *m + increment);
                    *w -= *m;
                }
            }
            (true, _) => {
                let averages = &mut self.average_gradients[range.clone()];
                let mut momentums = self.momentums.get_mut(range).unwrap_or_default().iter_mut();
                for (((w, &g), v), average) in w.iter_mut().zip(g).zip(velocities).zip(averages) {
                    *v = flush_subnormal(rho * *v + (1.0 - rho) * (g * g));
                    *average = flush_subnormal(rho * *average + (1.0 - rho) * g);
                    let increment = lr * g / (*v - *average * *average + epsilon).sqrt();
                    match momentums.next().filter(|_| with_momentum) {
                        Some(m) => {
                            *m = flush_subnormal(momentum * *m + increment);
                            *w -= *m;
                        }
                        None => *w -= increment,
                    }
                }
            }
        }
    }
}
