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
