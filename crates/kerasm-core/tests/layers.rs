//! The layers against Keras 3's formulas: batch normalization (inference with given moving
//! statistics, training with batch statistics and the moving-average update), layer
//! normalization, dropout (scaling, rate, training only), embedding lookups and index errors,
//! flatten/reshape/concatenate/add shapes and values, regularizer penalties in `loss`, and the
//! configuration errors.
mod common;

use common::{
    assert_close, chain_spec, check_model_gradient, compile_spec, dataset, evaluate_loss, predict,
    TestRng,
};
use kerasm_core::graph::{ForwardArgs, Inputs, Op, Phase};
use kerasm_core::layers::dropout::DropoutOp;
use kerasm_core::{Array, Error, Model};
use serde_json::{json, Value};

/// A model of one layer called on one input of `shape`.
fn one_layer(kind: &str, config: Value, shape: &[usize]) -> Result<Model, Error> {
    let layer = json!({ "name": "layer", "kind": kind, "inputs": ["x"], "config": config });
    Model::new(&chain_spec(3, &[("x", shape)], vec![layer], &["layer"]))
}

fn assert_error(result: Result<Model, Error>, code: &str, argument: &str) -> Error {
    let err = result.expect_err("an error");
    assert_eq!(
        (err.code(), err.argument()),
        (code, Some(argument)),
        "{err}"
    );
    err
}

#[test]
fn batch_normalization_weights_are_named_and_initialised_like_keras() {
    let model = one_layer("batch_normalization", json!({}), &[3]).unwrap();
    let described: Vec<(String, Vec<usize>, bool, Vec<f32>)> = model
        .weights()
        .into_iter()
        .map(|w| (w.name, w.shape, w.trainable, w.data))
        .collect();
    let expected = [
        ("layer/gamma", true, 1.0),
        ("layer/beta", true, 0.0),
        ("layer/moving_mean", false, 0.0),
        ("layer/moving_variance", false, 1.0),
    ];
    assert_eq!(described.len(), expected.len());
    for ((name, shape, trainable, data), (e_name, e_trainable, e_value)) in
        described.iter().zip(expected)
    {
        assert_eq!(
            (name.as_str(), shape.as_slice(), *trainable),
            (e_name, &[3][..], e_trainable)
        );
        assert!(data.iter().all(|&v| v == e_value), "{name}: {data:?}");
    }
    let without = one_layer(
        "batch_normalization",
        json!({"center": false, "scale": false}),
        &[3],
    )
    .unwrap();
    let names: Vec<String> = without.weights().into_iter().map(|w| w.name).collect();
    assert_eq!(names, ["layer/moving_mean", "layer/moving_variance"]);
}

#[test]
fn batch_normalization_infers_with_the_moving_statistics() {
    let epsilon = 0.01;
    let mut model = one_layer("batch_normalization", json!({"epsilon": epsilon}), &[2, 3]).unwrap();
    let (gamma, beta) = ([1.5f32, -0.5, 2.0], [0.1f32, 0.2, -0.3]);
    let (mean, variance) = ([0.5f32, -1.0, 0.0], [4.0f32, 0.25, 1.0]);
    model
        .set_weights(&[
            gamma.to_vec(),
            beta.to_vec(),
            mean.to_vec(),
            variance.to_vec(),
        ])
        .unwrap();
    let mut rng = TestRng::new(5);
    let x = rng.uniform_vec(4 * 6, -2.0, 2.0);
    let got = predict(&mut model, &x, 3);
    for (i, (&y, &x)) in got.iter().zip(&x).enumerate() {
        let j = i % 3;
        let expected = gamma[j] as f64 * (x as f64 - mean[j] as f64)
            / (variance[j] as f64 + epsilon).sqrt()
            + beta[j] as f64;
        assert_close(y as f64, expected, 1e-5, &format!("y[{i}]"));
    }
}

