/** Add: the element-wise sum of its inputs, as `keras.layers.Add`. */
import { ValueError } from '../errors';
import { Layer, type LayerArgs, type LayerConfig, type WeightSpec } from './layer';
import { registerLayer } from './registry';
import { formatShape } from './symbolic_tensor';

/**
 * The layer behind {@link add}: sums a list of same-shaped tensors.
 *
 * @example
 * ```ts
 * const sum = new layers.Add().apply([a, b]);
 * ```
 */
export class Add extends Layer {
  readonly className = 'Add';
  readonly kind = 'add';
  override readonly takesList = true;

  constructor(args: LayerArgs = {}) {
    super('add', args, []);
  }

  getConfig(): LayerConfig {
    return { name: this.name, ...this.commonConfig() };
  }

  protected outputShapeFor(shapes: number[][]): number[] {
    if (shapes.some((s) => s.join() !== shapes[0].join())) {
      throw new ValueError(`Inputs of an \`Add\` layer must have the same shape. Received: input_shape=[${shapes.map(formatShape).join(', ')}]`, 'SHAPE_MISMATCH');
    }
    return [...shapes[0]];
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [];
  }
}
registerLayer('Add', Add);

/**
 * Adds a list of tensors of one shape, as `keras.layers.Add` (e.g. a residual connection).
 *
 * @example
 * ```ts
 * const x = input({ shape: [64] });
 * const residual = layers.add().apply([x, layers.dense({ units: 64 }).apply(x)]);
 * ```
 */
export function add(args: LayerArgs = {}): Add {
  return new Add(args);
}
