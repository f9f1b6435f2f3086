//! Keras's `kl_divergence`: `Σ t·log(t / p)` over the last axis, both clipped to `[ε, 1]`.

use super::numerics::EPSILON;

/// The row's loss; `g` receives `scale · d(loss)/dp`, `−t/p` where the clip lets `p` through.
pub(super) fn kl_divergence(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
    let clip = |x: f32| (x as f64).clamp(EPSILON, 1.0);
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| {
            let (p, t) = (clip(p), clip(t));
            t * (t / p).ln()
        })
        .sum();
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let inside = (EPSILON..=1.0).contains(&(p as f64));
            let d = if inside { -clip(t) / clip(p) } else { 0.0 };
            *g = (d * scale) as f32;
        }
    }
    loss
}
