//! The model the JS layer drives: built from a ModelSpec, compiled with a CompileSpec, trained
//! and evaluated over a `Dataset` in whole epochs with no JS crossing per batch.

use crate::buffer;
use crate::dataset::Dataset;
use crate::error::{format_shape, Error};
use crate::graph::{Graph, Upstream, Workspace};
use crate::loss::Loss;
use crate::metrics::{MeanTracker, Metric, MetricChoice};
use crate::optimizers::Optimizer;
use crate::spec::{parse_json, CompileSpec, ModelSpec};
use crate::targets::Targets;
use crate::weight::Weight;
use std::ops::Range;

/// A built model, its weights, and (after `compile`) its loss, metrics and optimizer state.
#[derive(Debug, Clone)]
pub struct Model {
    graph: Graph,
    workspace: Workspace,
    /// The labels of the current batch.
    label_batch: Vec<f32>,
    compiled: Option<Compiled>,
}

/// What `compile()` sets up.
#[derive(Debug, Clone)]
struct Compiled {
    /// The loss as evaluated: its from-logits form when it reads the output's logits.
    loss: Loss,
    reads_logits: bool,
    loss_tracker: MeanTracker,
    metrics: Vec<TrackedMetric>,
    optimizer: Optimizer,
}

#[derive(Debug, Clone)]
struct TrackedMetric {
    name: String,
    choice: MetricChoice,
    /// `choice` resolved against the shapes of the data last seen.
    resolved: Metric,
    tracker: MeanTracker,
}

/// The samples of one batch: listed (a shuffled epoch) or a contiguous range (evaluation).
enum Rows<'a> {
    Listed(&'a [u32]),
    Range(Range<usize>),
}

impl Rows<'_> {
    fn len(&self) -> usize {
        match self {
            Rows::Listed(rows) => rows.len(),
            Rows::Range(range) => range.len(),
        }
    }

    /// Copies the selected samples (each `sample` values long) of `source` into `batch`.
    fn gather(&self, source: &[f32], sample: usize, batch: &mut [f32]) {
        match self {
            Rows::Listed(rows) => {
                for (dst, &row) in batch.chunks_exact_mut(sample).zip(rows.iter()) {
                    let row = row as usize;
                    dst.copy_from_slice(&source[row * sample..(row + 1) * sample]);
                }
            }
            Rows::Range(range) => {
                batch.copy_from_slice(&source[range.start * sample..range.end * sample])
            }
        }
    }
}

impl Model {
    /// Builds the graph and initialises weights from the seed. `spec_json` is a ModelSpec.
    pub fn new(spec_json: &str) -> Result<Model, Error> {
        let spec: ModelSpec = parse_json(spec_json, "model_spec")?;
        let graph = Graph::from_spec(&spec)?;
        let workspace = graph.workspace(false);
        Ok(Model {
            graph,
            workspace,
            label_batch: Vec::new(),
            compiled: None,
        })
    }

    /// Sets loss, optimizer and metrics; creates optimizer state. `spec_json` is a CompileSpec.
    /// Compiling again starts a fresh optimizer and fresh metrics, as in Keras.
    pub fn compile(&mut self, spec_json: &str) -> Result<(), Error> {
        let spec: CompileSpec = parse_json(spec_json, "compile_spec")?;
        let loss = Loss::from_spec(&spec.loss)?;
        let (loss, reads_logits) = match loss.on_logits_of(self.graph.output_activation()) {
            Some(on_logits) => (on_logits, true),
            None => (loss, false),
        };
        let output_shape = self.graph.output_shape();
        let mut metrics: Vec<TrackedMetric> = Vec::with_capacity(spec.metrics.len());
        for (i, name) in spec.metrics.iter().enumerate() {
            let choice = MetricChoice::from_name(name, &format!("metrics[{i}]"))?;
            // Keras's CompileMetrics: a repeated name gets a `_1`, `_2`, … suffix.
            let repeats = spec.metrics[..i]
                .iter()
                .filter(|earlier| *earlier == name)
                .count();
            let name = if repeats == 0 {
                name.clone()
            } else {
                format!("{name}_{repeats}")
            };
            metrics.push(TrackedMetric {
                name,
                choice,
                resolved: choice.resolve(output_shape, output_shape),
                tracker: MeanTracker::default(),
            });
        }
        let optimizer = Optimizer::from_spec(&spec.optimizer, self.graph.parameter_count())?;
        self.workspace = self.graph.workspace(reads_logits);
        self.compiled = Some(Compiled {
            loss,
            reads_logits,
            loss_tracker: MeanTracker::default(),
            metrics,
            optimizer,
        });
        Ok(())
    }

