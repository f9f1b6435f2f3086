/**
 * What every model does beyond its network (graph and weights, `network.ts`) — compile, fit,
 * evaluate, predict, summary, saving — on the engine model (`engine_model.ts`) that holds the
 * graph, weights, optimizer state and training data inside the engine.
 */
import type { History } from '../callbacks/history';
import { StateError, ValueError } from '../errors';
import type { Layer } from '../layers/layer';
import { concatFloat32, type ModelArtifacts } from '../saving/archive';
import { loadWeightsFile, saveModelFile, saveWeightsFile } from '../saving/model_files';
import { modelArtifacts, modelConfig } from '../saving/serialize';
import type { Tensor } from '../tensor';
import { type CompileArgs, type CompiledSpec, compileSpecJson, resolveCompile } from './compile_spec';
import type { EngineModel } from './engine_model';
import { evaluateModel, predictModel } from './inference';
import { type EvaluateArgs, evaluateOptions, type FitArgs, fitOptions, type OptimizerState, type PredictArgs, predictOptions, type SummaryArgs, summaryOptions } from './model_args';
import type { ModelData } from './model_data';
import type { LongCall } from './model_state';
import { Network } from './network';
import { Prediction } from './prediction';
import { summaryText } from './summary';
import { fitModel } from './training_loop';
import { optimizerState } from './weights';

export type { WeightInfo } from './engine_model';
export type { FitArgs, EvaluateArgs, PredictArgs, SummaryArgs, OptimizerState } from './model_args';

/**
 * The base of {@link Sequential} and {@link Functional} (Keras's `Model`): a {@link Network} with training, inference, summary and saving.
 *
 * @example
 * ```ts
 * const m: Model = new Sequential([layers.dense({ units: 1, inputShape: [3] })]);
 * m.compile({ optimizer: 'sgd', loss: 'mse' });
 * ```
 */
export abstract class Model extends Network {
  /**
   * Set to true — from a callback, a timer, a signal handler — to end `fit` as Keras does: after
   * the engine call running then (the current batch when a callback hooks batches; else about
   * 50 ms of batches), with the epoch's validation and `onEpochEnd`. `fit` resets it when it starts.
   */
  stopTraining = false;
  private compiled?: CompiledSpec;
  /** A learning rate set through `learningRate` (replacing the compiled one or its schedule). */
  private learningRateOverride?: number;

