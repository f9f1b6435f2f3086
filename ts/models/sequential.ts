/** Sequential: a plain stack of layers, each feeding the next, as `keras.Sequential`. */
import { ValueError } from '../errors';
import { InputLayer, inputLayerOf } from '../layers/input_layer';
import { Layer, uniqueName } from '../layers/layer';
import { SymbolicTensor } from '../layers/symbolic_tensor';
import type { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { type ModelGraph, sequentialGraph } from './graph';
import { Model, type PredictArgs } from './model';
import type { ModelData } from './model_data';
import type { Prediction } from './prediction';

/** Options of the {@link Sequential} constructor. */
export interface SequentialArgs {
  /** Layers to start with (more can be added with `add`); may start with `input({ shape })`. */
  layers?: (Layer | SymbolicTensor)[];
  /** Seed of the weight initialisation (default: from `setRandomSeed`, else random). */
  seed?: number;
  /** Default `sequential`, `sequential_1`, … */
  name?: string;
}

const SEQUENTIAL_OPTIONS = optionNames<SequentialArgs>({ layers: true, seed: true, name: true });

/**
 * A linear stack of layers.
 *
 * @example
 * ```ts
 * const model = new Sequential();
 * model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [10000] }));
 * model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
 * model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
 * ```
 */
export class Sequential extends Model {
  private readonly stack: Layer[] = [];
  private input?: InputLayer;
  /** The stack's layer names and its output sample shape, kept as layers come and go so `add` costs O(1), not a rebuild of the graph. */
  private readonly names = new Set<string>();
  private lastShape?: number[];

  constructor(args: SequentialArgs | (Layer | SymbolicTensor)[] = {}) {
    const options = Array.isArray(args) ? { layers: args } : checkOptions(args, SEQUENTIAL_OPTIONS, 'new Sequential(options)');
    if (options.layers !== undefined && !Array.isArray(options.layers)) {
      throw new ValueError(`\`layers\` of new Sequential(options) must be a list of layers. Received: layers=${String(options.layers)}`);
    }
    super(options.seed, options.name ?? uniqueName('sequential'));
    for (const layer of options.layers ?? []) this.add(layer);
  }

  /** The layers, without the InputLayer (as Keras's `Sequential.layers`). */
  get layers(): readonly Layer[] {
    return this.stack;
  }

  /** The InputLayer: from `input()` added first, or made from the first layer's `inputShape`. */
  get inputLayer(): InputLayer | undefined {
    return this.input;
  }

  /**
   * Appends a layer; the first may be `input({ shape })`, or a layer with `inputShape`.
   *
   * @example
   * ```ts
   * const model = new Sequential();
   * model.add(input({ shape: [784] }));
   * model.add(layers.dense({ units: 10, activation: 'softmax' }));
   * ```
   */
  add(layer: Layer | SymbolicTensor): void {
    this.state.checkIdle('add');
    const fromInput = layer instanceof SymbolicTensor ? inputLayerOf(layer) : undefined;
    if (fromInput || layer instanceof InputLayer) {
      if (this.input || this.stack.length > 0) {
        throw new ValueError(`An input can only be the first element of a Sequential model. Received: input '${(fromInput ?? (layer as InputLayer)).name}' after other layers`);
      }
      this.input = fromInput ?? (layer as InputLayer);
      this.invalidate();
      return;
    }
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Only layers (or a first input()) can be added to a Sequential model. Received: ${String(layer)}`);
    }
    if (layer.takesList) {
      throw new ValueError(`Layer '${layer.name}' (${layer.className}) takes several inputs: build such models with the functional API (model({ inputs, outputs })). Received: ${layer.className}`);
    }
    if (this.names.has(layer.name) || this.input?.name === layer.name) {
      throw new ValueError(`All layers added to a Sequential model should have unique names. Received: a second layer named '${layer.name}'`);
    }
    let input = this.input;
    if (!input) {
      if (!layer.inputShape) {
        throw new ValueError(
          `The first layer of a Sequential model needs an input shape, e.g. layers.dense({ units: 16, inputShape: [10000] }), or add input({ shape }) first. Received: layer '${layer.name}' without inputShape`,
        );
      }
      input = new InputLayer({ shape: [...layer.inputShape] });
    } else if (layer.inputShape) {
      const expected = this.stack.length ? this.outputShape() : [...input.shape];
      if (layer.inputShape.join() !== expected.join()) {
        throw new ValueError(
          `Layer '${layer.name}' declares inputShape [${layer.inputShape.join(', ')}] but the previous layer outputs [${expected.join(', ')}]. Received: inputShape=[${layer.inputShape.join(', ')}]`,
        );
      }
    }
    // Builds the layer for its input shape now, so an incompatible layer is refused at once.
    const inputShape = this.stack.length ? this.outputShape() : [...input.shape];
    layer.build([inputShape]);
    const outputShape = layer.computeOutputShape(inputShape);
    this.input = input;
    this.stack.push(layer);
    this.names.add(layer.name);
    this.lastShape = outputShape;
    this.invalidate();
    // The model owns its layers' weights from now on (layer.getWeights() reads them).
    this.adoptLayers([input, layer]);
  }

  /**
   * Removes the last layer.
   *
   * @example
   * ```ts
   * model.pop();
   * ```
   */
  pop(): Layer {
    this.state.checkIdle('pop');
    const layer = this.stack.pop();
    if (!layer) throw new ValueError('There are no layers in this Sequential model to pop. Received: an empty model');
    this.names.delete(layer.name);
    this.lastShape = undefined;
    this.invalidate();
    return layer;
  }

  /** Per-sample output shape of the last layer. */
  outputShape(): number[] {
    this.lastShape ??= this.graph.outputs[0].shape;
    return [...this.lastShape];
  }

  /**
   * Outputs for `x` (a Sequential model has one output).
   *
   * @example
   * ```ts
   * (await model.predict(xTest)).shape; // [n, 1]
   * ```
   */
  override predict(x: ModelData, args: PredictArgs = {}): Prediction<Tensor<'float32'>> {
    return super.predict(x, args) as Prediction<Tensor<'float32'>>;
  }

  protected buildGraph(): ModelGraph {
    if (!this.input || this.stack.length === 0) {
      throw new ValueError('This Sequential model has no layers yet: add layers before compiling or fitting it.');
    }
    return sequentialGraph(this.input, this.stack);
  }

  protected summaryRows(): readonly Layer[] {
    return this.stack;
  }

  override get isSequential(): boolean {
    return true;
  }
}
