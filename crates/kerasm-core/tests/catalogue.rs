//! What the engine tells hosts: the catalogue of names, layers described on their own (Keras's
//! defaults, output shapes, weights), and every kind's examples. It pins Keras 3's answers
//! where the TypeScript layer once drifted: Dropout's `rate` in [0, 1], BatchNormalization's
//! `momentum` any finite float, LayerNormalization's `axis` an int or a list, γ/β regularizers
//! on both normalizations, and initializer names as `keras.initializers.get` reads them.
mod common;

use common::{chain_spec, compile_spec, dataset, evaluate_loss};
use kerasm_core::catalogue::{catalogue, describe_layer, examples};
use kerasm_core::{Error, Model};
use serde_json::{json, Value};

fn describe(kind: &str, config: Value, shapes: Value) -> Result<Value, Error> {
    describe_layer(kind, &config.to_string(), &shapes.to_string())
}

fn names(catalogue: &Value, kind: &str) -> Vec<String> {
    serde_json::from_value(catalogue[kind].clone()).unwrap()
}

#[test]
fn the_catalogue_lists_every_kind_of_name() {
    let catalogue = catalogue();
    let layers = names(&catalogue, "layers");
    assert!(layers.contains(&"dense".to_string()) && layers.contains(&"add".to_string()));
    assert_eq!(
        names(&catalogue, "regularizers"),
        ["L1", "L2", "L1L2", "l1", "l2", "l1l2"]
    );
    for (kind, name) in [
        ("activations", "softmax"),
        ("initializers", "glorot_uniform"),
        ("initializers", "GlorotUniform"),
        ("initializers", "zero"),
        ("losses", "mse"),
        ("metrics", "auc"),
        ("optimizers", "adamw"),
        ("schedules", "cosine_decay"),
        ("expression_ops", "clip"),
    ] {
        assert!(
            names(&catalogue, kind).contains(&name.to_string()),
            "{kind}: {name}"
        );
    }
}

#[test]
fn a_described_layer_has_keras_defaults_its_output_shape_and_weights() {
    let dense = describe("dense", json!({"units": 4}), json!([[3]])).unwrap();
    assert_eq!(
        dense,
        json!({
            "config": {
                "units": 4, "activation": "linear", "use_bias": true,
                "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
                "kernel_regularizer": null, "bias_regularizer": null,
                "activity_regularizer": null,
            },
            "output_shapes": [[4]],
            "weights": [
                {"name": "kernel", "shape": [3, 4], "trainable": true},
                {"name": "bias", "shape": [4], "trainable": true},
            ],
        })
    );
    let norm = describe("batch_normalization", json!({}), json!([[2, 5]])).unwrap();
    assert_eq!(
        norm["config"],
        json!({
            "axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": true,
            "beta_initializer": "zeros", "gamma_initializer": "ones",
            "moving_mean_initializer": "zeros", "moving_variance_initializer": "ones",
            "beta_regularizer": null, "gamma_regularizer": null, "activity_regularizer": null,
        })
    );
    let trainable: Vec<(String, bool)> =
        serde_json::from_value::<Vec<Value>>(norm["weights"].clone())
            .unwrap()
            .into_iter()
            .map(|w| {
                (
                    w["name"].as_str().unwrap().to_string(),
                    w["trainable"].as_bool().unwrap(),
                )
            })
            .collect();
    assert_eq!(
        trainable,
        [
            ("gamma", true),
            ("beta", true),
            ("moving_mean", false),
            ("moving_variance", false)
        ]
        .map(|(n, t)| (n.to_string(), t))
    );
    let embedding = describe(
        "embedding",
        json!({"input_dim": 10, "output_dim": 3}),
        json!([[7]]),
    );
    assert_eq!(embedding.unwrap()["output_shapes"], json!([[7, 3]]));
}

#[test]
fn a_bad_description_request_names_what_is_wrong() {
    let err = describe("dense", json!({"units": 0}), json!([[3]])).unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("INVALID_ARGUMENT", Some("config.units"))
    );
    let err = describe(
        "dense",
        json!({"units": 2, "activation": "swish"}),
        json!([[3]]),
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("UNKNOWN_NAME", Some("config.activation"))
    );
    let err = describe("conv9d", json!({}), json!([[3]])).unwrap_err();
    assert_eq!((err.code(), err.argument()), ("UNKNOWN_NAME", Some("kind")));
    let err = describe("dense", json!({"units": 2}), json!([[0]])).unwrap_err();
    assert_eq!(err.argument(), Some("input_shapes[0]"));
    let err = describe_layer("dense", "{units: 2}", "[[3]]").unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("INVALID_JSON", Some("config"))
    );
    let err = describe("add", json!({}), json!([[3], [4]])).unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("SHAPE_MISMATCH", Some("call.inputs[1]"))
    );
}

#[test]
fn every_example_describes() {
    let examples: Vec<Value> = serde_json::from_value(examples()).unwrap();
    let catalogue = catalogue();
    for kind in names(&catalogue, "layers") {
        assert!(
            examples.iter().any(|e| e["kind"] == kind.as_str()),
            "no example of {kind}"
        );
    }
    for example in examples {
        let kind = example["kind"].as_str().unwrap();
        let described = describe(
            kind,
            example["config"].clone(),
            example["input_shapes"].clone(),
        );
        assert!(described.is_ok(), "{example}: {described:?}");
    }
}

