//! Sample weights as Keras 3 applies them (`keras/src/losses/loss.py`,
//! `reduce_weighted_values` with `sum_over_batch_size`: each value times its sample's weight,
//! summed, divided by the number of values — not by Σw), through the losses and a model;
//! metrics stay unweighted (`keras/src/trainers/compile_utils.py`: only `weighted_metrics` see
//! them), the loss tracker reports the weighted loss.
mod common;

use common::{assert_close, dense_spec, TestRng};
use kerasm_core::losses::Loss;
use kerasm_core::{Array, Dataset, Model};
use serde_json::json;

#[test]
fn weighted_losses_divide_by_the_batch_size() {
    // Keras's BinaryCrossentropy docstring: per-sample [0.916, 0.714]; sample_weight [1, 0]
    // → 0.458 (= 0.916 / 2).
    let bce = Loss::BinaryCrossentropy { from_logits: false };
    let (t, p) = ([0.0f32, 1.0, 0.0, 0.0], [0.6f32, 0.4, 0.4, 0.6]);
    let got = bce
        .compute_weighted(&p, &t, 2, Some(&[1.0, 0.0]), None)
        .unwrap();
    assert_close(got, 0.458, 1e-3, "bce docstring");
    let unweighted = bce.compute(&p, &t, 2, None).unwrap();
    let per_sample_0 = bce.compute(&p[..2], &t[..2], 2, None).unwrap();
    assert_close(got, per_sample_0 / 2.0, 1e-12, "Σ w·loss / batch");
    // Weights of 1 change nothing; weights of c scale the loss by c.
    let ones = bce
        .compute_weighted(&p, &t, 2, Some(&[1.0, 1.0]), None)
        .unwrap();
    assert_eq!(ones, unweighted);
    let threes = bce
        .compute_weighted(&p, &t, 2, Some(&[3.0, 3.0]), None)
        .unwrap();
    assert_close(threes, 3.0 * unweighted, 1e-12, "scaled");
}

#[test]
fn a_sample_weight_covers_every_row_of_its_sample() {
    // Samples of shape (2, 2): rows [1, 0], [0, 0] | [2, 2], [0, 1] against zeros.
    let p = [1.0f32, 0.0, 0.0, 0.0, 2.0, 2.0, 0.0, 1.0];
    let rows = [0.5, 0.0, 4.0, 0.5];
    let got = Loss::MeanSquaredError
        .compute_weighted(&p, &[0.0; 8], 2, Some(&[2.0, 0.5]), None)
        .unwrap();
    let expected = (2.0 * (rows[0] + rows[1]) + 0.5 * (rows[2] + rows[3])) / 4.0;
    assert_close(got, expected, 1e-12, "rows take their sample's weight");
    let mut gradient = [0.0f32; 8];
    Loss::MeanSquaredError
        .compute_weighted(&p, &[0.0; 8], 2, Some(&[2.0, 0.5]), Some(&mut gradient))
        .unwrap();
    // d/dp of w·mean((p − 0)²)/rows = w·2p / (2 · 4).
    assert_eq!(gradient, [0.5, 0.0, 0.0, 0.0, 0.25, 0.25, 0.0, 0.125]);
    let err = Loss::MeanSquaredError
        .compute_weighted(&p, &[0.0; 8], 2, Some(&[1.0, 1.0, 1.0]), None)
        .unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("SHAPE_MISMATCH", Some("sample_weight"))
    );
}

fn data(weights: Option<Vec<f32>>) -> Dataset {
    let mut rng = TestRng::new(21);
    let x = rng.uniform_vec(12 * 3, -1.0, 1.0);
    let y: Vec<f32> = x.chunks(3).map(|r| r[0] - 2.0 * r[2]).collect();
    Dataset::new(
        vec![Array::new(x, vec![3])],
        vec![Array::new(y, vec![1])],
        weights,
    )
    .unwrap()
}

fn model(learning_rate: f64) -> Model {
    let mut model = Model::new(&dense_spec(6, &[3], &[(4, "tanh"), (1, "linear")])).unwrap();
    model
        .compile(
            &json!({"loss": "mse", "metrics": ["mse"],
                "optimizer": {"name": "sgd", "learning_rate": learning_rate}})
            .to_string(),
        )
        .unwrap();
    model
}

#[test]
fn constant_weights_scale_the_step_like_the_learning_rate() {
    let order: Vec<u32> = (0..12).collect();
    let mut weighted = model(0.05);
    weighted
        .train_batches(&data(Some(vec![2.0; 12])), &order, 4)
        .unwrap();
    let mut plain = model(0.1);
    plain.train_batches(&data(None), &order, 4).unwrap();
    for (w, p) in weighted.weights().iter().zip(&plain.weights()) {
        for (a, b) in w.data.iter().zip(&p.data) {
            assert_close(*a as f64, *b as f64, 1e-6, &w.name);
        }
    }
}

#[test]
fn zero_weights_take_samples_out_of_training() {
    // Weight 0 on the odd samples: the step is that of the even samples alone, halved (the
    // loss still divides by the whole batch).
    let weights: Vec<f32> = (0..12)
        .map(|i| if i % 2 == 0 { 1.0 } else { 0.0 })
        .collect();
    let mut weighted = model(0.1);
    weighted
        .train_batches(&data(Some(weights)), &[0, 1, 2, 3, 4, 5], 6)
        .unwrap();
    let mut even_only = model(0.05);
    even_only.train_batches(&data(None), &[0, 2, 4], 3).unwrap();
    for (w, e) in weighted.weights().iter().zip(&even_only.weights()) {
        for (a, b) in w.data.iter().zip(&e.data) {
            assert_close(*a as f64, *b as f64, 1e-6, &w.name);
        }
    }
}

#[test]
fn the_loss_tracker_is_weighted_and_metrics_are_not() {
    let weights: Vec<f32> = (0..12).map(|i| (i % 3) as f32).collect();
    let mut weighted = model(0.1);
    weighted
        .test_batches(&data(Some(weights.clone())), 12)
        .unwrap();
    let mut plain = model(0.1);
    plain.test_batches(&data(None), 12).unwrap();
    let (w, p) = (weighted.metric_results(), plain.metric_results());
    assert_eq!(w[1], p[1], "the mse metric ignores sample weights");
    assert_ne!(w[0], p[0], "the loss is weighted");
    // Per-sample errors from the plain model's predictions give the weighted loss.
    let x = data(None);
    let predictions = plain.predict(&x.inputs()[..1], 12).unwrap().remove(0).data;
    let expected: f64 = predictions
        .iter()
        .zip(&x.targets()[0].data)
        .zip(&weights)
        .map(|((&p, &t), &w)| w as f64 * (p as f64 - t as f64).powi(2))
        .sum::<f64>()
        / 12.0;
    assert_close(w[0], expected, 1e-6, "weighted loss");
}
