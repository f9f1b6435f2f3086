/**
 * What every model does — compile, fit, evaluate, predict, weights — on one engine handle that
 * holds the graph, weights, optimizer state and training data in WASM memory.
 */
import { Callback, type Logs, wantsBatches } from '../callbacks/callback';
import { History } from '../callbacks/history';
import { ProgbarLogger } from '../callbacks/progbar_logger';
import { type ArrayInput, type Float32Rows, toFloat32Rows } from '../data/array_input';
import { ensureThreads } from '../engine/threads';
import { call, type Engine } from '../engine/wasm';
import { StateError, ValueError } from '../errors';
import type { Layer, LayerSpec, WeightOwner } from '../layers/layer';
import { type LossConfig, type LossName, resolveLoss } from '../losses';
import { checkMetrics, type MetricName } from '../metrics';
import { type Optimizer, type OptimizerName, resolveOptimizer } from '../optimizers';
import { Random } from '../random';
import { nextSeed } from '../seed';
import { Tensor } from '../tensor';

type ModelHandle = InstanceType<Engine['ModelHandle']>;
type DatasetHandle = InstanceType<Engine['DatasetHandle']>;

/** The engine's ModelSpec: a DAG of layer nodes. */
export interface GraphSpec {
  inputs: { name: string; shape: number[] }[];
  layers: LayerSpec[];
  outputs: string[];
}

/** Options of {@link Model.compile}, as Keras's `compile`. */
export interface CompileArgs {
  optimizer: OptimizerName | Optimizer;
  loss: LossName | LossConfig;
  metrics?: MetricName[];
}

/** Options of {@link Model.fit}, as Keras's `fit`. */
export interface FitArgs {
  /** Default 1. */
  epochs?: number;
  /** Default 32. The last batch of an epoch may be shorter. */
  batchSize?: number;
  /** Data to evaluate at the end of each epoch (`val_*` keys). */
  validationData?: [ArrayInput, ArrayInput];
  /** Fraction of the data, taken from the end before shuffling, to validate on (as Keras). */
  validationSplit?: number;
  /** Reshuffle the training samples every epoch. Default true. */
  shuffle?: boolean;
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /** Seed of the per-epoch shuffles (default: from `setRandomSeed`, else random). */
  seed?: number;
  callbacks?: Callback[];
  /** Epoch to start from (when resuming). Default 0. */
  initialEpoch?: number;
}

/** Options of {@link Model.evaluate}. */
export interface EvaluateArgs {
  /** Default 32. */
  batchSize?: number;
  /** 0 silent, 1 a summary line. Default 1. */
  verbose?: 0 | 1;
  /** Their `onTestBegin`/`onTestEnd` run around the evaluation. */
  callbacks?: Callback[];
}

/** Options of {@link Model.predict}. */
export interface PredictArgs {
  /** Default 32. */
  batchSize?: number;
}

interface Compiled {
  loss: LossConfig;
  optimizer: Optimizer;
  metrics: MetricName[];
}

export abstract class Model implements WeightOwner {
  /** Set to true (e.g. from a callback) to end `fit` after the current epoch. */
  stopTraining = false;
  /** Seed of the weight initialisation. */
  readonly seed: number;
  private handle?: ModelHandle;
  private compiled?: Compiled;

