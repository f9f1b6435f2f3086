//! Bad input never panics: each case is an `Error` with a stable code, the argument's name, and
//! a Keras-style message ending in `Received: argument=value`.
mod common;

use common::{compile_spec, dense_spec};
use kerasm_core::{Dataset, Error, Model};
use serde_json::json;

fn assert_error(
    result: Result<impl std::fmt::Debug, Error>,
    code: &str,
    argument: Option<&str>,
) -> Error {
    let err = result.expect_err("an error");
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.argument(), argument, "{err}");
    err
}

fn model_with_layer(layer: serde_json::Value) -> Result<Model, Error> {
    let spec = json!({
        "seed": 1,
        "inputs": [{ "name": "input_1", "shape": [4] }],
        "layers": [layer],
        "outputs": ["dense"]
    });
    Model::new(&spec.to_string())
}

fn compiled(loss: &str) -> Model {
    let mut model = Model::new(&dense_spec(1, &[2], &[(3, "softmax")])).unwrap();
    model
        .compile(&compile_spec(loss, json!("sgd"), &["accuracy"]))
        .unwrap();
    model
}

#[test]
fn bad_json_names_the_spec() {
    let err = assert_error(
        Model::new("{\"seed\": 1,"),
        "INVALID_JSON",
        Some("model_spec"),
    );
    assert!(
        err.to_string()
            .contains("Received: model_spec={\"seed\": 1,"),
        "{err}"
    );
    let mut model = compiled("mse");
    assert_error(
        model.compile("loss: mse"),
        "INVALID_JSON",
        Some("compile_spec"),
    );
    // A typo in a field name is caught, not silently ignored.
    let err = assert_error(
        model_with_layer(
            json!({"name": "dense", "kind": "dense", "inputs": ["input_1"], "config": {"unitz": 3}}),
        ),
        "INVALID_JSON",
        Some("layers[0].config"),
    );
    assert!(err.to_string().contains("unitz"), "{err}");
    let typo = json!({"loss": "mse", "optimizer": "sgd", "metric": ["mae"]}).to_string();
    assert_error(model.compile(&typo), "INVALID_JSON", Some("compile_spec"));
}

#[test]
fn unknown_names_are_listed_with_what_is_accepted() {
    let err = assert_error(
        model_with_layer(json!({"name": "dense", "kind": "conv9d", "inputs": ["input_1"]})),
        "UNKNOWN_NAME",
        Some("layers[0].kind"),
    );
    assert!(
        err.to_string().contains("conv9d") && err.to_string().contains("dense, activation"),
        "{err}"
    );
    assert!(
        err.to_string().contains("Received: layers[0].kind=conv9d"),
        "{err}"
    );
    let err = assert_error(
        model_with_layer(
            json!({"name": "dense", "kind": "dense", "inputs": ["input_1"],
            "config": {"units": 2, "activation": "relux"}}),
        ),
        "UNKNOWN_NAME",
        Some("layers[0].config.activation"),
    );
    assert!(err.to_string().contains("relu, sigmoid"), "{err}");
    assert_error(
        model_with_layer(
            json!({"name": "dense", "kind": "activation", "inputs": ["input_1"],
            "config": {"activation": "swishy"}}),
        ),
        "UNKNOWN_NAME",
        Some("layers[0].config.activation"),
    );
    assert_error(
        model_with_layer(
            json!({"name": "dense", "kind": "dense", "inputs": ["input_1"],
            "config": {"units": 2, "kernel_initializer": "glorot_uniformm"}}),
        ),
        "UNKNOWN_NAME",
        Some("layers[0].config.kernel_initializer"),
    );

    let mut model = compiled("mse");
    let spec =
        |loss: serde_json::Value, optimizer: serde_json::Value, metrics: serde_json::Value| {
            json!({"loss": loss, "optimizer": optimizer, "metrics": metrics}).to_string()
        };
    assert_error(
        model.compile(&spec(json!("hinge_x"), json!("sgd"), json!([]))),
        "UNKNOWN_NAME",
        Some("loss"),
    );
    assert_error(
        model.compile(&spec(
            json!({"name": "crossentropyy"}),
            json!("sgd"),
            json!([]),
        )),
        "UNKNOWN_NAME",
        Some("loss.name"),
    );
    assert_error(
        model.compile(&spec(json!("mse"), json!({"name": "adamw2"}), json!([]))),
        "UNKNOWN_NAME",
        Some("optimizer.name"),
    );
    assert_error(
        model.compile(&spec(json!("mse"), json!("sgd"), json!(["mae", "f1"]))),
        "UNKNOWN_NAME",
        Some("metrics[1]"),
    );
}

