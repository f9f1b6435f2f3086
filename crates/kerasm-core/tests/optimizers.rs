//! One step of each optimizer against Keras 3's update rules, written out here
//! (`keras/src/optimizers/sgd.py`, `rmsprop.py`, `adam.py`), to 1e-6.
mod common;

use common::assert_close;
use kerasm_core::optimizers::Optimizer;
use serde_json::json;

const W: [f32; 3] = [0.5, -1.0, 2.0];
const G: [f32; 3] = [0.1, -0.3, 0.7];
const G2: [f32; 3] = [-0.2, 0.4, 0.05];

fn optimizer(spec: serde_json::Value) -> Optimizer {
    Optimizer::from_spec(&spec, W.len()).unwrap()
}

fn assert_weights(actual: &[f32], expected: &[f64], what: &str) {
    for (i, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        assert_close(a as f64, e, 1e-6, &format!("{what}[{i}]"));
    }
}

#[test]
fn sgd_defaults_to_a_plain_step_of_lr_0_01() {
    let mut sgd = optimizer(json!("sgd"));
    assert_eq!(sgd.learning_rate(), 0.01);
    let mut w = W;
    sgd.step(&mut w, &G, 0).unwrap();
    let expected: Vec<f64> = W
        .iter()
        .zip(&G)
        .map(|(&w, &g)| w as f64 - 0.01 * g as f64)
        .collect();
    assert_weights(&w, &expected, "sgd");
}

#[test]
fn sgd_momentum_and_nesterov_steps() {
    let (lr, momentum) = (0.1, 0.9);
    for nesterov in [false, true] {
        let mut sgd = optimizer(
            json!({"name": "SGD", "learning_rate": lr, "momentum": momentum, "nesterov": nesterov}),
        );
        let mut w = W;
        sgd.step(&mut w, &G, 0).unwrap();
        sgd.step(&mut w, &G2, 1).unwrap();
        // m = momentum·m − lr·g; w += m, or w += momentum·m − lr·g with Nesterov.
        let expected: Vec<f64> = (0..3)
            .map(|i| {
                let (mut w, mut m) = (W[i] as f64, 0.0);
                for g in [G[i] as f64, G2[i] as f64] {
                    m = momentum * m - lr * g;
                    w += if nesterov { momentum * m - lr * g } else { m };
                }
                w
            })
            .collect();
        assert_weights(
            &w,
            &expected,
            if nesterov { "nesterov" } else { "momentum" },
        );
    }
}

#[test]
fn rmsprop_step_with_epsilon_inside_the_root() {
    let mut rmsprop = optimizer(json!({"name": "rmsprop"}));
    assert_eq!(rmsprop.learning_rate(), 0.001);
    let mut w = W;
    rmsprop.step(&mut w, &G, 0).unwrap();
    // v = ρ·0 + (1 − ρ)·g²; w −= lr·g / √(v + ε), with ρ = 0.9, ε = 1e-7.
    let expected: Vec<f64> = W
        .iter()
        .zip(&G)
        .map(|(&w, &g)| {
            let (w, g) = (w as f64, g as f64);
            let v = 0.1 * g * g;
            w - 0.001 * g / (v + 1e-7).sqrt()
        })
        .collect();
    assert_weights(&w, &expected, "rmsprop");
}

#[test]
fn rmsprop_matches_the_keras_docstring_example() {
    // keras.optimizers.RMSprop(learning_rate=0.1) on loss var²/2 from var = 10 → 9.683772.
    let mut rmsprop =
        Optimizer::from_spec(&json!({"name": "rmsprop", "learning_rate": 0.1}), 1).unwrap();
    let mut var = [10.0f32];
    let gradient = var;
    rmsprop.step(&mut var, &gradient, 0).unwrap();
    assert_close(var[0] as f64, 9.683772, 1e-6, "docstring");
}

#[test]
fn centered_rmsprop_with_momentum_over_two_steps() {
    let (lr, rho, momentum, epsilon) = (0.01, 0.8, 0.5, 1e-6);
    let mut rmsprop = optimizer(json!({"name": "rmsprop", "learning_rate": lr, "rho": rho,
        "momentum": momentum, "epsilon": epsilon, "centered": true}));
    let mut w = W;
    rmsprop.step(&mut w, &G, 0).unwrap();
    rmsprop.step(&mut w, &G2, 1).unwrap();
    let expected: Vec<f64> = (0..3)
        .map(|i| {
            let (mut w, mut v, mut a, mut m) = (W[i] as f64, 0.0, 0.0, 0.0);
            for g in [G[i] as f64, G2[i] as f64] {
                v = rho * v + (1.0 - rho) * g * g;
                a = rho * a + (1.0 - rho) * g;
                let increment = lr * g / (v - a * a + epsilon).sqrt();
                m = momentum * m + increment;
                w -= m;
            }
            w
        })
        .collect();
    assert_weights(&w, &expected, "centered rmsprop");
}

