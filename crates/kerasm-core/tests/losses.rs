//! Loss values against Keras 3's formulas, written out here. Sources:
//! `keras/src/losses/losses.py` (per-sample mean/sum over the last axis, `sum_over_batch_size`
//! reduction, docstring examples, `convert_binary_labels_to_hinge`), `keras/src/ops/nn.py`
//! (`normalize` for cosine similarity) and `keras/src/backend/tensorflow/nn.py` (epsilon
//! clipping, the from-logits forms).
mod common;

use common::assert_close;
use kerasm_core::losses::{Loss, LossFunction, EPSILON};
use serde_json::json;

const BCE: Loss = Loss::BinaryCrossentropy { from_logits: false };
const BCE_LOGITS: Loss = Loss::BinaryCrossentropy { from_logits: true };
const CCE: Loss = Loss::CategoricalCrossentropy { from_logits: false };
const CCE_LOGITS: Loss = Loss::CategoricalCrossentropy { from_logits: true };
const SCCE: Loss = Loss::SparseCategoricalCrossentropy { from_logits: false };
const SCCE_LOGITS: Loss = Loss::SparseCategoricalCrossentropy { from_logits: true };

fn value(loss: Loss, p: &[f32], t: &[f32], width: usize) -> f64 {
    loss.compute(p, t, width, None).unwrap()
}

fn clip(p: f64) -> f64 {
    p.clamp(EPSILON, 1.0 - EPSILON)
}

#[test]
fn mean_squared_and_absolute_error() {
    let t = [0.0, 1.0, 0.0, 0.0, 2.0, -1.0];
    let p = [1.0, 1.0, 1.0, 0.5, 0.0, 3.0];
    // Per sample: mean over the last axis; then the mean over samples.
    let mse = ((1.0 + 0.0 + 1.0) / 3.0 + (0.25 + 4.0 + 16.0) / 3.0) / 2.0;
    let mae = ((1.0 + 0.0 + 1.0) / 3.0 + (0.5 + 2.0 + 4.0) / 3.0) / 2.0;
    assert_close(value(Loss::MeanSquaredError, &p, &t, 3), mse, 1e-6, "mse");
    assert_close(value(Loss::MeanAbsoluteError, &p, &t, 3), mae, 1e-6, "mae");
    // Keras's docstring example: y_true [[0, 1], [0, 0]], y_pred [[1, 1], [1, 0]] → 0.5.
    let keras = [0.0, 1.0, 0.0, 0.0];
    let pred = [1.0, 1.0, 1.0, 0.0];
    assert_close(
        value(Loss::MeanSquaredError, &pred, &keras, 2),
        0.5,
        1e-7,
        "mse docstring",
    );
    assert_close(
        value(Loss::MeanAbsoluteError, &pred, &keras, 2),
        0.5,
        1e-7,
        "mae docstring",
    );
}

#[test]
fn binary_crossentropy_matches_the_clipped_formula() {
    let t = [0.0f32, 1.0, 0.0, 0.0];
    let p = [0.6f32, 0.4, 0.4, 0.6];
    let bce = |p: f32, t: f32| {
        let (p, t) = (clip(p as f64), t as f64);
        -(t * p.ln() + (1.0 - t) * (1.0 - p).ln())
    };
    let expected =
        ((bce(0.6, 0.0) + bce(0.4, 1.0)) / 2.0 + (bce(0.4, 0.0) + bce(0.6, 0.0)) / 2.0) / 2.0;
    let got = value(BCE, &p, &t, 2);
    assert_close(got, expected, 1e-6, "bce");
    // Keras docstring: per-sample [0.916, 0.714].
    assert_close(got, (0.916 + 0.714) / 2.0, 1e-3, "bce docstring");
}

#[test]
fn binary_crossentropy_clips_probabilities_and_stops_the_gradient_there() {
    let mut gradient = [f32::NAN; 2];
    let got = BCE
        .compute(&[0.0, 1.0], &[1.0, 1.0], 2, Some(&mut gradient))
        .unwrap();
    // p = 0 is read as ε; p = 1 as 1 − ε.
    let expected = (-(EPSILON.ln()) + -(clip(1.0).ln())) / 2.0;
    assert_close(got, expected, 1e-6, "clipped bce");
    assert_eq!(
        gradient,
        [0.0, 0.0],
        "the clip passes no gradient outside [ε, 1 − ε]"
    );
}

