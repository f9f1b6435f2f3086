//! Steps of each optimizer against Keras 3's update rules, written out here in f64
//! (`keras/src/optimizers/sgd.py`, `rmsprop.py`, `adam.py`, `adamw.py`, `adagrad.py`,
//! `adadelta.py`, `adamax.py`, `nadam.py`), to 1e-6; clipping and weight decay against
//! `base_optimizer.py` (`_clip_gradients`, `_clip_by_norm`, `clip_by_global_norm`,
//! `_apply_weight_decay`); and the state export/import used by save/load.
mod common;

use common::{assert_close, chain_spec, dataset, TestRng};
use kerasm_core::optimizers::Optimizer;
use kerasm_core::Model;
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
    sgd.step(&mut w, &G).unwrap();
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
        sgd.step(&mut w, &G).unwrap();
        sgd.step(&mut w, &G2).unwrap();
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
    rmsprop.step(&mut w, &G).unwrap();
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
    rmsprop.step(&mut var, &gradient).unwrap();
    assert_close(var[0] as f64, 9.683772, 1e-6, "docstring");
}

/// Plain RMSprop in f32, one weight at a time, in the rule's order of operations.
fn rmsprop_reference(w: &mut [f32], v: &mut [f32], g: &[f32], lr: f32, epsilon: f32) {
    let flush = |x: f32| if x.abs() < f32::MIN_POSITIVE { 0.0 } else { x };
    for ((w, v), &g) in w.iter_mut().zip(v.iter_mut()).zip(g) {
        *v = flush(0.9 * *v + (1.0 - 0.9) * (g * g));
        *w -= lr * g / (*v + epsilon).sqrt();
    }
}

#[test]
fn rmsprop_blocks_without_gradient_update_bitwise_as_the_formula() {
    // Blocks of zero gradients (±0) skip the square root: the weights must still come out
    // bit for bit as the formula gives them, signed zeros and NaN (ε = 0, v = 0: 0/0) included.
    let n = 16 * 4 + 5;
    let mut rng = TestRng::new(3);
    for epsilon in [1e-7f32, 0.0] {
        let mut rmsprop = Optimizer::from_spec(
            &json!({"name": "rmsprop", "learning_rate": 0.01, "epsilon": epsilon}),
            n,
        )
        .unwrap();
        let mut w: Vec<f32> = (0..n).map(|_| rng.uniform(-1.0, 1.0) as f32).collect();
        w[16] = -0.0;
        w[17] = 0.0;
        let (mut expected, mut v) = (w.clone(), vec![0.0f32; n]);
        for step in 0..3 {
            let mut g: Vec<f32> = (0..n).map(|_| rng.uniform(-1.0, 1.0) as f32).collect();
            // Block 1 never has a gradient; block 2 has one on the first step only; block 3
            // is zero but for one weight.
            for (i, g) in g.iter_mut().enumerate() {
                let zero = (16..32).contains(&i)
                    || ((32..48).contains(&i) && step > 0)
                    || ((48..64).contains(&i) && i != 50);
                if zero {
                    *g = if i % 2 == 0 { 0.0 } else { -0.0 };
                }
            }
            rmsprop.step(&mut w, &g).unwrap();
            rmsprop_reference(&mut expected, &mut v, &g, 0.01, epsilon);
            for (i, (&a, &e)) in w.iter().zip(&expected).enumerate() {
                let same = a.to_bits() == e.to_bits() || (a.is_nan() && e.is_nan());
                assert!(same, "ε={epsilon} step {step} w[{i}]: {a} != {e}");
            }
        }
        assert_eq!(w[20].is_nan(), epsilon == 0.0, "0/0 only without ε");
    }
}

