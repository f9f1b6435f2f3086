//! Models that must learn: a separable binary task, a linear regression, and 3-class softmax
//! classification (sparse labels through a fused dense softmax, one-hot labels through a
//! separate `Activation` layer).
mod common;

use common::{chain_spec, compile_spec, dataset, dense_spec, predict, TestRng};
use kerasm_core::{Dataset, Model};
use serde_json::json;

/// Trains for `epochs` reshuffled epochs; returns the loss of the first and the last epoch.
fn fit(
    model: &mut Model,
    data: &Dataset,
    epochs: usize,
    batch_size: usize,
    seed: u64,
) -> (f64, f64) {
    let mut rng = TestRng::new(seed);
    let mut losses = Vec::new();
    for _ in 0..epochs {
        model.reset_metrics();
        let order = rng.permutation(data.rows());
        model.train_batches(data, &order, batch_size).unwrap();
        losses.push(model.metric_results()[0]);
    }
    (losses[0], losses[epochs - 1])
}

/// `[loss, metrics…]` over the whole dataset.
fn evaluate(model: &mut Model, data: &Dataset) -> Vec<f64> {
    model.reset_metrics();
    model.test_batches(data, 64).unwrap();
    model.metric_results()
}

fn gaussian(rng: &mut TestRng) -> f64 {
    // Box–Muller.
    let u1 = rng.uniform(f64::MIN_POSITIVE, 1.0);
    let u2 = rng.uniform(0.0, 1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[test]
fn separable_binary_task_reaches_95_percent_accuracy() {
    let mut rng = TestRng::new(1);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    while y.len() < 256 {
        let (a, b) = (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
        let margin = a + 2.0 * b - 0.2;
        if margin.abs() < 0.1 {
            continue;
        }
        x.extend([a as f32, b as f32]);
        y.push(if margin > 0.0 { 1.0 } else { 0.0 });
    }
    let data = dataset(x, &[2], y, &[1]);
    let mut model = Model::new(&dense_spec(42, &[2], &[(8, "relu"), (1, "sigmoid")])).unwrap();
    model
        .compile(&compile_spec(
            "binary_crossentropy",
            json!({"name": "rmsprop", "learning_rate": 0.01}),
            &["binary_accuracy"],
        ))
        .unwrap();
    let (first, last) = fit(&mut model, &data, 40, 32, 2);
    assert!(last < first / 2.0, "loss must fall: {first} → {last}");
    let results = evaluate(&mut model, &data);
    assert!(
        results[1] >= 0.95,
        "binary accuracy {:.3} < 0.95",
        results[1]
    );
    assert_eq!(model.iterations(), 40 * 8);
}

#[test]
fn linear_regression_reaches_near_zero_error() {
    let mut rng = TestRng::new(3);
    let x = rng.uniform_vec(2 * 128, -1.0, 1.0);
    let y: Vec<f32> = x.chunks(2).map(|r| 2.0 * r[0] - 3.0 * r[1] + 0.5).collect();
    let data = dataset(x, &[2], y, &[1]);
    let mut model = Model::new(&dense_spec(7, &[2], &[(1, "linear")])).unwrap();
    model
        .compile(&compile_spec(
            "mse",
            json!({"name": "sgd", "learning_rate": 0.1, "momentum": 0.5}),
            &["mae"],
        ))
        .unwrap();
    fit(&mut model, &data, 60, 16, 4);
    let results = evaluate(&mut model, &data);
    assert!(results[0] < 1e-6, "mse {} not near zero", results[0]);
    let weights = model.weights();
    let (kernel, bias) = (&weights[0].data, &weights[1].data);
    assert!(
        (kernel[0] - 2.0).abs() < 1e-3 && (kernel[1] + 3.0).abs() < 1e-3,
        "kernel {kernel:?}"
    );
    assert!((bias[0] - 0.5).abs() < 1e-3, "bias {bias:?}");
}

/// Three Gaussian blobs: (x, class index).
fn blobs(seed: u64, per_class: usize) -> (Vec<f32>, Vec<f32>) {
    let centers = [(0.0, 2.0), (-2.0, -1.0), (2.0, -1.0)];
    let mut rng = TestRng::new(seed);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for _ in 0..per_class {
        for (class, (cx, cy)) in centers.iter().enumerate() {
            x.push((cx + 0.5 * gaussian(&mut rng)) as f32);
            x.push((cy + 0.5 * gaussian(&mut rng)) as f32);
            y.push(class as f32);
        }
    }
    (x, y)
}

#[test]
fn three_class_softmax_with_sparse_labels() {
    let (x, y) = blobs(5, 100);
    let data = dataset(x, &[2], y, &[]);
    let mut model = Model::new(&dense_spec(9, &[2], &[(16, "relu"), (3, "softmax")])).unwrap();
    model
        .compile(&compile_spec(
            "sparse_categorical_crossentropy",
            json!({"name": "adam", "learning_rate": 0.01}),
            &["accuracy"],
        ))
        .unwrap();
    let (first, last) = fit(&mut model, &data, 30, 32, 6);
    assert!(last < first / 2.0, "loss must fall: {first} → {last}");
    let results = evaluate(&mut model, &data);
    assert!(results[1] >= 0.95, "accuracy {:.3} < 0.95", results[1]);
    // Probabilities: every row of the prediction sums to 1.
    let predictions = predict(&mut model, &[0.0, 2.0, 2.0, -1.0], 8);
    for row in predictions.chunks(3) {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
    assert!(
        predictions[0] > 0.9 && predictions[5] > 0.9,
        "{predictions:?}"
    );
}

#[test]
fn three_class_softmax_layer_with_one_hot_labels() {
    let (x, classes) = blobs(11, 100);
    let y: Vec<f32> = classes
        .iter()
        .flat_map(|&c| (0..3).map(move |k| if k as f32 == c { 1.0 } else { 0.0 }))
        .collect();
    let data = dataset(x, &[2], y, &[3]);
    let layers = vec![
        json!({ "name": "dense", "kind": "dense", "inputs": ["input_1"],
          "config": { "units": 16, "activation": "tanh", "kernel_initializer": "he_uniform" } }),
        json!({ "name": "logits", "kind": "dense", "inputs": ["dense"], "config": { "units": 3 } }),
        json!({ "name": "probabilities", "kind": "activation", "inputs": ["logits"],
          "config": { "activation": "softmax" } }),
    ];
    let spec = chain_spec(13, &[("input_1", &[2])], layers, &["probabilities"]);
    let mut model = Model::new(&spec).unwrap();
    model
        .compile(&compile_spec(
            "categorical_crossentropy",
            json!({"name": "adam", "learning_rate": 0.01}),
            &["categorical_accuracy"],
        ))
        .unwrap();
    let (first, last) = fit(&mut model, &data, 30, 32, 12);
    assert!(last < first / 2.0, "loss must fall: {first} → {last}");
    let results = evaluate(&mut model, &data);
    assert!(
        results[1] >= 0.95,
        "categorical accuracy {:.3} < 0.95",
        results[1]
    );
}
