//! Keras 3's gradient clipping (`keras/src/optimizers/base_optimizer.py`, `_clip_gradients`):
//! `clipnorm` per variable, `global_clipnorm` over all of them, or `clipvalue` per element.

use crate::error::Error;
use std::ops::Range;

/// How gradients are clipped before a step. At most one mode, as Keras allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clipping {
    /// `g · c / max(‖g‖, c)` for each variable's gradient `g`.
    Norm(f64),
    /// Every gradient times `c · min(1/‖G‖, 1/c)`, `‖G‖` the norm of all gradients together.
    GlobalNorm(f64),
    /// Every element clipped to `[−c, c]`.
    Value(f64),
}

impl Clipping {
    /// The clipping asked for by the three optional fields; `Ok(None)` when none is set. A
    /// value of 0 means "off", as Keras's `if self.clipnorm and self.clipnorm > 0`.
    pub fn from_fields(
        clipnorm: Option<f64>,
        clipvalue: Option<f64>,
        global_clipnorm: Option<f64>,
    ) -> Result<Option<Clipping>, Error> {
        let given = [
            ("optimizer.clipnorm", clipnorm),
            ("optimizer.clipvalue", clipvalue),
            ("optimizer.global_clipnorm", global_clipnorm),
        ];
        for (argument, value) in given {
            if let Some(value) = value {
                if !(value.is_finite() && value >= 0.0) {
                    return Err(Error::invalid(argument, "a non-negative number", value));
                }
            }
        }
        if given.iter().filter(|(_, value)| value.is_some()).count() > 1 {
            return Err(Error::invalid(
                "optimizer",
                "only one of `clipnorm`, `clipvalue` and `global_clipnorm`",
                format!("clipnorm={clipnorm:?}, clipvalue={clipvalue:?}, global_clipnorm={global_clipnorm:?}"),
            ));
        }
        let active = |value: Option<f64>| value.filter(|&v| v > 0.0);
        Ok(active(clipnorm)
            .map(Clipping::Norm)
            .or(active(global_clipnorm).map(Clipping::GlobalNorm))
            .or(active(clipvalue).map(Clipping::Value)))
    }

    /// Writes the clipped `gradients` of `variables` into `clipped` (same layout).
    pub(crate) fn apply(self, variables: &[Range<usize>], gradients: &[f32], clipped: &mut [f32]) {
        match self {
            Clipping::Norm(limit) => {
                for range in variables {
                    let scale = limit / norm(&gradients[range.clone()]).max(limit);
                    scale_into(
                        &gradients[range.clone()],
                        scale,
                        &mut clipped[range.clone()],
                    );
                }
            }
            Clipping::GlobalNorm(limit) => {
                let squares: f64 = variables
                    .iter()
                    .map(|range| squared_norm(&gradients[range.clone()]))
                    .sum();
                let global = squares.sqrt();
                // An infinite or NaN norm gives a NaN scale, as Keras's `+ (norm − norm)`.
                let scale = if global.is_finite() {
                    limit * (1.0 / global).min(1.0 / limit)
                } else {
                    f64::NAN
                };
                for range in variables {
                    scale_into(
                        &gradients[range.clone()],
                        scale,
                        &mut clipped[range.clone()],
                    );
                }
            }
            Clipping::Value(limit) => {
                let limit = limit as f32;
                for range in variables {
                    for (c, &g) in clipped[range.clone()]
                        .iter_mut()
                        .zip(&gradients[range.clone()])
                    {
                        *c = g.clamp(-limit, limit);
                    }
                }
            }
        }
    }
}

fn squared_norm(values: &[f32]) -> f64 {
    values.iter().map(|&v| v as f64 * v as f64).sum()
}

fn norm(values: &[f32]) -> f64 {
    squared_norm(values).sqrt()
}

fn scale_into(values: &[f32], scale: f64, out: &mut [f32]) {
    for (o, &v) in out.iter_mut().zip(values) {
        *o = (v as f64 * scale) as f32;
    }
}
