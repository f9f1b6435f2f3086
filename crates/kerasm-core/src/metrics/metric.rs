//! Metrics with Keras 3 semantics (`keras/src/metrics/accuracy_metrics.py`,
//! `regression_metrics.py`): each gives one value per output row, and its tracker is the mean
//! of those values over every row seen since the last reset (Keras's `MeanMetricWrapper`).
//! Top-k accuracy follows TF's `in_top_k`: the label's class is in the top k when fewer than k
//! predictions are strictly greater than its own (ties count in its favour).

use crate::error::Error;
use crate::names::{lookup, names_of};
use crate::targets::Targets;

/// Keras's `BinaryAccuracy` default threshold: a prediction counts as 1 when `p > 0.5`.
pub const BINARY_THRESHOLD: f32 = 0.5;

/// A metric that can be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    MeanAbsoluteError,
    MeanSquaredError,
    /// The argmax of the one-hot label is among the `k` highest predictions.
    TopKCategoricalAccuracy {
        k: usize,
    },
    /// The class index label is among the `k` highest predictions.
    SparseTopKCategoricalAccuracy {
        k: usize,
    },
}

/// Keras's default `k` for top-k accuracy.
pub const DEFAULT_TOP_K: usize = 5;

/// A metric as named in `compile()`: a fixed one, or Keras's `"accuracy"`, which picks binary,
/// sparse or categorical accuracy from the label and output shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricChoice {
    Fixed(Metric),
    Accuracy,
}

impl MetricChoice {
    /// Every metric by its Keras names (aliases included), with Keras's default `k`.
    const BY_NAME: [(&'static str, MetricChoice); 11] = [
        ("accuracy", MetricChoice::Accuracy),
        ("acc", MetricChoice::Accuracy),
        (
            "binary_accuracy",
            MetricChoice::Fixed(Metric::BinaryAccuracy),
        ),
        (
            "categorical_accuracy",
            MetricChoice::Fixed(Metric::CategoricalAccuracy),
        ),
        (
            "sparse_categorical_accuracy",
            MetricChoice::Fixed(Metric::SparseCategoricalAccuracy),
        ),
        ("mae", MetricChoice::Fixed(Metric::MeanAbsoluteError)),
        (
            "mean_absolute_error",
            MetricChoice::Fixed(Metric::MeanAbsoluteError),
        ),
        ("mse", MetricChoice::Fixed(Metric::MeanSquaredError)),
        (
            "mean_squared_error",
            MetricChoice::Fixed(Metric::MeanSquaredError),
        ),
        (
            "top_k_categorical_accuracy",
            MetricChoice::Fixed(Metric::TopKCategoricalAccuracy { k: DEFAULT_TOP_K }),
        ),
        (
            "sparse_top_k_categorical_accuracy",
            MetricChoice::Fixed(Metric::SparseTopKCategoricalAccuracy { k: DEFAULT_TOP_K }),
        ),
    ];

    /// The accepted names, as Keras spells them.
    pub const NAMES: [&'static str; MetricChoice::BY_NAME.len()] = names_of(&MetricChoice::BY_NAME);

    /// Looks a metric up by its Keras name; `argument` names the spec field in errors.
    pub fn from_name(name: &str, argument: &str) -> Result<MetricChoice, Error> {
        lookup(&MetricChoice::BY_NAME, name)
            .ok_or_else(|| Error::unknown(argument, "metric", &MetricChoice::NAMES, name))
    }

    /// The concrete metric for per-sample label and output shapes, as Keras's
    /// `is_binary_or_sparse_categorical` decides it for `"accuracy"`.
    pub fn resolve(self, y_shape: &[usize], output_shape: &[usize]) -> Metric {
        match self {
            MetricChoice::Fixed(metric) => metric,
            MetricChoice::Accuracy => {
                let output_last = output_shape.last().copied().unwrap_or(1);
                let y_last = y_shape.last().copied().unwrap_or(1);
                if output_last == 1 {
                    Metric::BinaryAccuracy
                } else if y_shape.len() < output_shape.len() || y_last == 1 {
                    Metric::SparseCategoricalAccuracy
                } else {
                    Metric::CategoricalAccuracy
                }
            }
        }
    }
}

impl Metric {
    /// The label layout this metric reads.
    pub fn targets(self) -> Targets {
        match self {
            Metric::SparseCategoricalAccuracy | Metric::SparseTopKCategoricalAccuracy { .. } => {
                Targets::ClassIndices
            }
            _ => Targets::Dense,
        }
    }

    /// The sum of the per-row values over `prediction` (`[rows × width]`), and the row count.
    pub fn batch_sum(
        self,
        prediction: &[f32],
        targets: &[f32],
        width: usize,
    ) -> Result<(f64, usize), Error> {
        let per_row = self.targets().per_row(width);
        if width == 0
            || !prediction.len().is_multiple_of(width)
            || targets.len() != prediction.len() / width * per_row
        {
            return Err(Error::shape(
                "y_true",
                format!("{per_row} labels per row of {width} predictions"),
                format!(
                    "{} labels for {} predictions",
                    targets.len(),
                    prediction.len()
                ),
            ));
        }
        let rows = prediction.len() / width;
        let sum = prediction
            .chunks_exact(width)
            .zip(targets.chunks_exact(per_row))
            .map(|(p, t)| self.row_value(p, t))
            .sum();
        Ok((sum, rows))
    }

    fn row_value(self, p: &[f32], t: &[f32]) -> f64 {
        let width = p.len() as f64;
        match self {
            Metric::BinaryAccuracy => {
                let hits = p
                    .iter()
                    .zip(t)
                    .filter(|&(&p, &t)| (if p > BINARY_THRESHOLD { 1.0 } else { 0.0 }) == t)
                    .count();
                hits as f64 / width
            }
            Metric::CategoricalAccuracy => hit(argmax(p) == argmax(t)),
            Metric::SparseCategoricalAccuracy => hit(argmax(p) as f32 == t[0]),
            Metric::MeanAbsoluteError => {
                p.iter()
                    .zip(t)
                    .map(|(&p, &t)| (p as f64 - t as f64).abs())
                    .sum::<f64>()
                    / width
            }
            Metric::MeanSquaredError => {
                p.iter()
                    .zip(t)
                    .map(|(&p, &t)| (p as f64 - t as f64).powi(2))
                    .sum::<f64>()
                    / width
            }
            Metric::TopKCategoricalAccuracy { k } => hit(in_top_k(p, argmax(t), k)),
            Metric::SparseTopKCategoricalAccuracy { k } => {
                let label = t[0];
                let is_index = label.is_finite() && label >= 0.0 && label.fract() == 0.0;
                hit(is_index && in_top_k(p, label as usize, k))
            }
        }
    }
}

/// TF's `in_top_k`: class `target` is in the top `k` of `p` when fewer than `k` predictions
/// beat it strictly; a non-finite prediction is never in the top k.
fn in_top_k(p: &[f32], target: usize, k: usize) -> bool {
    match p.get(target) {
        Some(&value) if value.is_finite() => p.iter().filter(|&&v| v > value).count() < k,
        _ => false,
    }
}

fn hit(matches: bool) -> f64 {
    if matches {
        1.0
    } else {
        0.0
    }
}

/// Index of the first maximum, as `argmax` breaks ties.
fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}
