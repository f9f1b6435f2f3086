/** Activation: applies an activation function on its own, as `keras.layers.Activation`. */
import { type ActivationName, checkActivation } from './activations';
import { Layer, type LayerArgs, type LayerConfig, type WeightSpec } from './layer';
import { registerLayer } from './registry';

/** Options of {@link activation}. */
export interface ActivationArgs extends LayerArgs {
  activation: ActivationName;
}

/**
 * The layer behind {@link activation}.
 *
 * @example
 * ```ts
 * const softmax = new layers.Activation({ activation: 'softmax' });
 * ```
 */
export class Activation extends Layer {
  readonly className = 'Activation';
  readonly kind = 'activation';
  readonly activation: ActivationName;

  constructor(args: ActivationArgs) {
    super('activation', args, ['activation']);
    this.activation = checkActivation('activation', args.activation);
  }

  getConfig(): LayerConfig {
    return { name: this.name, activation: this.activation, ...this.commonConfig() };
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    return [...shape];
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [];
  }
}
registerLayer('Activation', Activation);

/**
 * Applies an activation to its input.
 *
 * @example
 * ```ts
 * model.add(layers.dense({ units: 46 }));
 * model.add(layers.activation({ activation: 'softmax' }));
 * ```
 */
export function activation(args: ActivationArgs): Activation {
  return new Activation(args);
}
