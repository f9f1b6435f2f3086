//! A model and its data as JS handles. A `fit` epoch is one `train_batches` call: the graph,
//! weights, optimizer state and data stay in WASM memory.
use kerasm_core::array::Array;
use kerasm_core::dataset::{CheckedInput, Dataset, Input, Origin};
use kerasm_core::kernels::sparse::CsrMatrix;
use kerasm_core::model::Model;
use kerasm_core::streamed_input::StreamedInput;
use wasm_bindgen::prelude::*;

use crate::error::{invalid, to_js};

fn widen(shape: Vec<u32>) -> Vec<usize> {
    shape.into_iter().map(|d| d as usize).collect()
}

/// Collects a dataset's arrays one call at a time (each copied into WASM memory once), so JS
/// never concatenates them first. A dense input streams in chunks of rows (`begin_input`, then
/// `append_input` until every row is in), checked and stored as CSR while it is mostly zeros.
#[wasm_bindgen]
#[derive(Default)]
pub struct DatasetBuilder {
    inputs: Vec<CheckedInput>,
    streaming: Option<StreamedInput>,
    targets: Vec<Array>,
    target_origins: Vec<Origin>,
    sample_weight: Option<Vec<f32>>,
}

#[wasm_bindgen]
impl DatasetBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new() -> DatasetBuilder {
        DatasetBuilder::default()
    }

    /// Starts the next model input: `rows` samples of `sample_shape`. `argument` names the
    /// user's array in errors and `first_index` is the flat index of its first value there.
    pub fn begin_input(
        &mut self,
        rows: usize,
        sample_shape: Vec<u32>,
        argument: String,
        first_index: usize,
    ) -> Result<(), JsError> {
        self.finish_input()?;
        let origin = Origin {
            argument,
            first_index,
        };
        self.streaming =
            Some(StreamedInput::new(rows, widen(sample_shape), origin).map_err(to_js)?);
        Ok(())
    }

    /// The next whole rows of the input `begin_input` started, row-major.
    pub fn append_input(&mut self, values: Vec<f32>) -> Result<(), JsError> {
        match &mut self.streaming {
            Some(input) => input.append(values).map_err(to_js),
            None => Err(invalid("append_input needs a call to begin_input first")),
        }
    }

    /// The next model input as a CSR matrix of `cols` columns (see `CsrView`): only the
    /// non-zeros cross the boundary, are checked and stay CSR in WASM memory (a Dense layer
    /// reading them runs on the non-zeros). `first_row` is the user's row of the first one
    /// (for a non-finite value's flat index).
    pub fn add_sparse_input(
        &mut self,
        indptr: Vec<u32>,
        indices: Vec<u32>,
        values: Vec<f32>,
        cols: usize,
        argument: String,
        first_row: usize,
    ) -> Result<(), JsError> {
        self.finish_input()?;
        let csr = CsrMatrix::new(indptr, indices, values, cols, &argument).map_err(to_js)?;
        let origin = Origin {
            argument,
            first_index: first_row * cols,
        };
        let input = CheckedInput::check(Input::Sparse(csr), &origin).map_err(to_js)?;
        self.inputs.push(input);
        Ok(())
    }

    /// The next model output's targets (named as in `begin_input`).
    pub fn add_target(
        &mut self,
        data: Vec<f32>,
        sample_shape: Vec<u32>,
        argument: String,
        first_index: usize,
    ) {
        self.targets.push(Array::new(data, widen(sample_shape)));
        self.target_origins.push(Origin {
            argument,
            first_index,
        });
    }

    /// One loss weight per sample.
    pub fn set_sample_weight(&mut self, weights: Vec<f32>) {
        self.sample_weight = Some(weights);
    }

    /// The checked dataset; the builder is left empty.
    pub fn build(&mut self) -> Result<DatasetHandle, JsError> {
        self.finish_input()?;
        let builder = std::mem::take(self);
        Dataset::from_checked_inputs(
            builder.inputs,
            builder.targets,
            &builder.target_origins,
            builder.sample_weight,
        )
        .map(DatasetHandle)
        .map_err(to_js)
    }

    fn finish_input(&mut self) -> Result<(), JsError> {
        if let Some(input) = self.streaming.take() {
            self.inputs.push(input.finish().map_err(to_js)?);
        }
        Ok(())
    }
}

/// Samples, targets and weights copied into WASM memory once per `fit`/`evaluate`/`predict`.
#[wasm_bindgen]
pub struct DatasetHandle(Dataset);

#[wasm_bindgen]
impl DatasetHandle {
    pub fn rows(&self) -> usize {
        self.0.rows()
    }
}

#[wasm_bindgen]
pub struct ModelHandle(Model);

#[wasm_bindgen]
impl ModelHandle {
    /// Builds the graph from a ModelSpec JSON and initialises its weights from the spec's seed.
    #[wasm_bindgen(constructor)]
    pub fn new(spec_json: &str) -> Result<ModelHandle, JsError> {
        Model::new(spec_json).map(ModelHandle).map_err(to_js)
    }

