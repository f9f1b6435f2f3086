//! Keras 3's weight and activity regularizers (`keras/src/regularizers/regularizers.py`):
//! `L1L2` gives `l1·Σ|x| + l2·Σx²`, and `l1(a)`, `l2(a)` are its special cases. The trainer
//! adds every penalty to the loss, in training and in evaluation alike.

use crate::error::Error;
use crate::scalar::sign;
use crate::spec::RegularizerSpec;

/// An `L1L2` penalty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regularizer {
    pub l1: f32,
    pub l2: f32,
}

impl Regularizer {
    /// Reads an optional regularizer field; `argument` names it in errors. Keras requires
    /// non-negative finite factors.
    pub fn from_spec(
        spec: Option<RegularizerSpec>,
        argument: &str,
    ) -> Result<Option<Regularizer>, Error> {
        let Some(spec) = spec else {
            return Ok(None);
        };
        for (factor, value) in [("l1", spec.l1), ("l2", spec.l2)] {
            if !value.is_finite() || value < 0.0 {
                return Err(Error::invalid(
                    format!("{argument}.{factor}"),
                    "a non-negative float",
                    value,
                ));
            }
        }
        Ok(Some(Regularizer {
            l1: spec.l1 as f32,
            l2: spec.l2 as f32,
        }))
    }

    /// `l1·Σ|x| + l2·Σx²`, summed in f64 in order.
    pub fn penalty(&self, values: &[f32]) -> f64 {
        let (mut abs_sum, mut square_sum) = (0.0f64, 0.0f64);
        for &x in values {
            let x = x as f64;
            abs_sum += x.abs();
            square_sum += x * x;
        }
        self.l1 as f64 * abs_sum + self.l2 as f64 * square_sum
    }

    /// `grads += scale · d(penalty)/dx = scale·(l1·sign(x) + 2·l2·x)`; the sign of 0 is 0, as
    /// TF's gradient of `abs`.
    pub fn add_gradient(&self, values: &[f32], scale: f32, grads: &mut [f32]) {
        let (l1, two_l2) = (self.l1 * scale, 2.0 * self.l2 * scale);
        for (g, &x) in grads.iter_mut().zip(values) {
            *g += l1 * sign(x) + two_l2 * x;
        }
    }
}
