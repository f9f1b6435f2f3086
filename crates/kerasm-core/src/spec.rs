//! The JSON specs the JS layer sends: `ModelSpec` (the layer DAG) and `CompileSpec` (loss,
//! optimizer, metrics). Unknown fields are rejected so a typo fails loudly instead of silently
//! training with a default. Names stay strings here; each is resolved where it is used, so an
//! unknown name can say which field held it.

use crate::error::Error;
use serde::de::DeserializeOwned;
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

/// What `compile()` received. `loss` is a name or `{ "name", "from_logits" }`; `optimizer` a
/// name or `{ "name", ...hyper-parameters }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileSpec {
    pub loss: serde_json::Value,
    pub optimizer: serde_json::Value,
    #[serde(default)]
    pub metrics: Vec<String>,
}

/// A loss given as an object.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossSpec {
    pub name: String,
    #[serde(default)]
    pub from_logits: bool,
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

/// Parses `json` into `T`; errors name `argument`.
pub fn parse_json<T: DeserializeOwned>(json: &str, argument: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::InvalidJson {
        argument: argument.to_string(),
        message: e.to_string(),
        received: json.to_string(),
    })
}

/// Reads an already-parsed JSON value into `T`; errors name `argument`.
pub fn from_value<T: DeserializeOwned>(
    value: serde_json::Value,
    argument: &str,
) -> Result<T, Error> {
    let received = value.to_string();
    serde_json::from_value(value).map_err(|e| Error::InvalidJson {
        argument: argument.to_string(),
        message: e.to_string(),
        received,
    })
}