#[test]
fn batch_normalization_trains_on_batch_statistics_and_moves_the_moving_ones() {
    let momentum = 0.9;
    let mut model = one_layer("batch_normalization", json!({"momentum": momentum}), &[2]).unwrap();
    // AdamW decays every trainable weight: the moving statistics must not be touched by it.
    model
        .compile(&compile_spec(
            "mse",
            json!({"name": "adamw", "learning_rate": 0.1, "weight_decay": 0.5}),
            &[],
        ))
        .unwrap();
    let x = vec![1.0f32, 10.0, 3.0, 20.0, 8.0, 30.0, 4.0, 40.0];
    let data = dataset(x.clone(), &[2], vec![0.0; 8], &[2]);
    let rows = 4.0;
    let column = |j: usize| x.iter().skip(j).step_by(2).map(|&v| v as f64);
    let means: Vec<f64> = (0..2).map(|j| column(j).sum::<f64>() / rows).collect();
    let variances: Vec<f64> = (0..2)
        .map(|j| column(j).map(|v| (v - means[j]).powi(2)).sum::<f64>() / rows)
        .collect();
    model.train_batches(&data, &[0, 1, 2, 3], 4).unwrap();
    // Training normalizes with the batch's statistics: with γ = 1 and β = 0 the outputs have
    // mean 0 and variance σ²/(σ² + ε), so the mse against zeros is their mean square.
    let expected_loss = (0..2)
        .map(|j| variances[j] / (variances[j] + 1e-3))
        .sum::<f64>()
        / 2.0;
    assert_close(
        model.metric_results()[0],
        expected_loss,
        1e-5,
        "training loss",
    );
    let weights = model.weights();
    for j in 0..2 {
        // Keras: moving = moving·momentum + batch·(1 − momentum), the variance biased.
        let mean = 0.0 * momentum + means[j] * (1.0 - momentum);
        let variance = 1.0 * momentum + variances[j] * (1.0 - momentum);
        assert_close(weights[2].data[j] as f64, mean, 1e-5, "moving_mean");
        assert_close(weights[3].data[j] as f64, variance, 1e-5, "moving_variance");
    }
    assert_eq!(weights[2].name, "layer/moving_mean");
    // Evaluation normalizes with the moving statistics and moves nothing.
    let moving: Vec<Vec<f32>> = weights.iter().map(|w| w.data.clone()).collect();
    evaluate_loss(&mut model, &data);
    let after: Vec<Vec<f32>> = model.weights().iter().map(|w| w.data.clone()).collect();
    assert_eq!(after, moving, "evaluation changes no statistic");
}

#[test]
fn layer_normalization_normalizes_each_row() {
    let epsilon = 1e-3;
    let mut model = one_layer("layer_normalization", json!({}), &[2, 4]).unwrap();
    let names: Vec<(String, bool)> = model
        .weights()
        .into_iter()
        .map(|w| (w.name, w.trainable))
        .collect();
    assert_eq!(
        names,
        [
            ("layer/gamma".to_string(), true),
            ("layer/beta".to_string(), true)
        ]
    );
    let (gamma, beta) = ([1.0f32, 2.0, -1.0, 0.5], [0.0f32, 1.0, 0.5, -0.5]);
    model.set_weights(&[gamma.to_vec(), beta.to_vec()]).unwrap();
    let mut rng = TestRng::new(8);
    let x = rng.uniform_vec(3 * 8, -3.0, 3.0);
    let got = predict(&mut model, &x, 2);
    for (r, (y_row, x_row)) in got.chunks(4).zip(x.chunks(4)).enumerate() {
        let mean = x_row.iter().map(|&v| v as f64).sum::<f64>() / 4.0;
        let variance = x_row
            .iter()
            .map(|&v| (v as f64 - mean).powi(2))
            .sum::<f64>()
            / 4.0;
        for j in 0..4 {
            let expected = gamma[j] as f64 * (x_row[j] as f64 - mean) / (variance + epsilon).sqrt()
                + beta[j] as f64;
            assert_close(y_row[j] as f64, expected, 1e-5, &format!("row {r}, {j}"));
        }
    }
    assert_error(
        one_layer("layer_normalization", json!({"axis": [1, 2]}), &[2, 4]),
        "UNSUPPORTED",
        "layers[0].config.axis",
    );
    assert!(one_layer("layer_normalization", json!({"axis": [-1]}), &[2, 4]).is_ok());
}

