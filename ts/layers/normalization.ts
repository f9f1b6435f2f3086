/**
 * What batch and layer normalization share: the normalised axis, epsilon, and the optional
 * learned scale `gamma` and offset `beta` (Keras gives both layers the same arguments for them).
 */
import { ValueError } from '../errors';
import { get as getRegularizer, type Regularizer, type RegularizerIdentifier, serialize as serializeRegularizer } from '../regularizers';
import { optionNames } from '../utils/options';
import { checkInitializer, type InitializerName } from './initializers';
import { checkBoolean, Layer, type LayerArgs, type LayerConfig, sampleAxis, type WeightSpec } from './layer';

/** The arguments both normalization layers take, with Keras's defaults. */
export interface NormalizationArgs extends LayerArgs {
  /**
   * The feature axis (Keras counts the batch axis: -1 is the last). Default -1. Only the last
   * axis is supported so far; LayerNormalization also takes it as a list (`[-1]`), as Keras does.
   */
  axis?: number | number[];
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
  /** A penalty on `beta`. */
  betaRegularizer?: RegularizerIdentifier;
  /** A penalty on `gamma`. */
  gammaRegularizer?: RegularizerIdentifier;
}

const NORMALIZATION_ARGS = optionNames<Omit<NormalizationArgs, keyof LayerArgs>>({
  axis: true,
  epsilon: true,
  center: true,
  scale: true,
  betaInitializer: true,
  gammaInitializer: true,
  betaRegularizer: true,
  gammaRegularizer: true,
});

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
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerName;
  readonly gammaInitializer: InitializerName;
  readonly betaRegularizer?: Regularizer;
  readonly gammaRegularizer?: Regularizer;

  /** `axisList`: whether the layer takes a list of axes too (LayerNormalization, as Keras). */
  protected constructor(snakeName: string, className: string, args: NormalizationArgs, ownArgs: readonly string[], axisList: boolean) {
    super(snakeName, args, [...NORMALIZATION_ARGS, ...ownArgs]);
    const axis = args.axis ?? -1;
    const axes = Array.isArray(axis) && axisList ? axis : [axis];
    if (axes.length === 0 || axes.some((a) => !Number.isInteger(a) || a === 0)) {
      const expected = axisList ? 'an integer other than 0 (the batch axis), or a non-empty list of them' : 'an integer other than 0 (the batch axis)';
      throw new ValueError(`${className} axis must be ${expected}. Received: axis=${JSON.stringify(args.axis)}`);
    }
    this.axis = Array.isArray(axis) ? [...axis] : axis;
    this.epsilon = checkPositive('epsilon', args.epsilon === undefined ? 0.001 : args.epsilon);
    this.center = checkBoolean('center', args.center, true);
    this.scale = checkBoolean('scale', args.scale, true);
    this.betaInitializer = checkInitializer('betaInitializer', args.betaInitializer ?? 'zeros');
    this.gammaInitializer = checkInitializer('gammaInitializer', args.gammaInitializer ?? 'ones');
    this.betaRegularizer = getRegularizer(args.betaRegularizer, 'betaRegularizer');
    this.gammaRegularizer = getRegularizer(args.gammaRegularizer, 'gammaRegularizer');
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
      betaRegularizer: serializeRegularizer(this.betaRegularizer),
      gammaRegularizer: serializeRegularizer(this.gammaRegularizer),
    };
  }

  /** The normalised axis of inputs of per-sample `shape`: the last one, the only one supported so far. */
  protected featureAxis(shape: number[]): number {
    const axes = Array.isArray(this.axis) ? this.axis : [this.axis];
    const resolved = axes.map((a) => sampleAxis(this.name, a, shape.length));
    if (resolved.some((a) => a !== shape.length - 1)) {
      throw new ValueError(
        `Normalization over another axis than the last one is not supported yet. Received: axis=${JSON.stringify(this.axis)} (for '${this.name}' on inputs of shape [${shape.join(', ')}])`,
        'UNSUPPORTED',
      );
    }
    return shape.length - 1;
  }

  protected outputShapeFor([shape]: number[][]): number[] {
    this.featureAxis(shape);
    return [...shape];
  }

  /** `gamma` then `beta` (each when enabled), one value per feature of the axis. */
  protected scaleAndOffset([shape]: number[][]): WeightSpec[] {
    const features = [shape[this.featureAxis(shape)]];
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
