//! What `compile()` sets up, as Keras 3's `CompileLoss` and `CompileMetrics`
//! (`keras/src/trainers/compile_utils.py`): one loss per model output with its weight (a single
//! loss applies to every output), each output's loss tracked as `<output>_loss` when there are
//! several, the metrics of each output (named `<output>_<metric>` when there are several), the
//! total loss tracker, and the optimizer.

use crate::activation::Activation;
use crate::error::Error;
use crate::losses::LossFunction;
use crate::metrics::{MeanTracker, TrackedMetric};
use crate::optimizers::Optimizer;
use crate::spec::CompileSpec;
use crate::targets::Targets;
use std::ops::Range;

/// What compile needs to know about one model output.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutputInfo<'a> {
    pub name: &'a str,
    /// Per-sample shape.
    pub shape: &'a [usize],
    /// The activation the output ends with (a crossentropy may read its logits).
    pub activation: Activation,
}

/// The compiled losses, metrics and optimizer.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    outputs: Vec<CompiledOutput>,
    /// Keras's trainer `loss` tracker, updated with `sample_weight = batch size`.
    loss_tracker: MeanTracker,
    pub(crate) optimizer: Optimizer,
}

#[derive(Debug, Clone)]
struct CompiledOutput {
    /// Values per sample, and per row (the last axis), of the output.
    sample_size: usize,
    width: usize,
    /// The loss as evaluated: its from-logits form when it reads the output's logits.
    loss: LossFunction,
    reads_logits: bool,
    weight: f64,
    /// `<output>_loss`, kept only when the model has several outputs (as Keras).
    loss_tracker: Option<(String, MeanTracker)>,
    /// Each metric with its display name.
    metrics: Vec<(String, TrackedMetric)>,
}