/// Runs a dropout op over `n` ones in training with `seed`.
fn dropout_mask(rate: f32, n: usize, seed: u64) -> Vec<f32> {
    let op = Op::Dropout(DropoutOp { rate, width: n });
    let x = vec![vec![1.0f32; n]];
    let mut output = vec![0.0; n];
    let mut scratch = vec![0.0; op.scratch_len(1)];
    op.forward(ForwardArgs {
        rows: 1,
        inputs: Inputs::new(&x, &[0]),
        params: &[],
        state: &mut [],
        output: &mut output,
        logits: None,
        scratch: &mut scratch,
        phase: Phase::Training { seed },
    })
    .unwrap();
    output
}

#[test]
fn dropout_drops_at_its_rate_and_scales_what_it_keeps() {
    let n = 20_000;
    for rate in [0.1f32, 0.5, 0.8] {
        let output = dropout_mask(rate, n, 9);
        let scale = 1.0 / (1.0 - rate);
        assert!(
            output.iter().all(|&y| y == 0.0 || y == scale),
            "rate {rate}: values are 0 or 1/(1 − rate)"
        );
        let dropped = output.iter().filter(|&&y| y == 0.0).count() as f64 / n as f64;
        // Binomial standard deviation is below 0.004 here: 5σ.
        assert!(
            (dropped - rate as f64).abs() < 0.02,
            "rate {rate}: dropped {dropped}"
        );
    }
    assert_eq!(
        dropout_mask(0.5, 64, 1),
        dropout_mask(0.5, 64, 1),
        "same seed, same mask"
    );
    assert_ne!(
        dropout_mask(0.5, 64, 1),
        dropout_mask(0.5, 64, 2),
        "another seed, another mask"
    );
    assert!(
        dropout_mask(0.0, 64, 1).iter().all(|&y| y == 1.0),
        "rate 0 keeps everything"
    );
    assert!(
        dropout_mask(1.0, 64, 1).iter().all(|&y| y == 0.0),
        "rate 1 drops everything"
    );
}

#[test]
fn dropout_is_active_in_training_steps_only() {
    let mut model = one_layer("dropout", json!({"rate": 0.5, "seed": 3}), &[200]).unwrap();
    let x = vec![1.0f32; 2 * 200];
    assert_eq!(predict(&mut model, &x, 2), x, "predict is the identity");
    model
        .compile(&compile_spec("mse", json!("sgd"), &[]))
        .unwrap();
    let data = dataset(x, &[200], vec![0.0; 400], &[200]);
    assert_eq!(
        evaluate_loss(&mut model, &data),
        1.0,
        "evaluate is the identity"
    );
    // In training the output is 0 or 2, so the mse against zeros is 4 × the kept fraction;
    // a new mask every step.
    let mut losses = Vec::new();
    for _ in 0..3 {
        model.reset_metrics();
        model.train_batches(&data, &[0, 1], 2).unwrap();
        losses.push(model.metric_results()[0]);
    }
    for &loss in &losses {
        let kept = loss / 4.0;
        assert!((kept - 0.5).abs() < 0.1, "kept fraction {kept}");
    }
    assert!(
        losses[0] != losses[1] || losses[1] != losses[2],
        "{losses:?}"
    );
}

#[test]
fn embedding_looks_rows_up_and_rejects_bad_indices() {
    let mut model = one_layer("embedding", json!({"input_dim": 5, "output_dim": 3}), &[4]).unwrap();
    assert_eq!(model.output_shapes(), [vec![4, 3]]);
    let weights = model.weights();
    assert_eq!(
        (
            weights[0].name.as_str(),
            weights[0].shape.as_slice(),
            weights[0].trainable
        ),
        ("layer/embeddings", &[5, 3][..], true)
    );
    // Keras's default "uniform": RandomUniform(-0.05, 0.05).
    assert!(weights[0].data.iter().all(|v| v.abs() <= 0.05));
    assert!(weights[0].data.iter().any(|&v| v != 0.0));
    let table = &weights[0].data;
    let x = [4.0f32, 0.0, 2.0, 2.0, 1.0, 3.0, 0.0, 4.0];
    let got = predict(&mut model, &x, 8);
    for (position, &index) in x.iter().enumerate() {
        let row = index as usize;
        assert_eq!(
            got[position * 3..position * 3 + 3],
            table[row * 3..row * 3 + 3]
        );
    }
    for bad in [5.0f32, -1.0, 1.5, f32::NAN] {
        let inputs = [Array::new(vec![0.0, 1.0, bad, 2.0], vec![4])];
        let err = model.predict(&inputs, 1).unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            ("INDEX_OUT_OF_RANGE", Some("layer.inputs")),
            "{err}"
        );
        assert!(err.to_string().contains("[0, 5)"), "{err}");
    }
    assert_error(
        one_layer(
            "embedding",
            json!({"input_dim": 5, "output_dim": 3, "mask_zero": true}),
            &[4],
        ),
        "UNSUPPORTED",
        "layers[0].config.mask_zero",
    );
    assert_error(
        one_layer("embedding", json!({"input_dim": 0, "output_dim": 3}), &[4]),
        "INVALID_ARGUMENT",
        "layers[0].config.input_dim",
    );
}

