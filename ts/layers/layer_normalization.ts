/** LayerNormalization: normalises each sample over its last axis, as `keras.layers.LayerNormalization`. */
import { ValueError } from '../errors';
import { checkPositive } from './batch_normalization';
import { checkInitializer, type InitializerName } from './initializers';
import { Layer, type LayerArgs, type LayerConfig, sampleAxis, type WeightSpec } from './layer';
import { registerLayer } from './registry';

/** Options of {@link layerNormalization}, with Keras's defaults. */
export interface LayerNormalizationArgs extends LayerArgs {
  /** The normalised axis (Keras counts the batch axis: -1 is the last). Default -1. */
  axis?: number;
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
}

/**
 * The layer behind {@link layerNormalization}.
 *
 * @example
 * ```ts
 * const norm = new layers.LayerNormalization({ epsilon: 1e-6 });
 * ```
 */
export class LayerNormalization extends Layer {
  readonly className = 'LayerNormalization';
  readonly kind = 'layer_normalization';
  readonly axis: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerName;
  readonly gammaInitializer: InitializerName;

  constructor(args: LayerNormalizationArgs = {}) {
    super('layer_normalization', args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis) || this.axis === 0) {
      throw new ValueError(`LayerNormalization axis must be an integer other than 0 (the batch axis). Received: axis=${String(args.axis)}`);
    }
    this.epsilon = checkPositive('epsilon', args.epsilon ?? 0.001);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = checkInitializer('betaInitializer', args.betaInitializer ?? 'zeros');
    this.gammaInitializer = checkInitializer('gammaInitializer', args.gammaInitializer ?? 'ones');
  }

  getConfig(): LayerConfig {
    return {
      name: this.name,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: this.betaInitializer,
      gammaInitializer: this.gammaInitializer,
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
    ];
  }

  protected engineConfig(): Record<string, unknown> {
    return {
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: this.betaInitializer,
      gamma_initializer: this.gammaInitializer,
    };
  }
}
registerLayer('LayerNormalization', LayerNormalization);

/**
 * Normalises each sample to zero mean and unit variance over the last axis, then scales and
 * shifts, as `keras.layers.LayerNormalization`.
 *
 * @example
 * ```ts
 * const x = layers.layerNormalization().apply(layers.dense({ units: 64 }).apply(inputs));
 * ```
 */
export function layerNormalization(args: LayerNormalizationArgs = {}): LayerNormalization {
  return new LayerNormalization(args);
}
