/**
 * What every model does — compile, fit, evaluate, predict, weights, summary — on one engine handle
 * that holds the graph, weights, optimizer state and training data in WASM memory.
 */
import type { Callback } from '../callbacks/callback';
import { callbackList } from '../callbacks/callback_list';
import { resolveVerbose, type Verbosity } from '../callbacks/verbosity';
import type { History } from '../callbacks/history';
import type { Float32Rows } from '../data/array_input';
import { ensureThreads } from '../engine/threads';
import { call } from '../engine/wasm';
import { StateError, ValueError } from '../errors';
import type { Layer, WeightOwner } from '../layers/layer';
import { Random } from '../random';
import { nextSeed } from '../seed';
import { Tensor } from '../tensor';
import { type CompileArgs, type CompiledSpec, compileSpecJson, resolveCompile } from './compile_spec';
import { type DatasetHandle, type ModelHandle, newDataset, newModelHandle } from './engine_handles';
import { type ModelGraph, modelSpec } from './graph';
import {
  checkInputShapes,
  checkRows,
  checkSampleWeight,
  classWeightsToSampleWeights,
  type ModelData,
  sliceRows,
  splitAt,
  standardizeData,
} from './model_data';
import { summaryText } from './summary';
import { runTraining, toLogs } from './training_loop';
import { checkWeightShapes, concat, optimizerSizes, restoreKeptWeights, splitWeights, weightInfo, type WeightInfo } from './weights';
import { concatFloat32, type ModelArtifacts, packArchive, unpackArchive } from '../saving/archive';

export type { WeightInfo } from './weights';
import { readBytes, writeBytes } from '../saving/node_files';
import { restoreWeights } from '../saving/restore_weights';
import { checkExtension, modelArtifacts, modelConfig, weightsArtifacts } from '../saving/serialize';

/** About how much input `predict` copies into WASM memory at a time. */
const PREDICT_CHUNK_BYTES = 64 * 1024 * 1024;

/** Options of {@link Model.fit}, as Keras's `fit`. */
export interface FitArgs {
  /** Default 1. */
  epochs?: number;
  /** Default 32. The last batch of an epoch may be shorter. */
  batchSize?: number;
  /** Data to evaluate at the end of each epoch (`val_*` keys): `[x, y]` or `[x, y, sampleWeight]`. */
  validationData?: [ModelData, ModelData] | [ModelData, ModelData, Float32Array | Tensor | number[]];
  /** Fraction of the data, taken from the end before shuffling, to validate on (as Keras). */
  validationSplit?: number;
  /** Reshuffle the training samples every epoch. Default true. */
  shuffle?: boolean;
  /** 0 silent, 1 progress bar, 2 one line per epoch; `'auto'` (default) is 1. See `callbacks.ProgbarLogger`. */
  verbose?: Verbosity;
  /** Seed of the per-epoch shuffles (default: from `setRandomSeed`, else random). */
  seed?: number;
  callbacks?: Callback[];
  /** Epoch to start from (when resuming). Default 0. */
  initialEpoch?: number;
  /** A weight per sample, scaling its loss (Keras: the loss sums wᵢ·lossᵢ and divides by the batch size). */
  sampleWeight?: Float32Array | Tensor | number[];
  /** A weight per class (`{ 0: 1, 1: 5 }`), turned into per-sample weights; single-output models. */
  classWeight?: Record<number, number>;
}

/** Options of {@link Model.evaluate}. */
export interface EvaluateArgs {
  /** Default 32. */
  batchSize?: number;
  /** 0 silent, 1 a progress bar, 2 its closing line; `'auto'` (default) is 1. */
  verbose?: Verbosity;
  /** Their `onTestBegin`/`onTestEnd` run around the evaluation. */
  callbacks?: Callback[];
  /** A weight per sample, as in `fit`. */
  sampleWeight?: Float32Array | Tensor | number[];
}

/** Options of {@link Model.predict}. */
export interface PredictArgs {
  /** Default 32. */
  batchSize?: number;
  /** 0 silent, 1 a progress bar, 2 its closing line; `'auto'` (default) is 1, as in Keras. */
  verbose?: Verbosity;
}

/** Options of {@link Model.summary}. */
export interface SummaryArgs {
  /** Receives the summary text instead of `console.log`. */
  printFn?: (text: string) => void;
}


