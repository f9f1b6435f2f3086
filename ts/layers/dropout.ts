/**
 * Dropout: in training, zeroes each value with probability `rate` and scales the rest by
 * 1/(1 − rate) (inverted dropout, so inference is the identity), as `keras.layers.Dropout`.
 */
import { ValueError } from '../errors';
import { Layer, type LayerArgs, type LayerConfig, type WeightSpec } from './layer';
import { registerLayer } from './registry';
import { optionNames } from '../utils/options';

/** Options of {@link dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** Fraction of the values to drop, in [0, 1] (1 drops everything, as Keras allows). */
  rate: number;
  /** Seed of the masks (default: from the model's seed and the layer's position). */
  seed?: number | null;
  /** Keras's masks shared across axes: only `null` (one mask value per input value) so far. */
  noiseShape?: null;
}

const DROPOUT_ARGS = optionNames<Omit<DropoutArgs, keyof LayerArgs>>({ rate: true, seed: true, noiseShape: true });

/**
 * The layer behind {@link dropout}.
 *
 * @example
 * ```ts
 * const layer = new layers.Dropout({ rate: 0.5, seed: 1 });
 * ```
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  readonly kind = 'dropout';
  readonly rate: number;
  readonly seed?: number;

  constructor(args: DropoutArgs) {
    super('dropout', args, DROPOUT_ARGS);
    if (typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate <= 1)) {
      throw new ValueError(`Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${String(args.rate)}`);
    }
    if (args.noiseShape !== undefined && args.noiseShape !== null) {
      throw new ValueError(`A dropout \`noiseShape\` (masks shared across axes) is not supported yet. Received: noiseShape=${JSON.stringify(args.noiseShape)}`, 'UNSUPPORTED');
    }
    if (args.seed !== undefined && args.seed !== null && (typeof args.seed !== 'number' || !Number.isInteger(args.seed) || args.seed < 0 || args.seed >= 2 ** 64)) {
      throw new ValueError(`Dropout seed must be an integer in [0, 2^64). Received: seed=${String(args.seed)}`);
    }
    this.rate = args.rate;
    this.seed = args.seed ?? undefined;
  }

  getConfig(): LayerConfig {
    return { name: this.name, rate: this.rate, seed: this.seed ?? null, noiseShape: null, ...this.commonConfig() };
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    return [...shape];
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [];
  }
}
registerLayer('Dropout', Dropout);

/**
 * Randomly drops a fraction `rate` of its inputs during training, as `keras.layers.Dropout`.
 *
 * @example
 * ```ts
 * const model = new Sequential();
 * model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [10000] }));
 * model.add(layers.dropout({ rate: 0.5 }));
 * ```
 */
export function dropout(args: DropoutArgs): Dropout {
  return new Dropout(args);
}
