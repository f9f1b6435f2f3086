//! Keras's `sparse_categorical_crossentropy` (TF backend) of one row against a class index: the
//! clipped probability form, and the logits form.

use super::numerics::{clip_probability, log_sum_exp, shifted_exps};

/// Keras's TF probability form: clip `p`, take logs, and feed them to the sparse softmax
/// crossentropy, i.e. `log Σ c − log c_label` with `c = clip(p, ε, 1 − ε)`.
pub(super) fn sparse_categorical_crossentropy(
    p: &[f32],
    label: usize,
    g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let clipped_sum: f64 = p.iter().map(|&p| clip_probability(p as f64).0).sum();
    let (c_label, _) = clip_probability(p[label] as f64);
    let loss = clipped_sum.ln() - c_label.ln();
    if let Some(g) = g {
        // d/dc_i = 1/Σc − δ_i,label / c_label, and the clip passes a gradient only inside.
        for (i, (g, &p)) in g.iter_mut().zip(p).enumerate() {
            let (c, inside) = clip_probability(p as f64);
            let d = if !inside {
                0.0
            } else if i == label {
                1.0 / clipped_sum - 1.0 / c
            } else {
                1.0 / clipped_sum
            };
            *g = (d * scale) as f32;
        }
    }
    loss
}

/// TF's `sparse_softmax_cross_entropy_with_logits`: `logsumexp(z) − z_label`; gradient
/// `softmax(z) − onehot(label)`.
pub(super) fn sparse_softmax_crossentropy_with_logits(
    z: &[f32],
    label: usize,
    g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let Some(g) = g else {
        return log_sum_exp(z) - z[label] as f64;
    };
    // g holds e^(z − max) until it becomes the gradient.
    let (lse, sum) = shifted_exps(z, g);
    for (i, g) in g.iter_mut().enumerate() {
        let onehot = if i == label { 1.0 } else { 0.0 };
        *g = ((*g as f64 / sum - onehot) * scale) as f32;
    }
    lse - z[label] as f64
}
