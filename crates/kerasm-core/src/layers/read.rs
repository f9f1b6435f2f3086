//! A layer's configuration as a spec gives it: the kind's own arguments plus Keras's
//! `activity_regularizer`, which every layer takes; and one layer described on its own (its
//! resolved configuration, output shape and weights), without building a model.

use crate::error::{format_shape, Error};
use crate::layers::{Call, CallSite, ConfigAt, LayerConfig, Op};
use crate::regularizer::Regularizer;
use crate::spec::{self, RegularizerSpec};

/// A read layer configuration.
#[derive(Debug, Clone)]
pub struct LayerArgs {
    pub layer: LayerConfig,
    /// A penalty on each output of the layer.
    pub activity_regularizer: Option<Regularizer>,
    /// Every argument the layer runs with, Keras's defaults filled in, snake_case.
    pub resolved: serde_json::Value,
}

impl LayerArgs {
    /// Reads the `config` of a layer of `kind`; a missing config reads as `{}`, so the error
    /// names the missing field.
    pub fn read(kind: &str, config: &serde_json::Value, at: &ConfigAt) -> Result<LayerArgs, Error> {
        let mut config = match config {
            serde_json::Value::Null => serde_json::Map::new(),
            serde_json::Value::Object(fields) => fields.clone(),
            other => {
                return Err(Error::invalid(
                    at.field("config"),
                    "an object of the layer's arguments",
                    other,
                ))
            }
        };
        let (activity_regularizer, activity_spec) = match config.remove("activity_regularizer") {
            None | Some(serde_json::Value::Null) => (None, None),
            Some(value) => {
                let field = at.config("activity_regularizer");
                let parsed: RegularizerSpec = spec::from_value(value, &field)?;
                (Regularizer::from_spec(Some(parsed), &field)?, Some(parsed))
            }
        };
        let (layer, mut resolved) =
            LayerConfig::from_config(kind, serde_json::Value::Object(config), at)?;
        if let serde_json::Value::Object(fields) = &mut resolved {
            let activity = serde_json::to_value(activity_spec).unwrap_or(serde_json::Value::Null);
            fields.insert("activity_regularizer".to_string(), activity);
        }
        Ok(LayerArgs {
            layer,
            activity_regularizer,
            resolved,
        })
    }
}

/// One weight of a described layer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WeightSpec {
    pub name: String,
    pub shape: Vec<usize>,
    pub trainable: bool,
}

/// A layer of `kind` described on its own, called once on inputs of per-sample shapes.
#[derive(Debug, Clone)]
pub struct Description {
    /// The resolved configuration (see `LayerArgs::resolved`).
    pub config: serde_json::Value,
    /// Per-sample output shapes.
    pub output_shapes: Vec<Vec<usize>>,
    /// The weights, trainable first, as `model.weights` lists them (without the layer name).
    pub weights: Vec<WeightSpec>,
    /// What the call compiles to.
    pub call: Call<Op>,
}

/// Describes a layer of `kind` with `config` called on inputs of `input_shapes` (per sample).
/// Errors name `config.<field>` and `input_shapes`.
pub fn describe(
    kind: &str,
    config: &serde_json::Value,
    input_shapes: &[Vec<usize>],
) -> Result<Description, Error> {
    for (i, shape) in input_shapes.iter().enumerate() {
        if shape.is_empty() || shape.contains(&0) {
            return Err(Error::invalid(
                format!("input_shapes[{i}]"),
                "a non-empty shape of positive sizes",
                format_shape(shape),
            ));
        }
        crate::buffer::element_count(shape, &format!("input_shapes[{i}]"))?;
    }
    let at = ConfigAt::alone();
    let args = LayerArgs::read(kind, config, &at)?;
    let shapes: Vec<&[usize]> = input_shapes.iter().map(Vec::as_slice).collect();
    let site = CallSite {
        layer: kind,
        config: &at,
        node: "call",
    };
    let call = args.layer.call(&shapes, &site)?;
    Ok(Description {
        config: args.resolved,
        output_shapes: vec![call.shape.clone()],
        weights: call
            .weights
            .iter()
            .map(|w| WeightSpec {
                name: w.suffix.to_string(),
                shape: w.shape.clone(),
                trainable: w.trainable,
            })
            .collect(),
        call,
    })
}
