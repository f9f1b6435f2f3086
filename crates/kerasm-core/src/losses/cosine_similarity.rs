//! Keras's `cosine_similarity` loss: `−Σ t̂·p̂` over the last axis, where `x̂` is `x` times
//! `min(1/‖x‖, 1/ε)` (Keras's `ops.normalize`). Negative, so that minimising it aligns `p`
//! with `t`.

use super::numerics::EPSILON;

/// The inverse norm `ops.normalize` multiplies by, and whether the `1/‖x‖` branch was taken.
fn inverse_norm(x: &[f32]) -> (f64, bool) {
    let norm = x.iter().map(|&x| (x as f64).powi(2)).sum::<f64>().sqrt();
    if norm >= EPSILON {
        (1.0 / norm, true)
    } else {
        (1.0 / EPSILON, false)
    }
}

/// The row's loss; `g` receives `scale · d(loss)/dp`. With `u = t̂` and `s = 1/‖p‖`:
/// `d/dp_k = −s·(u_k − (u·p)·s²·p_k)`, or `−u_k/ε` where the norm is below ε.
pub(super) fn cosine_similarity(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
    let (t_scale, _) = inverse_norm(t);
    let (p_scale, on_norm) = inverse_norm(p);
    let dot: f64 = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| p as f64 * t as f64 * t_scale)
        .sum();
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let u = t as f64 * t_scale;
            let d = if on_norm {
                -p_scale * (u - dot * p_scale * p_scale * p as f64)
            } else {
                -u * p_scale
            };
            *g = (d * scale) as f32;
        }
    }
    -dot * p_scale
}
