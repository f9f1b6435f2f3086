/** Dense: `activation(x·kernel + bias)`, the engine's fused matmul + bias + activation. */
import { ValueError } from '../errors';
import { type ActivationName, checkActivation } from './activations';
import { checkInitializer, type InitializerName } from './initializers';
import { Layer, type LayerArgs, type LayerSpec } from './layer';

/** Options of {@link dense}, as Keras's `Dense`. */
export interface DenseArgs extends LayerArgs {
  /** Output size (positive integer). */
  units: number;
  /** Default `'linear'` (no activation). */
  activation?: ActivationName | null;
  /** Default true. */
  useBias?: boolean;
  /** Default `'glorot_uniform'`. */
  kernelInitializer?: InitializerName;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerName;
}

export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;

  constructor(args: DenseArgs) {
    super('dense', args);
    if (!Number.isInteger(args.units) || args.units < 1) {
      throw new ValueError(`Received an invalid value for \`units\`, expected a positive integer. Received: units=${args.units}`);
    }
    this.units = args.units;
    this.activation = checkActivation('activation', args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = checkInitializer('kernelInitializer', args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = checkInitializer('biasInitializer', args.biasInitializer ?? 'zeros');
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  weightShapes(inputShape: readonly number[]): number[][] {
    const kernel = [inputShape[inputShape.length - 1], this.units];
    return this.useBias ? [kernel, [this.units]] : [kernel];
  }

  toSpec(inputs: string[]): LayerSpec {
    return {
      name: this.name,
      kind: 'dense',
      inputs,
      config: {
        units: this.units,
        activation: this.activation,
        use_bias: this.useBias,
        kernel_initializer: this.kernelInitializer,
        bias_initializer: this.biasInitializer,
      },
    };
  }
}

/**
 * A densely connected layer, as `keras.layers.Dense`.
 *
 * @example
 * ```ts
 * const model = new Sequential();
 * model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [10000] }));
 * model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
 * ```
 */
export function dense(args: DenseArgs): Dense {
  return new Dense(args);
}
