//! The ModelSpec: the layer DAG the JS layer builds. Layers hold weights and configuration
//! once; nodes are the calls of those layers on named tensors, so a layer called twice shares
//! its weights. Layer configs use Keras 3's argument names and defaults.

use serde::Deserialize;

/// A model as a DAG of layer calls over named tensors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Seeds every initializer and dropout mask: same seed ⇒ same weights and same training.
    pub seed: u64,
    /// The tensors fed by the data, in the order of the data's input arrays.
    pub inputs: Vec<InputSpec>,
    /// Every layer once, with its configuration; weights are created in this order.
    pub layers: Vec<LayerSpec>,
    /// The layer calls, in topological order.
    pub nodes: Vec<NodeSpec>,
    /// The tensors the model returns, in the order of the data's target arrays.
    pub outputs: Vec<String>,
}

/// A symbolic input: its name and per-sample shape (no batch axis).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    pub name: String,
    pub shape: Vec<usize>,
}

/// A layer: its name (the prefix of its weights' names), kind, and `config` read by `kind`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub config: serde_json::Value,
}

/// One call of a layer on named tensors, producing a newly named tensor.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    pub layer: String,
    pub inputs: Vec<String>,
    pub output: String,
}

/// `keras.regularizers.L1L2`: `l1·Σ|x| + l2·Σx²`. `l1(a)` is `{ l1: a }`, `l2(a)` is `{ l2: a }`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegularizerSpec {
    #[serde(default)]
    pub l1: f64,
    #[serde(default)]
    pub l2: f64,
}

/// `keras.layers.Dense` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenseConfig {
    pub units: usize,
    /// `null` or missing means linear, as Keras's `activation=None`.
    #[serde(default)]
    pub activation: Option<String>,
    #[serde(default = "yes")]
    pub use_bias: bool,
    #[serde(default = "glorot_uniform")]
    pub kernel_initializer: String,
    #[serde(default = "zeros")]
    pub bias_initializer: String,
    #[serde(default)]
    pub kernel_regularizer: Option<RegularizerSpec>,
    #[serde(default)]
    pub bias_regularizer: Option<RegularizerSpec>,
}

/// `keras.layers.Activation` arguments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationConfig {
    pub activation: String,
}

/// `keras.layers.Dropout` arguments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropoutConfig {
    pub rate: f64,
    /// The mask seed; without one it derives from the model seed and the layer's index.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Only `null` (a mask over every value) is built in.
    #[serde(default)]
    pub noise_shape: Option<Vec<Option<usize>>>,
}

/// `keras.layers.Flatten` takes no argument here (`data_format` only matters for images).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlattenConfig {}

/// `keras.layers.Reshape` arguments: the per-sample target shape, with at most one `-1`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReshapeConfig {
    pub target_shape: Vec<i64>,
}

/// The γ/β arguments both normalizations take (`BatchNormalization`, `LayerNormalization`),
/// with Keras's defaults.
#[derive(Debug, Clone, Deserialize)]
pub struct GammaBetaConfig {
    #[serde(default = "yes")]
    pub center: bool,
    #[serde(default = "yes")]
    pub scale: bool,
    #[serde(default = "zeros")]
    pub beta_initializer: String,
    #[serde(default = "ones")]
    pub gamma_initializer: String,
    #[serde(default)]
    pub beta_regularizer: Option<RegularizerSpec>,
    #[serde(default)]
    pub gamma_regularizer: Option<RegularizerSpec>,
}

/// `keras.layers.BatchNormalization` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchNormalizationConfig {
    #[serde(default = "last_axis")]
    pub axis: i64,
    #[serde(default = "batch_norm_momentum")]
    pub momentum: f64,
    #[serde(default = "norm_epsilon")]
    pub epsilon: f64,
    #[serde(flatten)]
    pub gamma_beta: GammaBetaConfig,
    #[serde(default = "zeros")]
    pub moving_mean_initializer: String,
    #[serde(default = "ones")]
    pub moving_variance_initializer: String,
}

/// `keras.layers.LayerNormalization` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerNormalizationConfig {
    #[serde(default = "last_axes")]
    pub axis: Axes,
    #[serde(default = "norm_epsilon")]
    pub epsilon: f64,
    #[serde(flatten)]
    pub gamma_beta: GammaBetaConfig,
}

/// An axis or a list of axes, counted with the batch axis as 0 (negative from the end).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Axes {
    One(i64),
    Many(Vec<i64>),
}

/// `keras.layers.Embedding` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddingConfig {
    pub input_dim: usize,
    pub output_dim: usize,
    #[serde(default = "uniform")]
    pub embeddings_initializer: String,
    #[serde(default)]
    pub embeddings_regularizer: Option<RegularizerSpec>,
    /// Masks are not built in: only `false`.
    #[serde(default)]
    pub mask_zero: bool,
}

/// `keras.layers.Concatenate` arguments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcatenateConfig {
    #[serde(default = "last_axis")]
    pub axis: i64,
}

/// `keras.layers.Add` takes no argument.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddConfig {}

fn yes() -> bool {
    true
}

fn last_axis() -> i64 {
    -1
}

fn last_axes() -> Axes {
    Axes::One(-1)
}

fn batch_norm_momentum() -> f64 {
    0.99
}

fn norm_epsilon() -> f64 {
    1e-3
}

fn glorot_uniform() -> String {
    "glorot_uniform".to_string()
}

fn zeros() -> String {
    "zeros".to_string()
}

fn ones() -> String {
    "ones".to_string()
}

/// Keras's `"uniform"`: `RandomUniform(-0.05, 0.05)`.
fn uniform() -> String {
    "uniform".to_string()
}
