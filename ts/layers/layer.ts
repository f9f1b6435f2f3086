/**
 * The base of every layer: a name, a config that round-trips, shape inference, calls on symbolic
 * tensors (the functional API), and its piece of the engine graph.
 */
import { ValueError } from '../errors';
import { get as getRegularizer, type Regularizer, type RegularizerConfig, type RegularizerIdentifier, serialize as serializeRegularizer } from '../regularizers';
import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { engineConfigOf } from './engine_config';
import { Node } from './node';
import { formatShape, SymbolicTensor } from './symbolic_tensor';

/** Options every layer takes. */
export interface LayerArgs {
  /** Unique name; defaults to the class's snake_case name with a counter (`dense`, `dense_1`). */
  name?: string;
  /** Shape of one sample, without the batch axis. Only for a Sequential model's first layer. */
  inputShape?: number[];
  /** A penalty on the layer's output, per sample (Keras's `activity_regularizer`, which every layer takes). */
  activityRegularizer?: RegularizerIdentifier;
}

const LAYER_ARGS = optionNames<LayerArgs>({ name: true, inputShape: true, activityRegularizer: true });

/** What `getConfig()` returns: the layer's constructor arguments, JSON-safe. */
export type LayerConfig = Record<string, unknown> & { name: string };

/** A layer's node of the engine's ModelSpec (the graph's edges are listed separately). */
export interface LayerSpec {
  name: string;
  kind: string;
  config: Record<string, unknown>;
}

/** A weight a layer creates: its name within the layer, shape, and whether the optimizer trains it. */
export interface WeightSpec {
  name: string;
  shape: number[];
  trainable: boolean;
}

/** Where a layer's weights live: the model it was last built into. */
export interface WeightOwner {
  layerWeights(layer: Layer): Tensor<'float32'>[];
  setLayerWeights(layer: Layer, weights: Tensor<'float32'>[]): void;
  /** Whether the owner's engine holds weights now (built, not disposed). */
  holdsWeights(): boolean;
}

const nameCounts = new Map<string, number>();

