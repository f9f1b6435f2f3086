//! The CompileSpec: loss, optimizer and metrics given to `compile()`.

use serde::Deserialize;

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
