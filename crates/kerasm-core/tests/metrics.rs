//! Metric values against Keras 3's definitions (`keras/src/metrics/accuracy_metrics.py`,
//! `regression_metrics.py`, `confusion_metrics.py` and `metrics_utils.py` for precision, recall
//! and AUC, and `keras/src/trainers/compile_utils.py` for `"accuracy"`, several outputs and
//! their names), and the trackers' averaging through a model (`keras/src/trainers/trainer.py`:
//! the loss tracker is updated with `sample_weight=batch_size`).
mod common;

use common::{assert_close, chain_spec, compile_spec, dataset, dense_spec, predict, TestRng};
use kerasm_core::metrics::{MeanTracker, Metric, MetricChoice, TrackedMetric};
use kerasm_core::{Array, Dataset, Model};
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

/// A metric built from its CompileSpec entry, for an output of per-sample `shape`.
fn tracked(spec: serde_json::Value, shape: &[usize]) -> TrackedMetric {
    TrackedMetric::from_spec(&spec, "metrics[0]", shape).unwrap()
}

/// The metric's value after one batch.
fn result_of(spec: serde_json::Value, p: &[f32], t: &[f32], shape: &[usize]) -> f64 {
    let mut metric = tracked(spec, shape);
    metric.update(p, t, *shape.last().unwrap()).unwrap();
    metric.result()
}

#[test]
fn top_k_accuracy_counts_the_label_among_the_k_highest() {
    // Keras docstrings (k=1): y_true [[0, 0, 1], [0, 1, 0]] (sparse: [2, 1]),
    // y_pred [[0.1, 0.9, 0.8], [0.05, 0.95, 0]] → 0.5.
    let p = [0.1f32, 0.9, 0.8, 0.05, 0.95, 0.0];
    let onehot = [0.0f32, 0.0, 1.0, 0.0, 1.0, 0.0];
    let top_1 = json!({"name": "top_k_categorical_accuracy", "k": 1});
    assert_eq!(result_of(top_1, &p, &onehot, &[3]), 0.5);
    let sparse_top_1 = json!({"name": "sparse_top_k_categorical_accuracy", "k": 1});
    assert_eq!(result_of(sparse_top_1, &p, &[2.0, 1.0], &[3]), 0.5);
    // k = 2 takes 0.8 in: both hit. The default k is 5, more than the 3 classes.
    let top_2 = json!({"name": "top_k_categorical_accuracy", "k": 2});
    assert_eq!(result_of(top_2, &p, &onehot, &[3]), 1.0);
    assert_eq!(
        result_of(
            json!("sparse_top_k_categorical_accuracy"),
            &[0.1, 0.2, 0.7, 0.0, 0.0, 0.0],
            &[0.0, 2.0],
            &[3]
        ),
        1.0
    );
    // TF's in_top_k: ties with the k-th value count as in the top k.
    let tie = json!({"name": "sparse_top_k_categorical_accuracy", "k": 1});
    assert_eq!(result_of(tie, &[0.4, 0.4, 0.2], &[1.0], &[3]), 1.0);
}

#[test]
fn precision_and_recall_count_over_every_value() {
    // Keras docstrings: update_state([0, 1, 1, 1], [1, 0, 1, 1]) → 2/3 for both.
    let (t, p) = ([0.0f32, 1.0, 1.0, 1.0], [1.0f32, 0.0, 1.0, 1.0]);
    assert_close(
        result_of(json!("precision"), &p, &t, &[1]),
        2.0 / 3.0,
        1e-12,
        "precision",
    );
    assert_close(
        result_of(json!("recall"), &p, &t, &[1]),
        2.0 / 3.0,
        1e-12,
        "recall",
    );
    // Predictions are positive when strictly above the threshold.
    let (t, p) = ([1.0f32, 0.0, 1.0, 0.0], [0.5f32, 0.6, 0.9, 0.2]);
    assert_close(
        result_of(json!("precision"), &p, &t, &[2]),
        0.5,
        1e-12,
        "at 0.5",
    );
    assert_close(
        result_of(json!("recall"), &p, &t, &[2]),
        0.5,
        1e-12,
        "recall at 0.5",
    );
    let low = json!({"name": "recall", "threshold": 0.4});
    assert_close(result_of(low, &p, &t, &[2]), 1.0, 1e-12, "recall at 0.4");
    // No positive prediction: 0, as Keras's divide_no_nan.
    assert_eq!(
        result_of(json!("precision"), &[0.1, 0.2], &[1.0, 1.0], &[2]),
        0.0
    );
}

