export { Model, type FitArgs, type EvaluateArgs, type PredictArgs, type SummaryArgs, type WeightInfo, type OptimizerState } from './model';
export type { CompileArgs } from './compile_spec';
export type { ModelData } from './model_data';
export type { AbortSignalLike } from './cooperation';
export type { DivergenceStop } from './divergence_guard';
export { Sequential, type SequentialArgs } from './sequential';
export { Functional, model, type ModelArgs } from './functional';
export { Prediction } from './prediction';
