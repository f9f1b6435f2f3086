/** Optimizers with Keras 3's names, defaults and update rules. */
import { ValueError } from '../errors';
import { optionNames } from '../utils/options';
import { BASE_OPTIONS, checkRange, learningRateFromSpec, Optimizer, type OptimizerArgs, optimizerOptions } from './optimizer';
import * as schedules from './schedules';
import type { LearningRateSchedule } from './schedules';

export { Optimizer, type OptimizerArgs, type LearningRate } from './optimizer';
export { LearningRateSchedule } from './schedules';
export { schedules };

/** Options of {@link sgd}. */
export interface SgdArgs extends OptimizerArgs {
  /** Default 0. */
  momentum?: number;
  /** Default false. */
  nesterov?: boolean;
}

/** What every optimizer factory takes: its options, or its learning rate alone (TF.js's `tf.train.sgd(0.1)`). */
export type OptimizerInput<T extends OptimizerArgs> = T | number | LearningRateSchedule;

const SGD_OPTIONS = optionNames<SgdArgs>({ ...BASE_OPTIONS, momentum: true, nesterov: true });

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum. Keras defaults:
 * `learningRate` 0.01, `momentum` 0, `nesterov` false. Every optimizer also takes its learning
 * rate alone, as TF.js's `tf.train.sgd(0.1)`: `optimizers.sgd(0.1)`, `optimizers.adam(0.01)`.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.sgd({ learningRate: 0.1, momentum: 0.9 }), loss: 'mse' });
 * model.compile({ optimizer: optimizers.adam(0.01), loss: 'mse' }); // learningRate 0.01
 * ```
 */
export function sgd(input: OptimizerInput<SgdArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'sgd', SGD_OPTIONS);
  return new Optimizer('sgd', options, 0.01, {
    momentum: checkRange('momentum', options.momentum ?? 0, 0, 1),
    nesterov: options.nesterov ?? false,
  });
}

/** Options of {@link rmsprop}. */
export interface RmspropArgs extends OptimizerArgs {
  /** Default 0.9. */
  rho?: number;
  /** Default 0. */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Default false. */
  centered?: boolean;
}

const RMSPROP_OPTIONS = optionNames<RmspropArgs>({ ...BASE_OPTIONS, rho: true, momentum: true, epsilon: true, centered: true });

/**
 * RMSprop. Keras defaults: `learningRate` 0.001, `rho` 0.9, `momentum` 0, `epsilon` 1e-7,
 * `centered` false.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.rmsprop({ learningRate: 1e-4 }), loss: 'binary_crossentropy' });
 * ```
 */
export function rmsprop(input: OptimizerInput<RmspropArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'rmsprop', RMSPROP_OPTIONS);
  return new Optimizer('rmsprop', options, 0.001, {
    rho: checkRange('rho', options.rho ?? 0.9, 0, 1),
    momentum: checkRange('momentum', options.momentum ?? 0, 0, 1),
    epsilon: checkRange('epsilon', options.epsilon ?? 1e-7, 0, Infinity, true),
    centered: options.centered ?? false,
  });
}

/** Options of the Adam family. */
export interface AdamArgs extends OptimizerArgs {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

const ADAM_OPTIONS = optionNames<AdamArgs>({ ...BASE_OPTIONS, beta1: true, beta2: true, epsilon: true });

/** Options of {@link adamw}. */
export interface AdamwArgs extends AdamArgs {
  /** Default 0.004. */
  weightDecay?: number;
}

const ADAMW_OPTIONS = optionNames<AdamwArgs>({ ...BASE_OPTIONS, beta1: true, beta2: true, epsilon: true, weightDecay: true });

function adamConfig(options: AdamArgs): Record<string, number> {
  return {
    beta_1: checkRange('beta1', options.beta1 ?? 0.9, 0, 1),
    beta_2: checkRange('beta2', options.beta2 ?? 0.999, 0, 1),
    epsilon: checkRange('epsilon', options.epsilon ?? 1e-7, 0, Infinity, true),
  };
}

/**
 * Adam. Keras defaults: `learningRate` 0.001, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.adam({ learningRate: 3e-4 }), loss: 'mse' });
 * ```
 */
export function adam(input: OptimizerInput<AdamArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'adam', ADAM_OPTIONS);
  return new Optimizer('adam', options, 0.001, adamConfig(options));
}

/**
 * Adam with decoupled weight decay (`w -= lr·weightDecay·w` each step). Keras defaults: Adam's,
 * and `weightDecay` 0.004.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.adamw({ learningRate: 1e-3, weightDecay: 0.01 }), loss: 'mse' });
 * ```
 */
export function adamw(input: OptimizerInput<AdamwArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'adamw', ADAMW_OPTIONS);
  return new Optimizer('adamw', options, 0.001, {
    weight_decay: checkRange('weightDecay', options.weightDecay ?? 0.004, 0, Infinity),
    ...adamConfig(options),
  });
}

