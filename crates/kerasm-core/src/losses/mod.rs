//! Losses with Keras 3's formulas (`keras/src/losses/losses.py` and the TF backend's
//! `keras/src/backend/tensorflow/nn.py`), each with its gradient, one file per loss.
//!
//! The output is viewed as `[rows × width]` (width = last axis). Each row gets one loss value
//! (a mean over the last axis for element-wise losses, a sum for crossentropies, KL divergence
//! and cosine similarity), and the reduction is Keras's `sum_over_batch_size`
//! (`keras/src/losses/loss.py`, `reduce_weighted_values`): each row's value times its sample's
//! weight, summed, divided by the number of rows. Values are accumulated in f64 in row order,
//! so the result does not depend on threads.

mod binary_crossentropy;
mod categorical_crossentropy;
mod cosine_similarity;
mod hinge;
mod huber;
mod kl_divergence;
mod loss_function;
mod mean_absolute_error;
mod mean_absolute_percentage_error;
mod mean_squared_error;
mod numerics;
mod poisson;
mod sparse_categorical_crossentropy;

pub use huber::DEFAULT_DELTA as HUBER_DEFAULT_DELTA;
pub use loss_function::LossFunction;
pub use numerics::EPSILON;

use crate::activation::Activation;
use crate::error::Error;
use crate::names::{lookup, names_of};
use crate::targets::{class_index, Targets};

/// A built-in loss. Crossentropies read probabilities, or logits when `from_logits`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Loss {
    MeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    Huber {
        delta: f64,
    },
    /// Labels in {−1, 1}; a batch of labels all in {0, 1} is converted first, as Keras.
    Hinge,
    KlDivergence,
    Poisson,
    /// Keras's negative cosine similarity.
    CosineSimilarity,
    BinaryCrossentropy {
        from_logits: bool,
    },
    CategoricalCrossentropy {
        from_logits: bool,
    },
    /// Labels are float class indices, one per output row.
    SparseCategoricalCrossentropy {
        from_logits: bool,
    },
}

