//! One compiled metric with its running state, as `compile()` names it: a mean of per-row
//! values (accuracies, errors, top-k), confusion counts (precision, recall), AUC, or a custom
//! Expression (the mean of its per-sample values). `reset` clears the state, as Keras's
//! `reset_state`.

use super::auc::{Auc, Curve, Summation, DEFAULT_NUM_THRESHOLDS};
use super::confusion::{ConfusionCounts, ConfusionRatio, DEFAULT_THRESHOLD};
use super::metric::{Metric, MetricChoice};
use super::MeanTracker;
use crate::error::Error;
use crate::expression::Expression;
use crate::names::concat;
use crate::spec::compile::MetricSpec;
use crate::targets::Targets;

/// A metric and its state.
#[derive(Debug, Clone)]
pub struct TrackedMetric {
    /// The name the metric was given (before any output prefix or repeat suffix).
    pub name: String,
    state: MetricState,
}

#[derive(Debug, Clone)]
enum MetricState {
    Mean {
        choice: MetricChoice,
        /// `choice` resolved against the shapes of the data last seen.
        resolved: Metric,
        tracker: MeanTracker,
    },
    Confusion(ConfusionCounts),
    Auc(Box<Auc>),
    Custom {
        expression: Box<Expression>,
        tracker: MeanTracker,
    },
}

/// The names that build a stateful metric rather than a mean of per-row values.
const STATEFUL_NAMES: &[&str] = &["precision", "recall", "auc"];

/// Every metric name accepted.
pub const METRIC_NAMES: [&str; MetricChoice::NAMES.len() + STATEFUL_NAMES.len()] =
    concat(&MetricChoice::NAMES, STATEFUL_NAMES);

impl TrackedMetric {
    /// Reads one metric entry of a CompileSpec (a name, or an object with its arguments or a
    /// custom `expression`) for an output of per-sample `output_shape`; `argument` (e.g.
    /// `metrics[1]`) prefixes errors.
    pub fn from_spec(
        value: &serde_json::Value,
        argument: &str,
        output_shape: &[usize],
    ) -> Result<TrackedMetric, Error> {
        let spec =
            match value {
                serde_json::Value::String(name) => MetricSpec {
                    name: name.clone(),
                    k: None,
                    threshold: None,
                    num_thresholds: None,
                    curve: None,
                    summation_method: None,
                    from_logits: None,
                    expression: None,
                },
                serde_json::Value::Object(_) => crate::spec::from_value(value.clone(), argument)?,
                other => return Err(Error::invalid(
                    argument,
                    "a metric name, or an object { name, ...arguments } or { name, expression }",
                    other,
                )),
            };
        let state = state_from_spec(&spec, argument, output_shape)?;
        Ok(TrackedMetric {
            name: spec.name,
            state,
        })
    }

    /// Resolves `"accuracy"` for the data's per-sample label shape and checks the labels fit.
    pub fn resolve(
        &mut self,
        y_shape: &[usize],
        output_shape: &[usize],
        argument: &str,
    ) -> Result<(), Error> {
        let targets = match &mut self.state {
            MetricState::Mean {
                choice, resolved, ..
            } => {
                *resolved = choice.resolve(y_shape, output_shape);
                resolved.targets()
            }
            _ => Targets::Dense,
        };
        targets.check(y_shape, output_shape, argument)
    }

    /// Adds a batch: `prediction` is `[rows × width]`, `labels` as the metric's layout reads.
    pub fn update(
        &mut self,
        prediction: &[f32],
        labels: &[f32],
        width: usize,
    ) -> Result<(), Error> {
        match &mut self.state {
            MetricState::Mean {
                resolved, tracker, ..
            } => {
                let (sum, count) = resolved.batch_sum(prediction, labels, width)?;
                tracker.add(sum, count as f64);
            }
            MetricState::Confusion(counts) => {
                check_dense(prediction, labels)?;
                counts.update(prediction, labels);
            }
            MetricState::Auc(auc) => {
                check_dense(prediction, labels)?;
                auc.update(prediction, labels);
            }
            MetricState::Custom {
                expression,
                tracker,
            } => {
                let values = expression.sample_values(prediction, labels)?;
                tracker.add(values.iter().sum(), values.len() as f64);
            }
        }
        Ok(())
    }

    /// The metric's value since the last reset.
    pub fn result(&self) -> f64 {
        match &self.state {
            MetricState::Mean { tracker, .. } | MetricState::Custom { tracker, .. } => {
                tracker.result()
            }
            MetricState::Confusion(counts) => counts.result(),
            MetricState::Auc(auc) => auc.result(),
        }
    }