/** `base`, then `base_1`, `base_2`, … as Keras names layers. */
export function uniqueName(base: string): string {
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/**
 * The base of every layer (Keras's `Layer`): subclasses give the shape rule, the weights and the engine config.
 *
 * @example
 * ```ts
 * const layer: layers.Layer = layers.dense({ units: 4 });
 * layer.computeOutputShape([3]); // [4]
 * ```
 */
export abstract class Layer {
  readonly name: string;
  readonly inputShape?: readonly number[];
  readonly activityRegularizer?: Regularizer;
  /** The weights of the model this layer was last built into; they hold the layer's weights. */
  owner?: WeightOwner;
  /** Every call of this layer on symbolic tensors, in order. */
  readonly inboundNodes: Node[] = [];
  private builtShapes?: number[][];

  /** `ownArgs`: the subclass's argument names; any other key of `args` is refused (never ignored). */
  protected constructor(snakeName: string, args: LayerArgs, ownArgs: readonly string[]) {
    const factory = snakeName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    checkOptions(args, [...LAYER_ARGS, ...ownArgs], `layers.${factory}(args)`);
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '' || args.name.includes('/'))) {
      throw new ValueError(`A layer name must be a non-empty string without '/'. Received: name=${JSON.stringify(args.name)}`);
    }
    if (args.inputShape !== undefined) checkShape('inputShape', args.inputShape);
    this.name = args.name ?? uniqueName(snakeName);
    this.inputShape = args.inputShape && Object.freeze([...args.inputShape]);
    this.activityRegularizer = getRegularizer(args.activityRegularizer, 'activityRegularizer');
  }

  /** Keras's class name, e.g. `'Dense'`. */
  abstract readonly className: string;

  /** The engine's name for this kind of layer, e.g. `'dense'`. */
  abstract readonly kind: string;

  /** Whether the layer takes a list of tensors (`concatenate`, `add`) rather than one. */
  readonly takesList: boolean = false;

  /** The arguments that rebuild this layer: `Layer.fromConfig(layer.getConfig())` makes a twin. */
  abstract getConfig(): LayerConfig;

  /** Output shape of one sample for the input sample shapes (one per input); throws when incompatible. */
  protected abstract outputShapeFor(inputShapes: number[][]): number[];

  /** The weights this layer creates for the input sample shapes, in the engine's order. */
  protected abstract weightSpecsFor(inputShapes: number[][]): WeightSpec[];

  /**
   * Output shape of one sample: pass one sample shape, or a list of them for `concatenate`/`add`.
   *
   * @example
   * ```ts
   * layers.dense({ units: 16 }).computeOutputShape([10000]); // [16]
   * ```
   */
  computeOutputShape(inputShape: readonly number[] | readonly (readonly number[])[]): number[] {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as number[][];
    shapes.forEach((s, i) => checkShape(`inputShape${shapes.length > 1 ? `[${i}]` : ''}`, s));
    return this.outputShapeFor(shapes.map((s) => [...s]));
  }

  /** Whether the layer knows its input shapes (it was added to a model or called). */
  get built(): boolean {
    return this.builtShapes !== undefined;
  }

  /** The input sample shapes the layer was built for. */
  get builtInputShapes(): number[][] | undefined {
    return this.builtShapes?.map((s) => [...s]);
  }

  /**
   * Fixes the input shapes, and so the weight shapes. A built layer accepts only inputs that give
   * the same weights (a shared layer has one set of weights).
   */
  build(inputShapes: number[][]): void {
    const outputShape = this.outputShapeFor(inputShapes);
    checkShape(`the output shape of layer '${this.name}'`, outputShape);
    if (!this.builtShapes) {
      this.builtShapes = inputShapes.map((s) => [...s]);
      return;
    }
    const want = this.weightSpecsFor(this.builtShapes).map((w) => w.shape.join());
    const got = this.weightSpecsFor(inputShapes).map((w) => w.shape.join());
    if (want.join(';') !== got.join(';')) {
      throw new ValueError(
        `Layer '${this.name}' was built for inputs of shape ${this.builtShapes.map(formatShape).join(', ')}, and its weights fit only those. Received: input of shape ${inputShapes.map(formatShape).join(', ')}`,
        'SHAPE_MISMATCH',
      );
    }
  }

  /** The weights of the built layer: names, shapes, trainable flags. */
  weightSpecs(): WeightSpec[] {
    return this.builtShapes ? this.weightSpecsFor(this.builtShapes) : [];
  }

  /**
   * Calls the layer on symbolic tensors (Keras's `layer(x)`), adding a node to the graph.
   *
   * @example
   * ```ts
   * const inputs = input({ shape: [784] });
   * const hidden = layers.dense({ units: 64, activation: 'relu' }).apply(inputs);
   * const merged = layers.concatenate().apply([hidden, inputs]);
   * ```
   */
  apply(inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const received = Array.isArray(inputs) ? `a list of ${inputs.length}` : describe(inputs);
    if (this.takesList ? !Array.isArray(inputs) || inputs.length === 0 : list.length !== 1) {
      throw new ValueError(
        this.takesList
          ? `Layer '${this.name}' (${this.className}) should be called on a list of at least 1 input. Received: ${received}`
          : `Layer '${this.name}' (${this.className}) takes a single input tensor. Received: ${received}`,
      );
    }
    list.forEach((t, i) => {
      if (!(t instanceof SymbolicTensor) || t.origin.kind !== 'layer') {
        throw new ValueError(
          `Layer '${this.name}' can only be applied to symbolic tensors from input() or another layer's apply(). Received: ${Array.isArray(inputs) ? `inputs[${i}]=` : ''}${describe(t)}`,
        );
      }
    });
    const shapes = list.map((t) => t.sampleShape);
    this.build(shapes);
    const node = new Node(this, list, this.outputShapeFor(shapes), this.inboundNodes.length);
    this.inboundNodes.push(node);
    return node.output;
  }

  /**
   * Number of weights (scalars) of the built layer.
   *
   * @example
   * ```ts
   * const model = new Sequential([layers.dense({ units: 16, inputShape: [10000] })]);
   * model.layers[0].countParams(); // 160016
   * ```
   */
  countParams(): number {
    if (!this.builtShapes) {
      throw new ValueError(
        `You tried to call countParams on layer '${this.name}', but the layer isn't built. Add it to a model with a known input shape, or call it with layer.apply(x). Received: an unbuilt layer`,
        'NOT_BUILT',
      );
    }
    return this.weightSpecs().reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  }

  /**
   * The layer's current weights, copied out of the engine, in Keras's order.
   *
   * @example
   * ```ts
   * const [kernel, bias] = model.layers[0].getWeights();
   * ```
   */
  getWeights(): Tensor<'float32'>[] {
    return this.owner ? this.owner.layerWeights(this) : [];
  }

  /**
   * Replaces the layer's weights; shapes must match `getWeights()`.
   *
   * @example
   * ```ts
   * const layer = model.layers[0];
   * layer.setWeights(layer.getWeights().map((w) => new Tensor(new Float32Array(w.size), w.shape)));
   * ```
   */
  setWeights(weights: Tensor<'float32'>[]): void {
    if (!this.owner) {
      throw new ValueError(`Layer '${this.name}' has no weights yet: add it to a model with a known input shape first.`, 'NOT_BUILT');
    }
    this.owner.setLayerWeights(this, weights);
  }

  /** This layer's entry in the engine's ModelSpec. */
  toSpec(): LayerSpec {
    return { name: this.name, kind: this.kind, config: engineConfigOf(this.getConfig()) };
  }

  /** The `getConfig()` entries every layer has: `activityRegularizer`, and `inputShape` when it was given one. */
  protected commonConfig(): { activityRegularizer: RegularizerConfig | null; inputShape?: number[] } {
    return { activityRegularizer: serializeRegularizer(this.activityRegularizer), ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}) };
  }

  /**
   * Rebuilds a layer of this class from `getConfig()` (Keras's `from_config`).
   *
   * @example
   * ```ts
   * const twin = layers.Dense.fromConfig(layers.dense({ units: 4 }).getConfig());
   * ```
   */
  static fromConfig<T extends Layer>(this: new (args: never) => T, config: Record<string, unknown>): T {
    return new this(config as never);
  }
}

