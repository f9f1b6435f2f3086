/** Loss functions, by Keras name or as configured objects. Computed (with gradients) in the engine. */
import { ValueError } from '../errors';

/** Loss names and the Keras aliases they accept, mapped to their canonical name. */
const NAMES = {
  mse: 'mean_squared_error',
  mean_squared_error: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mean_absolute_error: 'mean_absolute_error',
  binary_crossentropy: 'binary_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
} as const;

/** A loss name as Keras spells it (`'mse'`, `'binary_crossentropy'`, ...). */
export type LossName = keyof typeof NAMES;

/** A loss with its options, e.g. from {@link binaryCrossentropy}. */
export interface LossConfig {
  name: (typeof NAMES)[LossName];
  /** The model outputs logits rather than probabilities (crossentropies only). Default false. */
  fromLogits?: boolean;
}

/** Resolves a loss argument; throws a ValueError naming the accepted names. */
export function resolveLoss(value: unknown): LossConfig {
  const name = typeof value === 'string' ? value : (value as LossConfig | undefined)?.name;
  if (typeof name !== 'string' || !(name in NAMES)) {
    throw new ValueError(`Unknown loss. Expected one of ${Object.keys(NAMES).join(', ')}. Received: loss=${JSON.stringify(value)}`, 'UNKNOWN_NAME');
  }
  const fromLogits = typeof value === 'object' ? Boolean((value as LossConfig).fromLogits) : false;
  return { name: NAMES[name as LossName], fromLogits };
}

/**
 * Binary crossentropy; Keras clips probabilities to [1e-7, 1 − 1e-7], and with a sigmoid output
 * the engine uses the stable logits form.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: losses.binaryCrossentropy({ fromLogits: true }) });
 * ```
 */
export function binaryCrossentropy(options: { fromLogits?: boolean } = {}): LossConfig {
  return { name: 'binary_crossentropy', fromLogits: options.fromLogits ?? false };
}

/**
 * Categorical crossentropy over one-hot labels.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'rmsprop', loss: losses.categoricalCrossentropy() });
 * ```
 */
export function categoricalCrossentropy(options: { fromLogits?: boolean } = {}): LossConfig {
  return { name: 'categorical_crossentropy', fromLogits: options.fromLogits ?? false };
}

/**
 * Categorical crossentropy over integer labels.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'rmsprop', loss: losses.sparseCategoricalCrossentropy() });
 * ```
 */
export function sparseCategoricalCrossentropy(options: { fromLogits?: boolean } = {}): LossConfig {
  return { name: 'sparse_categorical_crossentropy', fromLogits: options.fromLogits ?? false };
}