#[test]
fn failed_compile_keeps_the_previous_compilation() {
    let mut model = compiled("mse");
    let _ = model.compile("{}");
    assert_eq!(model.metric_names(), ["loss", "accuracy"]);
}

#[test]
fn sparse_labels_out_of_range_stop_training_before_any_step() {
    let mut model = compiled("sparse_categorical_crossentropy");
    let before = model.weights();
    // Three classes: label 3 is out of range, and it sits in the last batch.
    let data = Dataset::new(vec![0.5; 8], vec![2], vec![0.0, 2.0, 1.0, 3.0], vec![1]).unwrap();
    let err = assert_error(
        model.train_batches(&data, &[0, 1, 2, 3], 2),
        "LABEL_OUT_OF_RANGE",
        Some("y"),
    );
    assert!(err.to_string().contains("Received: y[3]=3"), "{err}");
    assert_eq!(model.weights(), before, "no step was taken");
    assert_eq!(model.iterations(), 0);
    let fractional = Dataset::new(vec![0.5; 4], vec![2], vec![0.0, 1.5], vec![]).unwrap();
    assert_error(
        model.test_batches(&fractional, 2),
        "LABEL_OUT_OF_RANGE",
        Some("y"),
    );
}

#[test]
fn dataset_and_model_shapes_must_agree() {
    let mut model = compiled("categorical_crossentropy");
    let wrong_x = Dataset::new(vec![0.0; 6], vec![3], vec![0.0; 6], vec![3]).unwrap();
    let err = assert_error(
        model.train_batches(&wrong_x, &[0, 1], 2),
        "SHAPE_MISMATCH",
        Some("x"),
    );
    assert!(
        err.to_string().contains("(2,)") && err.to_string().contains("Received: x=(3,)"),
        "{err}"
    );
    let wrong_y = Dataset::new(vec![0.0; 4], vec![2], vec![0.0; 4], vec![2]).unwrap();
    assert_error(
        model.train_batches(&wrong_y, &[0, 1], 2),
        "SHAPE_MISMATCH",
        Some("y"),
    );
    // Sparse labels with a categorical loss: one label per sample is not the output shape.
    let sparse_y = Dataset::new(vec![0.0; 4], vec![2], vec![0.0, 1.0], vec![]).unwrap();
    assert_error(
        model.test_batches(&sparse_y, 2),
        "SHAPE_MISMATCH",
        Some("y"),
    );
    assert_error(model.predict(&[0.0; 5], 2, 8), "SHAPE_MISMATCH", Some("x"));
}

#[test]
fn dataset_arrays_must_match_their_shapes() {
    assert_error(
        Dataset::new(vec![0.0; 5], vec![2], vec![0.0; 2], vec![1]),
        "SHAPE_MISMATCH",
        Some("x"),
    );
    assert_error(
        Dataset::new(vec![0.0; 4], vec![2], vec![0.0; 3], vec![1]),
        "SHAPE_MISMATCH",
        Some("y"),
    );
    assert_error(
        Dataset::new(vec![0.0; 4], vec![0], vec![], vec![1]),
        "INVALID_ARGUMENT",
        Some("x_sample_shape"),
    );
}

#[test]
fn batch_arguments_are_checked() {
    let mut model = compiled("categorical_crossentropy");
    let data = Dataset::new(
        vec![0.0; 4],
        vec![2],
        vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
        vec![3],
    )
    .unwrap();
    assert_error(
        model.train_batches(&data, &[0, 1], 0),
        "INVALID_ARGUMENT",
        Some("batch_size"),
    );
    assert_error(
        model.test_batches(&data, 0),
        "INVALID_ARGUMENT",
        Some("batch_size"),
    );
    assert_error(
        model.predict(&[0.0; 2], 1, 0),
        "INVALID_ARGUMENT",
        Some("batch_size"),
    );
    assert_error(
        model.train_batches(&data, &[0, 2], 2),
        "INVALID_ARGUMENT",
        Some("order[1]"),
    );
}

