//! The JSON specs the JS layer sends: `ModelSpec` (the layer DAG) and `CompileSpec` (loss,
//! optimizer, metrics). Unknown fields are rejected so a typo fails loudly instead of silently
//! training with a default. Names stay strings here; each is resolved where it is used, so an
//! unknown name can say which field held it.

pub mod compile;
pub mod model;
mod regularizer;

pub use compile::{CompileSpec, LossSpec};
pub use model::{InputSpec, LayerSpec, ModelSpec, NodeSpec};
pub use regularizer::RegularizerSpec;

use crate::error::Error;
use serde::de::DeserializeOwned;

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
