//! What the engine accepts, for hosts to build their own lists from (and conformance tests to
//! compare against): every name list by kind, one layer described on its own, and every layer
//! kind's examples. Each answer is JSON, as it crosses the JS boundary.

use crate::activation::Activation;
use crate::error::Error;
use crate::expression::ExpressionOp;
use crate::initializer::Initializer;
use crate::layers::{describe, layer_examples, LAYER_KINDS};
use crate::losses::Loss;
use crate::metrics::METRIC_NAMES;
use crate::optimizers::Optimizer;
use crate::schedule::Schedule;
use crate::spec::{parse_json, RegularizerSpec};
use serde_json::{json, Value};

/// Every accepted name, by kind (aliases included where Keras has them).
pub fn catalogue() -> Value {
    json!({
        "layers": LAYER_KINDS,
        "activations": Activation::NAMES,
        "initializers": Initializer::ACCEPTED,
        "losses": Loss::NAMES,
        "metrics": METRIC_NAMES,
        "optimizers": Optimizer::NAMES,
        "regularizers": RegularizerSpec::NAMES,
        "schedules": Schedule::NAMES,
        "expression_ops": ExpressionOp::NAMES,
    })
}

/// A layer of `kind` with `config_json` (snake_case Keras arguments) called on inputs of
/// per-sample shapes `input_shapes_json` (a list of shapes):
/// `{ config, output_shapes, weights: [{ name, shape, trainable }] }`, where `config` holds every
/// argument with Keras's defaults filled in. Errors name `config.<field>` or `input_shapes`.
pub fn describe_layer(
    kind: &str,
    config_json: &str,
    input_shapes_json: &str,
) -> Result<Value, Error> {
    let config: Value = parse_json(config_json, "config")?;
    let input_shapes: Vec<Vec<usize>> = parse_json(input_shapes_json, "input_shapes")?;
    let description = describe(kind, &config, &input_shapes)?;
    Ok(json!({
        "config": description.config,
        "output_shapes": description.output_shapes,
        "weights": description.weights,
    }))
}

/// Every layer kind's examples: `[{ kind, config, input_shapes, indices_below }]`.
pub fn examples() -> Value {
    let rows: Vec<Value> = layer_examples()
        .into_iter()
        .flat_map(|(kind, examples)| {
            examples.into_iter().map(move |example| {
                json!({
                    "kind": kind,
                    "config": example.config,
                    "input_shapes": example.input_shapes,
                    "indices_below": example.indices_below,
                })
            })
        })
        .collect();
    Value::Array(rows)
}
