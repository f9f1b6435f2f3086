//! Custom losses and metrics as Expressions (the spec's DAG over `y_true` and `y_pred`): parse
//! and validation errors naming the node, forward values of every op against the formula,
//! Keras's reduction of a custom loss (`keras/src/losses/loss.py`: `LossFunctionWrapper` with
//! `sum_over_batch_size`, i.e. the mean over the batch), and a custom loss training a model.
mod common;

use common::{assert_close, dataset, dense_spec, TestRng};
use kerasm_core::expression::Expression;
use kerasm_core::spec::compile::ExpressionSpec;
use kerasm_core::Model;
use serde_json::json;

fn parse(spec: serde_json::Value, shape: &[usize]) -> Result<Expression, kerasm_core::Error> {
    let spec: ExpressionSpec = serde_json::from_value(spec).unwrap();
    Expression::from_spec(&spec, shape, "loss.expression")
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// An op's formula of (y_pred, y_true).
type Formula = dyn Fn(f64, f64) -> f64;

/// The per-sample values of `op` applied to y_pred (and, for binary ops, y_true), summed over
/// the last axis.
fn apply(node: serde_json::Value, p: &[f32], t: &[f32]) -> Vec<f64> {
    let mut expression = parse(
        json!({"nodes": [node, {"op": "sum", "inputs": [0], "axis": -1}], "output": 1}),
        &[p.len()],
    )
    .unwrap();
    expression.sample_values(p, t).unwrap().to_vec()
}

#[test]
fn every_elementwise_op_computes_its_formula() {
    let p = [0.5f32, -1.5, 2.0];
    let t = [1.0f32, 0.25, -3.0];
    let sum = |f: &Formula| -> f64 { p.iter().zip(&t).map(|(&p, &t)| f(p as f64, t as f64)).sum() };
    let binary: [(&str, &Formula); 6] = [
        ("add", &|p, t| p + t),
        ("sub", &|p, t| p - t),
        ("mul", &|p, t| p * t),
        ("div", &|p, t| p / t),
        ("maximum", &|p: f64, t| p.max(t)),
        ("minimum", &|p: f64, t| p.min(t)),
    ];
    for (op, f) in binary {
        let got = apply(json!({"op": op, "inputs": ["y_pred", "y_true"]}), &p, &t);
        assert_close(got[0], sum(f), 1e-12, op);
    }
    let unary: [(&str, &Formula); 8] = [
        ("neg", &|p, _| -p),
        ("square", &|p, _| p * p),
        ("abs", &|p: f64, _| p.abs()),
        ("exp", &|p: f64, _| p.exp()),
        ("softplus", &|p: f64, _| (1.0 + p.exp()).ln()),
        ("sigmoid", &|p, _| sigmoid(p)),
        ("relu", &|p: f64, _| p.max(0.0)),
        ("sqrt", &|_, t: f64| t.abs().sqrt()),
    ];
    for (op, f) in unary {
        // sqrt and log read |y_true| here, to stay in their domain.
        let got = if op == "sqrt" {
            let abs_t: Vec<f32> = t.iter().map(|t| t.abs()).collect();
            apply(json!({"op": op, "inputs": ["y_true"]}), &p, &abs_t)
        } else {
            apply(json!({"op": op, "inputs": ["y_pred"]}), &p, &t)
        };
        assert_close(got[0], sum(f), 1e-12, op);
    }
    let got = apply(
        json!({"op": "log", "inputs": ["y_pred"]}),
        &[0.5, 2.0, 4.0],
        &t,
    );
    assert_close(got[0], 0.5f64.ln() + 2f64.ln() + 4f64.ln(), 1e-12, "log");
    let got = apply(
        json!({"op": "clip", "inputs": ["y_pred"], "min": -1.0, "max": 1.0}),
        &p,
        &t,
    );
    assert_close(got[0], 0.5 - 1.0 + 1.0, 1e-12, "clip");
}

#[test]
fn reductions_take_any_non_batch_axis() {
    // Samples of shape (2, 3): [[1, 2, 3], [4, 5, 9]] and [[0, -1, 1], [2, 2, 2]].
    let p = [
        1.0f32, 2.0, 3.0, 4.0, 5.0, 9.0, 0.0, -1.0, 1.0, 2.0, 2.0, 2.0,
    ];
    let reduce = |first: &str, axis: i64, second: &str| -> Vec<f64> {
        let mut e = parse(
            json!({"nodes": [
                {"op": first, "inputs": ["y_pred"], "axis": axis},
                {"op": second, "inputs": [0]}
            ], "output": 1}),
            &[2, 3],
        )
        .unwrap();
        e.sample_values(&p, &p).unwrap().to_vec()
    };
    // max over axis 1 (the rows), then the sum of the column maxima.
    assert_eq!(reduce("max", 1, "sum"), [4.0 + 5.0 + 9.0, 2.0 + 2.0 + 2.0]);
    // mean over axis −1 (columns), then the max of the row means.
    assert_eq!(reduce("mean", -1, "max"), [6.0, 2.0]);
    assert_eq!(
        reduce("sum", 2, "mean"),
        [(6.0 + 18.0) / 2.0, (0.0 + 6.0) / 2.0]
    );
}

#[test]
fn a_custom_loss_is_the_mean_over_the_batch_of_its_per_sample_values() {
    let mut mse = parse(
        json!({"nodes": [
            {"op": "sub", "inputs": ["y_pred", "y_true"]},
            {"op": "square", "inputs": [0]},
            {"op": "mean", "inputs": [1], "axis": -1}
        ], "output": 2}),
        &[2],
    )
    .unwrap();
    let (p, t) = ([1.0f32, 2.0, 0.0, 0.0], [0.0f32, 0.0, 0.0, 3.0]);
    assert_close(
        mse.loss(&p, &t, None, None).unwrap(),
        (2.5 + 4.5) / 2.0,
        1e-12,
        "mse",
    );
    // Sample weights: Σ wᵢ·lossᵢ / batch size (not / Σw).
    let weighted = mse.loss(&p, &t, Some(&[1.0, 0.0]), None).unwrap();
    assert_close(weighted, 2.5 / 2.0, 1e-12, "weighted");
    let mut gradient = [0.0f32; 4];
    mse.loss(&p, &t, None, Some(&mut gradient)).unwrap();
    // d/dp of mean_s mean_j (p − t)² = 2(p − t) / (2 · 2).
    assert_eq!(gradient, [0.5, 1.0, 0.0, -1.5]);
}

#[test]
fn constants_broadcast_on_either_side() {
    let mut e = parse(
        json!({"nodes": [
            {"op": "constant", "value": 10.0},
            {"op": "sub", "inputs": [0, "y_pred"]},
            {"op": "div", "inputs": [1, 0]},
            {"op": "sum", "inputs": [2]}
        ], "output": 3}),
        &[2],
    )
    .unwrap();
    let got = e.sample_values(&[1.0, 4.0], &[0.0, 0.0]).unwrap();
    assert_close(got[0], 0.9 + 0.6, 1e-12, "(10 − p) / 10");
}

#[test]
fn invalid_expressions_name_the_node() {
    let mean_of = |node: serde_json::Value| json!({"nodes": [node, {"op": "mean", "inputs": [0]}], "output": 1});
    let cases = [
        (
            mean_of(json!({"op": "tanh", "inputs": ["y_pred"]})),
            "UNKNOWN_NAME",
            "loss.expression.nodes[0].op",
        ),
        (
            mean_of(json!({"op": "abs", "inputs": ["y_hat"]})),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].inputs[0]",
        ),
        (
            mean_of(json!({"op": "abs", "inputs": [0]})),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].inputs[0]",
        ),
        (
            mean_of(json!({"op": "add", "inputs": ["y_pred"]})),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].inputs",
        ),
        (
            mean_of(json!({"op": "abs", "inputs": ["y_pred"], "axis": 1})),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].axis",
        ),
        (
            mean_of(json!({"op": "constant", "inputs": []})),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].value",
        ),
        (
            mean_of(json!({"op": "clip", "inputs": ["y_pred"], "min": 1.0, "max": 0.0})),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].max",
        ),
        (
            json!({"nodes": [{"op": "sum", "inputs": ["y_pred"], "axis": 0}], "output": 0}),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].axis",
        ),
        (
            json!({"nodes": [{"op": "sum", "inputs": ["y_pred"], "axis": 3}], "output": 0}),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[0].axis",
        ),
        (
            json!({"nodes": [{"op": "constant", "value": 1.0}, {"op": "mean", "inputs": [0]}], "output": 1}),
            "INVALID_ARGUMENT",
            "loss.expression.nodes[1].inputs[0]",
        ),
        (
            json!({"nodes": [
                {"op": "sum", "inputs": ["y_pred"]},
                {"op": "add", "inputs": [0, "y_true"]}
            ], "output": 1}),
            "SHAPE_MISMATCH",
            "loss.expression.nodes[1].inputs",
        ),
        (
            json!({"nodes": [{"op": "abs", "inputs": ["y_pred"]}], "output": 0}),
            "SHAPE_MISMATCH",
            "loss.expression.output",
        ),
        (
            json!({"nodes": [{"op": "abs", "inputs": ["y_pred"]}], "output": 4}),
            "INVALID_ARGUMENT",
            "loss.expression.output",
        ),
        (
            json!({"nodes": [], "output": 0}),
            "INVALID_ARGUMENT",
            "loss.expression.nodes",
        ),
    ];
    for (spec, code, argument) in cases {
        let err = parse(spec.clone(), &[3]).unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            (code, Some(argument)),
            "{spec}: {err}"
        );
    }
    // Through compile, the argument says which loss.
    let mut model = Model::new(&dense_spec(1, &[2], &[(3, "linear")])).unwrap();
    let err = model
        .compile(
            &json!({"loss": {"name": "mine", "expression":
                {"nodes": [{"op": "cube", "inputs": ["y_pred"]}], "output": 0}},
                "optimizer": "sgd"})
            .to_string(),
        )
        .unwrap_err();
    assert_eq!(err.argument(), Some("loss.expression.nodes[0].op"), "{err}");
    assert!(err.to_string().contains("cube"), "{err}");
}

