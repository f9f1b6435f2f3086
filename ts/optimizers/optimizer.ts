/** An optimizer's name and hyper-parameters; its state lives in the engine once compiled. */
import { ValueError } from '../errors';
import { checkOptions } from '../utils/options';
import { LearningRateSchedule, scheduleFromSpec } from './schedules';

/** A learning rate: a number, or a schedule evaluated at every step. */
export type LearningRate = number | LearningRateSchedule;

/** Options every optimizer takes, as Keras's base optimizer. */
export interface OptimizerArgs {
  /** A positive number or an `optimizers.schedules.*` schedule. */
  learningRate?: LearningRate;
  /** Clip each weight's gradient to this norm. */
  clipnorm?: number;
  /** Clip each gradient value to [−clipvalue, clipvalue]. */
  clipvalue?: number;
  /** Clip all gradients together to this global norm. */
  globalClipnorm?: number;
}

/**
 * An optimizer's configuration, made by the `optimizers.*` factories; its state lives in the model's engine.
 *
 * @example
 * ```ts
 * const opt = optimizers.adam({ learningRate: 1e-3, clipnorm: 1 });
 * opt.toSpec().name; // 'adam'
 * ```
 */
export class Optimizer {
  /** Keras's name, e.g. `'rmsprop'`. */
  readonly name: string;
  /** Rule-specific hyper-parameters in Keras's snake_case, as the engine reads them. */
  readonly config: Readonly<Record<string, number | boolean>>;
  /** The learning rate given (a schedule's value changes with the steps: see `model.learningRate`). */
  readonly learningRate: LearningRate;
  readonly clipnorm?: number;
  readonly clipvalue?: number;
  readonly globalClipnorm?: number;

  constructor(name: string, args: OptimizerArgs, defaultLearningRate: number, config: Record<string, number | boolean>) {
    this.name = name;
    const lr = args.learningRate ?? defaultLearningRate;
    if (!(lr instanceof LearningRateSchedule)) checkRange('learningRate', lr, 0, Infinity, true);
    this.learningRate = lr;
    const clipping = (['clipnorm', 'clipvalue', 'globalClipnorm'] as const).filter((k) => args[k] !== undefined && args[k] !== null);
    if (clipping.length > 1) {
      throw new ValueError(
        `Only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: ${clipping.map((k) => `${k}=${args[k]}`).join(', ')}`,
      );
    }
    for (const k of clipping) checkRange(k, args[k] as number, 0, Infinity, true);
    this.clipnorm = args.clipnorm ?? undefined;
    this.clipvalue = args.clipvalue ?? undefined;
    this.globalClipnorm = args.globalClipnorm ?? undefined;
    this.config = Object.freeze({ ...config });
  }

  /** `{ name, learning_rate, clipnorm, clipvalue, global_clipnorm, ...config }`, the spec the engine compiles. */
  toSpec(): Record<string, unknown> {
    return {
      name: this.name,
      learning_rate: this.learningRate instanceof LearningRateSchedule ? this.learningRate.toSpec() : this.learningRate,
      clipnorm: this.clipnorm ?? null,
      clipvalue: this.clipvalue ?? null,
      global_clipnorm: this.globalClipnorm ?? null,
      ...this.config,
    };
  }
}

/** The names of {@link OptimizerArgs}, for each rule's own list (`optionNames<SgdArgs>({ ...BASE_OPTIONS, momentum: true })`). */
export const BASE_OPTIONS = { learningRate: true, clipnorm: true, clipvalue: true, globalClipnorm: true } as const;

/**
 * An optimizer factory's argument as options: a number or a schedule alone is the learning rate
 * (TF.js's `tf.train.adam(0.01)`, Keras's `Adam(0.01)`); an object may hold only the base options
 * and the rule's own `names`.
 */
export function optimizerOptions<T extends OptimizerArgs>(value: number | LearningRateSchedule | T | undefined, optimizer: string, names: readonly string[]): T {
  if (typeof value === 'number' || value instanceof LearningRateSchedule) return { learningRate: value } as T;
  return checkOptions(value, names, `optimizers.${optimizer}(options)`);
}

/** The `learning_rate` of an optimizer spec as an {@link OptimizerArgs} value. */
export function learningRateFromSpec(value: unknown): LearningRate {
  return typeof value === 'object' && value !== null ? scheduleFromSpec(value as Record<string, unknown>) : (value as number);
}

/** Checks `value` is a finite number within [min, max) (or (min, max) when `exclusiveMin`). */
export function checkRange(argument: string, value: number, min: number, max: number, exclusiveMin = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value < max;
  if (!ok) {
    const range = `${exclusiveMin ? '(' : '['}${min}, ${max === Infinity ? '∞' : max})`;
    throw new ValueError(`Argument \`${argument}\` must be a number in ${range}. Received: ${argument}=${value}`);
  }
  return value;
}
