//! A model and its training data as JS handles. A `fit` epoch is one `train_batches` call: the
//! graph, weights, optimizer state and data stay in WASM memory.
use kerasm_core::dataset::Dataset;
use kerasm_core::model::Model;
use wasm_bindgen::prelude::*;

use crate::error::{invalid, to_js};

/// Samples and labels copied into WASM memory once per `fit`/`evaluate`.
#[wasm_bindgen]
pub struct DatasetHandle(Dataset);

#[wasm_bindgen]
impl DatasetHandle {
    #[wasm_bindgen(constructor)]
    pub fn new(
        x: Vec<f32>,
        x_sample_shape: Vec<u32>,
        y: Vec<f32>,
        y_sample_shape: Vec<u32>,
    ) -> Result<DatasetHandle, JsError> {
        let widen = |s: Vec<u32>| s.into_iter().map(|d| d as usize).collect();
        Dataset::new(x, widen(x_sample_shape), y, widen(y_sample_shape))
            .map(DatasetHandle)
            .map_err(to_js)
    }

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

    /// Sets loss, optimizer and metrics from a CompileSpec JSON; resets the optimizer state.
    pub fn compile(&mut self, spec_json: &str) -> Result<(), JsError> {
        self.0.compile(spec_json).map_err(to_js)
    }

    /// `[{ "name": "dense/kernel", "shape": [10, 16] }, ...]` as JSON.
    pub fn weight_info(&self) -> String {
        let items: Vec<String> = self
            .0
            .weights()
            .iter()
            .map(|w| format!("{{\"name\":{:?},\"shape\":{:?}}}", w.name, w.shape))
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
        if values.len() != sizes.iter().sum::<usize>() {
            return Err(invalid(&format!(
                "weights need {} values in all. Received: {}",
                sizes.iter().sum::<usize>(),
                values.len()
            )));
        }
        let mut rest = values;
        let split: Vec<Vec<f32>> = sizes
            .iter()
            .map(|&n| {
                let (head, tail) = rest.split_at(n);
                rest = tail;
                head.to_vec()
            })
            .collect();
        self.0.set_weights(&split).map_err(to_js)
    }

    pub fn input_shape(&self) -> Vec<u32> {
        self.0.input_shape().into_iter().map(|d| d as u32).collect()
    }

    pub fn output_shape(&self) -> Vec<u32> {
        self.0
            .output_shape()
            .into_iter()
            .map(|d| d as u32)
            .collect()
    }

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

    pub fn predict(
        &mut self,
        x: &[f32],
        rows: usize,
        batch_size: usize,
    ) -> Result<Vec<f32>, JsError> {
        self.0.predict(x, rows, batch_size).map_err(to_js)
    }

    pub fn learning_rate(&self) -> f64 {
        self.0.learning_rate()
    }

    pub fn set_learning_rate(&mut self, lr: f64) {
        self.0.set_learning_rate(lr);
    }

    pub fn iterations(&self) -> f64 {
        self.0.iterations() as f64
    }
}
