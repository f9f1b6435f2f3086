/** The base of every layer: a name, a config that round-trips, and its piece of the engine graph. */
import { ValueError } from '../errors';
import type { Tensor } from '../tensor';

/** Options every layer takes. */
export interface LayerArgs {
  /** Unique name; defaults to the class's snake_case name with a counter (`dense`, `dense_1`). */
  name?: string;
  /** Shape of one sample, without the batch axis. Only for a model's first layer. */
  inputShape?: number[];
}

/** One node of the engine's graph, as the engine's ModelSpec JSON spells it. */
export interface LayerSpec {
  name: string;
  kind: string;
  inputs: string[];
  config: Record<string, unknown>;
}

/** Where a layer's weights live once a model has built them. */
export interface WeightOwner {
  layerWeights(layer: Layer): Tensor<'float32'>[];
  setLayerWeights(layer: Layer, weights: Tensor<'float32'>[]): void;
}

const nameCounts = new Map<string, number>();

function uniqueName(base: string): string {
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

export abstract class Layer {
  readonly name: string;
  readonly inputShape?: readonly number[];
  /** The model whose engine holds this layer's weights, once built. */
  owner?: WeightOwner;

  protected constructor(snakeName: string, args: LayerArgs) {
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '' || args.name.includes('/'))) {
      throw new ValueError(`A layer name must be a non-empty string without '/'. Received: name=${JSON.stringify(args.name)}`);
    }
    if (args.inputShape !== undefined) {
      if (!Array.isArray(args.inputShape) || args.inputShape.length === 0 || args.inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
        throw new ValueError(`inputShape must be a non-empty array of positive integers. Received: inputShape=${JSON.stringify(args.inputShape)}`);
      }
    }
    this.name = args.name ?? uniqueName(snakeName);
    this.inputShape = args.inputShape && Object.freeze([...args.inputShape]);
  }

  /** Keras's class name, e.g. `'Dense'`. */
  abstract readonly className: string;

  /** The arguments that rebuild this layer: `fromConfig(layer.getConfig())` makes a twin. */
  abstract getConfig(): Record<string, unknown>;

  /** Output shape of one sample for a given input sample shape. */
  abstract computeOutputShape(inputShape: readonly number[]): number[];

  /** Shapes of the weights this layer creates for a given input shape, in engine order. */
  abstract weightShapes(inputShape: readonly number[]): number[][];

  /** This layer's node in the engine graph. */
  abstract toSpec(inputs: string[]): LayerSpec;

  /** Number of weights (scalars) for the given input shape. */
  countParamsFor(inputShape: readonly number[]): number {
    return this.weightShapes(inputShape).reduce((sum, s) => sum + s.reduce((a, b) => a * b, 1), 0);
  }

  /** The layer's current weights (kernel, then bias), copied out of the engine. */
  getWeights(): Tensor<'float32'>[] {
    return this.owner ? this.owner.layerWeights(this) : [];
  }

  /** Replaces the layer's weights; shapes must match `getWeights()`. */
  setWeights(weights: Tensor<'float32'>[]): void {
    if (!this.owner) {
      throw new ValueError(`Layer '${this.name}' has no weights yet: add it to a model with a known input shape first.`);
    }
    this.owner.setLayerWeights(this, weights);
  }
}
