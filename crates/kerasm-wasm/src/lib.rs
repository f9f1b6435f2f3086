//! The JS boundary. Every export takes or returns coarse values; no kernel is called per op.
mod catalogue;
mod error;
mod model;
mod ops;
#[cfg(target_feature = "atomics")]
mod threads;