/// Keras 3: `if not 0 <= rate <= 1: raise ValueError` (`layers/regularization/dropout.py`).
#[test]
fn dropout_rate_is_accepted_in_the_closed_unit_interval() {
    for rate in [0.0, 0.5, 1.0] {
        assert!(
            describe("dropout", json!({ "rate": rate }), json!([[4]])).is_ok(),
            "{rate}"
        );
    }
    for rate in [-0.1, 1.0001] {
        let err = describe("dropout", json!({ "rate": rate }), json!([[4]])).unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            ("INVALID_ARGUMENT", Some("config.rate"))
        );
    }
}

/// Keras 3: `self.momentum = float(momentum)`, no range (`normalization/batch_normalization.py`).
#[test]
fn batch_normalization_momentum_is_any_finite_float() {
    for momentum in [1.5, -0.5, 0.0, 1.0] {
        let described = describe(
            "batch_normalization",
            json!({ "momentum": momentum }),
            json!([[3]]),
        );
        assert_eq!(described.unwrap()["config"]["momentum"], json!(momentum));
    }
}

/// Keras 3: `axis` is an int or a list/tuple of ints (`normalization/layer_normalization.py`).
#[test]
fn layer_normalization_axis_is_an_int_or_a_list() {
    for axis in [json!(-1), json!([-1]), json!(2), json!([2])] {
        let described = describe(
            "layer_normalization",
            json!({ "axis": axis }),
            json!([[4, 3]]),
        );
        assert_eq!(described.unwrap()["config"]["axis"], axis);
    }
    let err = describe("layer_normalization", json!({"axis": []}), json!([[3]])).unwrap_err();
    assert_eq!(err.argument(), Some("config.axis"));
}

/// γ and β of both normalizations take regularizers, in every form Keras reads, and the
/// penalty reaches the loss: γ starts at ones, so `l2·Σγ²` is `l2` per feature.
#[test]
fn both_normalizations_regularize_gamma_and_beta() {
    let forms = [
        json!({"l2": 0.25}),
        json!({"class_name": "L2", "config": {"l2": 0.25}}),
        json!({"module": "keras.regularizers", "class_name": "L1L2",
               "config": {"l1": 0.0, "l2": 0.25}, "registered_name": null}),
    ];
    for kind in ["batch_normalization", "layer_normalization"] {
        for form in &forms {
            let config = json!({"gamma_regularizer": form, "beta_regularizer": "L1"});
            let described = describe(kind, config.clone(), json!([[3]])).unwrap();
            assert_eq!(
                described["config"]["gamma_regularizer"],
                json!({"l1": 0.0, "l2": 0.25})
            );
            assert_eq!(
                described["config"]["beta_regularizer"],
                json!({"l1": 0.01, "l2": 0.0})
            );
            let layer = json!({"name": "norm", "kind": kind, "inputs": ["x"], "config": config});
            let mut model =
                Model::new(&chain_spec(1, &[("x", &[3])], vec![layer], &["norm"])).unwrap();
            model
                .compile(&compile_spec("mse", json!("sgd"), &[]))
                .unwrap();
            // Zero inputs and targets: the normalized output is β = 0, so the loss is the penalty.
            let data = dataset(vec![0.0; 6], &[3], vec![0.0; 6], &[3]);
            let loss = evaluate_loss(&mut model, &data);
            assert!(
                (loss - 0.25 * 3.0).abs() < 1e-6,
                "{kind} {form}: loss {loss}"
            );
        }
    }
    let err = describe(
        "batch_normalization",
        json!({"gamma_regularizer": "L3"}),
        json!([[3]]),
    );
    assert_eq!(err.unwrap_err().code(), "INVALID_JSON");
    let wrong_factor = json!({"gamma_regularizer": {"class_name": "L1", "config": {"l2": 0.1}}});
    assert!(describe("layer_normalization", wrong_factor, json!([[3]])).is_err());
}

/// Keras 3's `initializers.get`: snake_case and class names, plus the aliases `uniform`,
/// `normal`, `zero`, `one` (`keras/src/initializers/__init__.py`), case-sensitively. Each
/// alias fills a weight exactly as the name it stands for.
#[test]
fn initializer_names_are_the_ones_keras_accepts() {
    let weights_with = |initializer: &str| -> Result<Vec<f32>, Error> {
        let layer = json!({"name": "d", "kind": "dense", "inputs": ["x"],
                           "config": {"units": 3, "kernel_initializer": initializer}});
        let model = Model::new(&chain_spec(9, &[("x", &[4])], vec![layer], &["d"]))?;
        Ok(model.weights()[0].data.clone())
    };
    for (alias, name) in [
        ("uniform", "random_uniform"),
        ("normal", "random_normal"),
        ("zero", "zeros"),
        ("one", "ones"),
        ("GlorotUniform", "glorot_uniform"),
        ("HeNormal", "he_normal"),
        ("RandomUniform", "random_uniform"),
        ("TruncatedNormal", "truncated_normal"),
    ] {
        assert_eq!(
            weights_with(alias).unwrap(),
            weights_with(name).unwrap(),
            "{alias}"
        );
    }
    for unknown in ["Uniform", "glorotUniform", "orthogonal"] {
        let err = weights_with(unknown).unwrap_err();
        assert_eq!(
            (err.code(), err.argument()),
            ("UNKNOWN_NAME", Some("layers[0].config.kernel_initializer")),
            "{unknown}"
        );
    }
}
