/**
 * The engine's model and dataset handles as the models use them (crates/kerasm-wasm/src/model.rs
 * exports them). Data crosses once per `fit`/`evaluate`/`predict`; a training epoch is one call.
 */
import type { Float32Rows } from '../data/array_input';
import { call } from '../engine/wasm';

/** A built model in WASM memory: graph, weights, and after `compile` loss, metrics and optimizer. */
export interface ModelHandle {
  compile(specJson: string): void;
  /** `[{ name: 'dense/kernel', shape: [10, 16], trainable: true }, ...]` as JSON. */
  weight_info(): string;
  weights_flat(): Float32Array;
  set_weights_flat(values: Float32Array): void;
  /** `['loss', 'acc', ...]`: the keys of `metric_results`, as Keras names them. */
  metric_names(): string[];
  reset_metrics(): void;
  metric_results(): Float64Array;
  train_batches(data: DatasetHandle, order: Uint32Array, batchSize: number): void;
  test_batches(data: DatasetHandle, batchSize: number): void;
  /** Every output for every row of `data`, output after output, each row-major. */
  predict(data: DatasetHandle, batchSize: number): Float32Array;
  learning_rate(): number;
  set_learning_rate(lr: number): void;
  iterations(): number;
  /** The sizes of the optimizer's state variables, as a JSON array. */
  optimizer_state_info(): string;
  optimizer_state_flat(): Float32Array;
  set_optimizer_state(values: Float32Array, sizes: Uint32Array, iterations: number): void;
  free(): void;
}

/** Inputs, targets and sample weights copied into WASM memory. */
export interface DatasetHandle {
  rows(): number;
  free(): void;
}

interface DatasetBuilderHandle {
  add_input(data: Float32Array, sampleShape: Uint32Array): void;
  add_target(data: Float32Array, sampleShape: Uint32Array): void;
  set_sample_weight(weights: Float32Array): void;
  build(): DatasetHandle;
  free(): void;
}

/** Builds the engine model for a ModelSpec. */
export function newModelHandle(specJson: string): ModelHandle {
  return call('building the model', (e) => new (e as unknown as { ModelHandle: new (spec: string) => ModelHandle }).ModelHandle(specJson));
}

/**
 * Copies one array per model input, per output (none for `predict`) and the optional sample
 * weights into the engine. Targets of shape `[n]` become samples of shape `[1]`.
 */
export function newDataset(inputs: Float32Rows[], targets: Float32Rows[], sampleWeight: Float32Array | undefined, argument: string): DatasetHandle {
  return call(`copying ${argument} into the engine`, (e) => {
    const builder = new (e as unknown as { DatasetBuilder: new () => DatasetBuilderHandle }).DatasetBuilder();
    try {
      for (const x of inputs) builder.add_input(x.data, Uint32Array.from(x.shape.slice(1)));
      for (const y of targets) builder.add_target(y.data, Uint32Array.from(y.shape.length === 1 ? [1] : y.shape.slice(1)));
      if (sampleWeight) builder.set_sample_weight(sampleWeight);
      return builder.build();
    } finally {
      builder.free();
    }
  });
}