    /// Copies of every weight (`dense/kernel`, `dense/bias`, …) in creation order.
    pub fn weights(&self) -> Vec<Weight> {
        self.graph.weights()
    }

    /// Replaces every weight, in the order of `weights()`; all or nothing.
    pub fn set_weights(&mut self, values: &[Vec<f32>]) -> Result<(), Error> {
        self.graph.set_weights(values)
    }

    /// Per-sample shape of the input.
    pub fn input_shape(&self) -> Vec<usize> {
        self.graph.input_shape().to_vec()
    }

    /// Per-sample shape of the output.
    pub fn output_shape(&self) -> Vec<usize> {
        self.graph.output_shape().to_vec()
    }

    /// `["loss", metric names…]` in the order of `metric_results()`; empty before `compile`.
    pub fn metric_names(&self) -> Vec<String> {
        self.compiled.as_ref().map_or_else(Vec::new, |compiled| {
            std::iter::once("loss".to_string())
                .chain(compiled.metrics.iter().map(|m| m.name.clone()))
                .collect()
        })
    }

    /// Clears the loss and metric trackers.
    pub fn reset_metrics(&mut self) {
        if let Some(compiled) = &mut self.compiled {
            compiled.loss_tracker.reset();
            compiled.metrics.iter_mut().for_each(|m| m.tracker.reset());
        }
    }

    /// `[loss, metric…]` averaged since the last `reset_metrics`; empty before `compile`.
    pub fn metric_results(&self) -> Vec<f64> {
        self.compiled.as_ref().map_or_else(Vec::new, |compiled| {
            std::iter::once(compiled.loss_tracker.result())
                .chain(compiled.metrics.iter().map(|m| m.tracker.result()))
                .collect()
        })
    }

    /// Trains on `data` rows in `order`, in consecutive batches of `batch_size` (last one
    /// short), one optimizer step per batch, updating the loss and metric trackers.
    pub fn train_batches(
        &mut self,
        data: &Dataset,
        order: &[u32],
        batch_size: usize,
    ) -> Result<(), Error> {
        if self.compiled.is_none() {
            return Err(Error::NotCompiled { operation: "fit" });
        }
        check_batch_size(batch_size)?;
        self.check_data(data)?;
        if let Some((i, &row)) = order
            .iter()
            .enumerate()
            .find(|&(_, &row)| row as usize >= data.rows())
        {
            return Err(Error::invalid(
                format!("order[{i}]"),
                format!("a sample index below the dataset's {} rows", data.rows()),
                row,
            ));
        }
        for rows in order.chunks(batch_size) {
            self.run_batch(data, Rows::Listed(rows), true)?;
        }
        Ok(())
    }

    /// Forward only over all rows of `data` in order, updating the trackers.
    pub fn test_batches(&mut self, data: &Dataset, batch_size: usize) -> Result<(), Error> {
        if self.compiled.is_none() {
            return Err(Error::NotCompiled {
                operation: "evaluate",
            });
        }
        check_batch_size(batch_size)?;
        self.check_data(data)?;
        for start in (0..data.rows()).step_by(batch_size) {
            let end = (start + batch_size).min(data.rows());
            self.run_batch(data, Rows::Range(start..end), false)?;
        }
        Ok(())
    }

    /// Forward pass in inference mode over `rows` samples of `x`; returns `rows × output size`
    /// values, row-major.
    pub fn predict(
        &mut self,
        x: &[f32],
        rows: usize,
        batch_size: usize,
    ) -> Result<Vec<f32>, Error> {
        check_batch_size(batch_size)?;
        let input_shape = self.graph.input_shape();
        let in_size: usize = input_shape.iter().product();
        let out_size: usize = self.graph.output_shape().iter().product();
        let expected = buffer::checked_mul(rows, in_size, "rows")?;
        if x.len() != expected {
            return Err(Error::shape(
                "x",
                format!(
                    "{expected} values: {rows} samples of shape {}",
                    format_shape(input_shape)
                ),
                format!("{} values", x.len()),
            ));
        }
        let mut out = buffer::zeroed(
            buffer::checked_mul(rows, out_size, "rows")?,
            "the predictions",
        )?;
        let (input_slot, output_slot) = (self.graph.input_slot(), self.graph.output_slot());
        for start in (0..rows).step_by(batch_size) {
            let end = (start + batch_size).min(rows);
            self.workspace.set_batch(end - start)?;
            self.workspace
                .value_mut(input_slot)
                .copy_from_slice(&x[start * in_size..end * in_size]);
            self.graph.forward(&mut self.workspace)?;
            out[start * out_size..end * out_size]
                .copy_from_slice(self.workspace.value(output_slot));
        }
        Ok(out)
    }

