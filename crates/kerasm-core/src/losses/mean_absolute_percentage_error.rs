//! Keras's `mean_absolute_percentage_error`:
//! `100 · mean(|t − p| / max(|t|, ε))` over the last axis.

use super::numerics::EPSILON;
use crate::scalar::sign;

/// The row's loss; `g` receives `scale · d(loss)/dp`.
pub(super) fn mean_absolute_percentage_error(
    p: &[f32],
    t: &[f32],
    g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let n = p.len() as f64;
    let denominator = |t: f32| (t as f64).abs().max(EPSILON);
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| (t as f64 - p as f64).abs() / denominator(t))
        .sum::<f64>()
        * 100.0
        / n;
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let d = 100.0 * sign(p as f64 - t as f64) / denominator(t) / n;
            *g = (d * scale) as f32;
        }
    }
    loss
}