  /** The rows of `summary()`, in Keras's order. */
  protected abstract summaryRows(): readonly Layer[];

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
    this.state.checkIdle('compile');
    const compiled = resolveCompile(args, this.graph.outputs);
    this.engineModel().compile(compileSpecJson(compiled));
    this.compiled = compiled;
    this.learningRateOverride = undefined;
  }

  /**
   * Trains for `epochs` epochs and returns the {@link History}. Between engine calls the event
   * loop runs (timers, servers, signal handlers), which may set {@link stopTraining} or abort the
   * `signal` option; a second `fit`, `evaluate` or `predict` on this model meanwhile is refused
   * with a `StateError` of code `MODEL_BUSY`.
   *
   * @example
   * ```ts
   * const history = await model.fit(xTrain, yTrain, { epochs: 20, batchSize: 512, validationData: [xVal, yVal] });
   * history.history.val_loss; // one number per epoch
   * ```
   */
  async fit(x: ModelData, y: ModelData, args: FitArgs = {}): Promise<History> {
    return this.state.runLong('fit', () => {
      this.requireCompiled('fit');
      return fitModel(this, this.longCall('fit'), x, y, fitOptions(args));
    });
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
    return this.state.runLong('evaluate', () => {
      this.requireCompiled('evaluate');
      return evaluateModel(this, this.longCall('evaluate'), x, y, evaluateOptions(args));
    });
  }

  /**
   * Outputs for `x`, in batches, in inference mode (dropout off, batch normalisation on its moving
   * statistics): one tensor, or one per output for a model with several. Awaitable in every host,
   * as `fit` and `evaluate` are; `await model.predict(x).data()` reads it as TF.js does (see {@link Prediction}).
   *
   * @example
   * ```ts
   * const probabilities = (await model.predict(xTest)) as Tensor; // [n, 1]
   * ```
   */
  predict(x: ModelData, args: PredictArgs = {}): Prediction<Tensor<'float32'> | Tensor<'float32'>[]> {
    return Prediction.of(this.state.runLong('predict', () => predictModel(this, this.longCall('predict'), x, predictOptions(args))));
  }

  /**
   * The keys of `evaluate`'s results and of the logs (`loss`, `acc`, `out_loss`, ...), as Keras's `metrics_names`.
   *
   * @example
   * ```ts
   * const results = (await model.evaluate(x, y)) as number[];
   * const named = Object.fromEntries(model.metricsNames.map((n, i) => [n, results[i]]));
   * ```
   */
  get metricsNames(): string[] {
    this.state.checkUsable('metricsNames');
    return this.compiled ? this.engineModel().metricNames() : [];
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
    this.state.checkUsable('summary');
    const engine = this.compiled ? this.engineModel() : undefined;
    const optimizerParams = engine && engine.iterations() > 0 ? engine.optimizerStateSizes().reduce((a, b) => a + b, 0) : undefined;
    const text = summaryText({
      name: this.name,
      graph: this.graph,
      rows: this.summaryRows(),
      sequential: this.isSequential,
      optimizerParams,
    });
    (summaryOptions(args).printFn ?? ((t: string) => console.log(t.replace(/\n$/, ''))))(text);
    return text;
  }

  /** Whether this is a Sequential model (saved as Keras's Sequential config, summarised without "Connected to"). */
  get isSequential(): boolean {
    return false;
  }

  /**
   * Saves the whole model — architecture (Keras 3's `config.json`), weights, compile config and
   * optimizer state — as one `.kerasm` file (a zip, like Keras's `.keras`), written atomically.
   * Node only; see {@link saveToBuffers} for other hosts.
   *
   * @example
   * ```ts
   * model.save('imdb.kerasm');
   * const again = loadModel('imdb.kerasm');
   * ```
   */
  save(filepath: string): void {
    this.state.checkUsable('save');
    saveModelFile(this, filepath);
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
    this.state.checkUsable('saveToBuffers');
    return modelArtifacts(this);
  }

  /**
   * Saves the weights (and the optimizer state, when compiled and trained) to a
   * `.weights.kerasm` file, as Keras's `save_weights`, written atomically. Node only.
   *
   * @example
   * ```ts
   * model.saveWeights('best.weights.kerasm');
   * ```
   */
  saveWeights(filepath: string): void {
    this.state.checkUsable('saveWeights');
    saveWeightsFile(this, filepath);
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
    this.state.checkUsable('loadWeights');
    loadWeightsFile(this, filepath);
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
    this.state.checkUsable('toJSON');
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
    return this.engineModel().learningRate();
  }

  set learningRate(value: number) {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw new ValueError(`learningRate must be a positive number. Received: learningRate=${value}`);
    }
    this.requireCompiled('learningRate');
    this.engineModel().setLearningRate(value);
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
    return optimizerState(this.engineModel());
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
    const sizes = Uint32Array.from(state.variables, (v) => v.length);
    this.engineModel().setOptimizerState(concatFloat32(state.variables), sizes, state.iterations);
  }

  /**
   * Frees the engine's memory for this model now (it is also freed when garbage-collected). From
   * then on the model refuses every call with a `StateError` of code `DISPOSED`; disposing again
   * does nothing. Refused with `MODEL_BUSY` while `fit`, `evaluate` or `predict` runs.
   *
   * @example
   * ```ts
   * model.dispose();
   * ```
   */
  override dispose(): void {
    super.dispose();
    this.compiled = undefined;
  }

  /** The model's side of the long call `operation`. */
  private longCall(operation: string): LongCall {
    return { engine: () => this.engineModel(operation), hook: (fn) => this.state.lend(fn) };
  }

  /** A rebuilt engine model is compiled as this model was. */
  protected engineBuilt(engine: EngineModel): void {
    if (this.compiled) engine.compile(compileSpecJson(this.compiled, this.learningRateOverride));
  }

  private requireCompiled(operation: string): CompiledSpec {
    this.state.checkUsable(operation);
    if (!this.compiled) {
      throw new StateError(`You must call \`compile()\` before using \`${operation}\`.`, 'NOT_COMPILED');
    }
    return this.compiled;
  }
}