#[test]
fn centered_rmsprop_with_momentum_over_two_steps() {
    let (lr, rho, momentum, epsilon) = (0.01, 0.8, 0.5, 1e-6);
    let mut rmsprop = optimizer(json!({"name": "rmsprop", "learning_rate": lr, "rho": rho,
        "momentum": momentum, "epsilon": epsilon, "centered": true}));
    let mut w = W;
    rmsprop.step(&mut w, &G).unwrap();
    rmsprop.step(&mut w, &G2).unwrap();
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

#[test]
fn adam_vectors_update_bitwise_as_the_formula() {
    // The plain rule runs four weights at a time, the last ones alone: both must give the bits
    // of the scalar formula in f32, with the step size α computed in f64 as the rule does.
    let (n, lr, beta_1, beta_2, epsilon) = (4 * 3 + 3, 0.01f64, 0.9f64, 0.999f64, 1e-7f32);
    let mut rng = TestRng::new(11);
    let mut adam = Optimizer::from_spec(&json!({"name": "adam", "learning_rate": lr}), n).unwrap();
    let mut w = rng.uniform_vec(n, -1.0, 1.0);
    let (mut expected, mut m, mut v) = (w.clone(), vec![0.0f32; n], vec![0.0f32; n]);
    let flush = |x: f32| if x.abs() < f32::MIN_POSITIVE { 0.0 } else { x };
    for t in 1..=3 {
        let g = rng.uniform_vec(n, -1.0, 1.0);
        adam.step(&mut w, &g).unwrap();
        let t = t as f64;
        let alpha = (lr * (1.0 - beta_2.powf(t)).sqrt() / (1.0 - beta_1.powf(t))) as f32;
        let (one_minus_beta_1, one_minus_beta_2) = ((1.0 - beta_1) as f32, (1.0 - beta_2) as f32);
        for i in 0..n {
            m[i] = flush(m[i] + (g[i] - m[i]) * one_minus_beta_1);
            v[i] = flush(v[i] + (g[i] * g[i] - v[i]) * one_minus_beta_2);
            expected[i] -= m[i] * alpha / (v[i].sqrt() + epsilon);
        }
        for (i, (&a, &e)) in w.iter().zip(&expected).enumerate() {
            assert_eq!(a.to_bits(), e.to_bits(), "step {t} w[{i}]: {a} != {e}");
        }
    }
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
    adam.step(&mut w, &G).unwrap();
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
    adam.step(&mut w, &G2).unwrap();
    assert_weights(&w, &adam_reference(false, 0.001), "adam step 2");
}

#[test]
fn amsgrad_keeps_the_largest_second_moment() {
    let mut adam = optimizer(json!({"name": "adam", "learning_rate": 0.01, "amsgrad": true}));
    let mut w = W;
    adam.step(&mut w, &G).unwrap();
    adam.step(&mut w, &G2).unwrap();
    assert_weights(&w, &adam_reference(true, 0.01), "amsgrad");
}

#[test]
fn learning_rate_can_be_changed_between_steps() {
    let mut sgd = optimizer(json!({"name": "sgd", "learning_rate": 0.5}));
    sgd.set_learning_rate(0.25);
    let mut w = W;
    sgd.step(&mut w, &G).unwrap();
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
            json!({"name": "adamw", "weight_decay": null}),
            "INVALID_ARGUMENT",
            "optimizer.weight_decay",
        ),
        (
            json!({"name": "sgd", "clipnorm": 1.0, "clipvalue": 0.5}),
            "INVALID_ARGUMENT",
            "optimizer",
        ),
        (
            json!({"name": "sgd", "clipnorm": -1.0}),
            "INVALID_ARGUMENT",
            "optimizer.clipnorm",
        ),
        (
            json!({"name": "adagrad", "learning_rate": "fast"}),
            "INVALID_ARGUMENT",
            "optimizer.learning_rate",
        ),
        (
            json!({"name": "nadam", "rho": 0.9}),
            "INVALID_JSON",
            "optimizer",
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
    let err = adam.step(&mut [0.0; 2], &[0.0; 2]).unwrap_err();
    assert_eq!(err.code(), "SHAPE_MISMATCH");
}

/// Runs `steps` with the gradients `G` then `G2`, from `W`.
fn two_steps(spec: serde_json::Value) -> [f32; 3] {
    let mut optimizer = optimizer(spec);
    let mut w = W;
    optimizer.step(&mut w, &G).unwrap();
    optimizer.step(&mut w, &G2).unwrap();
    w
}

/// A per-weight reference: `update(w, g, t, state)` applied with G then G2.
fn reference<S: Default>(update: impl Fn(f64, f64, f64, &mut S) -> f64) -> Vec<f64> {
    (0..3)
        .map(|i| {
            let (mut w, mut state) = (W[i] as f64, S::default());
            for (step, g) in [G[i] as f64, G2[i] as f64].into_iter().enumerate() {
                w = update(w, g, step as f64 + 1.0, &mut state);
            }
            w
        })
        .collect()
}

#[test]
fn adamw_decays_the_weights_before_the_adam_step() {
    let lr = 0.01;
    let w = two_steps(json!({"name": "adamw", "learning_rate": lr}));
    let (beta_1, beta_2, epsilon, decay) = (0.9f64, 0.999f64, 1e-7, 0.004);
    let expected = reference(|w, g, t, (m, v): &mut (f64, f64)| {
        let w = w - w * decay * lr;
        *m += (g - *m) * (1.0 - beta_1);
        *v += (g * g - *v) * (1.0 - beta_2);
        let alpha = lr * (1.0 - beta_2.powf(t)).sqrt() / (1.0 - beta_1.powf(t));
        w - *m * alpha / (v.sqrt() + epsilon)
    });
    assert_weights(&w, &expected, "adamw");
    // Any optimizer takes `weight_decay`, as Keras 3's base optimizer.
    let w = two_steps(json!({"name": "sgd", "learning_rate": 0.1, "weight_decay": 0.5}));
    let expected = reference(|w, g, _, _: &mut ()| {
        let w = w - w * 0.5 * 0.1;
        w - 0.1 * g
    });
    assert_weights(&w, &expected, "sgd with weight decay");
}

#[test]
fn adagrad_accumulates_squared_gradients_from_0_1() {
    assert_eq!(optimizer(json!("adagrad")).learning_rate(), 0.001);
    let lr = 0.1;
    let w = two_steps(json!({"name": "adagrad", "learning_rate": lr}));
    let expected = reference(|w, g, _, a: &mut Option<f64>| {
        let acc = a.get_or_insert(0.1);
        *acc += g * g;
        w - lr * g / (*acc + 1e-7).sqrt()
    });
    assert_weights(&w, &expected, "adagrad");
}

#[test]
fn adadelta_scales_by_the_ratio_of_running_rms() {
    let (lr, rho, epsilon) = (1.0, 0.95, 1e-7);
    let w = two_steps(json!({"name": "adadelta", "learning_rate": lr}));
    let expected = reference(|w, g, _, (eg, ed): &mut (f64, f64)| {
        *eg = rho * *eg + (1.0 - rho) * g * g;
        let delta = -(*ed + epsilon).sqrt() * g / (*eg + epsilon).sqrt();
        *ed = rho * *ed + (1.0 - rho) * delta * delta;
        w + lr * delta
    });
    assert_weights(&w, &expected, "adadelta");
    assert_eq!(optimizer(json!("Adadelta")).learning_rate(), 0.001);
}

#[test]
fn adamax_uses_the_infinity_norm() {
    let lr = 0.02;
    let w = two_steps(json!({"name": "adamax", "learning_rate": lr}));
    let (beta_1, beta_2, epsilon) = (0.9f64, 0.999, 1e-7);
    let expected = reference(|w, g, t, (m, u): &mut (f64, f64)| {
        *m += (g - *m) * (1.0 - beta_1);
        *u = (beta_2 * *u).max(g.abs());
        w - lr * *m / ((1.0 - beta_1.powf(t)) * (*u + epsilon))
    });
    assert_weights(&w, &expected, "adamax");
}

#[test]
fn nadam_uses_the_momentum_cache_schedule() {
    let lr = 0.01;
    let w = two_steps(json!({"name": "nadam", "learning_rate": lr}));
    let (beta_1, beta_2, epsilon) = (0.9f64, 0.999f64, 1e-7);
    let expected: Vec<f64> = (0..3)
        .map(|i| {
            let (mut w, mut m, mut v, mut u_product) = (W[i] as f64, 0.0, 0.0, 1.0);
            for (step, g) in [G[i] as f64, G2[i] as f64].into_iter().enumerate() {
                let t = step as f64 + 1.0;
                let u_t = beta_1 * (1.0 - 0.5 * 0.96f64.powf(t));
                let u_next = beta_1 * (1.0 - 0.5 * 0.96f64.powf(t + 1.0));
                u_product *= u_t;
                let u_product_next = u_product * u_next;
                m += (g - m) * (1.0 - beta_1);
                v += (g * g - v) * (1.0 - beta_2);
                let m_hat =
                    u_next * m / (1.0 - u_product_next) + (1.0 - u_t) * g / (1.0 - u_product);
                let v_hat = v / (1.0 - beta_2.powf(t));
                w -= lr * m_hat / (v_hat.sqrt() + epsilon);
            }
            w
        })
        .collect();
    assert_weights(&w, &expected, "nadam");
}

/// SGD with lr 1 over two variables [0, 2) and [2, 5): the step is minus the clipped gradient.
fn clipped(clip: serde_json::Value, gradients: [f32; 5]) -> Vec<f64> {
    let mut spec = json!({"name": "sgd", "learning_rate": 1.0});
    spec.as_object_mut()
        .unwrap()
        .extend(clip.as_object().unwrap().clone());
    let mut sgd = Optimizer::for_variables(&spec, 5, vec![0..2, 2..5]).unwrap();
    let mut w = [0.0f32; 5];
    sgd.step(&mut w, &gradients).unwrap();
    w.iter().map(|&w| -w as f64).collect()
}

#[test]
fn clipnorm_clips_each_variable_by_its_own_norm() {
    // ‖[3, 4]‖ = 5 is clipped to 1; ‖[0.1, 0.2, 0.2]‖ = 0.3 is under 1 and kept.
    let got = clipped(json!({"clipnorm": 1.0}), [3.0, 4.0, 0.1, 0.2, 0.2]);
    let expected = [0.6, 0.8, 0.1, 0.2, 0.2];
    for (i, (&g, &e)) in got.iter().zip(&expected).enumerate() {
        assert_close(g, e, 1e-6, &format!("clipnorm[{i}]"));
    }
}

#[test]
fn global_clipnorm_scales_every_gradient_by_the_joint_norm() {
    // Joint norm √(9 + 16 + 144) = 13: everything is scaled by 2/13.
    let got = clipped(json!({"global_clipnorm": 2.0}), [3.0, 4.0, 12.0, 0.0, 0.0]);
    let expected = [6.0 / 13.0, 8.0 / 13.0, 24.0 / 13.0, 0.0, 0.0];
    for (i, (&g, &e)) in got.iter().zip(&expected).enumerate() {
        assert_close(g, e, 1e-6, &format!("global_clipnorm[{i}]"));
    }
    let small = clipped(json!({"global_clipnorm": 20.0}), [3.0, 4.0, 12.0, 0.0, 0.0]);
    assert_eq!(
        small,
        [3.0, 4.0, 12.0, 0.0, 0.0],
        "under the limit: unchanged"
    );
}

#[test]
fn clipvalue_clips_every_element() {
    let got = clipped(json!({"clipvalue": 0.5}), [3.0, -4.0, 0.25, -0.5, 0.0]);
    assert_eq!(got, [0.5, -0.5, 0.25, -0.5, 0.0]);
    let off = clipped(
        json!({"clipvalue": 0.0, "clipnorm": null}),
        [3.0, -4.0, 0.25, -0.5, 0.0],
    );
    assert_eq!(
        off,
        [3.0, -4.0, 0.25, -0.5, 0.0],
        "0 means no clipping, as Keras"
    );
}

#[test]
fn weights_outside_the_trainable_variables_are_never_touched() {
    for name in Optimizer::NAMES {
        let spec =
            json!({"name": name, "learning_rate": 0.1, "weight_decay": 0.1, "clipnorm": 1.0});
        let mut optimizer = Optimizer::for_variables(&spec, 5, vec![0..2, 3..5]).unwrap();
        let mut w = [1.0f32; 5];
        for _ in 0..3 {
            optimizer.step(&mut w, &[0.5; 5]).unwrap();
        }
        assert_eq!(w[2], 1.0, "{name}: a non-trainable weight moved");
        assert!(
            w[0] < 1.0 && w[4] < 1.0,
            "{name}: trainable weights must move: {w:?}"
        );
    }
}

#[test]
fn exported_state_continues_training_bitwise() {
    let specs = [
        json!({"name": "sgd", "momentum": 0.9, "nesterov": true}),
        json!({"name": "rmsprop", "momentum": 0.5, "centered": true}),
        json!({"name": "adam", "amsgrad": true}),
        json!("adamw"),
        json!("adagrad"),
        json!("adadelta"),
        json!("adamax"),
        json!("nadam"),
    ];
    let variables = || vec![0..2, 2..3];
    for spec in specs {
        let mut original = Optimizer::for_variables(&spec, 3, variables()).unwrap();
        let mut w = W;
        original.step(&mut w, &G).unwrap();
        let state = original.state();
        let mut restored = Optimizer::for_variables(&spec, 3, variables()).unwrap();
        restored.set_state(original.iterations(), &state).unwrap();
        assert_eq!(restored.iterations(), 1);
        assert_eq!(restored.state(), state, "{spec}: state round trip");
        let mut w_restored = w;
        original.step(&mut w, &G2).unwrap();
        restored.step(&mut w_restored, &G2).unwrap();
        assert_eq!(
            w.map(f32::to_bits),
            w_restored.map(f32::to_bits),
            "{spec}: a restored optimizer must continue exactly"
        );
    }
}

#[test]
fn state_is_listed_per_slot_then_per_variable() {
    let mut adam = Optimizer::for_variables(&json!("adam"), 3, vec![0..2, 2..3]).unwrap();
    let mut w = W;
    adam.step(&mut w, &G).unwrap();
    let state = adam.state();
    // Momentums of both variables, then velocities of both: m = 0.1·g, v = 0.001·g².
    assert_eq!(state.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1, 2, 1]);
    assert_close(state[0][1] as f64, 0.1 * G[1] as f64, 1e-7, "momentum");
    assert_close(
        state[3][0] as f64,
        0.001 * (G[2] as f64).powi(2),
        1e-7,
        "velocity",
    );
    let mut nadam = Optimizer::from_spec(&json!("nadam"), 3).unwrap();
    nadam.step(&mut w, &G).unwrap();
    let state = nadam.state();
    assert_eq!(state.len(), 3, "u_product, momentums, velocities");
    assert_close(
        state[0][0] as f64,
        0.9 * (1.0 - 0.5 * 0.96),
        1e-7,
        "u_product",
    );
    assert!(Optimizer::from_spec(&json!("sgd"), 3)
        .unwrap()
        .state()
        .is_empty());
}

