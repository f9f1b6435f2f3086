//! The ModelSpec: the layer DAG the JS layer builds.

use serde::Deserialize;

/// A model as a DAG of layers, topologically ordered.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Seeds every initializer: same seed ⇒ same weights everywhere.
    pub seed: u64,
    pub inputs: Vec<InputSpec>,
    pub layers: Vec<LayerSpec>,
    /// Names of the layers (or inputs) whose values the model returns.
    pub outputs: Vec<String>,
}

/// A symbolic input: its name and per-sample shape (no batch axis).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    pub name: String,
    pub shape: Vec<usize>,
}

/// One layer call. `config` is read according to `kind`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    pub name: String,
    pub kind: String,
    pub inputs: Vec<String>,
    #[serde(default)]
    pub config: serde_json::Value,
}

/// `keras.layers.Dense` arguments, with Keras's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenseConfig {
    pub units: usize,
    /// `null` or missing means linear, as Keras's `activation=None`.
    #[serde(default)]
    pub activation: Option<String>,
    #[serde(default = "default_use_bias")]
    pub use_bias: bool,
    #[serde(default = "default_kernel_initializer")]
    pub kernel_initializer: String,
    #[serde(default = "default_bias_initializer")]
    pub bias_initializer: String,
}

/// `keras.layers.Activation` arguments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationConfig {
    pub activation: String,
}

fn default_use_bias() -> bool {
    true
}

fn default_kernel_initializer() -> String {
    "glorot_uniform".to_string()
}

fn default_bias_initializer() -> String {
    "zeros".to_string()
}