#[test]
fn a_custom_loss_trains_a_model_like_the_built_in_one() {
    let custom_mse = json!({"name": "my_mse", "expression": {"nodes": [
        {"op": "sub", "inputs": ["y_pred", "y_true"]},
        {"op": "square", "inputs": [0]},
        {"op": "mean", "inputs": [1], "axis": -1}
    ], "output": 2}});
    let mut rng = TestRng::new(12);
    let x = rng.uniform_vec(32 * 3, -1.0, 1.0);
    let y: Vec<f32> = x
        .chunks(3)
        .flat_map(|r| [r[0] - r[1], r[2] * 0.5])
        .collect();
    let data = dataset(x, &[3], y, &[2]);
    let train = |loss: serde_json::Value| {
        let mut model = Model::new(&dense_spec(2, &[3], &[(8, "tanh"), (2, "linear")])).unwrap();
        model
            .compile(
                &json!({"loss": loss, "optimizer": {"name": "adam", "learning_rate": 0.01},
                "metrics": [custom_mse.clone()]})
                .to_string(),
            )
            .unwrap();
        model.test_batches(&data, 32).unwrap();
        let before = model.metric_results();
        for epoch in 0..20u64 {
            let order = TestRng::new(epoch).permutation(32);
            model.train_batches(&data, &order, 8).unwrap();
        }
        model.reset_metrics();
        model.test_batches(&data, 32).unwrap();
        (before, model.metric_results(), model.metric_names())
    };
    let (custom_before, custom_after, names) = train(custom_mse.clone());
    let (builtin_before, builtin_after, _) = train(json!("mse"));
    assert_eq!(names, ["loss", "my_mse"]);
    assert_close(
        custom_before[0],
        builtin_before[0],
        1e-9,
        "same loss before training",
    );
    assert_close(
        custom_before[1],
        builtin_before[0],
        1e-9,
        "the custom metric is the mse",
    );
    assert!(
        custom_after[0] < custom_before[0] / 4.0,
        "{custom_before:?} → {custom_after:?}"
    );
    assert_close(custom_after[0], builtin_after[0], 1e-4, "same training");
}