#[test]
fn binary_crossentropy_from_logits_is_the_stable_sigmoid_form() {
    // Keras's BinaryCrossentropy docstring: from_logits=True gives 0.865.
    let t = [0.0f32, 1.0, 0.0, 0.0];
    let z = [-18.6f32, 0.51, 2.94, -12.8];
    let formula: f64 = z
        .iter()
        .zip(&t)
        .map(|(&z, &t)| {
            let (z, t) = (z as f64, t as f64);
            z.max(0.0) - z * t + (1.0 + (-z.abs()).exp()).ln()
        })
        .sum::<f64>()
        / 4.0;
    let got = value(BCE_LOGITS, &z, &t, 4);
    assert_close(got, formula, 1e-6, "bce from logits");
    assert_close(got, 0.865, 1e-3, "bce from logits docstring");
    // Large logits neither overflow nor saturate.
    let big = value(BCE_LOGITS, &[100.0], &[0.0], 1);
    assert_close(big, 100.0, 1e-9, "bce of a confident wrong logit");
}

#[test]
fn logits_and_probability_forms_agree_away_from_the_clip() {
    let z = [0.3f32, -1.2, 2.0, 0.7, -0.4, 1.1];
    let t = [1.0f32, 0.0, 1.0, 0.0, 1.0, 0.0];
    let sigmoid: Vec<f32> = z
        .iter()
        .map(|&z| (1.0 / (1.0 + (-z as f64).exp())) as f32)
        .collect();
    assert_close(
        value(BCE_LOGITS, &z, &t, 3),
        value(BCE, &sigmoid, &t, 3),
        1e-6,
        "bce forms",
    );

    let softmax = |row: &[f32]| -> Vec<f32> {
        let sum: f64 = row.iter().map(|&z| (z as f64).exp()).sum();
        row.iter()
            .map(|&z| ((z as f64).exp() / sum) as f32)
            .collect()
    };
    let probabilities: Vec<f32> = z.chunks(3).flat_map(softmax).collect();
    let onehot = [0.0f32, 0.0, 1.0, 1.0, 0.0, 0.0];
    assert_close(
        value(CCE_LOGITS, &z, &onehot, 3),
        value(CCE, &probabilities, &onehot, 3),
        1e-6,
        "cce forms",
    );
    let labels = [2.0f32, 0.0];
    assert_close(
        value(SCCE_LOGITS, &z, &labels, 3),
        value(SCCE, &probabilities, &labels, 3),
        1e-6,
        "scce forms",
    );
    assert_close(
        value(SCCE, &probabilities, &labels, 3),
        value(CCE, &probabilities, &onehot, 3),
        1e-6,
        "sparse = one-hot",
    );
}

#[test]
fn categorical_crossentropy_normalises_then_clips() {
    // Keras docstring: y_true [[0, 1, 0], [0, 0, 1]], y_pred [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
    // → per sample [0.0513, 2.303].
    let t = [0.0f32, 1.0, 0.0, 0.0, 0.0, 1.0];
    let p = [0.05f32, 0.95, 0.0, 0.1, 0.8, 0.1];
    let got = value(CCE, &p, &t, 3);
    let expected = (-(clip(0.95).ln()) - clip(0.1).ln()) / 2.0;
    assert_close(got, expected, 1e-6, "cce");
    assert_close(got, (0.0513 + 2.303) / 2.0, 1e-3, "cce docstring");
    // Unnormalised rows are divided by their sum first: [2, 6, 2] reads as [0.2, 0.6, 0.2].
    let scaled = value(CCE, &[2.0, 6.0, 2.0], &[0.0, 1.0, 0.0], 3);
    assert_close(scaled, -(0.6f64.ln()), 1e-6, "cce of an unnormalised row");
}

#[test]
fn sparse_categorical_crossentropy_reads_float_class_indices() {
    let p = [0.05f32, 0.95, 0.0, 0.1, 0.8, 0.1];
    let got = value(SCCE, &p, &[1.0, 2.0], 3);
    // TF backend: log of the clipped probabilities, then a sparse softmax crossentropy:
    // log Σ clip(p) − log clip(p_label).
    let row = |p: [f64; 3], label: usize| {
        let sum: f64 = p.iter().map(|&p| clip(p)).sum();
        sum.ln() - clip(p[label]).ln()
    };
    let expected = (row([0.05, 0.95, 0.0], 1) + row([0.1, 0.8, 0.1], 2)) / 2.0;
    assert_close(got, expected, 1e-6, "scce");
    assert_close(got, (0.0513 + 2.303) / 2.0, 1e-3, "scce docstring");

    let z = [1.0f32, 2.0, 3.0];
    let lse = (1f64.exp() + 2f64.exp() + 3f64.exp()).ln();
    assert_close(
        value(SCCE_LOGITS, &z, &[0.0], 3),
        lse - 1.0,
        1e-6,
        "scce from logits",
    );
}

