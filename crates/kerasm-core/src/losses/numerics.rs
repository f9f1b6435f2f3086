//! Numerical pieces the losses share: Keras's epsilon clip of probabilities and a stable
//! log-sum-exp (the sign and sigmoid are `crate::scalar`'s).

use crate::kernels::exp::exp;

/// Keras's `backend.epsilon()`: probabilities are clipped to `[EPSILON, 1 − EPSILON]`.
pub const EPSILON: f64 = 1e-7;

/// Clips a probability like Keras, and says whether it was inside the clip range (the clip
/// passes a gradient only there).
pub(super) fn clip_probability(p: f64) -> (f64, bool) {
    let inside = (EPSILON..=1.0 - EPSILON).contains(&p);
    (p.clamp(EPSILON, 1.0 - EPSILON), inside)
}

/// `log Σ e^z`, shifted by the maximum so it never overflows.
pub(super) fn log_sum_exp(z: &[f32]) -> f64 {
    let max = max_of(z);
    let sum: f64 = z.iter().map(|&z| exp(z - max) as f64).sum();
    max as f64 + sum.ln()
}

/// Writes `e^(z − max z)` into `exps` and returns `(log Σ e^z, Σ e^(z − max z))`, so that
/// `softmax(z) = exps / sum` costs no second exponential. Exponentials are f32, as Keras's
/// (`kernels::exp`), summed in f64.
pub(super) fn shifted_exps(z: &[f32], exps: &mut [f32]) -> (f64, f64) {
    let max = max_of(z);
    // Exponentials first, in a loop of their own so that it vectorises; then the sum, in order.
    exps.iter_mut().zip(z).for_each(|(e, &z)| *e = exp(z - max));
    let sum: f64 = exps.iter().map(|&e| e as f64).sum();
    (max as f64 + sum.ln(), sum)
}

fn max_of(z: &[f32]) -> f32 {
    z.iter().copied().fold(f32::NEG_INFINITY, f32::max)
}
