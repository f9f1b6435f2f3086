/**
 * The local engine model: a wasm-bindgen `ModelHandle` in this thread's WASM memory
 * (crates/kerasm-wasm/src/model.rs exports it). Data crosses once per `fit`/`evaluate`/`predict`;
 * a run of training batches (an epoch, or about 50 ms of it) is one call.
 */
import type { Float32Rows } from '../data/array_input';
import { call, engine, type Engine } from '../engine/wasm';
import { InternalError } from '../errors';
import type { EngineDataset, EngineModel, WeightInfo } from './engine_model';
import { EngineMemory, freeForgotten } from './engine_memory';

type ModelHandle = InstanceType<Engine['ModelHandle']>;
type DatasetHandle = Engine['DatasetHandle']['prototype'];

/** An {@link EngineModel} on the engine loaded in this thread. */
export class WasmEngineModel implements EngineModel {
  private readonly handle: ModelHandle;
  private readonly memory: EngineMemory;
  /** Scalars in the weights (the gradients have as many). */
  private readonly weightCount: number;

  /** Builds the engine model for a ModelSpec (JSON). */
  constructor(specJson: string) {
    freeForgotten();
    this.handle = call('building the model', (e) => new e.ModelHandle(specJson));
    this.weightCount = this.weightInfo().reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    this.memory = new EngineMemory(this, this.handle, this.heldBytes());
  }

  compile(compileSpecJson: string): void {
    call('compile', () => this.handle.compile(compileSpecJson));
    this.memory.resize(this.heldBytes());
  }

  upload(inputs: Float32Rows[], targets: Float32Rows[], sampleWeight: Float32Array | undefined, argument: string): EngineDataset {
    // Each fit, evaluate and predict starts here: a safe point to free the models users forgot.
    freeForgotten();
    return newDataset(inputs, targets, sampleWeight, argument);
  }

  async trainBatches(data: EngineDataset, order: Uint32Array, batchSize: number): Promise<void> {
    call('fit', () => this.handle.train_batches(local(data), order, batchSize));
  }

  async testBatches(data: EngineDataset, batchSize: number): Promise<void> {
    call('evaluate', () => this.handle.test_batches(local(data), batchSize));
  }

  async predict(data: EngineDataset, batchSize: number): Promise<Float32Array> {
    return call('predict', () => this.handle.predict(local(data), batchSize));
  }

  resetMetrics(): void {
    call('resetting the metrics', () => this.handle.reset_metrics());
  }

  metricNames(): string[] {
    return call('reading the metric names', () => this.handle.metric_names());
  }

  metricResults(): Float64Array {
    return call('reading the metrics', () => this.handle.metric_results());
  }

  weightInfo(): WeightInfo[] {
    return JSON.parse(call('listing the weights', () => this.handle.weight_info())) as WeightInfo[];
  }

  getWeights(): Float32Array {
    return call('getWeights', () => this.handle.weights_flat());
  }

  setWeights(values: Float32Array): void {
    call('setWeights', () => this.handle.set_weights_flat(values));
  }

  iterations(): number {
    return call('reading the optimizer step', () => this.handle.iterations());
  }

  optimizerStateSizes(): number[] {
    return JSON.parse(call('listing the optimizer state', () => this.handle.optimizer_state_info())) as number[];
  }

  getOptimizerState(): Float32Array {
    return call('getOptimizerState', () => this.handle.optimizer_state_flat());
  }

  setOptimizerState(values: Float32Array, sizes: Uint32Array, iterations: number): void {
    call('restoring the optimizer state', () => this.handle.set_optimizer_state(values, sizes, iterations));
  }

  learningRate(): number {
    return call('learningRate', () => this.handle.learning_rate());
  }

  setLearningRate(value: number): void {
    call('learningRate', () => this.handle.set_learning_rate(value));
  }

  free(): void {
    this.memory.release();
  }

  /**
   * About what this model holds in WASM memory: weights, gradients and optimizer state, and a
   * base for the graph and its buffers (measured: a 10000-16-16-1 model with rmsprop held 1.9 MB
   * after a fit; this says 1.99 MB).
   */
  private heldBytes(): number {
    const optimizer = this.optimizerStateSizes().reduce((a, b) => a + b, 0);
    return 4 * (2 * this.weightCount + optimizer) + BASE_BYTES;
  }
}

/** The part of an engine model's memory that does not grow with its weights (graph, small buffers). */
const BASE_BYTES = 64 * 1024;

/** The engine's own handle behind a dataset this class uploaded. */
function local(data: EngineDataset): DatasetHandle {
  const handle = data as DatasetHandle;
  if (!(handle instanceof engine().DatasetHandle)) {
    throw new InternalError('A dataset from another engine reached the local WASM engine. This is a bug in kerasm; please report it.');
  }
  return handle;
}

/**
 * A dense input crosses in chunks of whole rows of about this size, so WASM memory never holds a
 * second full copy of a large input. With threads a pool thread checks and stores each chunk (as
 * CSR while it is mostly zeros) while this one copies the next; at 1 MiB the wake-up per chunk
 * cost as much as the overlap saved on IMDB, at 4 MiB the dense IMDB `fit` took 150–173 ms on two
 * threads against 181–230 on one.
 */
const INGEST_CHUNK_BYTES = 4 << 20;

function streamRows(builder: InstanceType<Engine['DatasetBuilder']>, x: Float32Rows, argument: string, firstIndex: number): void {
  const rows = x.shape[0];
  const width = rows === 0 ? 0 : x.data.length / rows;
  builder.begin_input(rows, Uint32Array.from(x.shape.slice(1)), argument, firstIndex);
  const chunkRows = Math.max(1, Math.floor(INGEST_CHUNK_BYTES / (4 * Math.max(1, width))));
  for (let start = 0; start < rows && width > 0; start += chunkRows) {
    builder.append_input(x.data.subarray(start * width, Math.min(rows, start + chunkRows) * width));
  }
}

/** {@link EngineModel.upload}, on this engine. Targets of shape `[n]` become samples of shape `[1]`. */
function newDataset(inputs: Float32Rows[], targets: Float32Rows[], sampleWeight: Float32Array | undefined, argument: string): DatasetHandle {
  return call(`copying ${argument} into the engine`, (e) => {
    const builder = new e.DatasetBuilder();
    try {
      inputs.forEach((x, i) => {
        const argument = x.argument ?? `inputs[${i}]`;
        const firstIndex = x.firstIndex ?? 0;
        if (x.sparse) {
          // Int32 views read as Uint32 without a copy: the SparseTensor checked they are ≥ 0.
          const { indptr, indices, values, shape } = x.sparse;
          builder.add_sparse_input(
            new Uint32Array(indptr.buffer, indptr.byteOffset, indptr.length),
            new Uint32Array(indices.buffer, indices.byteOffset, indices.length),
            values,
            shape[1],
            argument,
            firstIndex / shape[1],
          );
        } else {
          streamRows(builder, x, argument, firstIndex);
        }
      });
      targets.forEach((y, i) =>
        builder.add_target(y.data, Uint32Array.from(y.shape.length === 1 ? [1] : y.shape.slice(1)), y.argument ?? `targets[${i}]`, y.firstIndex ?? 0),
      );
      if (sampleWeight) builder.set_sample_weight(sampleWeight);
      return builder.build();
    } finally {
      builder.free();
    }
  });
}
