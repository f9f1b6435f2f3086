/** Concatenate: joins its inputs along one axis, as `keras.layers.Concatenate`. */
import { ValueError } from '../errors';
import { Layer, type LayerArgs, type LayerConfig, sampleAxis, type WeightSpec } from './layer';
import { registerLayer } from './registry';
import { formatShape } from './symbolic_tensor';

/** Options of {@link concatenate}. */
export interface ConcatenateArgs extends LayerArgs {
  /** Keras counts the batch axis: -1 (default) is the last. */
  axis?: number;
}

/**
 * The layer behind {@link concatenate}.
 *
 * @example
 * ```ts
 * const joined = new layers.Concatenate({ axis: -1 }).apply([a, b]);
 * ```
 */
export class Concatenate extends Layer {
  readonly className = 'Concatenate';
  readonly kind = 'concatenate';
  override readonly takesList = true;
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super('concatenate', args, ['axis']);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis) || this.axis === 0) {
      throw new ValueError(`Concatenate axis must be an integer other than 0 (the batch axis). Received: axis=${String(args.axis)}`);
    }
  }

  getConfig(): LayerConfig {
    return { name: this.name, axis: this.axis, ...this.commonConfig() };
  }

  protected outputShapeFor(shapes: number[][]): number[] {
    const rank = shapes[0].length;
    const axis = sampleAxis(this.name, this.axis, rank);
    const mismatch = shapes.some((s) => s.length !== rank || s.some((d, i) => i !== axis && d !== shapes[0][i]));
    if (mismatch) {
      throw new ValueError(
        `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[${shapes.map(formatShape).join(', ')}]`,
        'SHAPE_MISMATCH',
      );
    }
    const out = [...shapes[0]];
    out[axis] = shapes.reduce((sum, s) => sum + s[axis], 0);
    return out;
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [];
  }
}
registerLayer('Concatenate', Concatenate);

/**
 * Concatenates a list of tensors along `axis`, as `keras.layers.Concatenate`.
 *
 * @example
 * ```ts
 * const merged = layers.concatenate().apply([titleFeatures, bodyFeatures]);
 * ```
 */
export function concatenate(args: ConcatenateArgs = {}): Concatenate {
  return new Concatenate(args);
}
