//! Keras's `poisson`: `mean(p − t·log(p + ε))` over the last axis.

use super::numerics::EPSILON;

/// The row's loss; `g` receives `scale · d(loss)/dp = scale · (1 − t/(p + ε)) / n`.
pub(super) fn poisson(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
    let n = p.len() as f64;
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| p as f64 - t as f64 * (p as f64 + EPSILON).ln())
        .sum::<f64>()
        / n;
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let d = 1.0 - t as f64 / (p as f64 + EPSILON);
            *g = (d / n * scale) as f32;
        }
    }
    loss
}
