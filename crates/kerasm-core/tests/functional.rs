//! Functional models: several inputs and outputs, shared layers (one weight set whose calls add
//! up their gradients), merges, outputs that feed other layers; gradients of whole models
//! against central differences; and determinism with dropout and batch normalization (same
//! seed ⇒ same training, bitwise, with or without a 2-thread pool).
mod common;

use common::{check_model_gradient, evaluate_loss, TestRng};
use kerasm_core::{parallel, Array, Dataset, Model};
use serde_json::{json, Value};
use std::sync::Mutex;

/// Tests that install a thread pool hold this (the pool slot is global).
static POOL_GUARD: Mutex<()> = Mutex::new(());

fn layer(name: &str, kind: &str, config: Value) -> Value {
    json!({ "name": name, "kind": kind, "config": config })
}

fn node(layer: &str, inputs: &[&str], output: &str) -> Value {
    json!({ "layer": layer, "inputs": inputs, "output": output })
}

fn spec(
    seed: u64,
    inputs: &[(&str, &[usize])],
    layers: Vec<Value>,
    nodes: Vec<Value>,
    outputs: &[&str],
) -> String {
    let inputs: Vec<Value> = inputs
        .iter()
        .map(|(name, shape)| json!({ "name": name, "shape": shape }))
        .collect();
    json!({ "seed": seed, "inputs": inputs, "layers": layers, "nodes": nodes, "outputs": outputs })
        .to_string()
}

fn array(data: Vec<f32>, shape: &[usize]) -> Array {
    Array::new(data, shape.to_vec())
}

/// Two inputs, a hidden layer each, concatenated, then a regression head and a classification
/// head.
fn two_headed(seed: u64) -> Model {
    let layers = vec![
        layer(
            "dense_a",
            "dense",
            json!({"units": 16, "activation": "relu"}),
        ),
        layer(
            "dense_b",
            "dense",
            json!({"units": 16, "activation": "relu"}),
        ),
        layer("concatenate", "concatenate", json!({})),
        layer("reg", "dense", json!({"units": 1})),
        layer("cls", "dense", json!({"units": 1, "activation": "sigmoid"})),
    ];
    let nodes = vec![
        node("dense_a", &["a"], "ha"),
        node("dense_b", &["b"], "hb"),
        node("concatenate", &["ha", "hb"], "h"),
        node("reg", &["h"], "price"),
        node("cls", &["h"], "label"),
    ];
    Model::new(&spec(
        seed,
        &[("a", &[4]), ("b", &[3])],
        layers,
        nodes,
        &["price", "label"],
    ))
    .unwrap()
}

#[test]
fn a_two_input_two_output_model_learns_both_tasks() {
    let mut model = two_headed(7);
    assert_eq!(model.input_shapes(), [vec![4], vec![3]]);
    assert_eq!(model.output_shapes(), [vec![1], vec![1]]);
    assert_eq!(model.output_names(), ["reg", "cls"]);
    let rows = 256;
    let mut rng = TestRng::new(21);
    let a = rng.uniform_vec(rows * 4, -1.0, 1.0);
    let b = rng.uniform_vec(rows * 3, -1.0, 1.0);
    let price: Vec<f32> = (0..rows)
        .map(|r| a[r * 4] + 0.5 * a[r * 4 + 1] - b[r * 3])
        .collect();
    let label: Vec<f32> = (0..rows)
        .map(|r| (a[r * 4 + 2] - b[r * 3 + 1] + 0.5 * a[r * 4 + 3] > 0.0) as u8 as f32)
        .collect();
    let data = Dataset::new(
        vec![array(a, &[4]), array(b, &[3])],
        vec![array(price, &[1]), array(label, &[1])],
        None,
    )
    .unwrap();
    let compile = json!({
        "loss": ["mse", "binary_crossentropy"],
        "optimizer": {"name": "adam", "learning_rate": 0.01},
        "metrics": [["mae"], ["accuracy"]],
    });
    model.compile(&compile.to_string()).unwrap();
    assert_eq!(
        model.metric_names(),
        ["loss", "reg_loss", "cls_loss", "reg_mae", "cls_accuracy"]
    );
    model.test_batches(&data, 64).unwrap();
    let before = model.metric_results();
    for _ in 0..60 {
        model.reset_metrics();
        model
            .train_batches(&data, &rng.permutation(rows), 32)
            .unwrap();
    }
    model.reset_metrics();
    model.test_batches(&data, 64).unwrap();
    let after = model.metric_results();
    // The total is the sum of the two outputs' losses.
    common::assert_close(
        after[0],
        after[1] + after[2],
        1e-6,
        "loss = reg_loss + cls_loss",
    );
    assert!(
        after[1] < before[1] / 10.0,
        "reg_loss {} → {}",
        before[1],
        after[1]
    );
    assert!(after[4] > 0.9, "cls_accuracy {}", after[4]);

    let predictions = model
        .predict(&[array(vec![0.5; 8], &[4]), array(vec![-0.5; 6], &[3])], 1)
        .unwrap();
    assert_eq!(predictions.len(), 2);
    assert_eq!(predictions[1].sample_shape, [1]);
    assert!(predictions[1]
        .data
        .iter()
        .all(|&p| (0.0..=1.0).contains(&p)));
}