    /// Sets losses, optimizer and metrics from a CompileSpec JSON; resets the optimizer state.
    pub fn compile(&mut self, spec_json: &str) -> Result<(), JsError> {
        self.0.compile(spec_json).map_err(to_js)
    }

    /// `[{ "name": "dense/kernel", "shape": [10, 16], "trainable": true }, ...]` as JSON.
    pub fn weight_info(&self) -> String {
        let items: Vec<String> = self
            .0
            .weights()
            .iter()
            .map(|w| {
                format!(
                    "{{\"name\":{},\"shape\":{:?},\"trainable\":{}}}",
                    json_string(&w.name),
                    w.shape,
                    w.trainable
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    }

    /// Every weight's values, concatenated in `weight_info` order.
    pub fn weights_flat(&self) -> Vec<f32> {
        self.0.weights().into_iter().flat_map(|w| w.data).collect()
    }

    /// Replaces every weight from one concatenated array (all or nothing).
    pub fn set_weights_flat(&mut self, values: &[f32]) -> Result<(), JsError> {
        let sizes: Vec<usize> = self.0.weights().iter().map(|w| w.data.len()).collect();
        let split = split_flat(values, &sizes, "weights")?;
        self.0.set_weights(&split).map_err(to_js)
    }

    /// `["loss", "acc", ...]`: the keys of `metric_results`, as Keras names them.
    pub fn metric_names(&self) -> Vec<String> {
        self.0.metric_names()
    }

    pub fn reset_metrics(&mut self) {
        self.0.reset_metrics();
    }

    pub fn metric_results(&self) -> Vec<f64> {
        self.0.metric_results()
    }

    /// One optimizer step per batch of `order` (rows of `data`), with no call back into JS.
    pub fn train_batches(
        &mut self,
        data: &DatasetHandle,
        order: &[u32],
        batch_size: usize,
    ) -> Result<(), JsError> {
        self.0
            .train_batches(&data.0, order, batch_size)
            .map_err(to_js)
    }

    pub fn test_batches(&mut self, data: &DatasetHandle, batch_size: usize) -> Result<(), JsError> {
        self.0.test_batches(&data.0, batch_size).map_err(to_js)
    }

    /// Every output for every row of `data`'s inputs, output after output, each row-major.
    pub fn predict(
        &mut self,
        data: &DatasetHandle,
        batch_size: usize,
    ) -> Result<Vec<f32>, JsError> {
        let outputs = self.0.predict(data.0.inputs(), batch_size).map_err(to_js)?;
        Ok(outputs.into_iter().flat_map(|o| o.data).collect())
    }

    /// The current learning rate (a schedule's value at the current step).
    pub fn learning_rate(&self) -> f64 {
        self.0.learning_rate()
    }

    pub fn set_learning_rate(&mut self, lr: f64) {
        self.0.set_learning_rate(lr);
    }

    pub fn iterations(&self) -> f64 {
        self.0.iterations() as f64
    }

    /// The sizes of the optimizer's state arrays, as a JSON array (`[]` before `compile`).
    pub fn optimizer_state_info(&mut self) -> String {
        let sizes: Vec<usize> = self
            .0
            .optimizer_state()
            .iter()
            .map(|state| state.len())
            .collect();
        format!("{sizes:?}")
    }

    /// The optimizer's state arrays, concatenated in `optimizer_state_info` order.
    pub fn optimizer_state_flat(&mut self) -> Vec<f32> {
        self.0.optimizer_state().concat()
    }

    /// Restores the optimizer's state (arrays of `sizes`, concatenated) and step count; all or
    /// nothing.
    pub fn set_optimizer_state(
        &mut self,
        values: &[f32],
        sizes: &[u32],
        iterations: f64,
    ) -> Result<(), JsError> {
        // 2^53: every integer below it is exact in an f64.
        if !(iterations >= 0.0 && iterations.fract() == 0.0 && iterations < 9_007_199_254_740_992.0)
        {
            return Err(invalid(&format!(
                "iterations must be a non-negative integer. Received: iterations={iterations}"
            )));
        }
        let sizes: Vec<usize> = sizes.iter().map(|&n| n as usize).collect();
        let state = split_flat(values, &sizes, "optimizer state")?;
        self.0
            .set_optimizer_state(iterations as u64, &state)
            .map_err(to_js)
    }
}

/// Cuts `values` into consecutive arrays of `sizes`; `what` names them in errors.
fn split_flat(values: &[f32], sizes: &[usize], what: &str) -> Result<Vec<Vec<f32>>, JsError> {
    let total: usize = sizes.iter().sum();
    if values.len() != total {
        return Err(invalid(&format!(
            "the {what} need {total} values in all. Received: {}",
            values.len()
        )));
    }
    let mut rest = values;
    Ok(sizes
        .iter()
        .map(|&n| {
            let (head, tail) = rest.split_at(n);
            rest = tail;
            head.to_vec()
        })
        .collect())
}

/// `text` as a JSON string literal (layer names are user text: quotes and control characters
/// must be escaped, which Rust's `{:?}` does not do the JSON way for all of them).
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
