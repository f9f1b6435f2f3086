//! Keras's `binary_crossentropy` (TF backend, `keras/src/backend/tensorflow/nn.py`), averaged
//! over the last axis: the clipped probability form, and the stable logits form.

use super::numerics::clip_probability;
use crate::scalar::sigmoid;

/// `mean(−(t·log q + (1 − t)·log(1 − q)))` with `q = clip(p, ε, 1 − ε)`.
pub(super) fn binary_crossentropy(
    p: &[f32],
    t: &[f32],
    mut g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let n = p.len() as f64;
    let mut loss = 0.0;
    for (i, (&p, &t)) in p.iter().zip(t).enumerate() {
        let (q, inside) = clip_probability(p as f64);
        let t = t as f64;
        loss -= t * q.ln() + (1.0 - t) * (1.0 - q).ln();
        if let Some(g) = g.as_deref_mut() {
            let d = if inside {
                (1.0 - t) / (1.0 - q) - t / q
            } else {
                0.0
            };
            g[i] = (d / n * scale) as f32;
        }
    }
    loss / n
}

/// TF's `sigmoid_cross_entropy_with_logits`: `max(z, 0) − z·t + log(1 + e^−|z|)`, which never
/// overflows; its gradient is `σ(z) − t`.
pub(super) fn sigmoid_crossentropy_with_logits(
    z: &[f32],
    t: &[f32],
    mut g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let n = z.len() as f64;
    let mut loss = 0.0;
    for (i, (&z, &t)) in z.iter().zip(t).enumerate() {
        let (z, t) = (z as f64, t as f64);
        loss += z.max(0.0) - z * t + (-z.abs()).exp().ln_1p();
        if let Some(g) = g.as_deref_mut() {
            g[i] = ((sigmoid(z) - t) / n * scale) as f32;
        }
    }
    loss / n
}
