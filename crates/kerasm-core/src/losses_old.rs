//! Losses with Keras 3's formulas (`keras/src/losses/losses.py` and the TF backend's
//! `keras/src/backend/tensorflow/nn.py`), each with its gradient.
//!
//! The output is viewed as `[rows × width]` (width = last axis). Each row gets one loss value
//! (a mean over the last axis for element-wise losses, a sum for crossentropies), and the
//! reduction is Keras's `sum_over_batch_size`: the mean over rows. Values are accumulated in
//! f64 in row order, so the result does not depend on threads.

use crate::activation::Activation;
use crate::error::Error;
use crate::spec::{self, LossSpec};
use crate::targets::{class_index, Targets};

/// Keras's `backend.epsilon()`: probabilities are clipped to `[EPSILON, 1 − EPSILON]`.
pub const EPSILON: f64 = 1e-7;

/// A loss. Crossentropies read probabilities, or logits when `from_logits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    MeanSquaredError,
    MeanAbsoluteError,
    BinaryCrossentropy {
        from_logits: bool,
    },
    CategoricalCrossentropy {
        from_logits: bool,
    },
    /// Labels are float class indices, one per output row.
    SparseCategoricalCrossentropy {
        from_logits: bool,
    },
}

impl Loss {
    /// The accepted names, as Keras spells them.
    pub const NAMES: &'static [&'static str] = &[
        "mse",
        "mean_squared_error",
        "mae",
        "mean_absolute_error",
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
    ];

    /// Looks a loss up by its Keras name.
    pub fn from_name(name: &str, from_logits: bool, argument: &str) -> Result<Loss, Error> {
        let loss = match name {
            "mse" | "mean_squared_error" => Loss::MeanSquaredError,
            "mae" | "mean_absolute_error" => Loss::MeanAbsoluteError,
            "binary_crossentropy" => Loss::BinaryCrossentropy { from_logits },
            "categorical_crossentropy" => Loss::CategoricalCrossentropy { from_logits },
            "sparse_categorical_crossentropy" => {
                Loss::SparseCategoricalCrossentropy { from_logits }
            }
            _ => return Err(Error::unknown(argument, "loss", Loss::NAMES, name)),
        };
        if from_logits && !loss.is_crossentropy() {
            return Err(Error::invalid(
                format!("{argument}.from_logits"),
                "`from_logits` only with a crossentropy loss",
                format!("{name} with from_logits=true"),
            ));
        }
        Ok(loss)
    }

    /// Reads the `loss` field of a CompileSpec: a name, or `{ "name", "from_logits" }`.
    pub fn from_spec(value: &serde_json::Value) -> Result<Loss, Error> {
        match value {
            serde_json::Value::String(name) => Loss::from_name(name, false, "loss"),
            serde_json::Value::Object(_) => {
                let spec: LossSpec = spec::from_value(value.clone(), "loss")?;
                Loss::from_name(&spec.name, spec.from_logits, "loss.name")
            }
            other => Err(Error::invalid(
                "loss",
                "a loss name or an object { name, from_logits }",
                other,
            )),
        }
    }

    fn is_crossentropy(self) -> bool {
        !matches!(self, Loss::MeanSquaredError | Loss::MeanAbsoluteError)
    }

    /// The label layout this loss reads.
    pub fn targets(self) -> Targets {
        match self {
            Loss::SparseCategoricalCrossentropy { .. } => Targets::ClassIndices,
            _ => Targets::Dense,
        }
    }

    /// The from-logits form of this loss when the model's output `activation` lets the loss read
    /// its logits directly — what Keras's TF backend does through `_keras_logits`, so a saturated
    /// sigmoid or softmax still passes a gradient instead of being clipped flat.
    pub fn on_logits_of(self, activation: Activation) -> Option<Loss> {
        match (self, activation) {
            (Loss::BinaryCrossentropy { from_logits: false }, Activation::Sigmoid) => {
                Some(Loss::BinaryCrossentropy { from_logits: true })
            }
            (Loss::CategoricalCrossentropy { from_logits: false }, Activation::Softmax) => {
                Some(Loss::CategoricalCrossentropy { from_logits: true })
            }
            (Loss::SparseCategoricalCrossentropy { from_logits: false }, Activation::Softmax) => {
                Some(Loss::SparseCategoricalCrossentropy { from_logits: true })
            }
            _ => None,
        }
    }

    /// The mean loss over the rows of `prediction` (`[rows × width]`) against `targets`, and,
    /// when `gradient` is given, `dLoss/dprediction` written into it.
    pub fn compute(
        self,
        prediction: &[f32],
        targets: &[f32],
        width: usize,
        mut gradient: Option<&mut [f32]>,
    ) -> Result<f64, Error> {
        let rows = check_shapes(
            self.targets(),
            prediction,
            targets,
            width,
            gradient.as_deref(),
        )?;
        if rows == 0 {
            return Ok(0.0);
        }
        let per_row = self.targets().per_row(width);
        // d(mean over rows)/d(row loss).
        let scale = 1.0 / rows as f64;
        let mut total = 0.0f64;
        for row in 0..rows {
            let p = &prediction[row * width..(row + 1) * width];
            let t = &targets[row * per_row..(row + 1) * per_row];
            let g = gradient
                .as_deref_mut()
                .map(|g| &mut g[row * width..(row + 1) * width]);
            total += match self {
                Loss::MeanSquaredError => mean_squared_error(p, t, g, scale),
                Loss::MeanAbsoluteError => mean_absolute_error(p, t, g, scale),
                Loss::BinaryCrossentropy { from_logits: false } => {
                    binary_crossentropy(p, t, g, scale)
                }
                Loss::BinaryCrossentropy { from_logits: true } => {
                    sigmoid_crossentropy_with_logits(p, t, g, scale)
                }
                Loss::CategoricalCrossentropy { from_logits: false } => {
                    categorical_crossentropy(p, t, g, scale)
                }
                Loss::CategoricalCrossentropy { from_logits: true } => {
                    softmax_crossentropy_with_logits(p, t, g, scale)
                }
                Loss::SparseCategoricalCrossentropy { from_logits } => {
                    let label = class_index(t[0], width, row, "y")?;
                    if from_logits {
                        sparse_softmax_crossentropy_with_logits(p, label, g, scale)
                    } else {
                        sparse_categorical_crossentropy(p, label, g, scale)
                    }
                }
            };
        }
        Ok(total * scale)
    }
}