#[test]
fn sparse_labels_out_of_range_are_errors() {
    for label in [3.0f32, -1.0, 1.5, f32::NAN] {
        let err = SCCE
            .compute(&[0.2, 0.3, 0.5], &[label], 3, None)
            .unwrap_err();
        assert_eq!(err.code(), "LABEL_OUT_OF_RANGE", "label {label}");
        assert_eq!(err.argument(), Some("y"));
    }
}

#[test]
fn rows_beyond_the_batch_axis_are_averaged_too() {
    // An output of shape (2, 2) per sample: 2 samples × 2 rows each, per-row MSE averaged.
    let p = [1.0f32, 0.0, 0.0, 0.0, 2.0, 2.0, 0.0, 1.0];
    let t = [0.0f32; 8];
    let expected = (0.5 + 0.0 + 4.0 + 0.5) / 4.0;
    assert_close(
        value(Loss::MeanSquaredError, &p, &t, 2),
        expected,
        1e-7,
        "mse over rows",
    );
}

#[test]
fn names_resolve_like_keras() {
    assert_eq!(
        Loss::from_name("mse", false, "loss").unwrap(),
        Loss::MeanSquaredError
    );
    assert_eq!(
        Loss::from_name("mean_absolute_error", false, "loss").unwrap(),
        Loss::MeanAbsoluteError
    );
    let named = [
        ("mape", Loss::MeanAbsolutePercentageError),
        ("huber", Loss::Huber { delta: 1.0 }),
        ("hinge", Loss::Hinge),
        ("kld", Loss::KlDivergence),
        ("kl_divergence", Loss::KlDivergence),
        ("poisson", Loss::Poisson),
        ("cosine_similarity", Loss::CosineSimilarity),
    ];
    for (name, loss) in named {
        assert_eq!(
            Loss::from_name(name, false, "loss").unwrap(),
            loss,
            "{name}"
        );
    }
    let built_in = |spec: serde_json::Value| match LossFunction::from_spec(&spec, "loss", &[2]) {
        Ok(LossFunction::BuiltIn(loss)) => loss,
        other => panic!("{spec}: {other:?}"),
    };
    assert_eq!(
        built_in(json!({"name": "binary_crossentropy", "from_logits": true})),
        BCE_LOGITS
    );
    assert_eq!(
        built_in(json!({"name": "huber", "delta": 2.5})),
        Loss::Huber { delta: 2.5 }
    );
    assert_eq!(built_in(json!("poisson")), Loss::Poisson);
    let err = Loss::from_name("mse", true, "loss").unwrap_err();
    assert_eq!(err.code(), "INVALID_ARGUMENT");
}

#[test]
fn bad_loss_specs_are_errors() {
    let cases = [
        (json!("hinge_x"), "UNKNOWN_NAME", "loss"),
        (json!({"name": "hinge_x"}), "UNKNOWN_NAME", "loss.name"),
        (
            json!({"name": "mse", "delta": 1.0}),
            "INVALID_ARGUMENT",
            "loss.delta",
        ),
        (
            json!({"name": "huber", "delta": -1.0}),
            "INVALID_ARGUMENT",
            "loss.delta",
        ),
        (
            json!({"name": "poisson", "from_logits": true}),
            "INVALID_ARGUMENT",
            "loss.name.from_logits",
        ),
        (
            json!({"name": "mse", "reduction": "sum"}),
            "INVALID_JSON",
            "loss",
        ),
        (json!(3), "INVALID_ARGUMENT", "loss"),
        (
            json!({"name": "mine", "delta": 1.0,
                   "expression": {"nodes": [{"op": "mean", "inputs": ["y_pred"]}], "output": 0}}),
            "INVALID_ARGUMENT",
            "loss.delta",
        ),
    ];
    for (spec, code, argument) in cases {
        let err = LossFunction::from_spec(&spec, "loss", &[2]).unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            (code, Some(argument)),
            "{spec}: {err}"
        );
    }
}

/// Keras's docstring inputs shared by several losses.
const DOC_TRUE: [f32; 4] = [0.0, 1.0, 0.0, 0.0];
const DOC_PRED: [f32; 4] = [0.6, 0.4, 0.4, 0.6];