  protected constructor(seed?: number) {
    if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
      throw new ValueError(`seed must be a non-negative integer. Received: seed=${seed}`);
    }
    this.seed = seed ?? nextSeed();
  }

  /** The model's graph; throws when it cannot be built yet (e.g. no input shape). */
  protected abstract graphSpec(): GraphSpec;

  /** The layers, in graph order. */
  abstract get layers(): readonly Layer[];

  /**
   * Sets the loss, the optimizer and the metrics; resets the optimizer's state.
   *
   * @example
   * ```ts
   * model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
   * ```
   */
  compile(args: CompileArgs): void {
    if (!args || typeof args !== 'object') {
      throw new ValueError(`compile expects { optimizer, loss, metrics? }. Received: ${String(args)}`);
    }
    const compiled: Compiled = {
      loss: resolveLoss(args.loss),
      optimizer: resolveOptimizer(args.optimizer),
      metrics: checkMetrics(args.metrics),
    };
    const handle = this.engineModel();
    call('compile', () => handle.compile(compileSpec(compiled)));
    this.compiled = compiled;
  }

  /**
   * Trains for `epochs` epochs and returns the {@link History}.
   *
   * @example
   * ```ts
   * const history = await model.fit(xTrain, yTrain, { epochs: 20, batchSize: 512, validationData: [xVal, yVal] });
   * history.history.val_loss; // one number per epoch
   * ```
   */
  async fit(x: ArrayInput, y: ArrayInput, args: FitArgs = {}): Promise<History> {
    const compiled = this.requireCompiled('fit');
    const epochs = checkInteger('epochs', args.epochs ?? 1, 1);
    const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
    const initialEpoch = checkInteger('initialEpoch', args.initialEpoch ?? 0, 0);
    const verbose = checkVerbose(args.verbose ?? 1, [0, 1, 2]);
    if (args.validationData !== undefined && args.validationSplit !== undefined) {
      throw new ValueError('Pass either validationData or validationSplit, not both. Received: both');
    }
    let xs = this.checkX(toFloat32Rows(x, 'x'), 'x');
    let ys = checkY(toFloat32Rows(y, 'y'), 'y', xs.shape[0]);
    let validation: [Float32Rows, Float32Rows] | undefined;
    if (args.validationData !== undefined) {
      if (!Array.isArray(args.validationData) || args.validationData.length !== 2) {
        throw new ValueError(`validationData must be [xVal, yVal]. Received: validationData of length ${(args.validationData as unknown[])?.length}`);
      }
      const xv = this.checkX(toFloat32Rows(args.validationData[0], 'validationData[0]'), 'validationData[0]');
      validation = [xv, checkY(toFloat32Rows(args.validationData[1], 'validationData[1]'), 'validationData[1]', xv.shape[0])];
    } else if (args.validationSplit !== undefined) {
      [xs, ys, validation] = splitTail(xs, ys, args.validationSplit);
    }
    const rng = new Random(args.seed ?? nextSeed());
    const shuffle = args.shuffle ?? true;

    await ensureThreads();
    const handle = this.engineModel();
    const train = makeDataset(xs, ys, 'x');
    const val = validation && makeDataset(validation[0], validation[1], 'validationData');
    const names = metricKeys(compiled);
    const steps = Math.ceil(xs.shape[0] / batchSize);
    const history = new History();
    const progbar = verbose > 0 ? new ProgbarLogger() : undefined;
    // Keras's order: the user's callbacks, then History and the progress bar, so both see the keys
    // a callback adds to the logs (e.g. `learning_rate`).
    const callbacks = [...(args.callbacks ?? []), history, ...(progbar ? [progbar] : [])];
    const perBatch = callbacks.some(wantsBatches);
    for (const cb of callbacks) {
      cb.setModel(this);
      cb.setParams({ epochs, steps, verbose });
    }
    this.stopTraining = false;
    try {
      for (const cb of callbacks) await cb.onTrainBegin({});
      for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
        for (const cb of callbacks) await cb.onEpochBegin(epoch, {});
        const order = shuffle ? rng.permutation(train.rows()) : identity(train.rows());
        const orderU32 = new Uint32Array(order.buffer, order.byteOffset, order.length);
        handle.reset_metrics();
        // Batches run in chunks: one engine call per epoch unless a callback hooks batches, or a
        // progress bar wants about ten redraws.
        const chunk = perBatch ? 1 : progbar && verbose === 1 ? Math.max(1, Math.ceil(steps / 10)) : steps;
        for (let step = 0; step < steps; step += chunk) {
          const batches = Math.min(chunk, steps - step);
          if (perBatch) for (const cb of callbacks) await cb.onTrainBatchBegin(step, {});
          const rows = orderU32.subarray(step * batchSize, Math.min((step + batches) * batchSize, orderU32.length));
          call('fit', () => handle.train_batches(train, rows, batchSize));
          const logs = toLogs(names, handle.metric_results());
          if (perBatch) for (const cb of callbacks) await cb.onTrainBatchEnd(step, logs);
          progbar?.progress(step + batches, logs);
          if (this.stopTraining) break;
        }
        const logs = toLogs(names, handle.metric_results());
        if (val) {
          for (const cb of callbacks) await cb.onTestBegin({});
          handle.reset_metrics();
          call('fit (validation)', () => handle.test_batches(val, batchSize));
          const valLogs = toLogs(names, handle.metric_results());
          for (const cb of callbacks) await cb.onTestEnd(valLogs);
          for (const [key, value] of Object.entries(valLogs)) logs[`val_${key}`] = value;
        }
        for (const cb of callbacks) await cb.onEpochEnd(epoch, logs);
      }
      for (const cb of callbacks) await cb.onTrainEnd({});
    } finally {
      train.free();
      val?.free();
    }
    return history;
  }

  /**
   * Loss and metrics on `x`, `y`: the loss alone without metrics, else `[loss, ...metrics]`.
   *
   * @example
   * ```ts
   * const [loss, acc] = (await model.evaluate(xTest, yTest)) as number[];
   * ```
   */
  async evaluate(x: ArrayInput, y: ArrayInput, args: EvaluateArgs = {}): Promise<number | number[]> {
    const compiled = this.requireCompiled('evaluate');
    const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
    const verbose = checkVerbose(args.verbose ?? 1, [0, 1]);
    const xs = this.checkX(toFloat32Rows(x, 'x'), 'x');
    const ys = checkY(toFloat32Rows(y, 'y'), 'y', xs.shape[0]);
    await ensureThreads();
    const handle = this.engineModel();
    const callbacks = args.callbacks ?? [];
    for (const cb of callbacks) cb.setModel(this);
    for (const cb of callbacks) await cb.onTestBegin({});
    const data = makeDataset(xs, ys, 'x');
    try {
      handle.reset_metrics();
      call('evaluate', () => handle.test_batches(data, batchSize));
    } finally {
      data.free();
    }
    const results = Array.from(handle.metric_results());
    const names = metricKeys(compiled);
    for (const cb of callbacks) await cb.onTestEnd(toLogs(names, results));
    if (verbose) console.log(names.map((n, i) => `${n}: ${results[i].toFixed(4)}`).join(' - '));
    return results.length === 1 ? results[0] : results;
  }

  /**
   * Outputs for `x`, in batches, in inference mode.
   *
   * @example
   * ```ts
   * const probabilities = model.predict(xTest); // Tensor [n, 1]
   * ```
   */
  predict(x: ArrayInput, args: PredictArgs = {}): Tensor<'float32'> {
    const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
    const xs = this.checkX(toFloat32Rows(x, 'x'), 'x');
    const handle = this.engineModel();
    const rows = xs.shape[0];
    const out = call('predict', () => handle.predict(xs.data, rows, batchSize));
    return new Tensor(out, [rows, ...handle.output_shape()]);
  }

  /**
   * Every weight (each layer's kernel, then bias), as copies.
   *
   * @example
   * ```ts
   * const [kernel, bias] = model.getWeights();
   * ```
   */
  getWeights(): Tensor<'float32'>[] {
    const handle = this.engineModel();
    return splitWeights(weightInfo(handle), handle.weights_flat());
  }

  /** Replaces every weight; shapes must match {@link getWeights}. All or nothing. */
  setWeights(weights: Tensor<'float32'>[]): void {
    const handle = this.engineModel();
    const info = weightInfo(handle);
    checkWeightShapes(info, weights, 'weights');
    call('setWeights', () => handle.set_weights_flat(concat(weights)));
  }

  /** Total number of weights (scalars). */
  countParams(): number {
    return weightInfo(this.engineModel()).reduce((n, w) => n + size(w.shape), 0);
  }

  /** The optimizer's current learning rate (after compile). */
  get learningRate(): number {
    return this.engineModel().learning_rate();
  }

  set learningRate(value: number) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new ValueError(`learningRate must be a positive number. Received: learningRate=${value}`);
    }
    this.requireCompiled('learningRate');
    this.engineModel().set_learning_rate(value);
  }

  /** Frees the engine's memory for this model now (it is also freed when garbage-collected). */
  dispose(): void {
    this.handle?.free();
    this.handle = undefined;
    this.compiled = undefined;
  }

  layerWeights(layer: Layer): Tensor<'float32'>[] {
    const handle = this.engineModel();
    const all = splitWeights(weightInfo(handle), handle.weights_flat());
    return weightInfo(handle).flatMap((w, i) => (w.name.startsWith(`${layer.name}/`) ? [all[i]] : []));
  }

  setLayerWeights(layer: Layer, weights: Tensor<'float32'>[]): void {
    const handle = this.engineModel();
    const info = weightInfo(handle);
    const mine = info.flatMap((w, i) => (w.name.startsWith(`${layer.name}/`) ? [i] : []));
    checkWeightShapes(mine.map((i) => info[i]), weights, `weights of layer '${layer.name}'`);
    const all = splitWeights(info, handle.weights_flat());
    mine.forEach((i, j) => (all[i] = weights[j]));
    call('setWeights', () => handle.set_weights_flat(concat(all)));
  }

  /** Drops the engine model so the next use rebuilds it (layers changed); keeps weights by name. */
  protected invalidate(): void {
    if (!this.handle) return;
    const kept = new Map<string, Tensor<'float32'>>();
    const info = weightInfo(this.handle);
    splitWeights(info, this.handle.weights_flat()).forEach((t, i) => kept.set(info[i].name, t));
    this.handle.free();
    this.handle = undefined;
    this.pendingWeights = kept;
  }

  private pendingWeights?: Map<string, Tensor<'float32'>>;

  /** The engine model, built on first use. */
  protected engineModel(): ModelHandle {
    if (this.handle) return this.handle;
    const spec = { seed: this.seed, ...this.graphSpec() };
    const handle = call('building the model', (e) => new e.ModelHandle(JSON.stringify(spec)));
    this.handle = handle;
    for (const layer of this.layers) layer.owner = this;
    this.restorePendingWeights(handle);
    if (this.compiled) {
      const compiled = this.compiled;
      call('compile', () => handle.compile(compileSpec(compiled)));
    }
    return handle;
  }

  private restorePendingWeights(handle: ModelHandle): void {
    const kept = this.pendingWeights;
    this.pendingWeights = undefined;
    if (!kept) return;
    const info = weightInfo(handle);
    const all = splitWeights(info, handle.weights_flat());
    info.forEach((w, i) => {
      const old = kept.get(w.name);
      if (old && old.shape.join() === w.shape.join()) all[i] = old;
    });
    handle.set_weights_flat(concat(all));
  }

  private requireCompiled(operation: string): Compiled {
    if (!this.compiled) {
      throw new StateError(`You must call \`compile()\` before using \`${operation}\`.`, 'NOT_COMPILED');
    }
    return this.compiled;
  }

  /** Checks that sample shapes of `x` match the model's input shape. */
  private checkX(x: Float32Rows, argument: string): Float32Rows {
    const expected = this.graphSpec().inputs[0].shape;
    const got = x.shape.slice(1);
    if (got.join() !== expected.join()) {
      throw new ValueError(
        `Input of the model is incompatible: expected samples of shape [${expected.join(', ')}], i.e. ${argument} of shape [n, ${expected.join(', ')}]. Received: ${argument} with shape [${x.shape.join(', ')}]`,
        'SHAPE_MISMATCH',
      );
    }
    return x;
  }
}

