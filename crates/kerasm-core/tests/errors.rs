//! Bad input never panics: each case is an `Error` with a stable code, the argument's name, and
//! a Keras-style message ending in `Received: argument=value`.
mod common;

use common::{chain_spec, compile_spec, dataset, dense_spec, predict};
use kerasm_core::{Array, Dataset, Error, Model};
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
    Model::new(&chain_spec(
        1,
        &[("input_1", &[4])],
        vec![layer],
        &["dense"],
    ))
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
    let data = dataset(vec![0.5; 8], &[2], vec![0.0, 2.0, 1.0, 3.0], &[1]);
    let err = assert_error(
        model.train_batches(&data, &[0, 1, 2, 3], 2),
        "LABEL_OUT_OF_RANGE",
        Some("targets[0]"),
    );
    assert!(
        err.to_string().contains("Received: targets[0][3]=3"),
        "{err}"
    );
    assert_eq!(model.weights(), before, "no step was taken");
    assert_eq!(model.iterations(), 0);
    let fractional = dataset(vec![0.5; 4], &[2], vec![0.0, 1.5], &[]);
    assert_error(
        model.test_batches(&fractional, 2),
        "LABEL_OUT_OF_RANGE",
        Some("targets[0]"),
    );
}

#[test]
fn dataset_and_model_shapes_must_agree() {
    let mut model = compiled("categorical_crossentropy");
    let wrong_x = dataset(vec![0.0; 6], &[3], vec![0.0; 6], &[3]);
    let err = assert_error(
        model.train_batches(&wrong_x, &[0, 1], 2),
        "SHAPE_MISMATCH",
        Some("inputs[0]"),
    );
    assert!(
        err.to_string().contains("(2,)") && err.to_string().contains("Received: inputs[0]=(3,)"),
        "{err}"
    );
    let wrong_y = dataset(vec![0.0; 4], &[2], vec![0.0; 4], &[2]);
    assert_error(
        model.train_batches(&wrong_y, &[0, 1], 2),
        "SHAPE_MISMATCH",
        Some("targets[0]"),
    );
    // Sparse labels with a categorical loss: one label per sample is not the output shape.
    let sparse_y = dataset(vec![0.0; 4], &[2], vec![0.0, 1.0], &[]);
    assert_error(
        model.test_batches(&sparse_y, 2),
        "SHAPE_MISMATCH",
        Some("targets[0]"),
    );
    let no_targets = Dataset::new(vec![Array::new(vec![0.0; 4], vec![2])], vec![], None).unwrap();
    assert_error(
        model.test_batches(&no_targets, 2),
        "INVALID_ARGUMENT",
        Some("targets"),
    );
    let x = |values: usize, shape: &[usize]| Array::new(vec![0.0; values], shape.to_vec());
    assert_error(
        model.predict(&[x(6, &[3])], 8),
        "SHAPE_MISMATCH",
        Some("inputs[0]"),
    );
    assert_error(
        model.predict(&[x(5, &[2])], 8),
        "SHAPE_MISMATCH",
        Some("inputs[0]"),
    );
    assert_error(
        model.predict(&[x(4, &[2]), x(4, &[2])], 8),
        "INVALID_ARGUMENT",
        Some("inputs"),
    );
}

#[test]
fn dataset_arrays_must_match_their_shapes() {
    let array = |values: usize, shape: &[usize]| Array::new(vec![0.0; values], shape.to_vec());
    assert_error(
        Dataset::new(vec![array(5, &[2])], vec![array(2, &[1])], None),
        "SHAPE_MISMATCH",
        Some("inputs[0]"),
    );
    assert_error(
        Dataset::new(vec![array(4, &[2])], vec![array(3, &[1])], None),
        "SHAPE_MISMATCH",
        Some("targets[0]"),
    );
    assert_error(
        Dataset::new(vec![array(4, &[0])], vec![array(0, &[1])], None),
        "INVALID_ARGUMENT",
        Some("inputs[0].sample_shape"),
    );
    let err = assert_error(
        Dataset::new(vec![array(4, &[2]), array(9, &[3])], vec![], None),
        "SHAPE_MISMATCH",
        Some("inputs[1]"),
    );
    assert!(
        err.to_string().contains("2 samples, as in inputs[0]"),
        "{err}"
    );
    assert_error(
        Dataset::new(vec![], vec![], None),
        "INVALID_ARGUMENT",
        Some("inputs"),
    );
    assert_error(
        Dataset::new(vec![array(4, &[2])], vec![], Some(vec![1.0; 3])),
        "SHAPE_MISMATCH",
        Some("sample_weight"),
    );
    assert_error(
        Dataset::new(vec![array(4, &[2])], vec![], Some(vec![1.0, f32::NAN])),
        "INVALID_ARGUMENT",
        Some("sample_weight[1]"),
    );
    // Scalar samples are allowed: one value per row.
    let scalars = Dataset::new(
        vec![array(3, &[])],
        vec![array(3, &[1])],
        Some(vec![1.0; 3]),
    );
    assert_eq!(scalars.unwrap().rows(), 3);
}