/** Options of {@link adagrad}. */
export interface AdagradArgs extends OptimizerArgs {
  /** Default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

const ADAGRAD_OPTIONS = optionNames<AdagradArgs>({ ...BASE_OPTIONS, initialAccumulatorValue: true, epsilon: true });

/**
 * Adagrad. Keras defaults: `learningRate` 0.001, `initialAccumulatorValue` 0.1, `epsilon` 1e-7.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.adagrad({ learningRate: 0.01 }), loss: 'mse' });
 * ```
 */
export function adagrad(input: OptimizerInput<AdagradArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'adagrad', ADAGRAD_OPTIONS);
  return new Optimizer('adagrad', options, 0.001, {
    initial_accumulator_value: checkRange('initialAccumulatorValue', options.initialAccumulatorValue ?? 0.1, 0, Infinity),
    epsilon: checkRange('epsilon', options.epsilon ?? 1e-7, 0, Infinity, true),
  });
}

/** Options of {@link adadelta}. */
export interface AdadeltaArgs extends OptimizerArgs {
  /** Default 0.95. */
  rho?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

const ADADELTA_OPTIONS = optionNames<AdadeltaArgs>({ ...BASE_OPTIONS, rho: true, epsilon: true });

/**
 * Adadelta. Keras defaults: `learningRate` 0.001, `rho` 0.95, `epsilon` 1e-7.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.adadelta({ learningRate: 1.0 }), loss: 'mse' });
 * ```
 */
export function adadelta(input: OptimizerInput<AdadeltaArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'adadelta', ADADELTA_OPTIONS);
  return new Optimizer('adadelta', options, 0.001, {
    rho: checkRange('rho', options.rho ?? 0.95, 0, 1),
    epsilon: checkRange('epsilon', options.epsilon ?? 1e-7, 0, Infinity, true),
  });
}

/**
 * Adamax (Adam with the infinity norm). Keras defaults: `learningRate` 0.001, `beta1` 0.9,
 * `beta2` 0.999, `epsilon` 1e-7.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.adamax(), loss: 'mse' });
 * ```
 */
export function adamax(input: OptimizerInput<AdamArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'adamax', ADAM_OPTIONS);
  return new Optimizer('adamax', options, 0.001, adamConfig(options));
}

/**
 * Nadam (Adam with Nesterov momentum, Keras's momentum-cache form). Keras defaults:
 * `learningRate` 0.001, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.nadam(), loss: 'mse' });
 * ```
 */
export function nadam(input: OptimizerInput<AdamArgs> = {}): Optimizer {
  const options = optimizerOptions(input, 'nadam', ADAM_OPTIONS);
  return new Optimizer('nadam', options, 0.001, adamConfig(options));
}

const BY_NAME: Record<string, (options: OptimizerArgs) => Optimizer> = { sgd, rmsprop, adam, adamw, adagrad, adadelta, adamax, nadam };

/** An optimizer name as Keras spells it. */
export type OptimizerName = 'sgd' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad' | 'adadelta' | 'adamax' | 'nadam';

/** Resolves `'rmsprop'` (any case, as Keras) or an {@link Optimizer}. */
export function resolveOptimizer(value: unknown): Optimizer {
  if (value instanceof Optimizer) return value;
  const make = typeof value === 'string' ? BY_NAME[value.toLowerCase()] : undefined;
  if (!make) {
    throw new ValueError(`Unknown optimizer. Expected one of ${Object.keys(BY_NAME).join(', ')} or an optimizers.* object. Received: optimizer=${JSON.stringify(value)}`, 'UNKNOWN_NAME');
  }
  return make({});
}

/** Keras's snake_case hyper-parameter names, and ours. */
const CAMEL: Record<string, string> = {
  beta_1: 'beta1',
  beta_2: 'beta2',
  weight_decay: 'weightDecay',
  initial_accumulator_value: 'initialAccumulatorValue',
  global_clipnorm: 'globalClipnorm',
  learning_rate: 'learningRate',
};

/**
 * Rebuilds an optimizer from its engine spec (`optimizer.toSpec()`), e.g. from a saved model.
 *
 * @example
 * ```ts
 * const copy = optimizers.fromSpec(optimizers.adam({ learningRate: 0.01 }).toSpec());
 * ```
 */
export function fromSpec(spec: Record<string, unknown>): Optimizer {
  const make = typeof spec?.name === 'string' ? BY_NAME[spec.name] : undefined;
  if (!make) {
    throw new ValueError(`Unknown optimizer. Expected one of ${Object.keys(BY_NAME).join(', ')}. Received: name=${JSON.stringify(spec?.name)}`, 'UNKNOWN_NAME');
  }
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'name' || value === null) continue;
    options[CAMEL[key] ?? key] = key === 'learning_rate' ? learningRateFromSpec(value) : value;
  }
  return make(options as OptimizerArgs);
}
