//! The Model boundary: weight names and shapes, initializers, predict against a hand-computed
//! forward pass, iterations and learning rate, set_weights.
mod common;

use common::{assert_close, chain_spec, compile_spec, dataset, dense_spec, predict, TestRng};
use kerasm_core::Model;
use serde_json::json;

fn one_layer(
    input: &[usize],
    units: usize,
    activation: &str,
    kernel_init: &str,
    bias_init: &str,
) -> Model {
    let layer = json!({ "name": "dense", "kind": "dense", "inputs": ["input_1"],
        "config": { "units": units, "activation": activation,
                    "kernel_initializer": kernel_init, "bias_initializer": bias_init } });
    Model::new(&chain_spec(
        21,
        &[("input_1", input)],
        vec![layer],
        &["dense"],
    ))
    .unwrap()
}

#[test]
fn weights_are_named_and_shaped_like_keras() {
    let model = Model::new(&dense_spec(1, &[10], &[(16, "relu"), (1, "sigmoid")])).unwrap();
    let weights = model.weights();
    let described: Vec<(&str, &[usize])> = weights
        .iter()
        .map(|w| (w.name.as_str(), w.shape.as_slice()))
        .collect();
    assert_eq!(
        described,
        [
            ("dense/kernel", &[10, 16][..]),
            ("dense/bias", &[16][..]),
            ("dense_1/kernel", &[16, 1][..]),
            ("dense_1/bias", &[1][..])
        ]
    );
    assert!(weights.iter().all(|w| w.trainable));
    assert_eq!(model.input_shapes(), [vec![10]]);
    assert_eq!(model.output_shapes(), [vec![1]]);
    assert_eq!(model.output_names(), ["dense_1"]);
    let no_bias = json!({ "name": "d", "kind": "dense", "inputs": ["x"],
        "config": { "units": 2, "use_bias": false } });
    let weights = Model::new(&chain_spec(1, &[("x", &[3])], vec![no_bias], &["d"]))
        .unwrap()
        .weights();
    assert_eq!(weights.len(), 1);
    assert_eq!(weights[0].name, "d/kernel");
}