/// Validates buffer lengths and returns the number of rows.
fn check_shapes(
    layout: Targets,
    prediction: &[f32],
    targets: &[f32],
    width: usize,
    gradient: Option<&[f32]>,
) -> Result<usize, Error> {
    if width == 0 || !prediction.len().is_multiple_of(width) {
        return Err(Error::shape(
            "y_pred",
            format!("a whole number of rows of width {width}"),
            format!("{} values", prediction.len()),
        ));
    }
    let rows = prediction.len() / width;
    let expected = rows * layout.per_row(width);
    if targets.len() != expected {
        return Err(Error::shape(
            "y_true",
            format!("{expected} values for {rows} rows"),
            format!("{} values", targets.len()),
        ));
    }
    if let Some(gradient) = gradient {
        if gradient.len() != prediction.len() {
            return Err(Error::shape(
                "gradient",
                format!("{} values, like y_pred", prediction.len()),
                format!("{} values", gradient.len()),
            ));
        }
    }
    Ok(rows)
}

/// `mean((p − t)²)` over the row.
fn mean_squared_error(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
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

/// `mean(|p − t|)` over the row; the gradient of |x| at 0 is 0, as TF's `Sign`.
fn mean_absolute_error(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
    let n = p.len() as f64;
    let loss = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| (p as f64 - t as f64).abs())
        .sum::<f64>()
        / n;
    if let Some(g) = g {
        for ((g, &p), &t) in g.iter_mut().zip(p).zip(t) {
            let d = p as f64 - t as f64;
            let sign = if d > 0.0 {
                1.0
            } else if d < 0.0 {
                -1.0
            } else {
                0.0
            };
            *g = (sign / n * scale) as f32;
        }
    }
    loss
}