#[test]
fn precision_accumulates_across_batches_until_reset() {
    let mut precision = tracked(json!("precision"), &[1]);
    precision.update(&[0.9, 0.8], &[1.0, 0.0], 1).unwrap();
    precision.update(&[0.7, 0.1], &[1.0, 1.0], 1).unwrap();
    // tp = 2, fp = 1 over both batches (not the mean of 0.5 and 1).
    assert_close(precision.result(), 2.0 / 3.0, 1e-12, "running precision");
    precision.reset();
    assert_eq!(precision.result(), 0.0);
}

#[test]
fn auc_is_keras_riemann_sum_over_bucketed_thresholds() {
    // Keras docstring: AUC(num_thresholds=3) of [0, 0, 1, 1] vs [0, 0.5, 0.3, 0.9] → 0.75.
    let (t, p) = ([0.0f32, 0.0, 1.0, 1.0], [0.0f32, 0.5, 0.3, 0.9]);
    let three = |extra: serde_json::Value| {
        let mut spec = json!({"name": "auc", "num_thresholds": 3});
        spec.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        spec
    };
    assert_close(
        result_of(three(json!({})), &p, &t, &[1]),
        0.75,
        1e-12,
        "auc docstring",
    );
    // recall [1, 0.5, 0] over fp rate [1, 0, 0]: the lower or upper end of the first interval.
    let minoring = three(json!({"summation_method": "minoring"}));
    assert_close(result_of(minoring, &p, &t, &[1]), 0.5, 1e-12, "minoring");
    let majoring = three(json!({"summation_method": "majoring"}));
    assert_close(result_of(majoring, &p, &t, &[1]), 1.0, 1e-12, "majoring");
    // A separable case: PR with Davis–Goadrich interpolation is 1.
    let separable = ([0.0f32, 0.0, 1.0, 1.0], [0.1f32, 0.2, 0.8, 0.9]);
    let pr = three(json!({"curve": "PR"}));
    assert_close(
        result_of(pr, &separable.1, &separable.0, &[1]),
        1.0,
        1e-12,
        "PR auc",
    );
    // Logits are read through a sigmoid.
    let logits: Vec<f32> = p.iter().map(|&q| (q / (1.0 - q + 1e-9)).ln()).collect();
    let from_logits = three(json!({"from_logits": true}));
    assert_close(
        result_of(from_logits, &logits, &t, &[1]),
        0.75,
        1e-6,
        "from logits",
    );
}

#[test]
fn default_auc_approximates_the_exact_roc_area() {
    let mut rng = TestRng::new(17);
    let n = 400;
    let labels: Vec<f32> = (0..n).map(|_| (rng.next_u64() % 2) as f32).collect();
    let predictions: Vec<f32> = labels
        .iter()
        .map(|&t| (0.35 * t as f64 + rng.uniform(0.0, 0.65)) as f32)
        .collect();
    // The exact area: the fraction of (positive, negative) pairs ranked right (ties half).
    let (mut pairs, mut right) = (0.0, 0.0);
    for (i, &ti) in labels.iter().enumerate() {
        for (j, &tj) in labels.iter().enumerate() {
            if ti == 1.0 && tj == 0.0 {
                pairs += 1.0;
                right += match predictions[i].partial_cmp(&predictions[j]) {
                    Some(std::cmp::Ordering::Greater) => 1.0,
                    Some(std::cmp::Ordering::Equal) => 0.5,
                    _ => 0.0,
                };
            }
        }
    }
    let mut auc = tracked(json!("auc"), &[1]);
    // In batches: the counts accumulate.
    for (p, t) in predictions.chunks(64).zip(labels.chunks(64)) {
        auc.update(p, t, 1).unwrap();
    }
    assert_close(auc.result(), right / pairs, 5e-3, "200-threshold auc");
}

