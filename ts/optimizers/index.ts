/** Optimizers with Keras 3's defaults and update rules. */
import { ValueError } from '../errors';
import { checkRange, Optimizer } from './optimizer';

export { Optimizer };

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum. Keras defaults:
 * `learningRate` 0.01, `momentum` 0, `nesterov` false.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.sgd({ learningRate: 0.1, momentum: 0.9 }), loss: 'mse' });
 * ```
 */
export function sgd(options: { learningRate?: number; momentum?: number; nesterov?: boolean } = {}): Optimizer {
  return new Optimizer('sgd', {
    learning_rate: checkRange('learningRate', options.learningRate ?? 0.01, 0, Infinity, true),
    momentum: checkRange('momentum', options.momentum ?? 0, 0, 1),
    nesterov: options.nesterov ?? false,
  });
}

/**
 * RMSprop. Keras defaults: `learningRate` 0.001, `rho` 0.9, `momentum` 0, `epsilon` 1e-7,
 * `centered` false.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.rmsprop({ learningRate: 1e-4 }), loss: 'binary_crossentropy' });
 * ```
 */
export function rmsprop(
  options: { learningRate?: number; rho?: number; momentum?: number; epsilon?: number; centered?: boolean } = {},
): Optimizer {
  return new Optimizer('rmsprop', {
    learning_rate: checkRange('learningRate', options.learningRate ?? 0.001, 0, Infinity, true),
    rho: checkRange('rho', options.rho ?? 0.9, 0, 1),
    momentum: checkRange('momentum', options.momentum ?? 0, 0, 1),
    epsilon: checkRange('epsilon', options.epsilon ?? 1e-7, 0, Infinity, true),
    centered: options.centered ?? false,
  });
}

/**
 * Adam. Keras defaults: `learningRate` 0.001, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: optimizers.adam({ learningRate: 3e-4 }), loss: 'mse' });
 * ```
 */
export function adam(options: { learningRate?: number; beta1?: number; beta2?: number; epsilon?: number } = {}): Optimizer {
  return new Optimizer('adam', {
    learning_rate: checkRange('learningRate', options.learningRate ?? 0.001, 0, Infinity, true),
    beta_1: checkRange('beta1', options.beta1 ?? 0.9, 0, 1),
    beta_2: checkRange('beta2', options.beta2 ?? 0.999, 0, 1),
    epsilon: checkRange('epsilon', options.epsilon ?? 1e-7, 0, Infinity, true),
  });
}

const BY_NAME: Record<string, () => Optimizer> = { sgd, rmsprop, adam };

/** An optimizer name as Keras spells it. */
export type OptimizerName = 'sgd' | 'rmsprop' | 'adam';

/** Resolves `'rmsprop'` (any case, as Keras) or an {@link Optimizer}. */
export function resolveOptimizer(value: unknown): Optimizer {
  if (value instanceof Optimizer) return value;
  const make = typeof value === 'string' ? BY_NAME[value.toLowerCase()] : undefined;
  if (!make) {
    throw new ValueError(`Unknown optimizer. Expected one of ${Object.keys(BY_NAME).join(', ')} or an optimizers.* object. Received: optimizer=${JSON.stringify(value)}`, 'UNKNOWN_NAME');
  }
  return make();
}
