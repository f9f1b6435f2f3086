/**
 * kerasm — deep learning with a Keras-style API, on a Rust core compiled to SIMD WebAssembly.
 * This file is the declared public API, the same in every host; the entry points `node.ts` and
 * `browser.ts` install their host and re-export it. Users never import `pkg/` directly.
 */
export { Tensor, tensor } from './tensor';
export { SparseTensor } from './sparse_tensor';
export type { DType, NestedArray } from './tensor';
export { KerasmError, ValueError, StateError, InternalError, AbortError } from './errors';
export { setThreads, getThreads } from './engine/threads';
export { init, engineVariant, wasmMemoryBytes, type InitOptions, type EngineVariant } from './engine/wasm';
export {
  engineCatalogue,
  describeLayer,
  layerExamples,
  type EngineCatalogue,
  type EngineWeightSpec,
  type LayerDescription,
  type LayerExample,
} from './engine/catalogue';
export { setRandomSeed } from './seed';
export { Random } from './random';
export { Model, Sequential, Functional, model, Prediction } from './models';
export type {
  CompileArgs,
  FitArgs,
  EvaluateArgs,
  PredictArgs,
  SummaryArgs,
  SequentialArgs,
  ModelArgs,
  ModelData,
  WeightInfo,
  OptimizerState,
  AbortSignalLike,
  DivergenceStop,
} from './models';
export { input, SymbolicTensor, type InputArgs } from './layers';
export type { ArrayInput } from './data/array_input';
export * as layers from './layers';
export * as regularizers from './regularizers';
export * as losses from './losses';
export * as optimizers from './optimizers';
export * as metrics from './metrics';
export * as callbacks from './callbacks';
export { Callback, History } from './callbacks';
export type { Logs } from './callbacks';
export * as ops from './ops';
export { loadModel, loadModelFromBuffers, modelFromJSON, type ModelArtifacts } from './saving';
export * as validation from './validation';
export * as preprocessing from './preprocessing';
export * as datasets from './datasets';
export * as io from './io';
export * as utils from './utils';
export * from './plot';