#[test]
fn embedding_gradients_reach_the_rows_that_were_read() {
    let layers = vec![
        json!({"name": "embedding", "kind": "embedding", "inputs": ["tokens"],
               "config": {"input_dim": 6, "output_dim": 3}}),
        json!({"name": "flatten", "kind": "flatten", "inputs": ["embedding"]}),
        json!({"name": "out", "kind": "dense", "inputs": ["flatten"],
               "config": {"units": 2, "activation": "tanh"}}),
    ];
    let spec = chain_spec(4, &[("tokens", &[3])], layers, &["out"]);
    let mut model = Model::new(&spec).unwrap();
    // Token 1 twice in a sample, tokens 0 and 5 never: their rows get no gradient.
    let x = vec![1.0, 2.0, 1.0, 3.0, 4.0, 2.0];
    let data = dataset(x, &[3], vec![0.5, -0.5, 0.2, 0.1], &[2]);
    check_model_gradient(
        &mut model,
        &data,
        json!("mse"),
        "embedding → flatten → dense",
    );
    let gradient = common::sgd_gradient(&mut model, &data, json!("mse"));
    let table = &gradient[0];
    assert!(table[..3].iter().chain(&table[15..]).all(|&g| g == 0.0));
    assert!(table[3..6].iter().all(|&g| g != 0.0));
}

#[test]
fn flatten_and_reshape_keep_the_values() {
    let flatten = one_layer("flatten", json!({}), &[2, 3]).unwrap();
    assert_eq!(flatten.output_shapes(), [vec![6]]);
    let mut reshape = one_layer("reshape", json!({"target_shape": [3, -1]}), &[2, 3]).unwrap();
    assert_eq!(reshape.output_shapes(), [vec![3, 2]]);
    let x: Vec<f32> = (0..12).map(|v| v as f32).collect();
    assert_eq!(predict(&mut reshape, &x, 2), x, "row-major order is kept");
    assert!(reshape.weights().is_empty());
    assert_error(
        one_layer("reshape", json!({"target_shape": [4, -1]}), &[2, 3]),
        "SHAPE_MISMATCH",
        "nodes[0].inputs",
    );
    let huge = 1i64 << 40;
    assert_error(
        one_layer(
            "reshape",
            json!({"target_shape": [huge, huge, -1]}),
            &[2, 3],
        ),
        "SHAPE_MISMATCH",
        "nodes[0].inputs",
    );
    assert_error(
        one_layer("reshape", json!({"target_shape": [-1, -1]}), &[2, 3]),
        "INVALID_ARGUMENT",
        "layers[0].config.target_shape",
    );
}

/// A model `merge(a, b)` for a merge layer `kind`.
fn merged(kind: &str, config: Value, a: &[usize], b: &[usize]) -> Result<Model, Error> {
    let layer = json!({"name": "merge", "kind": kind, "inputs": ["a", "b"], "config": config});
    Model::new(&chain_spec(
        1,
        &[("a", a), ("b", b)],
        vec![layer],
        &["merge"],
    ))
}