/// Clips a probability like Keras, and says whether it was inside the clip range (the clip
/// passes a gradient only there).
fn clip_probability(p: f64) -> (f64, bool) {
    let inside = (EPSILON..=1.0 - EPSILON).contains(&p);
    (p.clamp(EPSILON, 1.0 - EPSILON), inside)
}

/// `mean(−(t·log q + (1 − t)·log(1 − q)))` with `q = clip(p, ε, 1 − ε)`.
fn binary_crossentropy(p: &[f32], t: &[f32], mut g: Option<&mut [f32]>, scale: f64) -> f64 {
    let n = p.len() as f64;
    let mut loss = 0.0;
    for (i, (&p, &t)) in p.iter().zip(t).enumerate() {
        let (q, inside) = clip_probability(p as f64);
        let t = t as f64;
        loss -= t * q.ln() + (1.0 - t) * (1.0 - q).ln();
        if let Some(g) = g.as_deref_mut() {
            let d = if inside {
                (1.0 - t) / (1.0 - q) - t / q
            } else {
                0.0
            };
            g[i] = (d / n * scale) as f32;
        }
    }
    loss / n
}

/// TF's `sigmoid_cross_entropy_with_logits`: `max(z, 0) − z·t + log(1 + e^−|z|)`, which never
/// overflows; its gradient is `σ(z) − t`.
fn sigmoid_crossentropy_with_logits(
    z: &[f32],
    t: &[f32],
    mut g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let n = z.len() as f64;
    let mut loss = 0.0;
    for (i, (&z, &t)) in z.iter().zip(t).enumerate() {
        let (z, t) = (z as f64, t as f64);
        loss += z.max(0.0) - z * t + (-z.abs()).exp().ln_1p();
        if let Some(g) = g.as_deref_mut() {
            g[i] = ((sigmoid(z) - t) / n * scale) as f32;
        }
    }
    loss / n
}

/// Keras's probability form: renormalise `p` to sum to 1, clip, then `−Σ t·log q`.
fn categorical_crossentropy(p: &[f32], t: &[f32], g: Option<&mut [f32]>, scale: f64) -> f64 {
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
fn softmax_crossentropy_with_logits(
    z: &[f32],
    t: &[f32],
    g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let lse = log_sum_exp(z);
    let label_sum: f64 = t.iter().map(|&t| t as f64).sum();
    let loss = z
        .iter()
        .zip(t)
        .map(|(&z, &t)| t as f64 * (lse - z as f64))
        .sum();
    if let Some(g) = g {
        for ((g, &z), &t) in g.iter_mut().zip(z).zip(t) {
            let softmax = (z as f64 - lse).exp();
            *g = ((softmax * label_sum - t as f64) * scale) as f32;
        }
    }
    loss
}

/// Keras's TF probability form: clip `p`, take logs, and feed them to the sparse softmax
/// crossentropy, i.e. `log Σ c − log c_label` with `c = clip(p, ε, 1 − ε)`.
fn sparse_categorical_crossentropy(
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
fn sparse_softmax_crossentropy_with_logits(
    z: &[f32],
    label: usize,
    g: Option<&mut [f32]>,
    scale: f64,
) -> f64 {
    let lse = log_sum_exp(z);
    if let Some(g) = g {
        for (i, (g, &z)) in g.iter_mut().zip(z).enumerate() {
            let onehot = if i == label { 1.0 } else { 0.0 };
            *g = (((z as f64 - lse).exp() - onehot) * scale) as f32;
        }
    }
    lse - z[label] as f64
}

/// `log Σ e^z`, shifted by the maximum so it never overflows.
fn log_sum_exp(z: &[f32]) -> f64 {
    let max = z
        .iter()
        .map(|&z| z as f64)
        .fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = z.iter().map(|&z| (z as f64 - max).exp()).sum();
    max + sum.ln()
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}
