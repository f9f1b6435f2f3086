//! Helpers shared by the engine's integration tests: spec builders, seeded data, tolerances.
#![allow(dead_code)] // Each test binary uses its own subset of these helpers.

use kerasm_core::{Array, Dataset, Model};
use serde_json::{json, Value};

/// A sequential model spec: one input of `input_shape`, then one dense layer per
/// `(units, activation)`, named `dense`, `dense_1`, … as Keras names them.
pub fn dense_spec(seed: u64, input_shape: &[usize], layers: &[(usize, &str)]) -> String {
    let mut previous = "input_1".to_string();
    let mut calls = Vec::new();
    for (i, (units, activation)) in layers.iter().enumerate() {
        let name = if i == 0 {
            "dense".to_string()
        } else {
            format!("dense_{i}")
        };
        calls.push(json!({
            "name": name, "kind": "dense", "inputs": [previous],
            "config": { "units": units, "activation": activation }
        }));
        previous = name;
    }
    chain_spec(seed, &[("input_1", input_shape)], calls, &[&previous])
}

/// A ModelSpec from layers that each are called once, given as
/// `{ name, kind, inputs, config }`: each becomes a layer and a node whose output tensor takes
/// the layer's name.
pub fn chain_spec(
    seed: u64,
    inputs: &[(&str, &[usize])],
    layers: Vec<Value>,
    outputs: &[&str],
) -> String {
    let mut layer_specs = Vec::new();
    let mut nodes = Vec::new();
    for layer in layers {
        let name = layer["name"].clone();
        nodes.push(json!({ "layer": name, "inputs": layer["inputs"], "output": name }));
        let mut spec = json!({ "name": name, "kind": layer["kind"] });
        if let Some(config) = layer.get("config") {
            spec["config"] = config.clone();
        }
        layer_specs.push(spec);
    }
    let inputs: Vec<Value> = inputs
        .iter()
        .map(|(name, shape)| json!({ "name": name, "shape": shape }))
        .collect();
    json!({
        "seed": seed,
        "inputs": inputs,
        "layers": layer_specs,
        "nodes": nodes,
        "outputs": outputs,
    })
    .to_string()
}

/// A dataset of one input and one target.
pub fn dataset(x: Vec<f32>, x_shape: &[usize], y: Vec<f32>, y_shape: &[usize]) -> Dataset {
    Dataset::new(
        vec![Array::new(x, x_shape.to_vec())],
        vec![Array::new(y, y_shape.to_vec())],
        None,
    )
    .unwrap()
}

/// The first output's predictions for `x`, fed to a one-input model.
pub fn predict(model: &mut Model, x: &[f32], batch_size: usize) -> Vec<f32> {
    let shape = model.input_shapes()[0].clone();
    let outputs = model
        .predict(&[Array::new(x.to_vec(), shape)], batch_size)
        .unwrap();
    outputs.into_iter().next().unwrap().data
}

/// A CompileSpec with an optimizer object.
pub fn compile_spec(loss: &str, optimizer: serde_json::Value, metrics: &[&str]) -> String {
    json!({ "loss": loss, "optimizer": optimizer, "metrics": metrics }).to_string()
}

/// A small deterministic generator for test data (SplitMix64).
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> TestRng {
        TestRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        low + (high - low) * unit
    }

    pub fn uniform_vec(&mut self, n: usize, low: f64, high: f64) -> Vec<f32> {
        (0..n).map(|_| self.uniform(low, high) as f32).collect()
    }

    /// A random permutation of `0..n` (Fisher–Yates).
    pub fn permutation(&mut self, n: usize) -> Vec<u32> {
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
    }
}

/// `|actual − expected| ≤ tolerance · max(1, |expected|)`.
pub fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    let bound = tolerance * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= bound,
        "{what}: got {actual}, expected {expected} (tolerance {bound})"
    );
}