#[test]
fn concatenate_and_add_merge_their_inputs() {
    let mut model = merged("concatenate", json!({}), &[2, 3], &[2, 1]).unwrap();
    assert_eq!(model.output_shapes(), [vec![2, 4]]);
    let a = Array::new((0..6).map(|v| v as f32).collect(), vec![2, 3]);
    let b = Array::new(vec![10.0, 20.0], vec![2, 1]);
    let got = model.predict(&[a.clone(), b], 1).unwrap();
    assert_eq!(got[0].data, [0.0, 1.0, 2.0, 10.0, 3.0, 4.0, 5.0, 20.0]);

    let mut model = merged("concatenate", json!({"axis": 1}), &[2, 3], &[1, 3]).unwrap();
    assert_eq!(model.output_shapes(), [vec![3, 3]]);
    let b = Array::new(vec![7.0, 8.0, 9.0], vec![1, 3]);
    let got = model.predict(&[a.clone(), b], 1).unwrap();
    assert_eq!(got[0].data, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 8.0, 9.0]);

    let mut model = merged("add", json!({}), &[2, 3], &[2, 3]).unwrap();
    let b = Array::new(vec![1.0; 6], vec![2, 3]);
    let got = model.predict(&[a, b], 1).unwrap();
    assert_eq!(got[0].data, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);

    assert_error(
        merged("concatenate", json!({}), &[2, 3], &[3, 1]),
        "SHAPE_MISMATCH",
        "nodes[0].inputs[1]",
    );
    assert_error(
        merged("concatenate", json!({"axis": 0}), &[2, 3], &[2, 3]),
        "INVALID_ARGUMENT",
        "layers[0].config.axis",
    );
    assert_error(
        merged("add", json!({}), &[2, 3], &[3]),
        "SHAPE_MISMATCH",
        "nodes[0].inputs[1]",
    );
}

#[test]
fn weight_regularizer_penalties_are_added_to_the_loss_as_keras() {
    let config = json!({"units": 2, "kernel_regularizer": {"l1": 0.01, "l2": 0.02},
                        "bias_regularizer": {"l2": 0.5}});
    let mut model = one_layer("dense", config, &[3]).unwrap();
    let kernel = vec![0.5f32, -1.0, 0.25, 2.0, -0.75, 0.1];
    let bias = vec![0.3f32, -0.4];
    model.set_weights(&[kernel.clone(), bias.clone()]).unwrap();
    model
        .compile(&compile_spec("mse", json!("sgd"), &[]))
        .unwrap();
    let x = vec![0.1f32, 0.2, 0.3, -0.4, 0.5, -0.6];
    let y = vec![1.0f32, 0.0, 0.0, 1.0];
    let data = dataset(x.clone(), &[3], y.clone(), &[2]);
    let predictions = predict(&mut model, &x, 2);
    let mse = predictions
        .iter()
        .zip(&y)
        .map(|(&p, &t)| (p as f64 - t as f64).powi(2))
        .sum::<f64>()
        / 4.0;
    let l1 = kernel.iter().map(|&w| (w as f64).abs()).sum::<f64>();
    let l2 = kernel.iter().map(|&w| (w as f64).powi(2)).sum::<f64>();
    let bias_l2 = bias.iter().map(|&b| (b as f64).powi(2)).sum::<f64>();
    let penalty = 0.01 * l1 + 0.02 * l2 + 0.5 * bias_l2;
    assert_close(
        evaluate_loss(&mut model, &data),
        mse + penalty,
        1e-6,
        "evaluate loss",
    );
    // Training reports the same total (the step comes after the loss).
    model.reset_metrics();
    model.train_batches(&data, &[0, 1], 2).unwrap();
    assert_close(
        model.metric_results()[0],
        mse + penalty,
        1e-6,
        "training loss",
    );
}

#[test]
fn activity_regularizer_penalty_is_summed_over_the_batch() {
    let config = json!({"units": 2, "activation": "tanh",
                        "activity_regularizer": {"l1": 0.1, "l2": 0.3}});
    let mut model = one_layer("dense", config, &[3]).unwrap();
    model
        .compile(&compile_spec("mse", json!("sgd"), &[]))
        .unwrap();
    let mut rng = TestRng::new(2);
    let x = rng.uniform_vec(5 * 3, -1.0, 1.0);
    let y = vec![0.0f32; 10];
    let data = dataset(x.clone(), &[3], y, &[2]);
    let outputs = predict(&mut model, &x, 5);
    let mse = outputs.iter().map(|&p| (p as f64).powi(2)).sum::<f64>() / 10.0;
    // Keras 3 (keras/src/layers/layer.py, `Layer.__call__`): each batch's loss gets
    // `activity_regularizer(output)` = l1·Σ|a| + l2·Σa² over that batch, not divided by its size;
    // the loss tracker then weights each batch by its size.
    let penalty = |rows: &[f32]| -> f64 {
        rows.iter()
            .map(|&a| 0.1 * (a as f64).abs() + 0.3 * (a as f64).powi(2))
            .sum()
    };
    for batch_size in [5, 2, 1] {
        let weighted: f64 = outputs
            .chunks(batch_size * 2)
            .map(|rows| penalty(rows) * (rows.len() / 2) as f64)
            .sum();
        model.reset_metrics();
        model.test_batches(&data, batch_size).unwrap();
        let what = format!("batch size {batch_size}");
        assert_close(model.metric_results()[0], mse + weighted / 5.0, 1e-6, &what);
    }
}