/** A boolean argument (`true`/`false`, never a truthy stand-in), or `fallback` when absent. */
export function checkBoolean(argument: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ValueError(`Argument \`${argument}\` must be true or false. Received: ${argument}=${JSON.stringify(value)}`);
  return value;
}

/** A size argument (units, a vocabulary): a positive integer the engine can index (below 2^32). */
export function checkSize(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value >= 2 ** 32) {
    throw new ValueError(`Argument \`${argument}\` must be a positive integer below 2^32. Received: ${argument}=${String(value)}`);
  }
  return value;
}

/** Checks a sample shape: an array of positive integers (may be empty for scalars only where noted). */
export function checkShape(argument: string, shape: unknown): void {
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ValueError(`${argument} must be a non-empty array of positive integers. Received: ${argument}=${JSON.stringify(shape)}`);
  }
}

/** The axis `axis` (Keras's, counting the batch axis; negative from the end) of a sample of rank `rank`. */
export function sampleAxis(layer: string, axis: number, rank: number): number {
  const full = rank + 1;
  const resolved = axis < 0 ? axis + full : axis;
  if (!Number.isInteger(axis) || resolved < 1 || resolved >= full) {
    throw new ValueError(
      `Layer '${layer}': axis must be an integer naming a non-batch axis of inputs of rank ${full} (-${rank} to -1, or 1 to ${rank}). Received: axis=${axis}`,
    );
  }
  return resolved - 1;
}

function describe(value: unknown): string {
  if (value instanceof SymbolicTensor) return value.toString();
  if (value instanceof Tensor) return `a concrete Tensor of shape [${value.shape.join(', ')}] (use input({ shape }) to build a model)`;
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : `${typeof value} ${String(value)}`;
}
