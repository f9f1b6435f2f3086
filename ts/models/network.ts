/**
 * A network: a graph of layers and the engine model that holds their weights — what a model is
 * before training is added (Keras 2's `Network`, the base of its `Model`).
 */
import { ValueError } from '../errors';
import type { Layer } from '../layers/layer';
import { nextSeed } from '../seed';
import type { Tensor } from '../tensor';
import type { EngineModel, WeightInfo } from './engine_model';
import { type ModelGraph, modelSpec } from './graph';
import { ModelState } from './model_state';
import { WasmEngineModel } from './wasm_engine_model';
import { WeightOwnership } from './weight_ownership';
import { checkWeightShapes, concat, engineWeights } from './weights';

/**
 * The base of {@link Model}: the graph of its layers, their names and their weights.
 *
 * @example
 * ```ts
 * const m = new Sequential([layers.dense({ units: 2, inputShape: [3] })]);
 * m.countParams(); // 8
 * ```
 */
export abstract class Network {
  /** Seed of the weight initialisation (and of dropout masks without their own seed). */
  readonly seed: number;
  /** Default `sequential`, `functional_1`, ...: unique in the process, as Keras names models. */
  readonly name: string;
  private cachedGraph?: ModelGraph;
  /** Disposed or not; the long call running, if any. */
  protected readonly state = new ModelState(() => this.name);
  private readonly ownership = new WeightOwnership({
    graph: () => this.graph,
    create: (graph) => new WasmEngineModel(JSON.stringify(modelSpec(graph, this.seed))),
    built: (engine) => this.engineBuilt(engine),
    checkUsable: (operation) => this.state.checkUsable(operation),
  });

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

  /** Runs when the engine model was (re)built with its weights, before first use. */
  protected abstract engineBuilt(engine: EngineModel): void;

  /** The layers: Sequential's stack, or a functional model's InputLayers then layers. */
  abstract get layers(): readonly Layer[];

  /** The graph the engine runs (inputs, layer calls, outputs); the model owns its layers' weights from then on. */
  get graph(): ModelGraph {
    if (!this.cachedGraph) {
      this.cachedGraph = this.buildGraph();
      this.ownership.adopt(this.cachedGraph.layers);
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

  /**
   * Every weight (layer by layer, each layer's in Keras's order), as copies.
   *
   * @example
   * ```ts
   * const [kernel, bias] = model.getWeights();
   * ```
   */
  getWeights(): Tensor<'float32'>[] {
    return engineWeights(this.engineModel('getWeights')).weights;
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
    const engine = this.engineModel('setWeights');
    checkWeightShapes(engine.weightInfo(), weights, 'weights');
    engine.setWeights(concat(weights));
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
    return this.engineModel('weightInfo').weightInfo();
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
    this.state.checkUsable('countParams');
    return this.graph.layers.reduce((n, l) => n + l.countParams(), 0);
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
  dispose(): void {
    if (this.state.isDisposed) return;
    this.state.checkIdle('dispose');
    this.ownership.dispose();
    this.state.markDisposed();
  }

  /**
   * Whether {@link dispose} was called (the model then refuses every call).
   *
   * @example
   * ```ts
   * if (!model.isDisposed) model.dispose();
   * ```
   */
  get isDisposed(): boolean {
    return this.state.isDisposed;
  }

  /** Hands `layers` to this model's weights before its graph is next built (so `layer.getWeights()` reads the model's). */
  protected adoptLayers(layers: readonly Layer[]): void {
    this.ownership.adopt(layers);
  }

  /** Drops the graph and the engine model so the next use rebuilds them (layers changed); keeps weights by name. */
  protected invalidate(): void {
    this.cachedGraph = undefined;
    this.ownership.rebuild();
  }

  /** The engine model, built on first use; `operation` names the call when the model was disposed. */
  protected engineModel(operation?: string): EngineModel {
    return this.ownership.engineModel(operation);
  }
}
