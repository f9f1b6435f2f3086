//! kerasm's compute core: tensors, kernels, backprop, losses and optimizers.
//! Builds natively (for tests) and for wasm32 (the shipped engine).
pub mod kernels;
pub mod parallel;

pub mod activation;
pub mod array;
mod buffer;
pub mod catalogue;
mod compiled;
pub mod dataset;
pub mod error;
pub mod expression;
pub mod graph;
pub mod initializer;
pub mod layers;
pub mod losses;
pub mod metrics;
pub mod model;
mod names;
pub mod optimizers;
pub mod regularizer;
mod scalar;
pub mod schedule;
pub mod spec;
pub mod streamed_input;
pub mod targets;
pub mod weight;

pub use array::Array;
pub use dataset::Dataset;
pub use error::Error;
pub use model::Model;
pub use weight::Weight;