/** The optimizer's state: its step count and its variables, in the engine's order. */
export interface OptimizerState {
  iterations: number;
  variables: Float32Array[];
}

/**
 * The base of {@link Sequential} and {@link Functional} (Keras's `Model`): training, inference, weights, summary and saving on one engine handle.
 *
 * @example
 * ```ts
 * const m: Model = new Sequential([layers.dense({ units: 1, inputShape: [3] })]);
 * m.compile({ optimizer: 'sgd', loss: 'mse' });
 * ```
 */
export abstract class Model implements WeightOwner {
  /** Set to true (e.g. from a callback) to end `fit` after the current batch or epoch. */
  stopTraining = false;
  /** Seed of the weight initialisation (and of dropout masks without their own seed). */
  readonly seed: number;
  readonly name: string;
  private handle?: ModelHandle;
  private compiled?: CompiledSpec;
  /** A learning rate set through `learningRate` (replacing the compiled one or its schedule). */
  private learningRateOverride?: number;
  private cachedGraph?: ModelGraph;
  private pendingWeights?: Map<string, Tensor<'float32'>>;
  /** Layers that another model owned before this one, and that model. */
  private readonly inherited = new Map<Layer, WeightOwner>();

  protected constructor(seed: number | undefined, name: string) {
    if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
      throw new ValueError(`seed must be a non-negative integer. Received: seed=${seed}`);
    }
    if (typeof name !== 'string' || name === '') {
      throw new ValueError(`A model name must be a non-empty string. Received: name=${JSON.stringify(name)}`);
    }
    this.seed = seed ?? nextSeed();
    this.name = name;
  }

  /** The model's graph; throws when it cannot be built yet (e.g. no input shape). */
  protected abstract buildGraph(): ModelGraph;

  /** The layers: Sequential's stack, or a functional model's InputLayers then layers. */
  abstract get layers(): readonly Layer[];

  /** The rows of `summary()`, in Keras's order. */
  protected abstract summaryRows(): readonly Layer[];

  /** The graph the engine runs (inputs, layer calls, outputs). */
  get graph(): ModelGraph {
    if (!this.cachedGraph) {
      this.cachedGraph = this.buildGraph();
      // The model owns its layers' weights from now on; a layer that another model trained
      // brings its weights along when the engine is built, as Keras layers share theirs.
      for (const layer of this.cachedGraph.layers) {
        if (layer.owner && layer.owner !== this) this.inherited.set(layer, layer.owner);
        layer.owner = this;
      }
    }
    return this.cachedGraph;
  }

  /**
   * The names of the model's inputs, in order (the keys `fit` accepts in a record).
   *
   * @example
   * ```ts
   * m.inputNames; // ['title', 'body']
   * ```
   */
  get inputNames(): string[] {
    return this.graph.inputs.map((i) => i.name);
  }

  /**
   * The names of the model's outputs (their layers' names), in order, as Keras's `output_names`.
   *
   * @example
   * ```ts
   * m.outputNames; // ['priority', 'department']
   * ```
   */
  get outputNames(): string[] {
    return this.graph.outputs.map((o) => o.layer.name);
  }

  /** Whether `compile` was called. */
  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }

  /** The resolved `compile` arguments (for saving). */
  get compiledSpec(): CompiledSpec | undefined {
    return this.compiled;
  }

  /**
   * Sets the loss, the optimizer and the metrics; resets the optimizer's state.
   *
   * @example
   * ```ts
   * model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
   * ```
   */
  compile(args: CompileArgs): void {
    const compiled = resolveCompile(args, this.graph.outputs);
    const handle = this.engineModel();
    call('compile', () => handle.compile(compileSpecJson(compiled)));
    this.compiled = compiled;
    this.learningRateOverride = undefined;
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
  async fit(x: ModelData, y: ModelData, args: FitArgs = {}): Promise<History> {
    this.requireCompiled('fit');
    const epochs = checkInteger('epochs', args.epochs ?? 1, 1);
    const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
    const initialEpoch = checkInteger('initialEpoch', args.initialEpoch ?? 0, 0);
    const verbose = resolveVerbose(args.verbose);
    if (args.validationData !== undefined && args.validationSplit !== undefined) {
      throw new ValueError('Pass either validationData or validationSplit, not both. Received: both');
    }
    if (args.sampleWeight !== undefined && args.classWeight !== undefined) {
      throw new ValueError('You cannot pass both `classWeight` and `sampleWeight` at the same time. Received: both');
    }
    let [xs, ys] = this.standardizeXY(x, y, 'x', 'y');
    let weights = args.sampleWeight !== undefined ? checkSampleWeight(args.sampleWeight, xs[0].shape[0]) : undefined;
    if (args.classWeight !== undefined) {
      if (ys.length !== 1) {
        throw new ValueError(`\`classWeight\` is only supported for models with a single output. Received: a model with ${ys.length} outputs`);
      }
      weights = classWeightsToSampleWeights(args.classWeight, ys[0]);
    }
    let validation: [Float32Rows[], Float32Rows[], Float32Array | undefined] | undefined;
    if (args.validationData !== undefined) {
      const v = args.validationData;
      if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3)) {
        throw new ValueError(`validationData must be [xVal, yVal] or [xVal, yVal, sampleWeight]. Received: validationData of length ${(v as unknown[])?.length}`);
      }
      const [xv, yv] = this.standardizeXY(v[0], v[1], 'validationData[0]', 'validationData[1]');
      validation = [xv, yv, v.length === 3 ? checkSampleWeight(v[2], xv[0].shape[0]) : undefined];
    } else if (args.validationSplit !== undefined) {
      const cut = splitRows(xs[0].shape[0], args.validationSplit);
      const [xTrain, xVal] = splitAt(xs, cut);
      const [yTrain, yVal] = splitAt(ys, cut);
      validation = [xVal, yVal, weights?.subarray(cut)];
      [xs, ys, weights] = [xTrain, yTrain, weights?.subarray(0, cut)];
    }
    const rng = new Random(args.seed ?? nextSeed());
    const shuffle = args.shuffle ?? true;

    await ensureThreads();
    const handle = this.engineModel();
    const train = newDataset(xs, ys, weights, 'x');
    let val: DatasetHandle | undefined;
    try {
      val = validation && newDataset(validation[0], validation[1], validation[2], 'validationData');
      return await runTraining({
        model: this,
        handle,
        train,
        val,
        rows: xs[0].shape[0],
        epochs,
        initialEpoch,
        batchSize,
        verbose,
        shuffle,
        rng,
        userCallbacks: args.callbacks ?? [],
      });
    } finally {
      train.free();
      val?.free();
    }
  }

  /**
   * Loss and metrics on `x`, `y`: the loss alone without metrics (single output), else
   * `[loss, ...]` in the order of {@link metricsNames}.
   *
   * @example
   * ```ts
   * const [loss, acc] = (await model.evaluate(xTest, yTest)) as number[];
   * ```
   */
  async evaluate(x: ModelData, y: ModelData, args: EvaluateArgs = {}): Promise<number | number[]> {
    this.requireCompiled('evaluate');
    const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
    const verbose = resolveVerbose(args.verbose);
    const [xs, ys] = this.standardizeXY(x, y, 'x', 'y');
    const weights = args.sampleWeight !== undefined ? checkSampleWeight(args.sampleWeight, xs[0].shape[0]) : undefined;
    await ensureThreads();
    const handle = this.engineModel();
    const steps = Math.ceil(xs[0].shape[0] / batchSize);
    const { callbacks } = callbackList(this, args.callbacks ?? [], { epochs: 1, steps, verbose });
    for (const cb of callbacks) await cb.onTestBegin({});
    const data = newDataset(xs, ys, weights, 'x');
    try {
      handle.reset_metrics();
      call('evaluate', () => handle.test_batches(data, batchSize));
    } finally {
      data.free();
    }
    const results = Array.from(handle.metric_results());
    const names = handle.metric_names();
    for (const cb of callbacks) await cb.onTestEnd(toLogs(names, results));
    return results.length === 1 ? results[0] : results;
  }

  /**
   * Outputs for `x`, in batches, in inference mode (dropout off, batch normalisation on its moving
   * statistics): one tensor, or one per output for a model with several.
   *
   * @example
   * ```ts
   * const probabilities = model.predict(xTest) as Tensor; // [n, 1]
   * ```
   */
  predict(x: ModelData, args: PredictArgs = {}): Tensor<'float32'> | Tensor<'float32'>[] {
    const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
    const verbose = resolveVerbose(args.verbose);
    const graph = this.graph;
    const xs = checkInputShapes(
      standardizeData(x, this.inputNames, 'x', 'input'),
      graph.inputs.map((i) => i.shape),
      this.inputNames,
      'x',
    );
    const rows = checkRows([['x', xs]]);
    const handle = this.engineModel();
    const sizes = graph.outputs.map((o) => o.shape.reduce((a, b) => a * b, 1));
    const outputs = sizes.map((size) => new Float32Array(rows * size));
    // The input streams through the engine in chunks of whole batches (about PREDICT_CHUNK_BYTES
    // each), so WASM memory holds one chunk at a time, reused, never the whole input.
    // Sized by dense rows: a sparse input is densified in the engine, chunk by chunk.
    const rowBytes = 4 * xs.reduce((sum, a) => sum + a.shape.slice(1).reduce((p, d) => p * d, 1), 0);
    const chunkRows = batchSize * Math.max(1, Math.floor(PREDICT_CHUNK_BYTES / (rowBytes * batchSize)));
    const { progbar } = callbackList(this, [], { epochs: 1, steps: Math.ceil(rows / batchSize), verbose });
    progbar?.onPredictBegin();
    for (let start = 0; start < rows; start += chunkRows) {
      const end = Math.min(rows, start + chunkRows);
      const data = newDataset(
        xs.map((a) => sliceRows(a, start, end)),
        [],
        undefined,
        'x',
      );
      let flat: Float32Array;
      try {
        flat = call('predict', () => handle.predict(data, batchSize));
      } finally {
        data.free();
      }
      let offset = 0;
      sizes.forEach((size, k) => {
        const length = (end - start) * size;
        outputs[k].set(flat.subarray(offset, offset + length), start * size);
        offset += length;
      });
      progbar?.progress(Math.ceil(end / batchSize), {});
    }
    progbar?.onPredictEnd();
    const tensors = outputs.map((data, k) => new Tensor<'float32'>(data, [rows, ...graph.outputs[k].shape]));
    return tensors.length === 1 ? tensors[0] : tensors;
  }

  /**
   * The keys of `evaluate`'s results and of the logs (`loss`, `acc`, `out_loss`, ...), as Keras's `metrics_names`.
   *
   * @example
   * ```ts
   * const results = (await m.evaluate(x, y)) as number[];
   * const named = Object.fromEntries(m.metricsNames.map((n, i) => [n, results[i]]));
   * ```
   */
  get metricsNames(): string[] {
    return this.compiled ? this.engineModel().metric_names() : [];
  }

  /**
   * Every weight (layer by layer, each layer's in Keras's order), as copies.
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

  /**
   * Replaces every weight; shapes must match {@link getWeights}. All or nothing.
   *
   * @example
   * ```ts
   * other.setWeights(model.getWeights());
   * ```
   */
  setWeights(weights: Tensor<'float32'>[]): void {
    const handle = this.engineModel();
    const info = weightInfo(handle);
    checkWeightShapes(info, weights, 'weights');
    call('setWeights', () => handle.set_weights_flat(concat(weights)));
  }

  /**
   * Names, shapes and trainable flags of every weight, in {@link getWeights} order.
   *
   * @example
   * ```ts
   * m.weightInfo.filter((w) => !w.trainable).map((w) => w.name); // ['batch_normalization/moving_mean', ...]
   * ```
   */
  get weightInfo(): WeightInfo[] {
    return weightInfo(this.engineModel());
  }

  /**
   * Total number of weights (scalars), trainable or not.
   *
   * @example
   * ```ts
   * model.countParams(); // 160305 for the IMDB model
   * ```
   */
  countParams(): number {
    return this.graph.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /**
   * Keras's summary table: each layer with its output shape and parameter count, then the totals.
   * Printed with `console.log` (or `printFn`) and returned.
   *
   * @example
   * ```ts
   * const text = model.summary({ printFn: () => {} });
   * ```
   */
  summary(args: SummaryArgs = {}): string {
    const handle = this.compiled ? this.engineModel() : undefined;
    const optimizerParams = handle && handle.iterations() > 0 ? optimizerSizes(handle).reduce((a, b) => a + b, 0) : undefined;
    const text = summaryText({
      name: this.name,
      graph: this.graph,
      rows: this.summaryRows(),
      sequential: this.isSequential,
      optimizerParams,
    });
    (args.printFn ?? ((t: string) => console.log(t.replace(/\n$/, ''))))(text);
    return text;
  }

  /** Whether this is a Sequential model (saved as Keras's Sequential config, summarised without "Connected to"). */
  get isSequential(): boolean {
    return false;
  }

  /**
   * Saves the whole model — architecture (Keras 3's `config.json`), weights, compile config and
   * optimizer state — as one `.kerasm` file (a zip, like Keras's `.keras`). Node only; see
   * {@link saveToBuffers} for other hosts.
   *
   * @example
   * ```ts
   * model.save('imdb.kerasm');
   * const again = loadModel('imdb.kerasm');
   * ```
   */
  save(filepath: string): void {
    writeBytes(checkExtension(filepath, '.kerasm', 'model.save'), packArchive(modelArtifacts(this)));
  }

  /**
   * The model as in-memory artifacts (config object, metadata, weight and optimizer buffers), for
   * any host; `loadModelFromBuffers` rebuilds it.
   *
   * @example
   * ```ts
   * const artifacts = model.saveToBuffers();
   * const twin = loadModelFromBuffers(artifacts);
   * ```
   */
  saveToBuffers(): ModelArtifacts {
    return modelArtifacts(this);
  }

  /**
   * Saves the weights (and the optimizer state, when compiled and trained) to a
   * `.weights.kerasm` file, as Keras's `save_weights`. Node only.
   *
   * @example
   * ```ts
   * model.saveWeights('best.weights.kerasm');
   * ```
   */
  saveWeights(filepath: string): void {
    writeBytes(checkExtension(filepath, '.weights.kerasm', 'model.saveWeights'), packArchive(weightsArtifacts(this)));
  }

  /**
   * Loads weights saved by {@link saveWeights} or {@link save} — matched in order and by shape,
   * as Keras matches them by the model's structure — and the optimizer state when the file has
   * one and the model is compiled. Node only.
   *
   * @example
   * ```ts
   * model.loadWeights('best.weights.kerasm');
   * ```
   */
  loadWeights(filepath: string): void {
    restoreWeights(this, unpackArchive(readBytes(filepath, 'the weights'), filepath), filepath);
  }

  /**
   * The architecture as JSON text, in Keras 3's `model.to_json()` form; `modelFromJSON` rebuilds
   * the model (fresh weights).
   *
   * @example
   * ```ts
   * const json = model.toJSON();
   * const fresh = modelFromJSON(json);
   * ```
   */
  toJSON(): string {
    return JSON.stringify(modelConfig(this));
  }

  /**
   * The optimizer's current learning rate (a schedule's value at the current step), after
   * compile. Setting it replaces the compiled rate or schedule from now on, as Keras callbacks do.
   *
   * @example
   * ```ts
   * model.learningRate = model.learningRate * 0.1;
   * ```
   */
  get learningRate(): number {
    this.requireCompiled('learningRate');
    return this.engineModel().learning_rate();
  }

  set learningRate(value: number) {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw new ValueError(`learningRate must be a positive number. Received: learningRate=${value}`);
    }
    this.requireCompiled('learningRate');
    this.engineModel().set_learning_rate(value);
    this.learningRateOverride = value;
  }

  /** A learning rate set through {@link learningRate} since compile, if any (for saving). */
  get learningRateSet(): number | undefined {
    return this.learningRateOverride;
  }

  /**
   * The optimizer's step count and state, copied out of the engine (what saving stores).
   *
   * @example
   * ```ts
   * const { iterations, variables } = model.getOptimizerState();
   * ```
   */
  getOptimizerState(): OptimizerState {
    this.requireCompiled('getOptimizerState');
    const handle = this.engineModel();
    const sizes = optimizerSizes(handle);
    const flat = handle.optimizer_state_flat();
    let offset = 0;
    const variables = sizes.map((n) => {
      const v = flat.slice(offset, offset + n);
      offset += n;
      return v;
    });
    return { iterations: handle.iterations(), variables };
  }

  /**
   * Restores the optimizer's state from {@link getOptimizerState} (same optimizer, same model). All or nothing.
   *
   * @example
   * ```ts
   * twin.setOptimizerState(model.getOptimizerState());
   * ```
   */
  setOptimizerState(state: OptimizerState): void {
    this.requireCompiled('setOptimizerState');
    const handle = this.engineModel();
    const sizes = Uint32Array.from(state.variables, (v) => v.length);
    call('restoring the optimizer state', () => handle.set_optimizer_state(concatFloat32(state.variables), sizes, state.iterations));
  }

  /**
   * Frees the engine's memory for this model now (it is also freed when garbage-collected).
   *
   * @example
   * ```ts
   * model.dispose();
   * ```
   */
  dispose(): void {
    this.handle?.free();
    this.handle = undefined;
    this.compiled = undefined;
  }

  /** Whether this model's engine currently holds weights (it was built and not disposed). */
  holdsWeights(): boolean {
    return this.handle !== undefined;
  }

  layerWeights(layer: Layer): Tensor<'float32'>[] {
    const handle = this.engineModel();
    const info = weightInfo(handle);
    const all = splitWeights(info, handle.weights_flat());
    return info.flatMap((w, i) => (w.name.startsWith(`${layer.name}/`) ? [all[i]] : []));
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

  /** Drops the graph and the engine model so the next use rebuilds them (layers changed); keeps weights by name. */
  protected invalidate(): void {
    this.cachedGraph = undefined;
    if (!this.handle) return;
    const kept = new Map<string, Tensor<'float32'>>();
    const info = weightInfo(this.handle);
    splitWeights(info, this.handle.weights_flat()).forEach((t, i) => kept.set(info[i].name, t));
    this.handle.free();
    this.handle = undefined;
    this.pendingWeights = kept;
  }

  /** The engine model, built on first use. */
  protected engineModel(): ModelHandle {
    if (this.handle) return this.handle;
    const graph = this.graph;
    const handle = newModelHandle(JSON.stringify(modelSpec(graph, this.seed)));
    const kept = this.pendingWeights ?? new Map<string, Tensor<'float32'>>();
    this.pendingWeights = undefined;
    for (const [layer, previous] of this.inherited) {
      if (!graph.layers.includes(layer) || !previous.holdsWeights()) continue;
      const names = layer.weightSpecs().map((w) => `${layer.name}/${w.name}`);
      previous.layerWeights(layer).forEach((t, i) => kept.set(names[i], t));
    }
    this.inherited.clear();
    this.handle = handle;
    if (kept.size) restoreKeptWeights(handle, kept);
    if (this.compiled) {
      const compiled = this.compiled;
      call('compile', () => handle.compile(compileSpecJson(compiled, this.learningRateOverride)));
    }
    return handle;
  }

  private requireCompiled(operation: string): CompiledSpec {
    if (!this.compiled) {
      throw new StateError(`You must call \`compile()\` before using \`${operation}\`.`, 'NOT_COMPILED');
    }
    return this.compiled;
  }

  /** x and y as one array per input and output, with matching sample counts and input shapes. */
  private standardizeXY(x: unknown, y: unknown, xArgument: string, yArgument: string): [Float32Rows[], Float32Rows[]] {
    const graph = this.graph;
    const xs = checkInputShapes(
      standardizeData(x, this.inputNames, xArgument, 'input'),
      graph.inputs.map((i) => i.shape),
      this.inputNames,
      xArgument,
    );
    const ys = standardizeData(y, this.outputNames, yArgument, 'output');
    checkRows([
      [xArgument, xs],
      [yArgument, ys],
    ]);
    return [xs, ys];
  }
}


/** Where Keras's validation_split cuts: the last `fraction` of `rows`, before any shuffling. */
function splitRows(rows: number, fraction: number): number {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new ValueError(`validationSplit must be a number in (0, 1). Received: validationSplit=${fraction}`);
  }
  const cut = Math.floor(rows * (1 - fraction));
  if (cut === 0 || cut === rows) {
    throw new ValueError(`validationSplit=${fraction} of ${rows} samples leaves one side empty. Received: validationSplit=${fraction}`);
  }
  return cut;
}









function checkInteger(argument: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ValueError(`Argument \`${argument}\` must be an integer ≥ ${min}. Received: ${argument}=${value}`);
  }
  return value;
}
