//! The model the JS layer drives: built from a ModelSpec, compiled with a CompileSpec, trained
//! and evaluated over a `Dataset` in whole epochs with no JS crossing per batch.

use crate::array::Array;
use crate::buffer;
use crate::compiled::{Compiled, OutputInfo};
use crate::dataset::{Dataset, Samples, Source};
use crate::error::{format_shape, Error};
use crate::graph::{Graph, Upstream, Workspace};
use crate::kernels::sparse::scatter_rows;
use crate::parallel;
use crate::spec::{parse_json, CompileSpec, ModelSpec};
use crate::targets::Targets;
use crate::weight::Weight;
use std::ops::Range;

/// Multiply-adds per batch from which a loop runs on the pool (`parallel::in_pool`). Below, the
/// second thread costs more than it brings: it spins for the whole loop, and each region it
/// takes a part of moves that part's operands between the cores' caches (the optimizer last
/// wrote the weights on the other). IMDB's 16-16-1 model on CSR input, about 1.2 M per batch of
/// 512, took 35–51 ms an epoch on the pool of two against 32–35 on one thread; Reuters's
/// 64-64-46, about 6 M, gains from it.
const POOL_MIN_BATCH_WORK: usize = 4 * parallel::SPLIT_MIN_WORK;

/// A built model, its weights, and (after `compile`) its loss, metrics and optimizer state.
#[derive(Debug, Clone)]
pub struct Model {
    graph: Graph,
    workspace: Workspace,
    /// The targets of the current batch, one buffer per model output.
    target_batches: Vec<Vec<f32>>,
    /// The sample weights of the current batch (empty without them).
    weight_batch: Vec<f32>,
    /// What each output's gradient holds once its loss wrote it (set by `compile`).
    upstream: Vec<Upstream>,
    compiled: Option<Compiled>,
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

    /// The selected sample indices, in batch order.
    fn indices(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        let (listed, range) = match self {
            Rows::Listed(rows) => (Some(rows.iter().map(|&r| r as usize)), None),
            Rows::Range(range) => (None, Some(range.clone())),
        };
        listed
            .into_iter()
            .flatten()
            .chain(range.into_iter().flatten())
    }

    /// Fills model input `slot` of `workspace` with the selected samples of `input`: as a CSR
    /// batch when the input is CSR and the graph reads the slot so, dense rows otherwise.
    fn gather_input(
        &self,
        input: &impl Samples,
        graph: &Graph,
        slot: usize,
        workspace: &mut Workspace,
    ) -> Result<(), Error> {
        match input.source() {
            Source::Dense(data) => {
                let sample = input.sample_shape().iter().product();
                self.gather(data, sample, workspace.dense_input_mut(slot)?);
            }
            Source::Sparse(csr) if graph.reads_csr(slot) => workspace
                .csr_batch_mut(slot)
                .gather_rows(csr, self.indices())?,
            Source::Sparse(csr) => {
                scatter_rows(csr, self.indices(), workspace.dense_input_mut(slot)?)
            }
        }
        Ok(())
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
        let workspace = graph.workspace(&[]);
        Ok(Model {
            target_batches: vec![Vec::new(); graph.output_count()],
            weight_batch: Vec::new(),
            upstream: vec![Upstream::Output; graph.output_count()],
            graph,
            workspace,
            compiled: None,
        })
    }