fn stddev(values: &[f32]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().map(|&v| v as f64).sum::<f64>() / n;
    (values
        .iter()
        .map(|&v| (v as f64 - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt()
}

#[test]
fn initializers_follow_keras_variance_scaling() {
    let (fan_in, fan_out) = (200usize, 100usize);
    // (name, bound on |w|, expected standard deviation)
    let truncated = 0.879_625_661_034_239_8;
    let cases = [
        (
            "glorot_uniform",
            (6.0 / (fan_in + fan_out) as f64).sqrt(),
            (2.0 / (fan_in + fan_out) as f64).sqrt(),
        ),
        (
            "he_uniform",
            (6.0 / fan_in as f64).sqrt(),
            (2.0 / fan_in as f64).sqrt(),
        ),
        (
            "lecun_uniform",
            (3.0 / fan_in as f64).sqrt(),
            (1.0 / fan_in as f64).sqrt(),
        ),
        (
            "glorot_normal",
            2.0 * (2.0 / (fan_in + fan_out) as f64).sqrt() / truncated,
            (2.0 / (fan_in + fan_out) as f64).sqrt(),
        ),
        (
            "he_normal",
            2.0 * (2.0 / fan_in as f64).sqrt() / truncated,
            (2.0 / fan_in as f64).sqrt(),
        ),
        (
            "lecun_normal",
            2.0 * (1.0 / fan_in as f64).sqrt() / truncated,
            (1.0 / fan_in as f64).sqrt(),
        ),
        ("random_uniform", 0.05, 0.05 / 3f64.sqrt()),
        ("truncated_normal", 0.1, 0.05 * truncated),
        ("random_normal", f64::INFINITY, 0.05),
    ];
    for (name, bound, expected_std) in cases {
        let model = one_layer(&[fan_in], fan_out, "linear", name, "ones");
        let weights = model.weights();
        let kernel = &weights[0].data;
        let max = kernel.iter().fold(0.0f64, |m, &v| m.max((v as f64).abs()));
        assert!(max <= bound * (1.0 + 1e-6), "{name}: |w| = {max} > {bound}");
        assert!(
            (stddev(kernel) / expected_std - 1.0).abs() < 0.05,
            "{name}: std {} vs {expected_std}",
            stddev(kernel)
        );
        assert!(weights[1].data.iter().all(|&b| b == 1.0), "ones bias");
    }
    let zeros = one_layer(&[4], 3, "linear", "zeros", "zeros");
    assert!(zeros
        .weights()
        .iter()
        .all(|w| w.data.iter().all(|&v| v == 0.0)));
}

/// Hand-computed `activation(x·W + b)` for one row.
fn dense_row(x: &[f32], kernel: &[f32], bias: &[f32], activation: &str) -> Vec<f64> {
    let units = bias.len();
    let z: Vec<f64> = (0..units)
        .map(|j| {
            bias[j] as f64
                + x.iter()
                    .enumerate()
                    .map(|(i, &xi)| xi as f64 * kernel[i * units + j] as f64)
                    .sum::<f64>()
        })
        .collect();
    match activation {
        "linear" => z,
        "relu" => z.iter().map(|&z| z.max(0.0)).collect(),
        "sigmoid" => z.iter().map(|&z| 1.0 / (1.0 + (-z).exp())).collect(),
        "tanh" => z.iter().map(|&z| z.tanh()).collect(),
        "softmax" => {
            let sum: f64 = z.iter().map(|&z| z.exp()).sum();
            z.iter().map(|&z| z.exp() / sum).collect()
        }
        other => panic!("no reference for {other}"),
    }
}

#[test]
fn predict_computes_the_dense_layer_for_every_activation_and_batch_size() {
    let mut rng = TestRng::new(4);
    let x = rng.uniform_vec(7 * 5, -1.0, 1.0);
    for activation in ["linear", "relu", "sigmoid", "tanh", "softmax"] {
        let mut model = one_layer(&[5], 3, activation, "glorot_uniform", "random_normal");
        let weights = model.weights();
        let expected: Vec<f64> = x
            .chunks(5)
            .flat_map(|row| dense_row(row, &weights[0].data, &weights[1].data, activation))
            .collect();
        for batch_size in [1, 3, 7, 100] {
            let got = predict(&mut model, &x, batch_size);
            assert_eq!(got.len(), 21);
            for (g, e) in got.iter().zip(&expected) {
                assert_close(
                    *g as f64,
                    *e,
                    1e-5,
                    &format!("{activation}, batch {batch_size}"),
                );
            }
        }
    }
}

#[test]
fn dense_applies_to_the_last_axis_of_a_multi_axis_input() {
    let mut model = one_layer(&[2, 3], 4, "tanh", "glorot_uniform", "random_normal");
    assert_eq!(model.output_shapes(), [vec![2, 4]]);
    let weights = model.weights();
    let x = [
        0.1f32, -0.2, 0.3, 0.4, 0.5, -0.6, 1.0, 0.0, -1.0, 0.2, 0.2, 0.2,
    ];
    let got = predict(&mut model, &x, 2);
    let expected: Vec<f64> = x
        .chunks(3)
        .flat_map(|row| dense_row(row, &weights[0].data, &weights[1].data, "tanh"))
        .collect();
    for (g, e) in got.iter().zip(&expected) {
        assert_close(*g as f64, *e, 1e-5, "rows of a (2, 3) sample");
    }
    // And it trains: labels of shape (2, 4), loss averaged over both rows of each sample.
    model
        .compile(&compile_spec(
            "mse",
            json!({"name": "sgd", "learning_rate": 0.1}),
            &["mae"],
        ))
        .unwrap();
    let data = dataset(x.to_vec(), &[2, 3], vec![0.25; 16], &[2, 4]);
    model.test_batches(&data, 2).unwrap();
    let before = model.metric_results()[0];
    for _ in 0..50 {
        model.train_batches(&data, &[0, 1], 2).unwrap();
    }
    model.reset_metrics();
    model.test_batches(&data, 2).unwrap();
    assert!(
        model.metric_results()[0] < before / 10.0,
        "{before} → {}",
        model.metric_results()[0]
    );
}

#[test]
fn set_weights_is_all_or_nothing() {
    let mut model = one_layer(&[2], 2, "linear", "glorot_uniform", "zeros");
    let before = model.weights();
    let err = model
        .set_weights(&[vec![1.0; 4], vec![1.0; 3]])
        .unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("SHAPE_MISMATCH", Some("weights[1]"))
    );
    assert!(err.to_string().contains("dense/bias"), "{err}");
    assert_eq!(
        model.weights(),
        before,
        "a failed set_weights changes nothing"
    );
    assert_eq!(
        model.set_weights(&[vec![1.0; 4]]).unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
    model
        .set_weights(&[vec![1.0, 2.0, 3.0, 4.0], vec![0.5, -0.5]])
        .unwrap();
    // [1, 1]·[[1, 2], [3, 4]] + [0.5, −0.5] = [4.5, 5.5]
    assert_eq!(predict(&mut model, &[1.0, 1.0], 1), [4.5, 5.5]);
}

#[test]
fn iterations_and_learning_rate() {
    let mut model = Model::new(&dense_spec(2, &[2], &[(1, "linear")])).unwrap();
    assert_eq!((model.iterations(), model.learning_rate()), (0, 0.0));
    model
        .compile(&compile_spec(
            "mse",
            json!({"name": "rmsprop", "learning_rate": 0.02}),
            &[],
        ))
        .unwrap();
    assert_eq!(model.learning_rate(), 0.02);
    model.set_learning_rate(0.005);
    assert_eq!(model.learning_rate(), 0.005);
    let data = dataset(vec![0.5; 14], &[2], vec![1.0; 7], &[1]);
    model
        .train_batches(&data, &[6, 5, 4, 3, 2, 1, 0], 3)
        .unwrap();
    assert_eq!(model.iterations(), 3, "batches of 3, 3 and 1");
    model.train_batches(&data, &[], 3).unwrap();
    assert_eq!(model.iterations(), 3, "an empty order takes no step");
    model
        .compile(&compile_spec("mse", json!("adam"), &[]))
        .unwrap();
    assert_eq!(
        (model.iterations(), model.learning_rate()),
        (0, 0.001),
        "recompiling starts a new optimizer"
    );
}

#[test]
fn a_model_learns_through_every_hidden_activation() {
    // y = x0·x1 needs a non-linearity; each activation must pass useful gradients.
    let mut rng = TestRng::new(31);
    let x = rng.uniform_vec(2 * 64, -1.0, 1.0);
    let y: Vec<f32> = x.chunks(2).map(|r| r[0] * r[1]).collect();
    let data = dataset(x, &[2], y, &[1]);
    for activation in ["relu", "sigmoid", "tanh", "softmax"] {
        let mut model =
            Model::new(&dense_spec(3, &[2], &[(16, activation), (1, "linear")])).unwrap();
        model
            .compile(&compile_spec(
                "mse",
                json!({"name": "adam", "learning_rate": 0.02}),
                &[],
            ))
            .unwrap();
        model.test_batches(&data, 64).unwrap();
        let before = model.metric_results()[0];
        for _ in 0..200 {
            model
                .train_batches(&data, &rng.permutation(64), 16)
                .unwrap();
        }
        model.reset_metrics();
        model.test_batches(&data, 64).unwrap();
        let after = model.metric_results()[0];
        assert!(after < before * 0.5, "{activation}: mse {before} → {after}");
    }
}

#[test]
fn a_model_whose_output_is_its_input_evaluates_without_weights() {
    let spec = json!({ "seed": 0, "inputs": [{ "name": "x", "shape": [2] }], "layers": [], "nodes": [],
        "outputs": ["x"] });
    let mut model = Model::new(&spec.to_string()).unwrap();
    assert!(model.weights().is_empty());
    assert_eq!(predict(&mut model, &[1.0, -2.0], 4), [1.0, -2.0]);
    model
        .compile(&compile_spec("mse", json!("sgd"), &[]))
        .unwrap();
    let data = dataset(vec![1.0, -2.0], &[2], vec![0.0, 0.0], &[2]);
    model.train_batches(&data, &[0], 1).unwrap();
    assert_eq!(model.metric_results(), [2.5]);
    assert_eq!(model.iterations(), 1);
}