function compileSpec(c: Compiled): string {
  return JSON.stringify({
    loss: { name: c.loss.name, from_logits: c.loss.fromLogits ?? false },
    optimizer: c.optimizer.toSpec(),
    metrics: c.metrics,
  });
}

function metricKeys(c: Compiled): string[] {
  return ['loss', ...c.metrics];
}

function toLogs(names: string[], values: Float64Array | number[]): Logs {
  const logs: Logs = {};
  names.forEach((n, i) => (logs[n] = values[i]));
  return logs;
}

function makeDataset(x: Float32Rows, y: Float32Rows, argument: string): DatasetHandle {
  const ySample = y.shape.length === 1 ? [1] : y.shape.slice(1);
  return call(`copying ${argument} into the engine`, (e) => new e.DatasetHandle(x.data, Uint32Array.from(x.shape.slice(1)), y.data, Uint32Array.from(ySample)));
}

function checkY(y: Float32Rows, argument: string, rows: number): Float32Rows {
  if (y.shape[0] !== rows) {
    throw new ValueError(
      `Data cardinality is ambiguous: x and ${argument} must have the same number of samples. Received: x with ${rows} samples, ${argument} with ${y.shape[0]}`,
      'SHAPE_MISMATCH',
    );
  }
  return y;
}

/** Keras's validation_split: the last `fraction` of the samples, before any shuffling. */
function splitTail(x: Float32Rows, y: Float32Rows, fraction: number): [Float32Rows, Float32Rows, [Float32Rows, Float32Rows]] {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ValueError(`validationSplit must be a number in (0, 1). Received: validationSplit=${fraction}`);
  }
  const rows = x.shape[0];
  const cut = Math.floor(rows * (1 - fraction));
  if (cut === 0 || cut === rows) {
    throw new ValueError(`validationSplit=${fraction} of ${rows} samples leaves one side empty. Received: validationSplit=${fraction}`);
  }
  const part = (t: Float32Rows, from: number, to: number): Float32Rows => {
    const width = t.data.length / rows;
    return { data: t.data.subarray(from * width, to * width), shape: [to - from, ...t.shape.slice(1)] };
  };
  return [part(x, 0, cut), part(y, 0, cut), [part(x, cut, rows), part(y, cut, rows)]];
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

