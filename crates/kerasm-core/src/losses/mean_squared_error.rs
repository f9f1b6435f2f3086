//! Keras's `mean_squared_error`: `mean((p − t)²)` over the last axis.

/// The row's loss; `g` receives `scale · d(loss)/dp`.
pub(super) fn mean_squared_error(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
    let n = p.len() as f64;
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| (p as f64 - t as f64).powi(2))
        .sum::<f64>()
        / n;
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            *g = (2.0 * (p as f64 - t as f64) / n * scale) as f32;
        }
    }
    loss
}
