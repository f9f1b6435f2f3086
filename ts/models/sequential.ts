/** Sequential: a plain stack of layers, each feeding the next, as `keras.Sequential`. */
import { ValueError } from '../errors';
import { Layer } from '../layers/layer';
import { type GraphSpec, Model } from './model';

/** Options of the {@link Sequential} constructor. */
export interface SequentialArgs {
  /** Layers to start with (more can be added with `add`). */
  layers?: Layer[];
  /** Seed of the weight initialisation (default: from `setRandomSeed`, else random). */
  seed?: number;
  name?: string;
}

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
  readonly name: string;
  private readonly stack: Layer[] = [];

  constructor(args: SequentialArgs | Layer[] = {}) {
    const options = Array.isArray(args) ? { layers: args } : args;
    super(options.seed);
    this.name = options.name ?? 'sequential';
    for (const layer of options.layers ?? []) this.add(layer);
  }

  get layers(): readonly Layer[] {
    return this.stack;
  }

  /** Appends a layer. The first layer must give `inputShape`. */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Only layers can be added to a Sequential model. Received: ${String(layer)}`);
    }
    if (this.stack.length === 0 && !layer.inputShape) {
      throw new ValueError(
        `The first layer of a Sequential model needs an input shape, e.g. layers.dense({ units: 16, inputShape: [10000] }). Received: layer '${layer.name}' without inputShape`,
      );
    }
    if (this.stack.length > 0 && layer.inputShape) {
      const expected = this.outputShape();
      if (layer.inputShape.join() !== expected.join()) {
        throw new ValueError(
          `Layer '${layer.name}' declares inputShape [${layer.inputShape.join(', ')}] but the previous layer outputs [${expected.join(', ')}]. Received: inputShape=[${layer.inputShape.join(', ')}]`,
        );
      }
    }
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new ValueError(`All layers in a model must have unique names. Received: a second layer named '${layer.name}'`);
    }
    this.stack.push(layer);
    this.invalidate();
  }

  /** Per-sample output shape of the last layer. */
  outputShape(): number[] {
    let shape = [...(this.stack[0]?.inputShape ?? [])];
    for (const layer of this.stack) shape = layer.computeOutputShape(shape);
    return shape;
  }

  protected graphSpec(): GraphSpec {
    if (this.stack.length === 0) {
      throw new ValueError('This Sequential model has no layers yet: add layers before compiling or fitting it.');
    }
    const inputShape = [...(this.stack[0].inputShape as readonly number[])];
    let previous = `${this.name}_input`;
    const specs = this.stack.map((layer) => {
      const spec = layer.toSpec([previous]);
      previous = layer.name;
      return spec;
    });
    return { inputs: [{ name: `${this.name}_input`, shape: inputShape }], layers: specs, outputs: [previous] };
  }
}
