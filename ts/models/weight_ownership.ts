/**
 * Who holds a model's weights. They live in the model's engine model, built on first use from its
 * graph; the model's layers point here (`layer.owner`) to read and write theirs. When the layers
 * change (Sequential's `add`/`pop`) the engine model is rebuilt and keeps the weights by name, and
 * a layer that another model trained brings its weights along, as Keras layers share theirs.
 */
import type { Layer, WeightOwner } from '../layers/layer';
import type { Tensor } from '../tensor';
import type { EngineModel } from './engine_model';
import type { ModelGraph } from './graph';
import { checkWeightShapes, concat, engineWeights, restoreKeptWeights } from './weights';

/** How the owning model builds its engine model. */
export interface EngineBuilder {
  /** The model's graph (building it hands its layers to this owner). */
  graph(): ModelGraph;
  /** A fresh engine model for `graph`, with initial weights. */
  create(graph: ModelGraph): EngineModel;
  /** Runs once the weights are in place, e.g. to compile again. */
  built(engine: EngineModel): void;
  /** Throws when the model may no longer be used (disposed); `operation` names the call. */
  checkUsable(operation: string): void;
}

/** The weights of one model, and the engine model that holds them. */
export class WeightOwnership implements WeightOwner {
  private engine?: EngineModel;
  /** Weights kept by name across a rebuild. */
  private pending?: Map<string, Tensor<'float32'>>;
  /** Layers that another owner held before this one, and that owner. */
  private readonly inherited = new Map<Layer, WeightOwner>();

  constructor(private readonly builder: EngineBuilder) {}

  /** Takes `layers` over; one another model owned brings that model's weights at the next build. */
  adopt(layers: readonly Layer[]): void {
    for (const layer of layers) {
      if (layer.owner && layer.owner !== this) this.inherited.set(layer, layer.owner);
      layer.owner = this;
    }
  }

  /** The engine model, built on first use with the kept and inherited weights; `operation` names the call in errors. */
  engineModel(operation = 'using the weights'): EngineModel {
    this.builder.checkUsable(operation);
    if (this.engine) return this.engine;
    const graph = this.builder.graph();
    const engine = this.builder.create(graph);
    const kept = this.pending ?? new Map<string, Tensor<'float32'>>();
    this.pending = undefined;
    for (const [layer, previous] of this.inherited) {
      if (!graph.layers.includes(layer) || !previous.holdsWeights()) continue;
      const names = layer.weightSpecs().map((w) => `${layer.name}/${w.name}`);
      previous.layerWeights(layer).forEach((t, i) => kept.set(names[i], t));
    }
    this.inherited.clear();
    this.engine = engine;
    if (kept.size) restoreKeptWeights(engine, kept);
    this.builder.built(engine);
    return engine;
  }

  /** Whether the engine model exists now (built, not disposed). */
  holdsWeights(): boolean {
    return this.engine !== undefined;
  }

  layerWeights(layer: Layer): Tensor<'float32'>[] {
    const { info, weights } = engineWeights(this.engineModel(`layer '${layer.name}' getWeights`));
    return info.flatMap((w, i) => (w.name.startsWith(`${layer.name}/`) ? [weights[i]] : []));
  }

  setLayerWeights(layer: Layer, weights: Tensor<'float32'>[]): void {
    const engine = this.engineModel(`layer '${layer.name}' setWeights`);
    const { info, weights: all } = engineWeights(engine);
    const mine = info.flatMap((w, i) => (w.name.startsWith(`${layer.name}/`) ? [i] : []));
    checkWeightShapes(
      mine.map((i) => info[i]),
      weights,
      `weights of layer '${layer.name}'`,
    );
    mine.forEach((i, j) => (all[i] = weights[j]));
    engine.setWeights(concat(all));
  }

  /** Drops the engine model so the next use rebuilds it (the layers changed), keeping the weights by name. */
  rebuild(): void {
    if (!this.engine) return;
    const { info, weights } = engineWeights(this.engine);
    this.pending = new Map(weights.map((t, i) => [info[i].name, t]));
    this.engine.free();
    this.engine = undefined;
  }

  /** Frees the engine model now (the model then refuses every call). */
  dispose(): void {
    this.engine?.free();
    this.engine = undefined;
  }
}