    /// The optimizer's learning rate (0 before `compile`).
    pub fn learning_rate(&self) -> f64 {
        self.compiled
            .as_ref()
            .map_or(0.0, |c| c.optimizer.learning_rate())
    }

    /// Sets the optimizer's learning rate (no effect before `compile`).
    pub fn set_learning_rate(&mut self, lr: f64) {
        if let Some(compiled) = &mut self.compiled {
            compiled.optimizer.set_learning_rate(lr);
        }
    }

    /// Optimizer steps taken since `compile`.
    pub fn iterations(&self) -> u64 {
        self.compiled
            .as_ref()
            .map_or(0, |c| c.optimizer.iterations())
    }

    /// Checks `data` against the model's input, the loss's and metrics' label layouts, and
    /// resolves `"accuracy"` for its label shape.
    fn check_data(&mut self, data: &Dataset) -> Result<(), Error> {
        let Some(compiled) = &mut self.compiled else {
            return Err(Error::NotCompiled { operation: "fit" });
        };
        let input_shape = self.graph.input_shape();
        if data.x_sample_shape() != input_shape {
            return Err(Error::shape(
                "x",
                format!(
                    "samples of the model's input shape {}",
                    format_shape(input_shape)
                ),
                format_shape(data.x_sample_shape()),
            ));
        }
        let output_shape = self.graph.output_shape();
        let y_shape = data.y_sample_shape();
        compiled.loss.targets().check(y_shape, output_shape, "y")?;
        for metric in &mut compiled.metrics {
            metric.resolved = metric.choice.resolve(y_shape, output_shape);
            metric
                .resolved
                .targets()
                .check(y_shape, output_shape, "y")?;
        }
        if compiled.loss.targets() == Targets::ClassIndices {
            data.check_class_indices(output_shape.last().copied().unwrap_or(1))?;
        }
        Ok(())
    }

    /// One batch: gather, forward, loss and metrics, and when `train` backward and a step.
    fn run_batch(&mut self, data: &Dataset, rows: Rows<'_>, train: bool) -> Result<(), Error> {
        let Model {
            graph,
            workspace,
            label_batch,
            compiled,
        } = self;
        let Some(compiled) = compiled else {
            return Err(Error::NotCompiled { operation: "fit" });
        };
        let batch = rows.len();
        let x_size: usize = data.x_sample_shape().iter().product();
        let y_size: usize = data.y_sample_shape().iter().product();
        workspace.set_batch(batch)?;
        rows.gather(data.x(), x_size, workspace.value_mut(graph.input_slot()));
        buffer::resize(label_batch, batch * y_size, "the label batch")?;
        rows.gather(data.y(), y_size, label_batch);

        graph.forward(workspace)?;
        let output_slot = graph.output_slot();
        let width = graph.output_shape().last().copied().unwrap_or(1);
        let (prediction, gradient) =
            workspace.prediction_and_grad(output_slot, compiled.reads_logits);
        let loss =
            compiled
                .loss
                .compute(prediction, label_batch, width, train.then_some(gradient))?;
        // Keras's trainer: `loss_tracker.update_state(loss, sample_weight=batch_size)`.
        compiled.loss_tracker.add(loss * batch as f64, batch as f64);
        for metric in &mut compiled.metrics {
            let (sum, count) =
                metric
                    .resolved
                    .batch_sum(workspace.value(output_slot), label_batch, width)?;
            metric.tracker.add(sum, count as f64);
        }
        if train {
            let upstream = if compiled.reads_logits {
                Upstream::Logits
            } else {
                Upstream::Output
            };
            graph.backward(workspace, upstream)?;
            let (weights, gradients) = graph.parameters_and_gradients();
            compiled.optimizer.step(weights, gradients)?;
        }
        Ok(())
    }
}

fn check_batch_size(batch_size: usize) -> Result<(), Error> {
    if batch_size == 0 {
        Err(Error::invalid("batch_size", "a positive integer", 0))
    } else {
        Ok(())
    }
}
