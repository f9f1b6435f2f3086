/**
 * Learning-rate schedules, as `keras.optimizers.schedules`: the engine evaluates them at every
 * step from the optimizer's iteration count.
 */
import { ValueError } from '../errors';
import { checkOptions } from '../utils/options';

/** A schedule's Keras class name and arguments (snake_case, as the engine and Keras name them). */
export class LearningRateSchedule {
  /** `'ExponentialDecay'`, `'CosineDecay'` or `'PiecewiseConstantDecay'`. */
  readonly className: string;
  /** Keras's arguments, e.g. `{ initial_learning_rate, decay_steps, decay_rate, staircase }`. */
  readonly config: Readonly<Record<string, number | boolean | number[]>>;

  constructor(className: string, config: Record<string, number | boolean | number[]>) {
    this.className = className;
    this.config = Object.freeze({ ...config });
  }

  /** The engine's Schedule spec: `{ schedule: 'exponential_decay', ...config }`. */
  toSpec(): Record<string, unknown> {
    return { schedule: SPEC_NAMES[this.className], ...this.config };
  }

  /** The rate at step 0. */
  get initialLearningRate(): number {
    return (this.config.initial_learning_rate as number | undefined) ?? (this.config.values as number[])[0];
  }
}

const SPEC_NAMES: Record<string, string> = {
  ExponentialDecay: 'exponential_decay',
  CosineDecay: 'cosine_decay',
  PiecewiseConstantDecay: 'piecewise_constant_decay',
};

/** Rebuilds a schedule from the engine's spec (`{ schedule, ...config }`), e.g. from a saved model. */
export function scheduleFromSpec(spec: Record<string, unknown>): LearningRateSchedule {
  const className = Object.keys(SPEC_NAMES).find((k) => SPEC_NAMES[k] === spec.schedule);
  if (!className) {
    throw new ValueError(`Unknown learning rate schedule. Expected one of ${Object.values(SPEC_NAMES).join(', ')}. Received: schedule=${JSON.stringify(spec.schedule)}`, 'UNKNOWN_NAME');
  }
  const { schedule: _, ...config } = spec;
  return new LearningRateSchedule(className, config as Record<string, number | boolean | number[]>);
}

function positive(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ValueError(`Argument \`${argument}\` must be a positive number. Received: ${argument}=${String(value)}`);
  }
  return value;
}

/**
 * `initialLearningRate · decayRate^(step / decaySteps)` (the exponent floored when `staircase`),
 * as `keras.optimizers.schedules.ExponentialDecay`.
 *
 * @example
 * ```ts
 * const lr = optimizers.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10000, decayRate: 0.96, staircase: true });
 * model.compile({ optimizer: optimizers.sgd({ learningRate: lr }), loss: 'mse' });
 * ```
 */
export function exponentialDecay(args: { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }): LearningRateSchedule {
  args = checkOptions(args, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'], 'optimizers.schedules.exponentialDecay(args)');
  return new LearningRateSchedule('ExponentialDecay', {
    initial_learning_rate: positive('initialLearningRate', args?.initialLearningRate),
    decay_steps: positive('decaySteps', args.decaySteps),
    decay_rate: positive('decayRate', args.decayRate),
    staircase: args.staircase ?? false,
  });
}

/**
 * `initialLearningRate · ((1 − alpha)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + alpha)`,
 * as `keras.optimizers.schedules.CosineDecay` (without warm-up).
 *
 * @example
 * ```ts
 * const lr = optimizers.schedules.cosineDecay({ initialLearningRate: 0.01, decaySteps: 1000, alpha: 0.1 });
 * model.compile({ optimizer: optimizers.adam({ learningRate: lr }), loss: 'mse' });
 * ```
 */
export function cosineDecay(args: { initialLearningRate: number; decaySteps: number; alpha?: number }): LearningRateSchedule {
  args = checkOptions(args, ['initialLearningRate', 'decaySteps', 'alpha'], 'optimizers.schedules.cosineDecay(args)');
  const alpha = args?.alpha ?? 0;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new ValueError(`Argument \`alpha\` must be a number in [0, 1]. Received: alpha=${String(alpha)}`);
  }
  return new LearningRateSchedule('CosineDecay', {
    initial_learning_rate: positive('initialLearningRate', args.initialLearningRate),
    decay_steps: positive('decaySteps', args.decaySteps),
    alpha,
  });
}

/**
 * `values[i]` while `step` is at most `boundaries[i]` (after the last boundary, the last value), as
 * `keras.optimizers.schedules.PiecewiseConstantDecay`.
 *
 * @example
 * ```ts
 * const lr = optimizers.schedules.piecewiseConstantDecay({ boundaries: [100000, 110000], values: [1.0, 0.5, 0.1] });
 * model.compile({ optimizer: optimizers.sgd({ learningRate: lr }), loss: 'mse' });
 * ```
 */
export function piecewiseConstantDecay(args: { boundaries: number[]; values: number[] }): LearningRateSchedule {
  args = checkOptions(args, ['boundaries', 'values'], 'optimizers.schedules.piecewiseConstantDecay(args)');
  const { boundaries, values } = args ?? {};
  if (!Array.isArray(boundaries) || !Array.isArray(values) || values.length !== boundaries.length + 1) {
    throw new ValueError(
      `The length of boundaries should be 1 less than the length of values. Received: boundaries of length ${Array.isArray(boundaries) ? boundaries.length : String(boundaries)}, values of length ${Array.isArray(values) ? values.length : String(values)}`,
    );
  }
  if (boundaries.some((b, i) => !Number.isFinite(b) || b < 0 || (i > 0 && b <= boundaries[i - 1]))) {
    throw new ValueError(`boundaries must be increasing, non-negative step counts. Received: boundaries=${JSON.stringify(boundaries)}`);
  }
  values.forEach((v, i) => positive(`values[${i}]`, v));
  return new LearningRateSchedule('PiecewiseConstantDecay', { boundaries: [...boundaries], values: [...values] });
}