#[test]
fn bad_state_is_rejected_and_changes_nothing() {
    let mut adam = optimizer(json!("adam"));
    let mut w = W;
    adam.step(&mut w, &G).unwrap();
    let before = adam.state();
    let err = adam.set_state(7, &[vec![0.0; 3]]).unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("INVALID_ARGUMENT", Some("optimizer_state"))
    );
    let err = adam
        .set_state(7, &[vec![0.0; 3], vec![0.0; 2]])
        .unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("SHAPE_MISMATCH", Some("optimizer_state[1]"))
    );
    assert_eq!((adam.iterations(), adam.state()), (1, before));
}

/// dense(6, relu) → dropout → batch normalization → dense(1): trainable kernels, biases, gamma
/// and beta, moving statistics the optimizer must leave alone, and dropout masks that a restored
/// model must draw as the original would (they follow the optimizer's step count).
fn normalized_model() -> Model {
    let spec = chain_spec(
        13,
        &[("x", &[4])],
        vec![
            json!({"name": "dense", "kind": "dense", "inputs": ["x"],
                   "config": {"units": 6, "activation": "relu"}}),
            json!({"name": "drop", "kind": "dropout", "inputs": ["dense"],
                   "config": {"rate": 0.3}}),
            json!({"name": "bn", "kind": "batch_normalization", "inputs": ["drop"]}),
            json!({"name": "out", "kind": "dense", "inputs": ["bn"], "config": {"units": 1}}),
        ],
        &["out"],
    );
    let mut model = Model::new(&spec).unwrap();
    model
        .compile(
            &json!({"loss": "mse", "optimizer": {"name": "nadam", "clipnorm": 1.0,
                "learning_rate": {"schedule": "exponential_decay", "initial_learning_rate": 0.01,
                                  "decay_steps": 3, "decay_rate": 0.5}}})
            .to_string(),
        )
        .unwrap();
    model
}