#[test]
fn huber_is_quadratic_inside_delta_and_linear_outside() {
    // Keras docstring: 0.155.
    let got = value(Loss::Huber { delta: 1.0 }, &DOC_PRED, &DOC_TRUE, 2);
    assert_close(got, 0.155, 1e-6, "huber docstring");
    // |e| = 3 > δ = 2: δ·|e| − δ²/2 = 4; |e| = 1 ≤ 2: e²/2 = 0.5.
    let got = value(Loss::Huber { delta: 2.0 }, &[3.0, -1.0], &[0.0, 0.0], 2);
    assert_close(got, (4.0 + 0.5) / 2.0, 1e-9, "huber with delta 2");
}

#[test]
fn hinge_converts_binary_labels_to_minus_one_and_one() {
    // Keras docstring: labels {0, 1} become {−1, 1}; 1.3.
    assert_close(
        value(Loss::Hinge, &DOC_PRED, &DOC_TRUE, 2),
        1.3,
        1e-6,
        "hinge docstring",
    );
    // Labels already in {−1, 1} are read as they are: mean(max(1 − t·p, 0)).
    let got = value(Loss::Hinge, &[0.6, 2.0], &[-1.0, 1.0], 2);
    assert_close(got, (1.6 + 0.0) / 2.0, 1e-6, "hinge of ±1 labels");
}

#[test]
fn kl_divergence_clips_both_sides_to_epsilon_and_one() {
    // Keras docstring: 0.458.
    let got = value(Loss::KlDivergence, &DOC_PRED, &DOC_TRUE, 2);
    let row = |t: [f64; 2], p: [f64; 2]| -> f64 {
        (0..2)
            .map(|i| {
                let (t, p) = (t[i].clamp(EPSILON, 1.0), p[i].clamp(EPSILON, 1.0));
                t * (t / p).ln()
            })
            .sum()
    };
    let expected = (row([0.0, 1.0], [0.6, 0.4]) + row([0.0, 0.0], [0.4, 0.6])) / 2.0;
    assert_close(got, expected, 1e-6, "kld");
    assert_close(got, 0.458, 1e-3, "kld docstring");
}

#[test]
fn poisson_is_p_minus_t_log_p() {
    // Keras docstring: y_true [[0, 1], [0, 0]], y_pred [[1, 1], [0, 0]] → 0.5.
    let got = value(Loss::Poisson, &[1.0, 1.0, 0.0, 0.0], &DOC_TRUE, 2);
    assert_close(got, 0.5, 1e-6, "poisson docstring");
    let got = value(Loss::Poisson, &[2.0], &[3.0], 1);
    assert_close(got, 2.0 - 3.0 * (2.0f64 + EPSILON).ln(), 1e-9, "poisson");
}

#[test]
fn cosine_similarity_is_negative_and_scale_free() {
    // Keras docstring: y_true [[0, 1], [1, 1]], y_pred [[1, 0], [1, 1]] → −0.5.
    let got = value(
        Loss::CosineSimilarity,
        &[1.0, 0.0, 1.0, 1.0],
        &[0.0, 1.0, 1.0, 1.0],
        2,
    );
    assert_close(got, -0.5, 1e-6, "cosine docstring");
    let scaled = value(Loss::CosineSimilarity, &[3.0, 4.0], &[0.6, 0.8], 2);
    assert_close(scaled, -1.0, 1e-9, "parallel vectors of any length");
    // A zero prediction has no direction: Keras's normalize leaves it 0.
    assert_eq!(
        value(Loss::CosineSimilarity, &[0.0, 0.0], &[1.0, 0.0], 2),
        0.0
    );
}

#[test]
fn mape_divides_by_the_label_floored_at_epsilon() {
    // Keras docstring: y_true [[0, 1], [0, 0]], y_pred [[1, 1], [1, 0]] → 5e8.
    let got = value(
        Loss::MeanAbsolutePercentageError,
        &[1.0, 1.0, 1.0, 0.0],
        &DOC_TRUE,
        2,
    );
    assert_close(got, 5e8, 1e-6, "mape docstring");
    let got = value(
        Loss::MeanAbsolutePercentageError,
        &[1.5, 3.0],
        &[2.0, -4.0],
        2,
    );
    assert_close(got, 100.0 * (0.25 + 1.75) / 2.0, 1e-9, "mape");
}
