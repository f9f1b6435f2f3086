//! Helpers shared by the engine's integration tests: spec builders, seeded data, tolerances.
#![allow(dead_code)] // Each test binary uses its own subset of these helpers.

use serde_json::json;

/// A sequential model spec: one input of `input_shape`, then one dense layer per
/// `(units, activation)`, named `dense`, `dense_1`, … as Keras names them.
pub fn dense_spec(seed: u64, input_shape: &[usize], layers: &[(usize, &str)]) -> String {
    let mut previous = "input_1".to_string();
    let mut specs = Vec::new();
    for (i, (units, activation)) in layers.iter().enumerate() {
        let name = if i == 0 {
            "dense".to_string()
        } else {
            format!("dense_{i}")
        };
        specs.push(json!({
            "name": name, "kind": "dense", "inputs": [previous],
            "config": { "units": units, "activation": activation }
        }));
        previous = name;
    }
    json!({
        "seed": seed,
        "inputs": [{ "name": "input_1", "shape": input_shape }],
        "layers": specs,
        "outputs": [previous],
    })
    .to_string()
}

/// A CompileSpec with an optimizer object.
pub fn compile_spec(loss: &str, optimizer: serde_json::Value, metrics: &[&str]) -> String {
    json!({ "loss": loss, "optimizer": optimizer, "metrics": metrics }).to_string()
}

/// A small deterministic generator for test data (SplitMix64).
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> TestRng {
        TestRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        low + (high - low) * unit
    }

    pub fn uniform_vec(&mut self, n: usize, low: f64, high: f64) -> Vec<f32> {
        (0..n).map(|_| self.uniform(low, high) as f32).collect()
    }

    /// A random permutation of `0..n` (Fisher–Yates).
    pub fn permutation(&mut self, n: usize) -> Vec<u32> {
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
    }
}

/// `|actual − expected| ≤ tolerance · max(1, |expected|)`.
pub fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    let bound = tolerance * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= bound,
        "{what}: got {actual}, expected {expected} (tolerance {bound})"
    );
}
