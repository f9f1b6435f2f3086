//! A layer of the ModelSpec, validated: its name, its kind's configuration and its activity
//! regularizer (`Layer::from_spec`), and what a call of it on tensors of given shapes becomes.

use crate::error::Error;
use crate::layers::{Call, CallSite, ConfigAt, LayerArgs, LayerConfig, Op};
use crate::regularizer::Regularizer;
use crate::spec::LayerSpec;

/// A validated layer.
#[derive(Debug, Clone)]
pub(super) struct Layer {
    pub name: String,
    /// Names its configuration's fields in errors.
    at: ConfigAt,
    kind: LayerConfig,
    /// Keras's `activity_regularizer`, which every layer accepts: a penalty on each output.
    pub activity_regularizer: Option<Regularizer>,
}

impl Layer {
    /// Validates `spec` (layer `index` of the ModelSpec).
    pub(super) fn from_spec(spec: &LayerSpec, index: usize) -> Result<Layer, Error> {
        let at = ConfigAt::layer(index);
        let args = LayerArgs::read(&spec.kind, &spec.config, &at)?;
        Ok(Layer {
            name: spec.name.clone(),
            at,
            kind: args.layer,
            activity_regularizer: args.activity_regularizer,
        })
    }

    /// The op, output shape and weights of a call on inputs of per-sample `shapes`; `node`
    /// names the node in errors.
    pub(super) fn call(&self, shapes: &[&[usize]], node: &str) -> Result<Call<Op>, Error> {
        let site = CallSite {
            layer: &self.name,
            config: &self.at,
            node,
        };
        self.kind.call(shapes, &site)
    }

    /// The noise seed from the config, if the layer has one.
    pub(super) fn configured_seed(&self) -> Option<u64> {
        self.kind.noise_seed()
    }
}