impl Compiled {
    /// Builds everything `spec` asks for, for a model with `outputs` and a flat parameter
    /// vector of `parameters` values whose trainable variables are `variables`.
    pub(crate) fn new(
        spec: &CompileSpec,
        outputs: &[OutputInfo<'_>],
        parameters: usize,
        variables: Vec<Range<usize>>,
    ) -> Result<Compiled, Error> {
        let count = outputs.len();
        let loss_specs: Vec<(serde_json::Value, String)> = match &spec.loss {
            serde_json::Value::Array(losses) => {
                if losses.len() != count {
                    return Err(Error::invalid(
                        "loss",
                        format!(
                            "a list with one loss per model output ({count}), or a single loss \
                             for every output"
                        ),
                        format!("a list of {} losses", losses.len()),
                    ));
                }
                losses
                    .iter()
                    .enumerate()
                    .map(|(i, loss)| (loss.clone(), format!("loss[{i}]")))
                    .collect()
            }
            single => (0..count)
                .map(|_| (single.clone(), "loss".to_string()))
                .collect(),
        };
        let weights = match &spec.loss_weights {
            Some(weights) if weights.len() != count => {
                return Err(Error::invalid(
                    "loss_weights",
                    format!("one weight per model output ({count})"),
                    format!("{} weights", weights.len()),
                ))
            }
            Some(weights) => {
                if let Some((i, w)) = weights.iter().enumerate().find(|(_, w)| !w.is_finite()) {
                    return Err(Error::invalid(
                        format!("loss_weights[{i}]"),
                        "a finite number",
                        w,
                    ));
                }
                weights.clone()
            }
            None => vec![1.0; count],
        };
        let metric_specs = metrics_per_output(&spec.metrics, count)?;
        let several = count > 1;
        let mut compiled_outputs = Vec::with_capacity(count);
        for (k, ((output, (loss_spec, argument)), weight)) in
            outputs.iter().zip(loss_specs).zip(weights).enumerate()
        {
            let loss = LossFunction::from_spec(&loss_spec, &argument, output.shape)?;
            let (loss, reads_logits) = match loss.on_logits_of(output.activation) {
                Some(on_logits) => (on_logits, true),
                None => (loss, false),
            };
            let mut metrics = Vec::new();
            for (value, argument) in &metric_specs[k] {
                let metric = TrackedMetric::from_spec(value, argument, output.shape)?;
                let name = if several {
                    format!("{}_{}", output.name, metric.name)
                } else {
                    metric.name.clone()
                };
                metrics.push((name, metric));
            }
            compiled_outputs.push(CompiledOutput {
                sample_size: output.shape.iter().product(),
                width: output.shape.last().copied().unwrap_or(1),
                loss,
                reads_logits,
                weight,
                loss_tracker: several
                    .then(|| (format!("{}_loss", output.name), MeanTracker::default())),
                metrics,
            });
        }
        // Keras's CompileMetrics: a repeated name gets a `_1`, `_2`, … suffix.
        let mut seen: Vec<String> = Vec::new();
        for (name, _) in compiled_outputs
            .iter_mut()
            .flat_map(|output| output.metrics.iter_mut())
        {
            let repeats = seen.iter().filter(|earlier| *earlier == name).count();
            seen.push(name.clone());
            if repeats > 0 {
                *name = format!("{name}_{repeats}");
            }
        }
        let optimizer = Optimizer::for_variables(&spec.optimizer, parameters, variables)?;
        Ok(Compiled {
            outputs: compiled_outputs,
            loss_tracker: MeanTracker::default(),
            optimizer,
        })
    }

    /// Whether output `k`'s loss reads the output's logits.
    pub(crate) fn reads_logits(&self, k: usize) -> bool {
        self.outputs[k].reads_logits
    }

    /// The label layout of output `k`'s loss.
    pub(crate) fn loss_targets(&self, k: usize) -> Targets {
        self.outputs[k].loss.targets()
    }

    /// `loss`, then `<output>_loss` per output (several outputs only), then the metrics.
    pub(crate) fn metric_names(&self) -> Vec<String> {
        let losses = self
            .outputs
            .iter()
            .filter_map(|output| output.loss_tracker.as_ref().map(|(name, _)| name.clone()));
        let metrics = self
            .outputs
            .iter()
            .flat_map(|output| output.metrics.iter().map(|(name, _)| name.clone()));
        std::iter::once("loss".to_string())
            .chain(losses)
            .chain(metrics)
            .collect()
    }

    /// The values in the order of `metric_names`.
    pub(crate) fn metric_results(&self) -> Vec<f64> {
        let losses = self
            .outputs
            .iter()
            .filter_map(|output| output.loss_tracker.as_ref().map(|(_, t)| t.result()));
        let metrics = self
            .outputs
            .iter()
            .flat_map(|output| output.metrics.iter().map(|(_, m)| m.result()));
        std::iter::once(self.loss_tracker.result())
            .chain(losses)
            .chain(metrics)
            .collect()
    }

    pub(crate) fn reset_metrics(&mut self) {
        self.loss_tracker.reset();
        for output in &mut self.outputs {
            if let Some((_, tracker)) = &mut output.loss_tracker {
                tracker.reset();
            }
            output.metrics.iter_mut().for_each(|(_, m)| m.reset());
        }
    }

    /// Checks output `k`'s labels (per-sample `y_shape`) against its loss and metrics, and
    /// resolves `"accuracy"` for them; `argument` names the labels in errors.
    pub(crate) fn check_targets(
        &mut self,
        k: usize,
        y_shape: &[usize],
        output_shape: &[usize],
        argument: &str,
    ) -> Result<(), Error> {
        let output = &mut self.outputs[k];
        output
            .loss
            .targets()
            .check(y_shape, output_shape, argument)?;
        for (_, metric) in &mut output.metrics {
            metric.resolve(y_shape, output_shape, argument)?;
        }
        Ok(())
    }

    /// Output `k`'s loss over a batch (`prediction` holds whole samples) times its loss weight
    /// (its contribution to the total); tracks the unweighted value as `<output>_loss`. With
    /// `gradient`, writes `d(weighted loss)/d(prediction)` into it.
    pub(crate) fn output_loss(
        &mut self,
        k: usize,
        prediction: &[f32],
        targets: &[f32],
        sample_weight: Option<&[f32]>,
        mut gradient: Option<&mut [f32]>,
    ) -> Result<f64, Error> {
        let output = &mut self.outputs[k];
        let batch = prediction.len() / output.sample_size.max(1);
        let value = output.loss.compute_weighted(
            prediction,
            targets,
            output.width,
            sample_weight,
            gradient.as_deref_mut(),
        )?;
        if let Some((_, tracker)) = &mut output.loss_tracker {
            tracker.add(value * batch as f64, batch as f64);
        }
        if output.weight != 1.0 {
            if let Some(gradient) = gradient {
                let weight = output.weight as f32;
                gradient.iter_mut().for_each(|g| *g *= weight);
            }
        }
        Ok(value * output.weight)
    }

    /// Adds a batch of output `k`'s values to its metrics.
    pub(crate) fn update_metrics(
        &mut self,
        k: usize,
        values: &[f32],
        targets: &[f32],
    ) -> Result<(), Error> {
        let output = &mut self.outputs[k];
        for (_, metric) in &mut output.metrics {
            metric.update(values, targets, output.width)?;
        }
        Ok(())
    }

    /// Keras's trainer: `loss_tracker.update_state(loss, sample_weight=batch_size)`.
    pub(crate) fn record_loss(&mut self, loss: f64, batch: usize) {
        self.loss_tracker.add(loss * batch as f64, batch as f64);
    }
}

/// Splits `metrics` into one list per output, each entry with the argument naming it: a flat
/// list for a single output, or one list per output.
fn metrics_per_output(
    metrics: &[serde_json::Value],
    outputs: usize,
) -> Result<Vec<Vec<(serde_json::Value, String)>>, Error> {
    let nested = !metrics.is_empty() && metrics.iter().all(|m| m.is_array());
    if nested {
        if metrics.len() != outputs {
            return Err(Error::invalid(
                "metrics",
                format!("one list of metrics per model output ({outputs})"),
                format!("{} lists", metrics.len()),
            ));
        }
        return Ok(metrics
            .iter()
            .enumerate()
            .map(|(k, list)| {
                list.as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, m)| (m.clone(), format!("metrics[{k}][{i}]")))
                    .collect()
            })
            .collect());
    }
    if let Some(i) = metrics.iter().position(|m| m.is_array()) {
        return Err(Error::invalid(
            format!("metrics[{i}]"),
            "a metric, or a list of metrics for every entry (one list per output)",
            &metrics[i],
        ));
    }
    if outputs > 1 && !metrics.is_empty() {
        return Err(Error::invalid(
            "metrics",
            format!(
                "one list of metrics per model output ({outputs}) for a model with several \
                 outputs, e.g. [[\"mae\"], [\"accuracy\"]]"
            ),
            serde_json::Value::Array(metrics.to_vec()),
        ));
    }
    let flat = metrics
        .iter()
        .enumerate()
        .map(|(i, m)| (m.clone(), format!("metrics[{i}]")))
        .collect();
    let mut per_output = vec![flat];
    per_output.resize(outputs.max(1), Vec::new());
    per_output.truncate(outputs);
    Ok(per_output)
}
