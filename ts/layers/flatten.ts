/** Flatten: each sample becomes one vector, as `keras.layers.Flatten`. */
import { Layer, type LayerArgs, type LayerConfig, type WeightSpec } from './layer';
import { registerLayer } from './registry';

/**
 * The layer behind {@link flatten}.
 *
 * @example
 * ```ts
 * const layer = new layers.Flatten();
 * ```
 */
export class Flatten extends Layer {
  readonly className = 'Flatten';
  readonly kind = 'flatten';

  constructor(args: LayerArgs = {}) {
    super('flatten', args, []);
  }

  getConfig(): LayerConfig {
    return { name: this.name, ...this.commonConfig() };
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    return [shape.reduce((a, b) => a * b, 1)];
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [];
  }
}
registerLayer('Flatten', Flatten);

/**
 * Flattens each sample (`[28, 28]` → `[784]`), as `keras.layers.Flatten`.
 *
 * @example
 * ```ts
 * const model = new Sequential([layers.flatten({ inputShape: [28, 28] }), layers.dense({ units: 10, activation: 'softmax' })]);
 * ```
 */
export function flatten(args: LayerArgs = {}): Flatten {
  return new Flatten(args);
}