#[test]
fn training_before_compile_is_an_error() {
    let mut model = Model::new(&dense_spec(1, &[2], &[(1, "linear")])).unwrap();
    let data = Dataset::new(vec![0.0; 2], vec![2], vec![0.0], vec![1]).unwrap();
    let err = assert_error(model.train_batches(&data, &[0], 1), "NOT_COMPILED", None);
    assert!(err.to_string().contains("compile()"), "{err}");
    assert_error(model.test_batches(&data, 1), "NOT_COMPILED", None);
    assert_eq!(
        model.predict(&[1.0, 2.0], 1, 1).unwrap().len(),
        1,
        "predict needs no compile"
    );
}

#[test]
fn graph_wiring_is_validated() {
    let spec = |inputs: serde_json::Value,
                layers: serde_json::Value,
                outputs: serde_json::Value| {
        Model::new(
            &json!({"seed": 0, "inputs": inputs, "layers": layers, "outputs": outputs}).to_string(),
        )
    };
    let input = json!([{ "name": "in", "shape": [3] }]);
    let dense = |name: &str, from: &str| json!({"name": name, "kind": "dense", "inputs": [from], "config": {"units": 2}});
    assert_error(
        spec(
            json!([{ "name": "a", "shape": [3] }, { "name": "b", "shape": [3] }]),
            json!([]),
            json!(["a"]),
        ),
        "UNSUPPORTED",
        Some("inputs"),
    );
    assert_error(
        spec(
            input.clone(),
            json!([dense("d", "in"), dense("e", "d")]),
            json!(["d", "e"]),
        ),
        "UNSUPPORTED",
        Some("outputs"),
    );
    assert_error(
        spec(input.clone(), json!([dense("d", "nowhere")]), json!(["d"])),
        "INVALID_ARGUMENT",
        Some("layers[0].inputs"),
    );
    assert_error(
        spec(
            input.clone(),
            json!([dense("d", "in"), dense("d", "d")]),
            json!(["d"]),
        ),
        "INVALID_ARGUMENT",
        Some("layers[1].name"),
    );
    assert_error(
        spec(input.clone(), json!([dense("d", "in")]), json!(["e"])),
        "INVALID_ARGUMENT",
        Some("outputs[0]"),
    );
    assert_error(
        spec(
            input.clone(),
            json!([dense("d", "in"), dense("dangling", "in"), dense("e", "d")]),
            json!(["e"]),
        ),
        "INVALID_ARGUMENT",
        Some("layers[1]"),
    );
    assert_error(
        spec(
            input.clone(),
            json!([{"name": "d", "kind": "dense", "inputs": ["in", "in"], "config": {"units": 2}}]),
            json!(["d"]),
        ),
        "INVALID_ARGUMENT",
        Some("layers[0].inputs"),
    );
    assert_error(
        spec(
            input.clone(),
            json!([{"name": "d", "kind": "dense", "inputs": ["in"], "config": {"units": 0}}]),
            json!(["d"]),
        ),
        "INVALID_ARGUMENT",
        Some("layers[0].config.units"),
    );
    assert_error(
        spec(
            json!([{ "name": "in", "shape": [3, 0] }]),
            json!([]),
            json!(["in"]),
        ),
        "INVALID_ARGUMENT",
        Some("inputs[0].shape"),
    );
    assert_error(
        spec(
            input,
            json!([{"name": "d", "kind": "dense", "inputs": ["in"]}]),
            json!(["d"]),
        ),
        "INVALID_JSON",
        Some("layers[0].config"),
    );
}

#[test]
fn impossible_sizes_are_errors_not_aborts() {
    // 2⁶⁰ weights: more than any address space, so the allocation fails without touching memory.
    let huge = dense_spec(1, &[1 << 30], &[(1 << 30, "linear")]);
    let err = Model::new(&huge).unwrap_err();
    assert_eq!(err.code(), "RESOURCE_EXHAUSTED", "{err}");
    let overflow = dense_spec(1, &[usize::MAX / 2, 4], &[(1, "linear")]);
    assert_eq!(
        Model::new(&overflow).unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
}