    pub fn reset(&mut self) {
        match &mut self.state {
            MetricState::Mean { tracker, .. } | MetricState::Custom { tracker, .. } => {
                tracker.reset()
            }
            MetricState::Confusion(counts) => counts.reset(),
            MetricState::Auc(auc) => auc.reset(),
        }
    }
}

fn state_from_spec(
    spec: &MetricSpec,
    argument: &str,
    output_shape: &[usize],
) -> Result<MetricState, Error> {
    let name = spec.name.as_str();
    let given = [
        ("k", spec.k.is_some()),
        ("threshold", spec.threshold.is_some()),
        ("num_thresholds", spec.num_thresholds.is_some()),
        ("curve", spec.curve.is_some()),
        ("summation_method", spec.summation_method.is_some()),
        ("from_logits", spec.from_logits.is_some()),
    ];
    let accepted: &[&str] = match name {
        _ if spec.expression.is_some() => &[],
        "top_k_categorical_accuracy" | "sparse_top_k_categorical_accuracy" => &["k"],
        "precision" | "recall" => &["threshold"],
        "auc" => &["num_thresholds", "curve", "summation_method", "from_logits"],
        _ => &[],
    };
    if let Some((field, _)) = given
        .iter()
        .find(|(field, present)| *present && !accepted.contains(field))
    {
        return Err(Error::invalid(
            format!("{argument}.{field}"),
            format!("no `{field}` for the metric '{name}'"),
            "a value",
        ));
    }
    if let Some(expression) = &spec.expression {
        let expression =
            Expression::from_spec(expression, output_shape, &format!("{argument}.expression"))?;
        return Ok(MetricState::Custom {
            expression: Box::new(expression),
            tracker: MeanTracker::default(),
        });
    }
    if !STATEFUL_NAMES.contains(&name) {
        let choice = MetricChoice::from_name(name, argument)
            .map_err(|_| Error::unknown(argument, "metric", &METRIC_NAMES, name))?;
        let choice = match (choice, spec.k) {
            (_, Some(0)) => {
                return Err(Error::invalid(
                    format!("{argument}.k"),
                    "a positive integer",
                    0,
                ))
            }
            (MetricChoice::Fixed(Metric::TopKCategoricalAccuracy { .. }), Some(k)) => {
                MetricChoice::Fixed(Metric::TopKCategoricalAccuracy { k })
            }
            (MetricChoice::Fixed(Metric::SparseTopKCategoricalAccuracy { .. }), Some(k)) => {
                MetricChoice::Fixed(Metric::SparseTopKCategoricalAccuracy { k })
            }
            (choice, _) => choice,
        };
        return Ok(MetricState::Mean {
            choice,
            resolved: choice.resolve(output_shape, output_shape),
            tracker: MeanTracker::default(),
        });
    }
    if name == "auc" {
        let curve = match spec.curve.as_deref() {
            None | Some("ROC") | Some("roc") => Curve::Roc,
            Some("PR") | Some("pr") => Curve::Pr,
            Some(other) => {
                return Err(Error::invalid(
                    format!("{argument}.curve"),
                    "\"ROC\" or \"PR\"",
                    other,
                ))
            }
        };
        let summation = match spec.summation_method.as_deref() {
            None | Some("interpolation") => Summation::Interpolation,
            Some("minoring") => Summation::Minoring,
            Some("majoring") => Summation::Majoring,
            Some(other) => {
                return Err(Error::invalid(
                    format!("{argument}.summation_method"),
                    "\"interpolation\", \"minoring\" or \"majoring\"",
                    other,
                ))
            }
        };
        let auc = Auc::new(
            spec.num_thresholds.unwrap_or(DEFAULT_NUM_THRESHOLDS),
            curve,
            summation,
            spec.from_logits.unwrap_or(false),
            argument,
        )?;
        return Ok(MetricState::Auc(Box::new(auc)));
    }
    let threshold = spec.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(Error::invalid(
            format!("{argument}.threshold"),
            "a threshold in [0, 1]",
            threshold,
        ));
    }
    let ratio = if name == "precision" {
        ConfusionRatio::Precision
    } else {
        ConfusionRatio::Recall
    };
    Ok(MetricState::Confusion(ConfusionCounts::new(
        ratio, threshold,
    )))
}

/// Confusion metrics read one label per prediction.
fn check_dense(prediction: &[f32], labels: &[f32]) -> Result<(), Error> {
    if prediction.len() == labels.len() {
        Ok(())
    } else {
        Err(Error::shape(
            "y_true",
            format!("one label per prediction, {}", prediction.len()),
            format!("{} labels", labels.len()),
        ))
    }
}
