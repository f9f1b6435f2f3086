/**
 * What batch and layer normalization share: the normalised axis, epsilon, and the optional
 * learned scale `gamma` and offset `beta` (Keras gives both layers the same arguments for them).
 */
import { ValueError } from '../errors';
import { checkInitializer, type InitializerName } from './initializers';
import { Layer, type LayerArgs, type LayerConfig, sampleAxis, type WeightSpec } from './layer';

/** The arguments both normalization layers take, with Keras's defaults. */
export interface NormalizationArgs extends LayerArgs {
  /** The feature axis (Keras counts the batch axis: -1 is the last). Default -1. */
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
 * The base of {@link BatchNormalization} and {@link LayerNormalization}.
 *
 * @example
 * ```ts
 * const norm: layers.Normalization = layers.layerNormalization();
 * norm.epsilon; // 0.001
 * ```
 */
export abstract class Normalization extends Layer {
  readonly axis: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerName;
  readonly gammaInitializer: InitializerName;

  protected constructor(snakeName: string, className: string, args: NormalizationArgs) {
    super(snakeName, args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis) || this.axis === 0) {
      throw new ValueError(`${className} axis must be an integer other than 0 (the batch axis). Received: axis=${String(args.axis)}`);
    }
    this.epsilon = checkPositive('epsilon', args.epsilon ?? 0.001);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = checkInitializer('betaInitializer', args.betaInitializer ?? 'zeros');
    this.gammaInitializer = checkInitializer('gammaInitializer', args.gammaInitializer ?? 'ones');
  }

  /** The shared part of `getConfig()`. */
  protected normalizationConfig(): LayerConfig {
    return {
      name: this.name,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: this.betaInitializer,
      gammaInitializer: this.gammaInitializer,
    };
  }

  /** The shared part of the engine config. */

  protected outputShapeFor([shape]: number[][]): number[] {
    sampleAxis(this.name, this.axis, shape.length);
    return [...shape];
  }

  /** `gamma` then `beta` (each when enabled), one value per feature of the axis. */
  protected scaleAndOffset([shape]: number[][]): WeightSpec[] {
    const features = [shape[sampleAxis(this.name, this.axis, shape.length)]];
    return [
      ...(this.scale ? [{ name: 'gamma', shape: features, trainable: true }] : []),
      ...(this.center ? [{ name: 'beta', shape: features, trainable: true }] : []),
    ];
  }
}

/** A positive, finite number. */
export function checkPositive(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ValueError(`Argument \`${argument}\` must be a positive number. Received: ${argument}=${String(value)}`);
  }
  return value;
}
