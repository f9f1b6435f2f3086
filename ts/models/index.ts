export { Model, type CompileArgs, type FitArgs, type EvaluateArgs, type PredictArgs } from './model';
export { Sequential, type SequentialArgs } from './sequential';