    /// Sets loss, optimizer and metrics; creates optimizer state. `spec_json` is a CompileSpec.
    /// Compiling again starts a fresh optimizer and fresh metrics, as in Keras.
    pub fn compile(&mut self, spec_json: &str) -> Result<(), Error> {
        let spec: CompileSpec = parse_json(spec_json, "compile_spec")?;
        let names = self.graph.output_names();
        let outputs: Vec<OutputInfo<'_>> = (0..self.graph.output_count())
            .map(|k| OutputInfo {
                name: &names[k],
                shape: self.graph.output_shape(k),
                activation: self.graph.output_activation(k),
            })
            .collect();
        let compiled = Compiled::new(
            &spec,
            &outputs,
            self.graph.parameter_count(),
            self.graph.variables(),
        )?;
        let reads_logits: Vec<bool> = (0..outputs.len())
            .map(|k| compiled.reads_logits(k))
            .collect();
        self.upstream = reads_logits
            .iter()
            .map(|&logits| {
                if logits {
                    Upstream::Logits
                } else {
                    Upstream::Output
                }
            })
            .collect();
        self.workspace = self.graph.workspace(&reads_logits);
        self.compiled = Some(compiled);
        Ok(())
    }

    /// Copies of every weight (`dense/kernel`, `bn/moving_mean`, …), trainable or not, layer by
    /// layer (Keras's `model.weights` order).
    pub fn weights(&self) -> Vec<Weight> {
        self.graph.weights()
    }

    /// Replaces every weight, in the order of `weights()`; all or nothing.
    pub fn set_weights(&mut self, values: &[Vec<f32>]) -> Result<(), Error> {
        self.graph.set_weights(values)
    }

    /// Per-sample shape of each model input, in input order.
    pub fn input_shapes(&self) -> Vec<Vec<usize>> {
        self.graph.input_shapes().to_vec()
    }

    /// Per-sample shape of each model output, in output order.
    pub fn output_shapes(&self) -> Vec<Vec<usize>> {
        (0..self.graph.output_count())
            .map(|k| self.graph.output_shape(k).to_vec())
            .collect()
    }

    /// Keras's output names: the layer computing each output (or the input it returns).
    pub fn output_names(&self) -> Vec<String> {
        self.graph.output_names().to_vec()
    }

    /// `["loss", "<output>_loss"…, metric names…]` in the order of `metric_results()`; empty
    /// before `compile`.
    pub fn metric_names(&self) -> Vec<String> {
        self.compiled
            .as_ref()
            .map_or_else(Vec::new, Compiled::metric_names)
    }

    /// Clears the loss and metric trackers.
    pub fn reset_metrics(&mut self) {
        if let Some(compiled) = &mut self.compiled {
            compiled.reset_metrics();
        }
    }

    /// `[loss, output losses…, metrics…]` since the last `reset_metrics`; empty before `compile`.
    pub fn metric_results(&self) -> Vec<f64> {
        self.compiled
            .as_ref()
            .map_or_else(Vec::new, Compiled::metric_results)
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
        parallel::in_pool(self.splits_batches(batch_size, data.inputs()), || {
            order
                .chunks(batch_size)
                .try_for_each(|rows| self.run_batch(data, Rows::Listed(rows), true))
        })
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
        parallel::in_pool(self.splits_batches(batch_size, data.inputs()), || {
            (0..data.rows()).step_by(batch_size).try_for_each(|start| {
                let end = (start + batch_size).min(data.rows());
                self.run_batch(data, Rows::Range(start..end), false)
            })
        })
    }

    /// Forward pass in inference mode over `inputs` (one array per model input, all with the
    /// same number of samples), in batches of `batch_size`; returns one array per model output.
    pub fn predict(
        &mut self,
        inputs: &[impl Samples + Sync],
        batch_size: usize,
    ) -> Result<Vec<Array>, Error> {
        check_batch_size(batch_size)?;
        let rows = self.check_inputs(inputs)?;
        let mut outputs = Vec::with_capacity(self.graph.output_count());
        for k in 0..self.graph.output_count() {
            let shape = self.graph.output_shape(k).to_vec();
            let len = buffer::checked_mul(rows, shape.iter().product(), "rows")?;
            outputs.push(Array::new(buffer::zeroed(len, "the predictions")?, shape));
        }
        let pooled = self.splits_batches(batch_size, inputs);
        let Model {
            graph, workspace, ..
        } = self;
        parallel::in_pool(pooled, || {
            for start in (0..rows).step_by(batch_size) {
                let end = (start + batch_size).min(rows);
                workspace.set_batch(end - start)?;
                for (i, input) in inputs.iter().enumerate() {
                    let slot = graph.input_slot(i);
                    Rows::Range(start..end).gather_input(input, graph, slot, workspace)?;
                }
                graph.forward(workspace, None)?;
                for (k, output) in outputs.iter_mut().enumerate() {
                    let size = output.sample_size();
                    output.data[start * size..end * size]
                        .copy_from_slice(workspace.value(graph.output_slot(k)));
                }
            }
            Ok(())
        })?;
        Ok(outputs)
    }

