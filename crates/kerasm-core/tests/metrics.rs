//! Metric values against Keras 3's definitions (`keras/src/metrics/accuracy_metrics.py`,
//! `regression_metrics.py`, and `keras/src/trainers/compile_utils.py` for `"accuracy"`), and
//! the trackers' averaging through a model (`keras/src/trainers/trainer.py`: the loss tracker
//! is updated with `sample_weight=batch_size`).
mod common;

use common::{assert_close, compile_spec, dataset, dense_spec, predict, TestRng};
use kerasm_core::metrics::{MeanTracker, Metric, MetricChoice};
use kerasm_core::Model;
use serde_json::json;

fn mean(metric: Metric, p: &[f32], t: &[f32], width: usize) -> f64 {
    let (sum, count) = metric.batch_sum(p, t, width).unwrap();
    sum / count as f64
}

#[test]
fn binary_accuracy_thresholds_at_one_half() {
    // Keras docstring: y_true [[1], [1], [0], [0]], y_pred [[0.98], [1], [0], [0.6]] → 0.75.
    let got = mean(
        Metric::BinaryAccuracy,
        &[0.98, 1.0, 0.0, 0.6],
        &[1.0, 1.0, 0.0, 0.0],
        1,
    );
    assert_close(got, 0.75, 1e-12, "binary_accuracy");
    // `p > 0.5`, strictly: 0.5 counts as 0. Rows of width 2 average their hits.
    let got = mean(
        Metric::BinaryAccuracy,
        &[0.5, 0.51, 0.2, 0.9],
        &[0.0, 1.0, 1.0, 1.0],
        2,
    );
    assert_close(got, (1.0 + 0.5) / 2.0, 1e-12, "binary_accuracy by row");
}

#[test]
fn categorical_and_sparse_accuracy_compare_argmaxes() {
    // Keras docstrings: y_true [[0, 0, 1], [0, 1, 0]] (sparse: [[2], [1]]),
    // y_pred [[0.1, 0.9, 0.8], [0.05, 0.95, 0]] → 0.5.
    let p = [0.1f32, 0.9, 0.8, 0.05, 0.95, 0.0];
    assert_close(
        mean(
            Metric::CategoricalAccuracy,
            &p,
            &[0.0, 0.0, 1.0, 0.0, 1.0, 0.0],
            3,
        ),
        0.5,
        1e-12,
        "categorical",
    );
    assert_close(
        mean(Metric::SparseCategoricalAccuracy, &p, &[2.0, 1.0], 3),
        0.5,
        1e-12,
        "sparse",
    );
    // Ties go to the first maximum, as argmax.
    assert_close(
        mean(
            Metric::SparseCategoricalAccuracy,
            &[0.4, 0.4, 0.2],
            &[0.0],
            3,
        ),
        1.0,
        1e-12,
        "tie",
    );
}

#[test]
fn regression_metrics_average_over_the_last_axis() {
    let p = [1.0f32, 2.0, 0.0, -1.0];
    let t = [0.0f32, 0.0, 0.0, 1.0];
    assert_close(
        mean(Metric::MeanAbsoluteError, &p, &t, 2),
        ((1.0 + 2.0) / 2.0 + (0.0 + 2.0) / 2.0) / 2.0,
        1e-12,
        "mae",
    );
    assert_close(
        mean(Metric::MeanSquaredError, &p, &t, 2),
        ((1.0 + 4.0) / 2.0 + (0.0 + 4.0) / 2.0) / 2.0,
        1e-12,
        "mse",
    );
}

#[test]
fn accuracy_resolves_from_shapes_like_keras() {
    let accuracy = MetricChoice::from_name("accuracy", "metrics[0]").unwrap();
    assert_eq!(
        accuracy,
        MetricChoice::from_name("acc", "metrics[0]").unwrap()
    );
    assert_eq!(accuracy.resolve(&[1], &[1]), Metric::BinaryAccuracy);
    assert_eq!(
        accuracy.resolve(&[], &[3]),
        Metric::SparseCategoricalAccuracy
    );
    assert_eq!(
        accuracy.resolve(&[1], &[3]),
        Metric::SparseCategoricalAccuracy
    );
    assert_eq!(accuracy.resolve(&[3], &[3]), Metric::CategoricalAccuracy);
    let err = MetricChoice::from_name("precision_at_k", "metrics[2]").unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("UNKNOWN_NAME", Some("metrics[2]"))
    );
}

