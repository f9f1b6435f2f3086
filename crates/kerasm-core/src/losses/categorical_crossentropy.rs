//! Keras's `categorical_crossentropy` (TF backend), summed over the last axis: the renormalised
//! and clipped probability form, and the logits form.

use super::numerics::{clip_probability, log_sum_exp, shifted_exps};

/// Keras's probability form: renormalise `p` to sum to 1, clip, then `−Σ t·log q`.
pub(super) fn categorical_crossentropy(
    p: &[f32],
    t: &[f32],
    g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let sum: f64 = p.iter().map(|&p| p as f64).sum();
    let mut loss = 0.0;
    // Σ_i dL/dq_i · q_i, for the Jacobian of the normalisation q = p / S.
    let mut weighted = 0.0;
    for (&p, &t) in p.iter().zip(t) {
        let q = p as f64 / sum;
        let (c, inside) = clip_probability(q);
        loss -= t as f64 * c.ln();
        if inside {
            weighted -= t as f64 / c * q;
        }
    }
    if let Some(g) = g {
        // dL/dp_k = (dL/dq_k − Σ_i dL/dq_i·q_i) / S.
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let (c, inside) = clip_probability(p as f64 / sum);
            let dq = if inside { -(t as f64) / c } else { 0.0 };
            *g = ((dq - weighted) / sum * scale) as f32;
        }
    }
    loss
}

/// TF's `softmax_cross_entropy_with_logits`: `Σ t·(logsumexp(z) − z)`; gradient
/// `softmax(z)·Σt − t` (just `softmax − t` for labels that sum to 1).
pub(super) fn softmax_crossentropy_with_logits(
    z: &[f32],
    t: &[f32],
    g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let loss_at = |lse: f64| -> f64 {
        z.iter()
            .zip(t)
            .map(|(&z, &t)| t as f64 * (lse - z as f64))
            .sum()
    };
    let Some(g) = g else {
        return loss_at(log_sum_exp(z));
    };
    // g holds e^(z − max) until it becomes the gradient.
    let (lse, sum) = shifted_exps(z, g);
    let label_sum: f64 = t.iter().map(|&t| t as f64).sum();
    for (g, &t) in g.iter_mut().zip(t) {
        let softmax = *g as f64 / sum;
        *g = ((softmax * label_sum - t as f64) * scale) as f32;
    }
    loss_at(lse)
}
