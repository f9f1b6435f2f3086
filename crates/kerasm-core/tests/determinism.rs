//! Same seed ⇒ same weights, before and after training; and training is bitwise identical with
//! no thread pool and with a 2-thread pool. The pool slot is global, so every test here holds
//! `POOL_GUARD`.
mod common;

use common::{chain_spec, compile_spec, dataset, dense_spec, TestRng};
use kerasm_core::{parallel, Dataset, Model};
use serde_json::json;
use std::sync::Mutex;

static POOL_GUARD: Mutex<()> = Mutex::new(());

/// Big enough that GEMM cuts its products into several tasks (more than 128 rows and more than
/// 256 columns), so a pool really runs them on two threads.
const FEATURES: usize = 40;
const HIDDEN: usize = 300;
const ROWS: usize = 320;

fn data() -> Dataset {
    let mut rng = TestRng::new(17);
    let x = rng.uniform_vec(ROWS * FEATURES, -1.0, 1.0);
    let y: Vec<f32> = x
        .chunks(FEATURES)
        .map(|r| (r.iter().step_by(3).sum::<f32>() > 0.0) as u8 as f32)
        .collect();
    dataset(x, &[FEATURES], y, &[1])
}

/// Builds, compiles and trains two epochs of batch 160; returns the weights' bit patterns.
fn train(seed: u64, data: &Dataset) -> Vec<Vec<u32>> {
    let mut model = Model::new(&dense_spec(
        seed,
        &[FEATURES],
        &[(HIDDEN, "relu"), (1, "sigmoid")],
    ))
    .unwrap();
    model
        .compile(&compile_spec(
            "binary_crossentropy",
            json!({"name": "adam", "learning_rate": 0.01}),
            &["accuracy"],
        ))
        .unwrap();
    let mut rng = TestRng::new(99);
    for _ in 0..2 {
        model
            .train_batches(data, &rng.permutation(ROWS), 160)
            .unwrap();
    }
    bits(&model)
}

fn bits(model: &Model) -> Vec<Vec<u32>> {
    model
        .weights()
        .iter()
        .map(|w| w.data.iter().map(|v| v.to_bits()).collect())
        .collect()
}

#[test]
fn same_seed_gives_the_same_initial_weights() {
    let _guard = POOL_GUARD.lock().unwrap_or_else(|e| e.into_inner());
    let spec = dense_spec(123, &[6], &[(5, "relu"), (2, "softmax")]);
    let (a, b) = (Model::new(&spec).unwrap(), Model::new(&spec).unwrap());
    assert_eq!(bits(&a), bits(&b));
    let other = Model::new(&dense_spec(124, &[6], &[(5, "relu"), (2, "softmax")])).unwrap();
    assert_ne!(bits(&a)[0], bits(&other)[0], "another seed, other kernels");
}

#[test]
fn same_seed_gives_the_same_trained_weights() {
    let _guard = POOL_GUARD.lock().unwrap_or_else(|e| e.into_inner());
    parallel::set_pool(None);
    let data = data();
    let first = train(5, &data);
    assert_eq!(first, train(5, &data));
    assert_ne!(first, train(6, &data));
}

#[test]
fn training_is_bitwise_identical_on_two_threads() {
    let _guard = POOL_GUARD.lock().unwrap_or_else(|e| e.into_inner());
    let data = data();
    parallel::set_pool(None);
    let serial = train(5, &data);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    parallel::set_pool(Some(pool));
    assert_eq!(parallel::threads(), 2);
    let threaded = train(5, &data);
    parallel::set_pool(None);
    assert!(
        serial == threaded,
        "weights differ between no pool and a 2-thread pool"
    );
}

#[test]
fn a_weight_does_not_depend_on_the_sizes_of_earlier_layers() {
    let _guard = POOL_GUARD.lock().unwrap_or_else(|e| e.into_inner());
    // Each weight draws from its own stream: the output layer's bias is the same whatever the
    // hidden layer's width.
    let spec = |hidden: usize| {
        let layers = vec![
            json!({ "name": "hidden", "kind": "dense", "inputs": ["in"], "config": { "units": hidden } }),
            json!({ "name": "out", "kind": "dense", "inputs": ["hidden"],
              "config": { "units": 4, "bias_initializer": "random_normal" } }),
        ];
        chain_spec(8, &[("in", &[3])], layers, &["out"])
    };
    let (narrow, wide) = (Model::new(&spec(2)).unwrap(), Model::new(&spec(9)).unwrap());
    assert_eq!(narrow.weights()[3].name, "out/bias");
    assert_eq!(narrow.weights()[3].data, wide.weights()[3].data);
    assert!(narrow.weights()[3].data.iter().any(|&b| b != 0.0));
}