    /// The optimizer's current learning rate (a schedule's value at the current step); 0
    /// before `compile`.
    pub fn learning_rate(&self) -> f64 {
        self.compiled
            .as_ref()
            .map_or(0.0, |c| c.optimizer.learning_rate())
    }

    /// Sets the optimizer's learning rate, replacing any schedule (no effect before `compile`).
    pub fn set_learning_rate(&mut self, lr: f64) {
        if let Some(compiled) = &mut self.compiled {
            compiled.optimizer.set_learning_rate(lr);
        }
    }

    /// Optimizer steps taken since `compile` (or as restored by `set_optimizer_state`).
    pub fn iterations(&self) -> u64 {
        self.compiled
            .as_ref()
            .map_or(0, |c| c.optimizer.iterations())
    }

    /// The optimizer's state for save/load (see `Optimizer::state` for the order); the
    /// iteration count is `iterations()`. Empty before `compile`.
    pub fn optimizer_state(&self) -> Vec<Vec<f32>> {
        self.compiled
            .as_ref()
            .map_or_else(Vec::new, |c| c.optimizer.state())
    }

    /// Restores an optimizer state exported by `optimizer_state()` of a model compiled the same
    /// way, with its iteration count; all or nothing.
    pub fn set_optimizer_state(
        &mut self,
        iterations: u64,
        state: &[Vec<f32>],
    ) -> Result<(), Error> {
        match &mut self.compiled {
            Some(compiled) => compiled.optimizer.set_state(iterations, state),
            None => Err(Error::NotCompiled {
                operation: "set_optimizer_state",
            }),
        }
    }

    /// Checks that `inputs` has one array per model input, of the input's per-sample shape,
    /// all with the same number of samples; returns that number.
    fn check_inputs(&self, inputs: &[impl Samples]) -> Result<usize, Error> {
        let shapes = self.graph.input_shapes();
        if inputs.len() != shapes.len() {
            return Err(Error::invalid(
                "inputs",
                format!("{} arrays, one per model input", shapes.len()),
                format!("{} arrays", inputs.len()),
            ));
        }
        let mut rows = None;
        for (i, (input, shape)) in inputs.iter().zip(shapes).enumerate() {
            let argument = format!("inputs[{i}]");
            if input.sample_shape() != shape.as_slice() {
                return Err(Error::shape(
                    argument,
                    format!("samples of the model's input shape {}", format_shape(shape)),
                    format_shape(input.sample_shape()),
                ));
            }
            let input_rows = input.rows(&argument)?;
            match rows {
                Some(rows) if rows != input_rows => {
                    return Err(Error::shape(
                        argument,
                        format!("{rows} samples, as in inputs[0]"),
                        format!("{input_rows} samples"),
                    ))
                }
                _ => rows = Some(input_rows),
            }
        }
        Ok(rows.unwrap_or(0))
    }