#[test]
fn mean_tracker_is_zero_before_any_update() {
    let mut tracker = MeanTracker::default();
    assert_eq!(tracker.result(), 0.0);
    tracker.add(3.0, 2.0);
    tracker.add(1.0, 2.0);
    assert_eq!(tracker.result(), 1.0);
    tracker.reset();
    assert_eq!(tracker.result(), 0.0);
}

/// Per-sample squared error of a 1-output model's predictions.
fn per_sample_mse(predictions: &[f32], y: &[f32]) -> Vec<f64> {
    predictions
        .iter()
        .zip(y)
        .map(|(&p, &t)| (p as f64 - t as f64).powi(2))
        .collect()
}

#[test]
fn loss_tracker_weights_each_batch_by_its_size() {
    let mut model = Model::new(&dense_spec(3, &[2], &[(1, "linear")])).unwrap();
    model
        .compile(&compile_spec(
            "mse",
            json!({"name": "sgd"}),
            &["mae", "mse"],
        ))
        .unwrap();
    let mut rng = TestRng::new(5);
    let x = rng.uniform_vec(10, -1.0, 1.0);
    let y = rng.uniform_vec(5, -2.0, 2.0);
    let data = dataset(x.clone(), &[2], y.clone(), &[1]);
    // Batches of 2, 2 and 1: a plain mean of batch losses would over-weight the last sample.
    model.test_batches(&data, 2).unwrap();
    let errors = per_sample_mse(&predict(&mut model, &x, 5), &y);
    let sample_mean = errors.iter().sum::<f64>() / 5.0;
    let results = model.metric_results();
    assert_eq!(model.metric_names(), ["loss", "mae", "mse"]);
    assert_close(results[0], sample_mean, 1e-6, "loss tracker");
    assert_close(results[2], sample_mean, 1e-6, "mse metric");
    let batch_mean =
        ((errors[0] + errors[1]) / 2.0 + (errors[2] + errors[3]) / 2.0 + errors[4]) / 3.0;
    assert!(
        (results[0] - batch_mean).abs() > 1e-6,
        "the data must tell the two means apart"
    );

    // Trackers run on until reset: a second pass leaves the mean unchanged.
    model.test_batches(&data, 3).unwrap();
    assert_close(
        model.metric_results()[0],
        sample_mean,
        1e-6,
        "after two passes",
    );
    model.reset_metrics();
    assert_eq!(model.metric_results(), [0.0, 0.0, 0.0]);
}

#[test]
fn fused_sigmoid_loss_matches_the_formula_on_predictions() {
    // The model reads the output's logits for the loss; the value must still be Keras's
    // binary crossentropy of its predictions.
    let mut model = Model::new(&dense_spec(11, &[3], &[(4, "tanh"), (1, "sigmoid")])).unwrap();
    model
        .compile(&compile_spec(
            "binary_crossentropy",
            json!({"name": "adam"}),
            &["binary_accuracy", "accuracy"],
        ))
        .unwrap();
    let mut rng = TestRng::new(8);
    let x = rng.uniform_vec(12, -1.0, 1.0);
    let y = vec![1.0, 0.0, 0.0, 1.0];
    let data = dataset(x.clone(), &[3], y.clone(), &[1]);
    model.test_batches(&data, 4).unwrap();
    let predictions = predict(&mut model, &x, 4);
    let bce: f64 = predictions
        .iter()
        .zip(&y)
        .map(|(&p, &t)| {
            let (p, t) = (p as f64, t as f64);
            -(t * p.ln() + (1.0 - t) * (1.0 - p).ln())
        })
        .sum::<f64>()
        / 4.0;
    let accuracy = predictions
        .iter()
        .zip(&y)
        .filter(|&(&p, &t)| (p > 0.5) == (t == 1.0))
        .count() as f64
        / 4.0;
    let results = model.metric_results();
    assert_close(results[0], bce, 1e-5, "fused bce");
    assert_eq!(results[1], accuracy);
    assert_eq!(results[2], accuracy, "accuracy resolves to binary accuracy");
}

#[test]
fn repeated_metric_names_get_suffixes() {
    let mut model = Model::new(&dense_spec(1, &[2], &[(1, "linear")])).unwrap();
    assert!(model.metric_names().is_empty(), "no names before compile");
    model
        .compile(&compile_spec(
            "mse",
            json!("sgd"),
            &["mae", "mae", "mse", "mae"],
        ))
        .unwrap();
    assert_eq!(
        model.metric_names(),
        ["loss", "mae", "mae_1", "mse", "mae_2"]
    );
}
