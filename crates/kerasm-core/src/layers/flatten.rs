//! Keras's `Flatten`: each sample's values as one axis (a copy, as `Reshape`'s op).

use crate::error::Error;
use crate::layers::kind::{Call, CallSite, ConfigAt, Example, LayerKind};
use crate::layers::reshape::ReshapeOp;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `keras.layers.Flatten` takes no argument here (`data_format` only matters for images).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FlattenConfig {}

/// A `Flatten` layer.
#[derive(Debug, Clone)]
pub struct Flatten;

impl LayerKind for Flatten {
    type Config = FlattenConfig;
    type Op = ReshapeOp;

    fn from_config(_: &FlattenConfig, _: &ConfigAt) -> Result<Flatten, Error> {
        Ok(Flatten)
    }

    fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<ReshapeOp>, Error> {
        let size = site.single(shapes)?.iter().product();
        Ok(Call {
            op: ReshapeOp { size },
            shape: vec![size],
            rows_per_sample: 1,
            weights: Vec::new(),
        })
    }

    fn noise_seed(&self) -> Option<u64> {
        None
    }

    fn examples() -> Vec<Example> {
        vec![Example::new(json!({}), &[&[2, 3]])]
    }
}
