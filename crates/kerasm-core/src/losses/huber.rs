//! Keras's `huber`: with `e = p − t`, `½e²` where `|e| ≤ δ`, else `δ|e| − ½δ²`, averaged over
//! the last axis.

/// Keras's default `delta`.
pub const DEFAULT_DELTA: f64 = 1.0;

/// The row's loss; `g` receives `scale · d(loss)/dp`: `e` inside, `δ·sign(e)` outside.
pub(super) fn huber(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64, delta: f64) -> f64 {
    let n = p.len() as f64;
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| {
            let error = (p as f64 - t as f64).abs();
            if error <= delta {
                0.5 * error * error
            } else {
                delta * error - 0.5 * delta * delta
            }
        })
        .sum::<f64>()
        / n;
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let error = p as f64 - t as f64;
            let d = error.clamp(-delta, delta);
            *g = (d / n * scale) as f32;
        }
    }
    loss
}
