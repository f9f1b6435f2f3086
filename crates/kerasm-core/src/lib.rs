//! kerasm's compute core: tensors, kernels, backprop, losses and optimizers.
//! Builds natively (for tests) and for wasm32 (the shipped engine).
pub mod kernels;
pub mod parallel;