/// A siamese pair: one dense layer called on both inputs, the two codes subtracted by an
/// `add` of the first with the negated second, then a head.
fn siamese(seed: u64) -> Model {
    let layers = vec![
        layer(
            "encoder",
            "dense",
            json!({"units": 5, "activation": "tanh"}),
        ),
        layer("negate", "dense", json!({"units": 5, "use_bias": false})),
        layer("add", "add", json!({})),
        layer("head", "dense", json!({"units": 1})),
    ];
    let nodes = vec![
        node("encoder", &["left"], "code_left"),
        node("encoder", &["right"], "code_right"),
        node("negate", &["code_right"], "negated"),
        node("add", &["code_left", "negated"], "difference"),
        node("head", &["difference"], "score"),
    ];
    Model::new(&spec(
        seed,
        &[("left", &[3]), ("right", &[3])],
        layers,
        nodes,
        &["score"],
    ))
    .unwrap()
}

#[test]
fn a_shared_layer_has_one_set_of_weights() {
    let model = siamese(4);
    let names: Vec<String> = model.weights().into_iter().map(|w| w.name).collect();
    assert_eq!(
        names,
        [
            "encoder/kernel",
            "encoder/bias",
            "negate/kernel",
            "head/kernel",
            "head/bias"
        ]
    );
    // Both calls read the same weights: equal inputs give equal codes, so with `negate` set
    // to −I the difference, and so the score, is the head's bias alone.
    let mut model = model;
    let mut values: Vec<Vec<f32>> = model.weights().into_iter().map(|w| w.data).collect();
    values[2] = (0..25)
        .map(|i| if i % 6 == 0 { -1.0 } else { 0.0 })
        .collect();
    values[4] = vec![0.75];
    model.set_weights(&values).unwrap();
    let x = array(vec![0.3, -0.2, 0.9, 1.0, 0.5, -1.0], &[3]);
    let scores = model.predict(&[x.clone(), x], 2).unwrap();
    assert_eq!(scores[0].data, [0.75, 0.75]);
}

#[test]
fn a_shared_layer_called_on_another_shape_is_an_error() {
    let layers = vec![layer("encoder", "dense", json!({"units": 2}))];
    let nodes = vec![
        node("encoder", &["left"], "a"),
        node("encoder", &["right"], "b"),
    ];
    let err = Model::new(&spec(
        1,
        &[("left", &[3]), ("right", &[4])],
        layers,
        nodes,
        &["a", "b"],
    ))
    .unwrap_err();
    assert_eq!(
        (err.code(), err.argument()),
        ("SHAPE_MISMATCH", Some("nodes[1].inputs"))
    );
    assert!(err.to_string().contains("kernel (3, 2)"), "{err}");
    // A leading axis is fine: the same kernel applies to every row.
    let layers = vec![layer("encoder", "dense", json!({"units": 2}))];
    let nodes = vec![
        node("encoder", &["left"], "a"),
        node("encoder", &["right"], "b"),
    ];
    let model = Model::new(&spec(
        1,
        &[("left", &[3]), ("right", &[5, 3])],
        layers,
        nodes,
        &["a", "b"],
    ))
    .unwrap();
    assert_eq!(model.output_shapes(), [vec![2], vec![5, 2]]);
    assert_eq!(model.weights().len(), 2);
}

#[test]
fn gradients_of_a_shared_layer_add_up() {
    let mut model = siamese(9);
    let mut rng = TestRng::new(3);
    let data = Dataset::new(
        vec![
            array(rng.uniform_vec(4 * 3, -1.0, 1.0), &[3]),
            array(rng.uniform_vec(4 * 3, -1.0, 1.0), &[3]),
        ],
        vec![array(rng.uniform_vec(4, -1.0, 1.0), &[1])],
        None,
    )
    .unwrap();
    check_model_gradient(&mut model, &data, json!("mse"), "siamese");
}

#[test]
fn gradients_flow_through_merges_normalization_and_an_output_that_feeds_another() {
    // `hidden` is both an output (with its own loss) and the input of `out`: its gradient is
    // the sum of its loss's and out's. Concatenating `x` with itself passes one tensor twice.
    let layers = vec![
        layer("hidden", "dense", json!({"units": 4, "activation": "tanh"})),
        layer("norm", "layer_normalization", json!({})),
        layer("twice", "concatenate", json!({})),
        layer("out", "dense", json!({"units": 2, "activation": "sigmoid"})),
    ];
    let nodes = vec![
        node("hidden", &["x"], "hidden"),
        node("norm", &["hidden"], "normalized"),
        node("twice", &["normalized", "x", "x"], "joined"),
        node("out", &["joined"], "out"),
    ];
    let mut model =
        Model::new(&spec(2, &[("x", &[3])], layers, nodes, &["hidden", "out"])).unwrap();
    let mut rng = TestRng::new(5);
    let data = Dataset::new(
        vec![array(rng.uniform_vec(5 * 3, -1.0, 1.0), &[3])],
        vec![
            array(rng.uniform_vec(5 * 4, -0.5, 0.5), &[4]),
            array(rng.uniform_vec(5 * 2, 0.0, 1.0), &[2]),
        ],
        None,
    )
    .unwrap();
    check_model_gradient(
        &mut model,
        &data,
        json!(["mse", "binary_crossentropy"]),
        "two outputs",
    );
}