#[test]
fn regularizer_gradients_match_their_penalties() {
    let config = json!({"units": 3, "activation": "sigmoid",
        "kernel_regularizer": {"l1": 0.05, "l2": 0.1}, "bias_regularizer": {"l1": 0.2},
        "activity_regularizer": {"l1": 0.1, "l2": 0.2}});
    let mut model = one_layer("dense", config, &[4]).unwrap();
    // Weights away from 0, where |w| has its kink.
    let mut rng = TestRng::new(12);
    let values: Vec<Vec<f32>> = model
        .weights()
        .iter()
        .map(|w| {
            (0..w.data.len())
                .map(|_| {
                    let magnitude = rng.uniform(0.1, 0.6) as f32;
                    if rng.next_u64().is_multiple_of(2) {
                        magnitude
                    } else {
                        -magnitude
                    }
                })
                .collect()
        })
        .collect();
    model.set_weights(&values).unwrap();
    let x = rng.uniform_vec(6 * 4, -1.0, 1.0);
    let data = dataset(x, &[4], rng.uniform_vec(6 * 3, 0.0, 1.0), &[3]);
    // Through the sigmoid, so the activity penalty is not read from logits.
    check_model_gradient(
        &mut model,
        &data,
        json!("binary_crossentropy"),
        "regularized dense",
    );
}

#[test]
fn layer_configurations_are_validated() {
    let cases = [
        (
            "dropout",
            json!({"rate": 1.5}),
            "INVALID_ARGUMENT",
            "layers[0].config.rate",
        ),
        (
            "dropout",
            json!({"rate": 0.5, "noise_shape": [null, 1]}),
            "UNSUPPORTED",
            "layers[0].config.noise_shape",
        ),
        ("dropout", json!({}), "INVALID_JSON", "layers[0].config"),
        (
            "batch_normalization",
            json!({"axis": 1}),
            "UNSUPPORTED",
            "layers[0].config.axis",
        ),
        (
            "batch_normalization",
            json!({"axis": 3}),
            "INVALID_ARGUMENT",
            "layers[0].config.axis",
        ),
        (
            "batch_normalization",
            json!({"epsilon": 0.0}),
            "INVALID_ARGUMENT",
            "layers[0].config.epsilon",
        ),
        (
            "batch_normalization",
            json!({"moving_mean_initializer": "onez"}),
            "UNKNOWN_NAME",
            "layers[0].config.moving_mean_initializer",
        ),
        (
            "layer_normalization",
            json!({"rms_scaling": true}),
            "INVALID_JSON",
            "layers[0].config",
        ),
        (
            "dense",
            json!({"units": 2, "kernel_regularizer": {"l2": -0.1}}),
            "INVALID_ARGUMENT",
            "layers[0].config.kernel_regularizer.l2",
        ),
        (
            "dense",
            json!({"units": 2, "bias_regularizer": {"l3": 0.1}}),
            "INVALID_JSON",
            "layers[0].config",
        ),
        (
            "flatten",
            json!({"activity_regularizer": {"l1": "a"}}),
            "INVALID_JSON",
            "layers[0].config.activity_regularizer",
        ),
        (
            "flatten",
            json!([1]),
            "INVALID_ARGUMENT",
            "layers[0].config",
        ),
    ];
    for (kind, config, code, argument) in cases {
        assert_error(one_layer(kind, config, &[4, 3]), code, argument);
    }
    // Keras's initializer aliases, and an activity regularizer on any layer.
    let aliases = json!({"gamma_initializer": "one", "beta_initializer": "normal"});
    assert!(one_layer("batch_normalization", aliases, &[3]).is_ok());
    assert!(one_layer(
        "flatten",
        json!({"activity_regularizer": {"l2": 0.1}}),
        &[3]
    )
    .is_ok());
}