impl Loss {
    /// Every loss by its Keras names (aliases included), with Keras's defaults for its
    /// arguments; `from_name` sets `from_logits`.
    const BY_NAME: [(&'static str, Loss); 15] = [
        ("mse", Loss::MeanSquaredError),
        ("mean_squared_error", Loss::MeanSquaredError),
        ("mae", Loss::MeanAbsoluteError),
        ("mean_absolute_error", Loss::MeanAbsoluteError),
        ("mape", Loss::MeanAbsolutePercentageError),
        (
            "mean_absolute_percentage_error",
            Loss::MeanAbsolutePercentageError,
        ),
        (
            "huber",
            Loss::Huber {
                delta: HUBER_DEFAULT_DELTA,
            },
        ),
        ("hinge", Loss::Hinge),
        ("kld", Loss::KlDivergence),
        ("kl_divergence", Loss::KlDivergence),
        ("poisson", Loss::Poisson),
        ("cosine_similarity", Loss::CosineSimilarity),
        (
            "binary_crossentropy",
            Loss::BinaryCrossentropy { from_logits: false },
        ),
        (
            "categorical_crossentropy",
            Loss::CategoricalCrossentropy { from_logits: false },
        ),
        (
            "sparse_categorical_crossentropy",
            Loss::SparseCategoricalCrossentropy { from_logits: false },
        ),
    ];

    /// The accepted names, as Keras spells them.
    pub const NAMES: [&'static str; Loss::BY_NAME.len()] = names_of(&Loss::BY_NAME);

    /// Looks a loss up by its Keras name, with Keras's defaults for its arguments.
    pub fn from_name(name: &str, from_logits: bool, argument: &str) -> Result<Loss, Error> {
        let loss = match lookup(&Loss::BY_NAME, name) {
            Some(Loss::BinaryCrossentropy { .. }) => Loss::BinaryCrossentropy { from_logits },
            Some(Loss::CategoricalCrossentropy { .. }) => {
                Loss::CategoricalCrossentropy { from_logits }
            }
            Some(Loss::SparseCategoricalCrossentropy { .. }) => {
                Loss::SparseCategoricalCrossentropy { from_logits }
            }
            Some(loss) => loss,
            None => return Err(Error::unknown(argument, "loss", &Loss::NAMES, name)),
        };
        if from_logits && !loss.is_crossentropy() {
            return Err(Error::invalid(
                format!("{argument}.from_logits"),
                "`from_logits` only with a crossentropy loss",
                format!("{name} with from_logits=true"),
            ));
        }
        Ok(loss)
    }

    fn is_crossentropy(self) -> bool {
        matches!(
            self,
            Loss::BinaryCrossentropy { .. }
                | Loss::CategoricalCrossentropy { .. }
                | Loss::SparseCategoricalCrossentropy { .. }
        )
    }

    /// The label layout this loss reads.
    pub fn targets(self) -> Targets {
        match self {
            Loss::SparseCategoricalCrossentropy { .. } => Targets::ClassIndices,
            _ => Targets::Dense,
        }
    }

    /// The from-logits form of this loss when the model's output `activation` lets the loss read
    /// its logits directly — what Keras's TF backend does through `_keras_logits`, so a saturated
    /// sigmoid or softmax still passes a gradient instead of being clipped flat.
    pub fn on_logits_of(self, activation: Activation) -> Option<Loss> {
        match (self, activation) {
            (Loss::BinaryCrossentropy { from_logits: false }, Activation::Sigmoid) => {
                Some(Loss::BinaryCrossentropy { from_logits: true })
            }
            (Loss::CategoricalCrossentropy { from_logits: false }, Activation::Softmax) => {
                Some(Loss::CategoricalCrossentropy { from_logits: true })
            }
            (Loss::SparseCategoricalCrossentropy { from_logits: false }, Activation::Softmax) => {
                Some(Loss::SparseCategoricalCrossentropy { from_logits: true })
            }
            _ => None,
        }
    }

    /// The mean loss over the rows of `prediction` (`[rows × width]`) against `targets`, and,
    /// when `gradient` is given, `dLoss/dprediction` written into it.
    pub fn compute(
        self,
        prediction: &[f32],
        targets: &[f32],
        width: usize,
        gradient: Option<&mut [f32]>,
    ) -> Result<f64, Error> {
        self.compute_weighted(prediction, targets, width, None, gradient)
    }

    /// Keras's `sum_over_batch_size` with sample weights: `Σ w·loss / rows`, where each row
    /// takes the weight of its sample (`sample_weight` holds one weight per sample, and the
    /// rows split evenly among the samples); with `gradient`, `dLoss/dprediction` written into
    /// it.
    pub fn compute_weighted(
        self,
        prediction: &[f32],
        targets: &[f32],
        width: usize,
        sample_weight: Option<&[f32]>,
        mut gradient: Option<&mut [f32]>,
    ) -> Result<f64, Error> {
        let rows = check_shapes(
            self.targets(),
            prediction,
            targets,
            width,
            gradient.as_deref(),
        )?;
        let rows_per_sample = match sample_weight {
            None => 1,
            Some(weights) => {
                let samples = weights.len();
                if (samples == 0 && rows > 0) || (samples > 0 && rows % samples != 0) {
                    return Err(Error::shape(
                        "sample_weight",
                        format!("one weight per sample, for {rows} output rows"),
                        format!("{samples} weights"),
                    ));
                }
                rows / samples.max(1)
            }
        };
        if rows == 0 {
            return Ok(0.0);
        }
        let per_row = self.targets().per_row(width);
        let convert_hinge_labels = self == Loss::Hinge && hinge::labels_are_binary(targets);
        let mut total = 0.0f64;
        for row in 0..rows {
            let weight = sample_weight.map_or(1.0, |w| w[row / rows_per_sample] as f64);
            // d(Σ w·loss / rows)/d(row loss).
            let scale = weight / rows as f64;
            let p = &prediction[row * width..(row + 1) * width];
            let t = &targets[row * per_row..(row + 1) * per_row];
            let g = gradient
                .as_deref_mut()
                .map(|g| &mut g[row * width..(row + 1) * width]);
            let value = match self {
                Loss::MeanSquaredError => mean_squared_error::mean_squared_error(p, t, g, scale),
                Loss::MeanAbsoluteError => mean_absolute_error::mean_absolute_error(p, t, g, scale),
                Loss::MeanAbsolutePercentageError => {
                    mean_absolute_percentage_error::mean_absolute_percentage_error(p, t, g, scale)
                }
                Loss::Huber { delta } => huber::huber(p, t, g, scale, delta),
                Loss::Hinge => hinge::hinge(p, t, g, scale, convert_hinge_labels),
                Loss::KlDivergence => kl_divergence::kl_divergence(p, t, g, scale),
                Loss::Poisson => poisson::poisson(p, t, g, scale),
                Loss::CosineSimilarity => cosine_similarity::cosine_similarity(p, t, g, scale),
                Loss::BinaryCrossentropy { from_logits: false } => {
                    binary_crossentropy::binary_crossentropy(p, t, g, scale)
                }
                Loss::BinaryCrossentropy { from_logits: true } => {
                    binary_crossentropy::sigmoid_crossentropy_with_logits(p, t, g, scale)
                }
                Loss::CategoricalCrossentropy { from_logits: false } => {
                    categorical_crossentropy::categorical_crossentropy(p, t, g, scale)
                }
                Loss::CategoricalCrossentropy { from_logits: true } => {
                    categorical_crossentropy::softmax_crossentropy_with_logits(p, t, g, scale)
                }
                Loss::SparseCategoricalCrossentropy { from_logits } => {
                    let label = class_index(t[0], width, row, "y")?;
                    if from_logits {
                        sparse_categorical_crossentropy::sparse_softmax_crossentropy_with_logits(
                            p, label, g, scale,
                        )
                    } else {
                        sparse_categorical_crossentropy::sparse_categorical_crossentropy(
                            p, label, g, scale,
                        )
                    }
                }
            };
            total += weight * value;
        }
        Ok(total / rows as f64)
    }
}

/// Validates buffer lengths and returns the number of rows.
fn check_shapes(
    layout: Targets,
    prediction: &[f32],
    targets: &[f32],
    width: usize,
    gradient: Option<&[f32]>,
) -> Result<usize, Error> {
    if width == 0 || !prediction.len().is_multiple_of(width) {
        return Err(Error::shape(
            "y_pred",
            format!("a whole number of rows of width {width}"),
            format!("{} values", prediction.len()),
        ));
    }
    let rows = prediction.len() / width;
    let expected = rows * layout.per_row(width);
    if targets.len() != expected {
        return Err(Error::shape(
            "y_true",
            format!("{expected} values for {rows} rows"),
            format!("{} values", targets.len()),
        ));
    }
    if let Some(gradient) = gradient {
        if gradient.len() != prediction.len() {
            return Err(Error::shape(
                "gradient",
                format!("{} values, like y_pred", prediction.len()),
                format!("{} values", gradient.len()),
            ));
        }
    }
    Ok(rows)
}
