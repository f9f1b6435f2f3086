//! Keras's `mean_absolute_error`: `mean(|p − t|)` over the last axis.

use crate::scalar::sign;

/// The row's loss; `g` receives `scale · d(loss)/dp` (0 where `p = t`, as TF's `Sign`).
pub(super) fn mean_absolute_error(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
    let n = p.len() as f64;
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| (p as f64 - t as f64).abs())
        .sum::<f64>()
        / n;
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            *g = (sign(p as f64 - t as f64) / n * scale) as f32;
        }
    }
    loss
}
