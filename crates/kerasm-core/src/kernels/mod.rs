//! Numeric kernels on flat row-major `f32` slices.
pub mod elementwise;
pub mod exp;
pub mod gemm;
pub(crate) mod simd;
pub mod sparse;