fn adam_reference(amsgrad: bool, lr: f64) -> Vec<f64> {
    let (beta_1, beta_2, epsilon) = (0.9f64, 0.999f64, 1e-7);
    (0..3)
        .map(|i| {
            let (mut w, mut m, mut v, mut v_hat) = (W[i] as f64, 0.0, 0.0, 0.0f64);
            for (step, g) in [G[i] as f64, G2[i] as f64].into_iter().enumerate() {
                let t = step as f64 + 1.0;
                let alpha = lr * (1.0 - beta_2.powf(t)).sqrt() / (1.0 - beta_1.powf(t));
                m += (g - m) * (1.0 - beta_1);
                v += (g * g - v) * (1.0 - beta_2);
                v_hat = v_hat.max(v);
                let v_used = if amsgrad { v_hat } else { v };
                w -= m * alpha / (v_used.sqrt() + epsilon);
            }
            w
        })
        .collect()
}

#[test]
fn adam_steps_use_the_bias_corrected_step_size() {
    let mut adam = optimizer(json!({"name": "adam"}));
    assert_eq!(adam.learning_rate(), 0.001);
    let mut w = W;
    adam.step(&mut w, &G, 0).unwrap();
    // First step: m = 0.1·g, v = 0.001·g², α = lr·√(1 − β₂)/(1 − β₁).
    let first: Vec<f64> = W
        .iter()
        .zip(&G)
        .map(|(&w, &g)| {
            let (w, g) = (w as f64, g as f64);
            let alpha = 0.001 * (1.0f64 - 0.999).sqrt() / (1.0 - 0.9);
            w - 0.1 * g * alpha / ((0.001 * g * g).sqrt() + 1e-7)
        })
        .collect();
    assert_weights(&w, &first, "adam step 1");
    adam.step(&mut w, &G2, 1).unwrap();
    assert_weights(&w, &adam_reference(false, 0.001), "adam step 2");
}

#[test]
fn amsgrad_keeps_the_largest_second_moment() {
    let mut adam = optimizer(json!({"name": "adam", "learning_rate": 0.01, "amsgrad": true}));
    let mut w = W;
    adam.step(&mut w, &G, 0).unwrap();
    adam.step(&mut w, &G2, 1).unwrap();
    assert_weights(&w, &adam_reference(true, 0.01), "amsgrad");
}

#[test]
fn learning_rate_can_be_changed_between_steps() {
    let mut sgd = optimizer(json!({"name": "sgd", "learning_rate": 0.5}));
    sgd.set_learning_rate(0.25);
    let mut w = W;
    sgd.step(&mut w, &G, 0).unwrap();
    let expected: Vec<f64> = W
        .iter()
        .zip(&G)
        .map(|(&w, &g)| w as f64 - 0.25 * g as f64)
        .collect();
    assert_weights(&w, &expected, "sgd after set_learning_rate");
}

#[test]
fn bad_optimizer_specs_are_errors() {
    let cases = [
        (
            json!({"name": "adagradx"}),
            "UNKNOWN_NAME",
            "optimizer.name",
        ),
        (
            json!({"name": "sgd", "momentum": 1.5}),
            "INVALID_ARGUMENT",
            "optimizer.momentum",
        ),
        (
            json!({"name": "adam", "beta1": 0.9}),
            "INVALID_JSON",
            "optimizer",
        ),
        (
            json!({"learning_rate": 0.1}),
            "INVALID_ARGUMENT",
            "optimizer.name",
        ),
        (json!(42), "INVALID_ARGUMENT", "optimizer"),
    ];
    for (spec, code, argument) in cases {
        let err = Optimizer::from_spec(&spec, 3).unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            (code, Some(argument)),
            "{spec}: {err}"
        );
    }
    let mut adam = optimizer(json!("adam"));
    let err = adam.step(&mut [0.0; 2], &[0.0; 2], 0).unwrap_err();
    assert_eq!(err.code(), "SHAPE_MISMATCH");
}
