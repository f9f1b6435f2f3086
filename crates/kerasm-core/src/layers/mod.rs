//! The layer kinds, one file each: its Keras configuration (serde, with Keras's defaults), its
//! validation, what a call compiles to (`LayerKind`), and the kernel of that op (`OpKernel`).
//!
//! `registry!` below lists every kind once. From that one table come the config enum
//! (`LayerConfig`), the kind names (`LAYER_KINDS`), the closed `Op` enum with every method's
//! dispatch (exhaustive, with no wildcard arm: a kind that lacks a method does not compile), and
//! the examples every kind is gradient-checked on. Adding a layer is its file plus one row.

mod args;
mod gamma_beta;
mod kind;
mod read;
mod weights;

pub use gamma_beta::GammaBeta;
pub use kind::{
    Call, CallSite, ConfigAt, Example, KernelBackward, KernelForward, LayerKind, OpKernel,
};
pub use read::{describe, Description, LayerArgs, WeightSpec};
pub use weights::{PlannedWeight, WeightSetup};

use crate::activation::Activation;
use crate::error::Error;

/// Reads a kind's configuration: parsed (Keras's defaults filled in), validated, and resolved
/// back to JSON (what the layer will run with, every argument present).
fn parse<K: LayerKind>(
    config: serde_json::Value,
    at: &ConfigAt,
) -> Result<(K, serde_json::Value), Error> {
    let parsed: K::Config = crate::spec::from_value(config, &at.field("config"))?;
    let layer = K::from_config(&parsed, at)?;
    // Serialising a config struct cannot fail: every field is a plain value.
    let resolved = serde_json::to_value(&parsed).unwrap_or(serde_json::Value::Null);
    Ok((layer, resolved))
}

macro_rules! registry {
    ($($variant:ident: $module:ident::$kind:ident = $name:literal,)*) => {
        $(pub mod $module;)*

        /// The layer kinds, as the ModelSpec names them.
        pub const LAYER_KINDS: [&str; [$($name),*].len()] = [$($name),*];

        /// A validated layer configuration of one of the kinds.
        #[derive(Debug, Clone)]
        pub enum LayerConfig {
            $($variant($module::$kind),)*
        }

        /// A graph operation: what one call of a layer runs. A closed enum, so every op is
        /// dispatched statically (no trait objects in the training loop).
        #[derive(Debug, Clone, PartialEq)]
        pub enum Op {
            $($variant(<$module::$kind as LayerKind>::Op),)*
        }

        impl LayerConfig {
            /// Reads the configuration of a layer of `kind`: the validated layer, and its
            /// resolved configuration.
            pub fn from_config(
                kind: &str,
                config: serde_json::Value,
                at: &ConfigAt,
            ) -> Result<(LayerConfig, serde_json::Value), Error> {
                match kind {
                    $($name => {
                        let (layer, resolved) = parse::<$module::$kind>(config, at)?;
                        Ok((LayerConfig::$variant(layer), resolved))
                    })*
                    other => Err(Error::unknown(at.field("kind"), "layer kind", &LAYER_KINDS, other)),
                }
            }

            /// What a call on inputs of per-sample `shapes` becomes.
            pub fn call(&self, shapes: &[&[usize]], site: &CallSite<'_>) -> Result<Call<Op>, Error> {
                match self {
                    $(LayerConfig::$variant(layer) => Ok(layer.call(shapes, site)?.map_op(Op::$variant)),)*
                }
            }

            /// The seed of the layer's random noise, when its configuration fixes one.
            pub fn noise_seed(&self) -> Option<u64> {
                match self {
                    $(LayerConfig::$variant(layer) => layer.noise_seed(),)*
                }
            }
        }

        /// Every kind with its examples, in `LAYER_KINDS` order.
        pub fn layer_examples() -> Vec<(&'static str, Vec<Example>)> {
            vec![$(($name, <$module::$kind as LayerKind>::examples()),)*]
        }

        impl Op {
            /// The kind of layer the op was compiled from.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Op::$variant(_) => $name,)*
                }
            }

            pub fn arity(&self) -> usize {
                match self {
                    $(Op::$variant(op) => op.arity(),)*
                }
            }

            pub fn input_width(&self, i: usize) -> usize {
                match self {
                    $(Op::$variant(op) => op.input_width(i),)*
                }
            }

            pub fn output_width(&self) -> usize {
                match self {
                    $(Op::$variant(op) => op.output_width(),)*
                }
            }

            pub fn activation(&self) -> Activation {
                match self {
                    $(Op::$variant(op) => op.activation(),)*
                }
            }

            pub fn weights(&self) -> Vec<(&'static str, Vec<usize>)> {
                match self {
                    $(Op::$variant(op) => op.weights(),)*
                }
            }

            pub fn state_weights(&self) -> Vec<(&'static str, Vec<usize>)> {
                match self {
                    $(Op::$variant(op) => op.state_weights(),)*
                }
            }

            pub fn param_count(&self) -> usize {
                match self {
                    $(Op::$variant(op) => op.param_count(),)*
                }
            }

            pub fn state_count(&self) -> usize {
                match self {
                    $(Op::$variant(op) => op.state_count(),)*
                }
            }

            pub fn scratch_len(&self, rows: usize) -> usize {
                match self {
                    $(Op::$variant(op) => op.scratch_len(rows),)*
                }
            }

            pub(crate) fn kernel_forward(&self, pass: KernelForward<'_>) -> Result<(), Error> {
                match self {
                    $(Op::$variant(op) => op.forward(pass),)*
                }
            }

            pub(crate) fn kernel_backward(&self, pass: KernelBackward<'_>) {
                match self {
                    $(Op::$variant(op) => op.backward(pass),)*
                }
            }
        }
    };
}

registry! {
    Dense: dense::Dense = "dense",
    Activation: activation::ActivationLayer = "activation",
    Dropout: dropout::DropoutLayer = "dropout",
    Flatten: flatten::Flatten = "flatten",
    Reshape: reshape::Reshape = "reshape",
    BatchNormalization: batch_normalization::BatchNormalization = "batch_normalization",
    LayerNormalization: layer_normalization::LayerNormalization = "layer_normalization",
    Embedding: embedding::EmbeddingLayer = "embedding",
    Concatenate: concatenate::Concatenate = "concatenate",
    Add: add::Add = "add",
}