    /// Checks `data` against the model's inputs, the losses' and metrics' label layouts, and
    /// resolves `"accuracy"` for each target's shape.
    fn check_data(&mut self, data: &Dataset) -> Result<(), Error> {
        self.check_inputs(data.inputs())?;
        let Some(compiled) = &mut self.compiled else {
            return Err(Error::NotCompiled { operation: "fit" });
        };
        let targets = data.targets();
        if targets.len() != self.graph.output_count() {
            return Err(Error::invalid(
                "targets",
                format!(
                    "{} target arrays, one per model output",
                    self.graph.output_count()
                ),
                format!("{} arrays", targets.len()),
            ));
        }
        for (k, target) in targets.iter().enumerate() {
            let argument = format!("targets[{k}]");
            let output_shape = self.graph.output_shape(k);
            compiled.check_targets(k, &target.sample_shape, output_shape, &argument)?;
            if compiled.loss_targets(k) == Targets::ClassIndices {
                data.check_class_indices(k, output_shape.last().copied().unwrap_or(1))?;
            }
        }
        Ok(())
    }

    /// Whether batches of `batch_size` of `inputs` hold work worth running on the pool (see
    /// `POOL_MIN_BATCH_WORK`). A batch's forward pass is about one multiply-add per parameter
    /// per sample, less what a Dense layer reading a CSR input skips: it does one per non-zero
    /// and unit, not one per column and unit.
    fn splits_batches(&self, batch_size: usize, inputs: &[impl Samples]) -> bool {
        let skipped: usize = (inputs.iter().enumerate())
            .map(|(i, input)| {
                let slot = self.graph.input_slot(i);
                match input.source() {
                    Source::Sparse(csr) if self.graph.reads_csr(slot) => {
                        let non_zeros_per_row = csr.indices.len() / csr.rows().max(1);
                        let zeros_per_row = csr.cols.saturating_sub(non_zeros_per_row);
                        zeros_per_row.saturating_mul(self.graph.units_reading(slot))
                    }
                    _ => 0,
                }
            })
            .sum();
        let per_sample = self.graph.parameter_count().saturating_sub(skipped);
        batch_size.saturating_mul(per_sample) >= POOL_MIN_BATCH_WORK
    }

    /// One batch: gather, forward, losses, penalty and metrics, and when `train` backward and
    /// a step.
    fn run_batch(&mut self, data: &Dataset, rows: Rows<'_>, train: bool) -> Result<(), Error> {
        let Model {
            graph,
            workspace,
            target_batches,
            weight_batch,
            upstream,
            compiled,
        } = self;
        let Some(compiled) = compiled else {
            return Err(Error::NotCompiled { operation: "fit" });
        };
        let batch = rows.len();
        workspace.set_batch(batch)?;
        for (i, input) in data.inputs().iter().enumerate() {
            rows.gather_input(input, graph, graph.input_slot(i), workspace)?;
        }
        for (target, labels) in data.targets().iter().zip(target_batches.iter_mut()) {
            let size = target.sample_size();
            buffer::resize(labels, batch * size, "the label batch")?;
            rows.gather(&target.data, size, labels);
        }
        let sample_weight = match data.sample_weight() {
            Some(weights) => {
                buffer::resize(weight_batch, batch, "the sample weight batch")?;
                rows.gather(weights, 1, weight_batch);
                Some(weight_batch.as_slice())
            }
            None => None,
        };

        let step = compiled.optimizer.iterations();
        graph.forward(workspace, train.then_some(step))?;
        let mut loss = 0.0;
        for (k, labels) in target_batches.iter().enumerate() {
            let slot = graph.output_slot(k);
            let (prediction, gradient) =
                workspace.prediction_and_grad(slot, compiled.reads_logits(k));
            loss += compiled.output_loss(
                k,
                prediction,
                labels,
                sample_weight,
                train.then_some(gradient),
            )?;
            compiled.update_metrics(k, workspace.value(slot), labels)?;
        }
        // Keras's trainer adds every regularization penalty to the loss, in training and in
        // evaluation alike, so it shows in both `loss` and `val_loss`.
        loss += graph.penalty(workspace);
        compiled.record_loss(loss, batch);
        if train {
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