#[test]
fn batch_arguments_are_checked() {
    let mut model = compiled("categorical_crossentropy");
    let data = dataset(vec![0.0; 4], &[2], vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0], &[3]);
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
        model.predict(&[Array::new(vec![0.0; 2], vec![2])], 0),
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
    let data = dataset(vec![0.0; 2], &[2], vec![0.0], &[1]);
    let err = assert_error(model.train_batches(&data, &[0], 1), "NOT_COMPILED", None);
    assert!(err.to_string().contains("compile()"), "{err}");
    assert_error(model.test_batches(&data, 1), "NOT_COMPILED", None);
    assert_eq!(
        predict(&mut model, &[1.0, 2.0], 1).len(),
        1,
        "predict needs no compile"
    );
}

#[test]
fn graph_wiring_is_validated() {
    let spec = |inputs: serde_json::Value,
                layers: serde_json::Value,
                nodes: serde_json::Value,
                outputs: serde_json::Value| {
        let spec = json!({"seed": 0, "inputs": inputs, "layers": layers, "nodes": nodes,
            "outputs": outputs});
        Model::new(&spec.to_string())
    };
    let input = || json!([{ "name": "in", "shape": [3] }]);
    let dense = |name: &str| json!({"name": name, "kind": "dense", "config": {"units": 2}});
    let call = |layer: &str, from: &[&str], output: &str| json!({"layer": layer, "inputs": from, "output": output});
    let cases = [
        // (inputs, layers, nodes, outputs, code, argument)
        (
            json!([]),
            json!([]),
            json!([]),
            json!([]),
            "INVALID_ARGUMENT",
            "inputs",
        ),
        (
            input(),
            json!([]),
            json!([]),
            json!([]),
            "INVALID_ARGUMENT",
            "outputs",
        ),
        (
            json!([{ "name": "in", "shape": [3] }, { "name": "in", "shape": [2] }]),
            json!([]),
            json!([]),
            json!(["in"]),
            "INVALID_ARGUMENT",
            "inputs[1].name",
        ),
        (
            input(),
            json!([dense("d")]),
            json!([call("d", &["nowhere"], "x")]),
            json!(["x"]),
            "INVALID_ARGUMENT",
            "nodes[0].inputs[0]",
        ),
        (
            input(),
            json!([dense("d")]),
            json!([call("e", &["in"], "x")]),
            json!(["x"]),
            "INVALID_ARGUMENT",
            "nodes[0].layer",
        ),
        (
            input(),
            json!([dense("d"), dense("d")]),
            json!([call("d", &["in"], "x")]),
            json!(["x"]),
            "INVALID_ARGUMENT",
            "layers[1].name",
        ),
        (
            input(),
            json!([dense("d"), dense("e")]),
            json!([call("d", &["in"], "x"), call("e", &["x"], "x")]),
            json!(["x"]),
            "INVALID_ARGUMENT",
            "nodes[1].output",
        ),
        (
            input(),
            json!([dense("d")]),
            json!([call("d", &["in"], "x")]),
            json!(["y"]),
            "INVALID_ARGUMENT",
            "outputs[0]",
        ),
        (
            input(),
            json!([dense("d")]),
            json!([call("d", &["in"], "x")]),
            json!(["x", "x"]),
            "UNSUPPORTED",
            "outputs[1]",
        ),
        (
            input(),
            json!([dense("d"), dense("dangling"), dense("e")]),
            json!([
                call("d", &["in"], "x"),
                call("dangling", &["in"], "y"),
                call("e", &["x"], "z")
            ]),
            json!(["z"]),
            "INVALID_ARGUMENT",
            "nodes[1]",
        ),
        (
            input(),
            json!([dense("d"), dense("never_called")]),
            json!([call("d", &["in"], "x")]),
            json!(["x"]),
            "INVALID_ARGUMENT",
            "layers[1]",
        ),
        (
            input(),
            json!([dense("d")]),
            json!([call("d", &["in", "in"], "x")]),
            json!(["x"]),
            "INVALID_ARGUMENT",
            "nodes[0].inputs",
        ),
        (
            input(),
            json!([{"name": "d", "kind": "dense", "config": {"units": 0}}]),
            json!([call("d", &["in"], "x")]),
            json!(["x"]),
            "INVALID_ARGUMENT",
            "layers[0].config.units",
        ),
        (
            json!([{ "name": "in", "shape": [3, 0] }]),
            json!([]),
            json!([]),
            json!(["in"]),
            "INVALID_ARGUMENT",
            "inputs[0].shape",
        ),
        (
            input(),
            json!([{"name": "d", "kind": "dense"}]),
            json!([call("d", &["in"], "x")]),
            json!(["x"]),
            "INVALID_JSON",
            "layers[0].config",
        ),
    ];
    for (inputs, layers, nodes, outputs, code, argument) in cases {
        assert_error(spec(inputs, layers, nodes, outputs), code, Some(argument));
    }
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
