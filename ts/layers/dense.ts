/** Dense: `activation(x·kernel + bias)`, the engine's fused matmul + bias + activation. */
import { get as getRegularizer, type Regularizer, type RegularizerIdentifier, serialize as serializeRegularizer } from '../regularizers';
import { type ActivationName, checkActivation } from './activations';
import { checkInitializer, type InitializerName } from './initializers';
import { checkBoolean, checkSize, Layer, type LayerArgs, type LayerConfig, type WeightSpec } from './layer';
import { registerLayer } from './registry';
import { optionNames } from '../utils/options';

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
  /** A penalty on the kernel, e.g. `regularizers.l2(0.001)`. */
  kernelRegularizer?: RegularizerIdentifier;
  /** A penalty on the bias. */
  biasRegularizer?: RegularizerIdentifier;
}

const DENSE_ARGS = optionNames<Omit<DenseArgs, keyof LayerArgs>>({
  units: true,
  activation: true,
  useBias: true,
  kernelInitializer: true,
  biasInitializer: true,
  kernelRegularizer: true,
  biasRegularizer: true,
});

/**
 * The layer behind {@link dense}.
 *
 * @example
 * ```ts
 * const layer = new layers.Dense({ units: 16, activation: 'relu' });
 * ```
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  readonly kind = 'dense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;
  readonly kernelRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;

  constructor(args: DenseArgs) {
    super('dense', args, DENSE_ARGS);
    this.units = checkSize('units', args.units);
    this.activation = checkActivation('activation', args.activation);
    this.useBias = checkBoolean('useBias', args.useBias, true);
    this.kernelInitializer = checkInitializer('kernelInitializer', args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = checkInitializer('biasInitializer', args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer, 'kernelRegularizer');
    this.biasRegularizer = getRegularizer(args.biasRegularizer, 'biasRegularizer');
  }

  getConfig(): LayerConfig {
    return {
      name: this.name,
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      ...this.commonConfig(),
    };
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    return [...shape.slice(0, -1), this.units];
  }

  protected weightSpecsFor([shape]: number[][]): WeightSpec[] {
    const kernel = { name: 'kernel', shape: [shape[shape.length - 1], this.units], trainable: true };
    return this.useBias ? [kernel, { name: 'bias', shape: [this.units], trainable: true }] : [kernel];
  }
}
registerLayer('Dense', Dense);

/**
 * A densely connected layer, as `keras.layers.Dense`.
 *
 * @example
 * ```ts
 * const model = new Sequential();
 * model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [10000], kernelRegularizer: regularizers.l2(0.001) }));
 * model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
 * ```
 */
export function dense(args: DenseArgs): Dense {
  return new Dense(args);
}