interface WeightInfo {
  name: string;
  shape: number[];
}

function weightInfo(handle: ModelHandle): WeightInfo[] {
  return JSON.parse(handle.weight_info()) as WeightInfo[];
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function splitWeights(info: WeightInfo[], flat: Float32Array): Tensor<'float32'>[] {
  let offset = 0;
  return info.map((w) => {
    const n = size(w.shape);
    const t = new Tensor<'float32'>(flat.slice(offset, offset + n), w.shape);
    offset += n;
    return t;
  });
}

function concat(weights: Tensor<'float32'>[]): Float32Array {
  const out = new Float32Array(weights.reduce((n, w) => n + w.size, 0));
  let offset = 0;
  for (const w of weights) {
    out.set(w.data, offset);
    offset += w.size;
  }
  return out;
}

function checkWeightShapes(info: WeightInfo[], weights: Tensor<'float32'>[], argument: string): void {
  const expected = info.map((w) => `[${w.shape.join(', ')}]`).join(', ');
  const received = Array.isArray(weights) ? weights.map((w) => (w instanceof Tensor ? `[${w.shape.join(', ')}]` : typeof w)).join(', ') : String(weights);
  const ok =
    Array.isArray(weights) &&
    weights.length === info.length &&
    weights.every((w, i) => w instanceof Tensor && w.dtype === 'float32' && w.shape.join() === info[i].shape.join());
  if (!ok) {
    throw new ValueError(`${argument} must be float32 tensors of shapes ${expected}. Received: ${received}`, 'SHAPE_MISMATCH');
  }
  const bad = weights.findIndex((w) => w.data.some((v) => !Number.isFinite(v)));
  if (bad >= 0) throw new ValueError(`${argument} must be finite. Received: NaN or Infinity in ${argument}[${bad}]`, 'NON_FINITE');
}

function checkInteger(argument: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ValueError(`Argument \`${argument}\` must be an integer ≥ ${min}. Received: ${argument}=${value}`);
  }
  return value;
}

function checkVerbose<T extends number>(value: number, allowed: T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ValueError(`Argument \`verbose\` must be one of ${allowed.join(', ')}. Received: verbose=${value}`);
  }
  return value as T;
}
