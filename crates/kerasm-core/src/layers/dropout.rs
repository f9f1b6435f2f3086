//! Keras's `Dropout`: in training each value is kept with probability `1 − rate` and scaled by
//! `1/(1 − rate)` (inverted dropout, so inference is the identity and the expected value does
//! not change); the mask, kept for the backward, is drawn from the seed the pass hands in.

use crate::activation::Activation;
use crate::error::Error;
use crate::graph::{pass_through, Grad, Phase};
use crate::layers::args::{last, rows_before_last};
use crate::layers::kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg32;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.Dropout` arguments.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DropoutConfig {
    pub rate: f64,
    /// Only `null` (a mask over every value) is built in.
    #[serde(default)]
    pub noise_shape: Option<Vec<Option<usize>>>,
    /// The mask seed; without one it derives from the model seed and the layer's index.
    #[serde(default)]
    pub seed: Option<u64>,
}

/// A validated `Dropout` layer.
#[derive(Debug, Clone)]
pub struct DropoutLayer {
    rate: f32,
    seed: Option<u64>,
}

impl LayerKind for DropoutLayer {
    type Config = DropoutConfig;
    type Op = DropoutOp;

    fn from_config(c: &DropoutConfig, at: &ConfigAt) -> Result<DropoutLayer, Error> {
        if !(0.0..=1.0).contains(&c.rate) {
            return Err(Error::invalid(
                at.config("rate"),
                "a float value between 0 and 1",
                c.rate,
            ));
        }
        if let Some(noise_shape) = &c.noise_shape {
            return Err(Error::Unsupported {
                argument: at.config("noise_shape"),
                feature: "A dropout `noise_shape` (masks shared across axes)",
                received: format!("{noise_shape:?}"),
            });
        }
        Ok(DropoutLayer {
            rate: c.rate as f32,
            seed: c.seed,
        })
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<DropoutOp>, Error> {
        let shape = site.single(shapes)?;
        Ok(Call {
            op: DropoutOp {
                rate: self.rate,
                width: last(shape),
            },
            shape: shape.to_vec(),
            rows_per_sample: rows_before_last(shape),
            weights: Vec::new(),
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        self.seed
    }

    fn examples() -> Vec<Example> {
        vec![
            Example::new(json!({"rate": 0.4}), &[&[5]]),
            Example::new(json!({"rate": 1.0, "seed": 7}), &[&[5]]),
        ]
    }
}

/// A dropout op over rows of `width` values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DropoutOp {
    /// The fraction of values dropped, in `[0, 1]`.
    pub rate: f32,
    pub width: usize,
}

impl DropoutOp {
    /// Whether the op changes anything in `phase` (Keras: `training and rate > 0`).
    fn active(&self, phase: Phase) -> bool {
        phase.is_training() && self.rate > 0.0
    }
}

impl OpKernel for DropoutOp {
    fn arity(&self) -> usize {
        1
    }

    fn input_width(&self, _: usize) -> usize {
        self.width
    }

    fn output_width(&self) -> usize {
        self.width
    }

    fn activation(&self) -> Activation {
        Activation::Linear
    }

    fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        Vec::new()
    }

    fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
        Vec::new()
    }

    fn param_count(&self) -> usize {
        0
    }

    fn state_count(&self) -> usize {
        0
    }

    /// The mask.
    fn scratch_len(&self, rows: usize) -> usize {
        rows * self.width
    }

    /// `y = x·mask` with `mask` ∈ {0, 1/(1 − rate)}, written to the scratch for the backward.
    fn forward(&self, pass: KernelForward<'_>) -> Result<(), Error> {
        let (input, output, mask) = (pass.inputs.get(0), pass.output, pass.scratch);
        let seed = match pass.phase {
            Phase::Training { seed } if self.active(pass.phase) => seed,
            _ => {
                output.copy_from_slice(input);
                return Ok(());
            }
        };
        let keep = 1.0 - self.rate as f64;
        // A value is kept when a uniform 32-bit draw falls below keep·2³²: one integer compare
        // per value. Rate 1 keeps nothing (and scales nothing, instead of dividing by zero).
        let threshold = (keep * 4_294_967_296.0) as u64;
        let scale = if keep > 0.0 { (1.0 / keep) as f32 } else { 0.0 };
        let mut rng = Pcg32::seed_from_u64(seed);
        for (m, (y, &x)) in mask.iter_mut().zip(output.iter_mut().zip(input)) {
            *m = if (rng.next_u32() as u64) < threshold {
                scale
            } else {
                0.0
            };
            *y = x * *m;
        }
        Ok(())
    }

    /// `dx = dy·mask` (the identity when the forward was).
    fn backward(&self, pass: KernelBackward<'_>) {
        let (dy, mask) = (pass.logits_grad, &*pass.scratch);
        let mut input_grads = pass.input_grads;
        if !self.active(pass.phase) {
            return pass_through(dy, input_grads.get(0));
        }
        match input_grads.get(0) {
            Grad::Skip => {}
            Grad::Overwrite(dx) => {
                for ((d, &g), &m) in dx.iter_mut().zip(dy).zip(mask) {
                    *d = g * m;
                }
            }
            Grad::Accumulate(dx) => {
                for ((d, &g), &m) in dx.iter_mut().zip(dy).zip(mask) {
                    *d += g * m;
                }
            }
        }
    }
}