/// The loss over `data` in inference mode, as one batch: what `evaluate` reports, penalties
/// included.
pub fn evaluate_loss(model: &mut Model, data: &Dataset) -> f64 {
    model.reset_metrics();
    model.test_batches(data, data.rows()).unwrap();
    model.metric_results()[0]
}

/// The gradient of the loss with respect to every trainable weight (in `weights()` order),
/// read off one SGD step with learning rate 1 over `data` as one batch: `w_after = w − g`.
/// The model ends compiled with that SGD and `loss`, with its weights restored.
pub fn sgd_gradient(model: &mut Model, data: &Dataset, loss: Value) -> Vec<Vec<f64>> {
    let spec = json!({ "loss": loss, "optimizer": { "name": "sgd", "learning_rate": 1.0 } });
    model.compile(&spec.to_string()).unwrap();
    let before = model.weights();
    let order: Vec<u32> = (0..data.rows() as u32).collect();
    model.train_batches(data, &order, data.rows()).unwrap();
    let after = model.weights();
    let values: Vec<Vec<f32>> = before.iter().map(|w| w.data.clone()).collect();
    model.set_weights(&values).unwrap();
    before
        .iter()
        .zip(&after)
        .filter(|(w, _)| w.trainable)
        .map(|(b, a)| {
            b.data
                .iter()
                .zip(&a.data)
                .map(|(&b, &a)| b as f64 - a as f64)
                .collect()
        })
        .collect()
}

/// Central differences of `evaluate_loss` with respect to every trainable weight, extrapolated
/// (Richardson) so the step's h² error cancels.
pub fn numeric_gradient(model: &mut Model, data: &Dataset, step: f32) -> Vec<Vec<f64>> {
    let weights = model.weights();
    let mut values: Vec<Vec<f32>> = weights.iter().map(|w| w.data.clone()).collect();
    let mut gradient = Vec::new();
    for (w, weight) in weights.iter().enumerate().filter(|(_, w)| w.trainable) {
        let mut row = Vec::new();
        for i in 0..weight.data.len() {
            let mut at = |h: f32| {
                let original = values[w][i];
                values[w][i] = original + h;
                model.set_weights(&values).unwrap();
                let plus = evaluate_loss(model, data);
                values[w][i] = original - h;
                model.set_weights(&values).unwrap();
                let minus = evaluate_loss(model, data);
                let actual = (original + h) as f64 - (original - h) as f64;
                values[w][i] = original;
                (plus - minus) / actual
            };
            let (coarse, fine) = (at(step), at(step / 2.0));
            row.push((4.0 * fine - coarse) / 3.0);
        }
        gradient.push(row);
    }
    model.set_weights(&values).unwrap();
    gradient
}

/// Checks the engine's gradient (`sgd_gradient`) against `numeric_gradient` for every
/// trainable weight value.
pub fn check_model_gradient(model: &mut Model, data: &Dataset, loss: Value, what: &str) {
    let analytic = sgd_gradient(model, data, loss);
    let numeric = numeric_gradient(model, data, 1e-2);
    let names: Vec<String> = model
        .weights()
        .into_iter()
        .filter(|w| w.trainable)
        .map(|w| w.name)
        .collect();
    assert_eq!(analytic.len(), numeric.len());
    for ((name, a), n) in names.iter().zip(&analytic).zip(&numeric) {
        for (i, (&a, &n)) in a.iter().zip(n).enumerate() {
            assert_close(a, n, 2e-3, &format!("{what}: d loss / d {name}[{i}]"));
        }
    }
}

/// (f(v + h·eᵢ) − f(v − h·eᵢ)) / (actual step), in f64.
pub fn central_difference(values: &[f32], i: usize, step: f32, f: impl Fn(&[f32]) -> f64) -> f64 {
    let mut plus = values.to_vec();
    let mut minus = values.to_vec();
    plus[i] += step;
    minus[i] -= step;
    (f(&plus) - f(&minus)) / (plus[i] as f64 - minus[i] as f64)
}
