/**
 * BatchNormalization, as `keras.layers.BatchNormalization`: in training, normalises with the
 * batch's statistics and updates moving averages (`moving = moving·momentum + batch·(1 − momentum)`);
 * in inference, normalises with the moving statistics.
 */
import { ValueError } from '../errors';
import { checkInitializer, type InitializerName } from './initializers';
import { type LayerConfig, type WeightSpec } from './layer';
import { Normalization, type NormalizationArgs } from './normalization';
import { registerLayer } from './registry';
import { optionNames } from '../utils/options';

/** Options of {@link batchNormalization}, with Keras's defaults. */
export interface BatchNormalizationArgs extends NormalizationArgs {
  /** Default 0.99. */
  momentum?: number;
  /** Default `'zeros'`. */
  movingMeanInitializer?: InitializerName;
  /** Default `'ones'`. */
  movingVarianceInitializer?: InitializerName;
}

const BATCH_NORMALIZATION_ARGS = optionNames<Omit<BatchNormalizationArgs, keyof NormalizationArgs>>({
  momentum: true,
  movingMeanInitializer: true,
  movingVarianceInitializer: true,
});

/**
 * The layer behind {@link batchNormalization}.
 *
 * @example
 * ```ts
 * const layer = new layers.BatchNormalization({ momentum: 0.9 });
 * ```
 */
export class BatchNormalization extends Normalization {
  readonly className = 'BatchNormalization';
  readonly kind = 'batch_normalization';
  readonly momentum: number;
  readonly movingMeanInitializer: InitializerName;
  readonly movingVarianceInitializer: InitializerName;

  constructor(args: BatchNormalizationArgs = {}) {
    super('batch_normalization', 'BatchNormalization', args, BATCH_NORMALIZATION_ARGS, false);
    // Keras takes any momentum (a value outside [0, 1] extrapolates); only a non-number is refused.
    const momentum = args.momentum === undefined ? 0.99 : args.momentum;
    if (typeof momentum !== 'number' || !Number.isFinite(momentum)) {
      throw new ValueError(`Argument \`momentum\` must be a finite number. Received: momentum=${String(momentum)}`);
    }
    this.momentum = momentum;
    this.movingMeanInitializer = checkInitializer('movingMeanInitializer', args.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = checkInitializer('movingVarianceInitializer', args.movingVarianceInitializer ?? 'ones');
  }

  getConfig(): LayerConfig {
    return {
      ...this.normalizationConfig(),
      momentum: this.momentum,
      movingMeanInitializer: this.movingMeanInitializer,
      movingVarianceInitializer: this.movingVarianceInitializer,
      ...this.commonConfig(),
    };
  }

  protected weightSpecsFor(shapes: number[][]): WeightSpec[] {
    const features = [shapes[0][this.featureAxis(shapes[0])]];
    return [
      ...this.scaleAndOffset(shapes),
      { name: 'moving_mean', shape: features, trainable: false },
      { name: 'moving_variance', shape: features, trainable: false },
    ];
  }
}
registerLayer('BatchNormalization', BatchNormalization);

/**
 * Normalises its input per feature, as `keras.layers.BatchNormalization`.
 *
 * @example
 * ```ts
 * const model = new Sequential();
 * model.add(layers.dense({ units: 64, inputShape: [20] }));
 * model.add(layers.batchNormalization());
 * model.add(layers.activation({ activation: 'relu' }));
 * ```
 */
export function batchNormalization(args: BatchNormalizationArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}