/// A model with dropout and batch normalization, big enough that GEMM cuts its products into
/// several tasks (more than 128 rows and 256 columns), so a pool really runs them on 2 threads.
fn noisy_model(seed: u64, dropout_seed: Option<u64>) -> Model {
    let mut dropout = json!({"rate": 0.3});
    if let Some(seed) = dropout_seed {
        dropout["seed"] = json!(seed);
    }
    let layers = vec![
        layer(
            "hidden",
            "dense",
            json!({"units": 300, "activation": "relu"}),
        ),
        layer("norm", "batch_normalization", json!({})),
        layer("dropout", "dropout", dropout),
        layer("out", "dense", json!({"units": 1, "activation": "sigmoid"})),
    ];
    let nodes = vec![
        node("hidden", &["x"], "hidden"),
        node("norm", &["hidden"], "norm"),
        node("dropout", &["norm"], "dropout"),
        node("out", &["dropout"], "out"),
    ];
    Model::new(&spec(seed, &[("x", &[40])], layers, nodes, &["out"])).unwrap()
}

const ROWS: usize = 320;

fn noisy_data() -> Dataset {
    let mut rng = TestRng::new(17);
    let x = rng.uniform_vec(ROWS * 40, -1.0, 1.0);
    let y: Vec<f32> = x
        .chunks(40)
        .map(|r| (r.iter().step_by(3).sum::<f32>() > 0.0) as u8 as f32)
        .collect();
    Dataset::new(vec![array(x, &[40])], vec![array(y, &[1])], None).unwrap()
}

/// Compiles and trains two epochs of batch 160; returns every weight's bit patterns.
fn train(mut model: Model, data: &Dataset) -> Vec<Vec<u32>> {
    let compile = json!({"loss": "binary_crossentropy",
        "optimizer": {"name": "adam", "learning_rate": 0.01}});
    model.compile(&compile.to_string()).unwrap();
    let mut rng = TestRng::new(99);
    for _ in 0..2 {
        model
            .train_batches(data, &rng.permutation(ROWS), 160)
            .unwrap();
    }
    model
        .weights()
        .iter()
        .map(|w| w.data.iter().map(|v| v.to_bits()).collect())
        .collect()
}

#[test]
fn dropout_training_repeats_with_the_same_seeds() {
    let _guard = POOL_GUARD.lock().unwrap_or_else(|e| e.into_inner());
    parallel::set_pool(None);
    let data = noisy_data();
    let first = train(noisy_model(5, None), &data);
    assert_eq!(first, train(noisy_model(5, None), &data), "same model seed");
    let configured = train(noisy_model(5, Some(11)), &data);
    assert_eq!(
        configured,
        train(noisy_model(5, Some(11)), &data),
        "same dropout seed"
    );
    assert_ne!(
        first, configured,
        "a configured dropout seed draws other masks"
    );
    // Only the masks differ: weights start the same.
    assert_eq!(
        noisy_model(5, None).weights(),
        noisy_model(5, Some(11)).weights()
    );
}

#[test]
fn training_with_dropout_and_batch_norm_is_bitwise_identical_on_two_threads() {
    let _guard = POOL_GUARD.lock().unwrap_or_else(|e| e.into_inner());
    let data = noisy_data();
    parallel::set_pool(None);
    let serial = train(noisy_model(5, None), &data);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    parallel::set_pool(Some(pool));
    let threaded = train(noisy_model(5, None), &data);
    parallel::set_pool(None);
    assert!(
        serial == threaded,
        "weights differ between no pool and a 2-thread pool"
    );
}

#[test]
fn moving_statistics_change_in_training_only() {
    let data = noisy_data();
    let mut model = noisy_model(3, None);
    let compile = json!({"loss": "binary_crossentropy", "optimizer": "sgd"});
    model.compile(&compile.to_string()).unwrap();
    let statistics = |model: &Model| -> Vec<Vec<f32>> {
        model
            .weights()
            .into_iter()
            .filter(|w| !w.trainable)
            .map(|w| w.data)
            .collect()
    };
    let initial = statistics(&model);
    assert_eq!(initial.len(), 2, "moving mean and variance");
    evaluate_loss(&mut model, &data);
    let _ = model.predict(&[array(vec![0.1; 40], &[40])], 1).unwrap();
    assert_eq!(statistics(&model), initial);
    model.train_batches(&data, &[0, 1, 2, 3], 4).unwrap();
    assert_ne!(statistics(&model), initial);
}
