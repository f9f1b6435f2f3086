/**
 * kerasm — deep learning with a Keras-style API, on a Rust core compiled to SIMD WebAssembly.
 * This file is the declared public API; users never import `pkg/` directly.
 */
export { Tensor, tensor } from './tensor';
export type { DType, NestedArray } from './tensor';
export { KerasmError, ValueError, StateError, InternalError } from './errors';
export { setThreads, getThreads } from './engine/threads';
export { engineVariant, wasmMemoryBytes } from './engine/wasm';
export * as ops from './ops';
export * as validation from './validation';
export * as preprocessing from './preprocessing';
export * as datasets from './datasets';
export * as io from './io';
export * from './plot';