#[test]
fn bad_metric_specs_are_errors() {
    let cases = [
        (json!("f1"), "UNKNOWN_NAME", "metrics[0]"),
        (
            json!({"name": "mae", "k": 3}),
            "INVALID_ARGUMENT",
            "metrics[0].k",
        ),
        (
            json!({"name": "top_k_categorical_accuracy", "k": 0}),
            "INVALID_ARGUMENT",
            "metrics[0].k",
        ),
        (
            json!({"name": "precision", "threshold": 1.5}),
            "INVALID_ARGUMENT",
            "metrics[0].threshold",
        ),
        (
            json!({"name": "auc", "num_thresholds": 1}),
            "INVALID_ARGUMENT",
            "metrics[0].num_thresholds",
        ),
        (
            json!({"name": "auc", "curve": "DET"}),
            "INVALID_ARGUMENT",
            "metrics[0].curve",
        ),
        (
            json!({"name": "auc", "top_k": 2}),
            "INVALID_JSON",
            "metrics[0]",
        ),
        (json!(7), "INVALID_ARGUMENT", "metrics[0]"),
    ];
    for (spec, code, argument) in cases {
        let err = TrackedMetric::from_spec(&spec, "metrics[0]", &[3]).unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            (code, Some(argument)),
            "{spec}: {err}"
        );
    }
}

#[test]
fn custom_metric_expressions_average_over_samples() {
    // max |y_pred − y_true| per sample, averaged over every sample seen.
    let spec = json!({"name": "max_error", "expression": {"nodes": [
        {"op": "sub", "inputs": ["y_pred", "y_true"]},
        {"op": "abs", "inputs": [0]},
        {"op": "max", "inputs": [1], "axis": -1}
    ], "output": 2}});
    let mut metric = tracked(spec, &[2]);
    assert_eq!(metric.name, "max_error");
    metric
        .update(&[1.0, 0.0, 0.5, 0.5], &[0.0, 0.0, 0.0, 2.0], 2)
        .unwrap();
    metric.update(&[3.0, 3.0], &[0.0, 0.0], 2).unwrap();
    assert_close(
        metric.result(),
        (1.0 + 1.5 + 3.0) / 3.0,
        1e-12,
        "custom metric",
    );
}

/// Two heads on one input: `reg` (1 linear unit) and `cls` (3-way softmax).
fn two_output_model() -> Model {
    let spec = chain_spec(
        5,
        &[("x", &[4])],
        vec![
            json!({"name": "reg", "kind": "dense", "inputs": ["x"], "config": {"units": 1}}),
            json!({"name": "cls", "kind": "dense", "inputs": ["x"],
                   "config": {"units": 3, "activation": "softmax"}}),
        ],
        &["reg", "cls"],
    );
    Model::new(&spec).unwrap()
}

