//! What the engine accepts, as JSON: the name lists, one layer described on its own, and every
//! layer kind's examples (see `kerasm_core::catalogue`).
use kerasm_core::catalogue;
use wasm_bindgen::prelude::*;

use crate::error::to_js;

/// Every accepted name by kind: `{ layers, activations, initializers, losses, metrics,
/// optimizers, regularizers, schedules, expression_ops }`, each a list of strings.
#[wasm_bindgen]
pub fn catalogue() -> String {
    catalogue::catalogue().to_string()
}

/// `{ config, output_shapes, weights: [{ name, shape, trainable }] }` of a layer of `kind`
/// whose `config_json` holds snake_case Keras arguments, called on inputs of per-sample
/// shapes `input_shapes_json` (a list of shapes).
#[wasm_bindgen]
pub fn describe_layer(
    kind: &str,
    config_json: &str,
    input_shapes_json: &str,
) -> Result<String, JsError> {
    let description =
        catalogue::describe_layer(kind, config_json, input_shapes_json).map_err(to_js)?;
    Ok(description.to_string())
}

/// Every layer kind's examples: `[{ kind, config, input_shapes, indices_below }]`.
#[wasm_bindgen]
pub fn layer_examples() -> String {
    catalogue::examples().to_string()
}