#[test]
fn a_restored_model_continues_training_bitwise() {
    let mut rng = TestRng::new(8);
    let x = rng.uniform_vec(20 * 4, -1.0, 1.0);
    let y: Vec<f32> = x.chunks(4).map(|r| r[0] * r[1] - r[3]).collect();
    let data = dataset(x, &[4], y, &[1]);
    let first_epoch = TestRng::new(1).permutation(20);
    let second_epoch = TestRng::new(2).permutation(20);

    let mut original = normalized_model();
    original.train_batches(&data, &first_epoch, 8).unwrap();
    original.train_batches(&data, &second_epoch, 8).unwrap();

    let mut saved = normalized_model();
    saved.train_batches(&data, &first_epoch, 8).unwrap();
    let weights: Vec<Vec<f32>> = saved.weights().into_iter().map(|w| w.data).collect();
    let (iterations, state) = (saved.iterations(), saved.optimizer_state());
    // Nadam's u_product, then momentums and velocities of the 6 trainable variables (dense and
    // out kernels and biases, bn gamma and beta) — not of bn's moving statistics.
    assert_eq!((iterations, state.len()), (3, 1 + 2 * 6));

    let mut restored = normalized_model();
    restored.set_weights(&weights).unwrap();
    restored.set_optimizer_state(iterations, &state).unwrap();
    assert_eq!(restored.iterations(), 3);
    assert_eq!(
        restored.learning_rate(),
        saved.learning_rate(),
        "the schedule resumes"
    );
    restored.train_batches(&data, &second_epoch, 8).unwrap();
    for (a, b) in original.weights().iter().zip(&restored.weights()) {
        let bits = |w: &[f32]| w.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.data), bits(&b.data), "{} after restore", a.name);
    }
}

#[test]
fn optimizer_state_needs_a_compiled_model_and_a_matching_layout() {
    let mut model = normalized_model();
    let err = model.set_optimizer_state(1, &[vec![1.0]]).unwrap_err();
    assert_eq!(err.argument(), Some("optimizer_state"));
    let mut fresh = Model::new(&common::dense_spec(1, &[2], &[(1, "linear")])).unwrap();
    assert!(fresh.optimizer_state().is_empty());
    assert_eq!(
        fresh.set_optimizer_state(0, &[]).unwrap_err().code(),
        "NOT_COMPILED"
    );
}
