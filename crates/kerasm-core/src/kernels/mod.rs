//! Numeric kernels on flat row-major `f32` slices.
pub mod gemm;
