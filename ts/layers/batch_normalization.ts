/**
 * BatchNormalization, as `keras.layers.BatchNormalization`: in training, normalises with the
 * batch's statistics and updates moving averages (`moving = moving·momentum + batch·(1 − momentum)`);
 * in inference, normalises with the moving statistics.
 */
import { ValueError } from '../errors';
import { checkInitializer, type InitializerName } from './initializers';
import { Layer, type LayerArgs, type LayerConfig, sampleAxis, type WeightSpec } from './layer';
import { registerLayer } from './registry';

/** Options of {@link batchNormalization}, with Keras's defaults. */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The feature axis (Keras counts the batch axis: -1 is the last). Default -1. */
  axis?: number;
  /** Default 0.99. */
  momentum?: number;
  /** Added to the variance. Default 0.001. */
  epsilon?: number;
  /** Learn an offset `beta`. Default true. */
  center?: boolean;
  /** Learn a scale `gamma`. Default true. */
  scale?: boolean;
  /** Default `'zeros'`. */
  betaInitializer?: InitializerName;
  /** Default `'ones'`. */
  gammaInitializer?: InitializerName;
  /** Default `'zeros'`. */
  movingMeanInitializer?: InitializerName;
  /** Default `'ones'`. */
  movingVarianceInitializer?: InitializerName;
}

/**
 * The layer behind {@link batchNormalization}.
 *
 * @example
 * ```ts
 * const layer = new layers.BatchNormalization({ momentum: 0.9 });
 * ```
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  readonly kind = 'batch_normalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerName;
  readonly gammaInitializer: InitializerName;
  readonly movingMeanInitializer: InitializerName;
  readonly movingVarianceInitializer: InitializerName;

  constructor(args: BatchNormalizationArgs = {}) {
    super('batch_normalization', args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis) || this.axis === 0) {
      throw new ValueError(`BatchNormalization axis must be an integer other than 0 (the batch axis). Received: axis=${String(args.axis)}`);
    }
    this.momentum = checkUnit('momentum', args.momentum ?? 0.99);
    this.epsilon = checkPositive('epsilon', args.epsilon ?? 0.001);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = checkInitializer('betaInitializer', args.betaInitializer ?? 'zeros');
    this.gammaInitializer = checkInitializer('gammaInitializer', args.gammaInitializer ?? 'ones');
    this.movingMeanInitializer = checkInitializer('movingMeanInitializer', args.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = checkInitializer('movingVarianceInitializer', args.movingVarianceInitializer ?? 'ones');
  }

  getConfig(): LayerConfig {
    return {
      name: this.name,
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: this.betaInitializer,
      gammaInitializer: this.gammaInitializer,
      movingMeanInitializer: this.movingMeanInitializer,
      movingVarianceInitializer: this.movingVarianceInitializer,
      ...this.inputShapeConfig(),
    };
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    sampleAxis(this.name, this.axis, shape.length);
    return [...shape];
  }

  protected weightSpecsFor([shape]: number[][]): WeightSpec[] {
    const features = [shape[sampleAxis(this.name, this.axis, shape.length)]];
    return [
      ...(this.scale ? [{ name: 'gamma', shape: features, trainable: true }] : []),
      ...(this.center ? [{ name: 'beta', shape: features, trainable: true }] : []),
      { name: 'moving_mean', shape: features, trainable: false },
      { name: 'moving_variance', shape: features, trainable: false },
    ];
  }

  protected engineConfig(): Record<string, unknown> {
    return {
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: this.betaInitializer,
      gamma_initializer: this.gammaInitializer,
      moving_mean_initializer: this.movingMeanInitializer,
      moving_variance_initializer: this.movingVarianceInitializer,
    };
  }
}
registerLayer('BatchNormalization', BatchNormalization);

/** A number in [0, 1]. */
export function checkUnit(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ValueError(`Argument \`${argument}\` must be a number in [0, 1]. Received: ${argument}=${String(value)}`);
  }
  return value;
}

/** A positive, finite number. */
export function checkPositive(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ValueError(`Argument \`${argument}\` must be a positive number. Received: ${argument}=${String(value)}`);
  }
  return value;
}

/**
 * Normalises its input per feature, as `keras.layers.BatchNormalization`.
 *
 * @example
 * ```ts
 * model.add(layers.dense({ units: 64, inputShape: [20] }));
 * model.add(layers.batchNormalization());
 * model.add(layers.activation({ activation: 'relu' }));
 * ```
 */
export function batchNormalization(args: BatchNormalizationArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}
