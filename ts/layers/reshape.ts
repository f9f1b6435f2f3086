/** Reshape: gives each sample a new shape with the same number of values, as `keras.layers.Reshape`. */
import { ValueError } from '../errors';
import { Layer, type LayerArgs, type LayerConfig, type WeightSpec } from './layer';
import { registerLayer } from './registry';

/** Options of {@link reshape}. */
export interface ReshapeArgs extends LayerArgs {
  /** The new sample shape; one entry may be -1 (inferred). */
  targetShape: number[];
}

/**
 * The layer behind {@link reshape}.
 *
 * @example
 * ```ts
 * const layer = new layers.Reshape({ targetShape: [3, 4] });
 * ```
 */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly kind = 'reshape';
  readonly targetShape: readonly number[];

  constructor(args: ReshapeArgs) {
    super('reshape', args, ['targetShape']);
    const target = args.targetShape;
    if (
      !Array.isArray(target) ||
      target.length === 0 ||
      target.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1)) ||
      target.filter((d) => d === -1).length > 1
    ) {
      throw new ValueError(
        `Reshape's targetShape must be a non-empty array of positive integers with at most one -1. Received: targetShape=${JSON.stringify(target)}`,
      );
    }
    this.targetShape = Object.freeze([...target]);
  }

  getConfig(): LayerConfig {
    return { name: this.name, targetShape: [...this.targetShape], ...this.commonConfig() };
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    const size = shape.reduce((a, b) => a * b, 1);
    const known = this.targetShape.reduce((a, b) => (b === -1 ? a : a * b), 1);
    const unknown = this.targetShape.indexOf(-1);
    if (unknown >= 0 ? size % known !== 0 : size !== known) {
      throw new ValueError(
        `The total size of the new array must be unchanged, input_shape = [${shape.join(', ')}], output_shape = [${this.targetShape.join(', ')}]. Received: targetShape=${JSON.stringify(this.targetShape)}`,
        'SHAPE_MISMATCH',
      );
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [];
  }
}
registerLayer('Reshape', Reshape);

/**
 * Reshapes each sample, as `keras.layers.Reshape`.
 *
 * @example
 * ```ts
 * const model = new Sequential([input({ shape: [12] })]);
 * model.add(layers.reshape({ targetShape: [4, -1] })); // [12] → [4, 3]
 * ```
 */
export function reshape(args: ReshapeArgs): Reshape {
  return new Reshape(args);
}
