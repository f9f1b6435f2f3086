//! Native time of one batch-1 training step of the notes' Boston model (13-64-64-1, rmsprop,
//! mse), for orientation (the ≤ 10 µs target is measured in wasm by `npm run bench -- --only
//! boston`): `cargo test --release -p kerasm-core --test small_batch_bench -- --ignored --nocapture`.
mod common;

use common::{compile_spec, dataset, dense_spec};
use kerasm_core::Model;
use serde_json::json;
use std::time::Instant;

#[test]
#[ignore]
fn report_batch_1_step_time() {
    let rows = 303;
    let x: Vec<f32> = (0..rows * 13)
        .map(|i| ((i * 37) % 101) as f32 / 50.0 - 1.0)
        .collect();
    let y: Vec<f32> = (0..rows).map(|i| (i % 17) as f32).collect();
    let data = dataset(x, &[13], y, &[1]);
    let mut model = Model::new(&dense_spec(
        1,
        &[13],
        &[(64, "relu"), (64, "relu"), (1, "linear")],
    ))
    .unwrap();
    model
        .compile(&compile_spec("mse", json!("rmsprop"), &["mae"]))
        .unwrap();
    let order: Vec<u32> = (0..rows as u32).collect();
    model.train_batches(&data, &order, 1).unwrap();
    let mut best = f64::INFINITY;
    for _ in 0..20 {
        let start = Instant::now();
        model.train_batches(&data, &order, 1).unwrap();
        best = best.min(start.elapsed().as_secs_f64() / rows as f64);
    }
    println!(
        "batch-1 step, 13-64-64-1 rmsprop: {:.2} µs (best of 20 epochs)",
        best * 1e6
    );
}
