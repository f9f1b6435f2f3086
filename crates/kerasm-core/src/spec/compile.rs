//! The CompileSpec: losses (one, or one per output, with weights), optimizer and metrics given
//! to `compile()`, and the Expression of custom losses and metrics traced from TypeScript ops.

use serde::Deserialize;

/// What `compile()` received. `loss` is a name, an object (see `LossSpec`), or a list of those
/// with one entry per model output; `optimizer` a name or `{ "name", ...hyper-parameters }`;
/// `metrics` a flat list (applied to a single output) or one list per output, whose entries are
/// names or objects (see `MetricSpec`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileSpec {
    pub loss: serde_json::Value,
    /// One weight per output: the total loss is `Σ wᵢ·lossᵢ`.
    #[serde(default)]
    pub loss_weights: Option<Vec<f64>>,
    pub optimizer: serde_json::Value,
    #[serde(default)]
    pub metrics: Vec<serde_json::Value>,
}

/// A loss given as an object: a built-in by name with its arguments, or a custom loss (any
/// name) with its `expression`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossSpec {
    pub name: String,
    #[serde(default)]
    pub from_logits: Option<bool>,
    /// Huber's threshold between the quadratic and the linear part.
    #[serde(default)]
    pub delta: Option<f64>,
    #[serde(default)]
    pub expression: Option<ExpressionSpec>,
}

/// A metric given as an object: a built-in by name with its arguments, or a custom metric (any
/// name) with its `expression`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    pub name: String,
    /// `top_k_categorical_accuracy`, `sparse_top_k_categorical_accuracy`.
    #[serde(default)]
    pub k: Option<usize>,
    /// `precision`, `recall` (Keras's `thresholds` with one value).
    #[serde(default, alias = "thresholds")]
    pub threshold: Option<f64>,
    /// `auc`.
    #[serde(default)]
    pub num_thresholds: Option<usize>,
    /// `auc`: `"ROC"` or `"PR"`.
    #[serde(default)]
    pub curve: Option<String>,
    /// `auc`: `"interpolation"`, `"minoring"` or `"majoring"`.
    #[serde(default)]
    pub summation_method: Option<String>,
    /// `auc`: predictions are logits, read through a sigmoid.
    #[serde(default)]
    pub from_logits: Option<bool>,
    #[serde(default)]
    pub expression: Option<ExpressionSpec>,
}

/// A small DAG over the batch tensors `y_true` and `y_pred` that yields one value per sample.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpressionSpec {
    pub nodes: Vec<ExpressionNodeSpec>,
    /// The index of the node whose value is the result.
    pub output: usize,
}

/// One op of an Expression.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpressionNodeSpec {
    pub op: String,
    #[serde(default)]
    pub inputs: Vec<OperandSpec>,
    /// `constant`.
    #[serde(default)]
    pub value: Option<f64>,
    /// `clip`.
    #[serde(default)]
    pub min: Option<f64>,
    /// `clip`.
    #[serde(default)]
    pub max: Option<f64>,
    /// `mean`, `sum`, `max`: the axis of the batch tensor to reduce (default −1).
    #[serde(default)]
    pub axis: Option<i64>,
}

/// An op input: `"y_true"`, `"y_pred"`, or the index of an earlier node.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OperandSpec {
    Node(usize),
    Tensor(String),
}
