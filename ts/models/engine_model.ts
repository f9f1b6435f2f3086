/**
 * The seam between a model and the engine that runs it. Everything a {@link Model} asks of an
 * engine goes through {@link EngineModel}, in the engine's own terms: JSON specs, flat float32
 * arrays, opaque datasets. Today's implementation is the local WASM handle
 * (`wasm_engine_model.ts`); a browser worker or a remote engine would implement the same
 * interface. The long calls — a run of training batches, testing, predicting — return Promises so
 * such an engine can answer later; the rest are cheap and synchronous, as the accessors of the
 * model API are (a remote implementation would keep a copy of that state beside the model).
 */
import type { Float32Rows } from '../data/array_input';

/** A weight as the engine lists it: `layer/weight` name, shape, and whether the optimizer trains it. */
export interface WeightInfo {
  name: string;
  shape: number[];
  trainable: boolean;
}

/** Inputs, targets and sample weights the engine holds for one `fit`, `evaluate` or `predict`. */
export interface EngineDataset {
  /** Frees the engine's copy. */
  free(): void;
}

/** A built model inside an engine: its graph, weights, and after `compile` its losses, metrics and optimizer. */
export interface EngineModel {
  /** Sets the losses, metrics and optimizer (the JSON of a compile spec) and starts the optimizer afresh. */
  compile(compileSpecJson: string): void;
  /**
   * Copies one array per model input, per output (none for `predict`) and the optional sample
   * weights into the engine, which checks every value is finite, naming each array by its
   * `argument` (or `argument` itself).
   */
  upload(inputs: Float32Rows[], targets: Float32Rows[], sampleWeight: Float32Array | undefined, argument: string): EngineDataset;
  /** One optimizer step per batch of `batchSize` rows of `data`, taking the rows in `order`; the metrics accumulate. */
  trainBatches(data: EngineDataset, order: Uint32Array, batchSize: number): Promise<void>;
  /** Losses and metrics over all of `data`, batch by batch, in inference mode; the metrics accumulate. */
  testBatches(data: EngineDataset, batchSize: number): Promise<void>;
  /** The outputs for `data`'s inputs, batch by batch, in inference mode: all rows of the first output, then of the next. */
  predict(data: EngineDataset, batchSize: number): Promise<Float32Array>;
  /** Starts the loss means and the metrics afresh. */
  resetMetrics(): void;
  /** The keys of {@link metricResults}: `loss`, `acc`, `out_loss`, ... */
  metricNames(): string[];
  /** The losses and metrics accumulated since {@link resetMetrics}. */
  metricResults(): Float64Array;
  /** Every weight, in the engine's order (layer by layer, each layer's in Keras's order). */
  weightInfo(): WeightInfo[];
  /** Every weight's values, concatenated in {@link weightInfo} order. */
  getWeights(): Float32Array;
  /** Replaces every weight's values (concatenated in {@link weightInfo} order). */
  setWeights(values: Float32Array): void;
  /** Optimizer steps taken since `compile`. */
  iterations(): number;
  /** The length of each optimizer variable, in the engine's order. */
  optimizerStateSizes(): number[];
  /** The optimizer's variables, concatenated. */
  getOptimizerState(): Float32Array;
  /** Restores the optimizer's variables (concatenated, of `sizes`) and its step count. */
  setOptimizerState(values: Float32Array, sizes: Uint32Array, iterations: number): void;
  /** The optimizer's learning rate now (a schedule's value at the current step). */
  learningRate(): number;
  /** Replaces the learning rate (and any schedule) from now on. */
  setLearningRate(value: number): void;
  /** Frees the engine's memory for this model. */
  free(): void;
}