#[test]
fn several_outputs_track_each_loss_and_prefix_metric_names() {
    let mut model = two_output_model();
    model
        .compile(
            &json!({"loss": ["mse", "sparse_categorical_crossentropy"], "loss_weights": [1.0, 0.2],
                    "optimizer": "sgd", "metrics": [["mae"], ["acc", {"name": "sparse_top_k_categorical_accuracy", "k": 3}]]})
            .to_string(),
        )
        .unwrap();
    assert_eq!(
        model.metric_names(),
        [
            "loss",
            "reg_loss",
            "cls_loss",
            "reg_mae",
            "cls_acc",
            "cls_sparse_top_k_categorical_accuracy"
        ]
    );
    let mut rng = TestRng::new(3);
    let x = rng.uniform_vec(6 * 4, -1.0, 1.0);
    let y_reg = rng.uniform_vec(6, -1.0, 1.0);
    let y_cls: Vec<f32> = (0..6).map(|i| (i % 3) as f32).collect();
    let data = Dataset::new(
        vec![Array::new(x.clone(), vec![4])],
        vec![
            Array::new(y_reg.clone(), vec![1]),
            Array::new(y_cls.clone(), vec![]),
        ],
        None,
    )
    .unwrap();
    model.test_batches(&data, 4).unwrap();
    let outputs = model.predict(&[Array::new(x, vec![4])], 6).unwrap();
    let mse: f64 = per_sample_mse(&outputs[0].data, &y_reg).iter().sum::<f64>() / 6.0;
    let scce: f64 = outputs[1]
        .data
        .chunks(3)
        .zip(&y_cls)
        .map(|(p, &t)| -(p[t as usize] as f64).ln())
        .sum::<f64>()
        / 6.0;
    let results = model.metric_results();
    assert_close(results[1], mse, 1e-5, "reg_loss");
    assert_close(results[2], scce, 1e-5, "cls_loss");
    // The total is Σ wᵢ·lossᵢ.
    assert_close(results[0], mse + 0.2 * scce, 1e-5, "loss");
    // `acc` resolves per output: sparse categorical accuracy against class indices.
    let accuracy = outputs[1]
        .data
        .chunks(3)
        .zip(&y_cls)
        .filter(|(p, &t)| {
            let best = (0..3).fold(0, |b, i| if p[i] > p[b] { i } else { b });
            best == t as usize
        })
        .count() as f64
        / 6.0;
    assert_close(results[4], accuracy, 1e-12, "cls_acc");
    assert_eq!(results[5], 1.0, "every class is in the top 3 of 3");
}

#[test]
fn one_loss_applies_to_every_output_and_lists_must_match_the_outputs() {
    let mut model = two_output_model();
    model
        .compile(&json!({"loss": "mse", "optimizer": "sgd"}).to_string())
        .unwrap();
    assert_eq!(model.metric_names(), ["loss", "reg_loss", "cls_loss"]);
    let cases = [
        (json!({"loss": ["mse"], "optimizer": "sgd"}), "loss"),
        (
            json!({"loss": "mse", "loss_weights": [1.0], "optimizer": "sgd"}),
            "loss_weights",
        ),
        (
            json!({"loss": "mse", "optimizer": "sgd", "metrics": ["mae"]}),
            "metrics",
        ),
        (
            json!({"loss": "mse", "optimizer": "sgd", "metrics": [["mae"]]}),
            "metrics",
        ),
        (
            json!({"loss": ["mse", "hinge_x"], "optimizer": "sgd"}),
            "loss[1]",
        ),
        (
            json!({"loss": "mse", "optimizer": "sgd", "metrics": [["mae"], ["f1"]]}),
            "metrics[1][0]",
        ),
    ];
    for (spec, argument) in cases {
        let err = model.compile(&spec.to_string()).unwrap_err();
        assert_eq!(err.argument(), Some(argument), "{spec}: {err}");
    }
}

#[test]
fn loss_weights_scale_the_gradient() {
    // SGD with lr 0.1 on 2·mse moves the weights as lr 0.2 on mse.
    let train = |spec: serde_json::Value| {
        let mut model = Model::new(&dense_spec(9, &[3], &[(2, "tanh"), (1, "linear")])).unwrap();
        model.compile(&spec.to_string()).unwrap();
        let mut rng = TestRng::new(4);
        let data = dataset(
            rng.uniform_vec(24, -1.0, 1.0),
            &[3],
            rng.uniform_vec(8, -1.0, 1.0),
            &[1],
        );
        model
            .train_batches(&data, &[0, 1, 2, 3, 4, 5, 6, 7], 4)
            .unwrap();
        model.weights()
    };
    let weighted = train(json!({"loss": "mse", "loss_weights": [2.0],
        "optimizer": {"name": "sgd", "learning_rate": 0.1}}));
    let plain = train(json!({"loss": "mse", "optimizer": {"name": "sgd", "learning_rate": 0.2}}));
    for (w, p) in weighted.iter().zip(&plain) {
        for (a, b) in w.data.iter().zip(&p.data) {
            assert_close(*a as f64, *b as f64, 1e-6, &w.name);
        }
    }
}
