//! Keras's `hinge`: `mean(max(1 − t·p, 0))` over the last axis, labels in {−1, 1}. Keras's
//! `convert_binary_labels_to_hinge` turns labels that are all 0 or 1 (across the batch) into
//! −1 or 1 first.

/// Whether Keras would convert this batch's labels: every one is 0 or 1.
pub(super) fn labels_are_binary(t: &[f32]) -> bool {
    t.iter().all(|&t| t == 0.0 || t == 1.0)
}

/// The row's loss, with `convert` mapping labels `t → 2t − 1`; `g` receives
/// `scale · d(loss)/dp`, `−t` where `1 − t·p ≥ 0` (TF's `Maximum` passes ties to its first
/// operand).
pub(super) fn hinge(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64, convert: bool) -> f64 {
    let n = p.len() as f64;
    let label = |t: f32| {
        if convert {
            2.0 * t as f64 - 1.0
        } else {
            t as f64
        }
    };
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| (1.0 - label(t) * p as f64).max(0.0))
        .sum::<f64>()
        / n;
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let t = label(t);
            let d = if 1.0 - t * p as f64 >= 0.0 { -t } else { 0.0 };
            *g = (d / n * scale) as f32;
        }
    }
    loss
}
