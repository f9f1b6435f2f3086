/** Regularizers, as `keras.regularizers`: penalties on weights or activations added to the loss. */
import { ValueError } from '../errors';
import { Regularizer, type RegularizerConfig } from './regularizer';
import { checkOptions } from '../utils/options';

export { Regularizer, type RegularizerClass, type RegularizerConfig } from './regularizer';

/**
 * `l1 · Σ|w|`. Keras's default factor is 0.01.
 *
 * @example
 * ```ts
 * layers.dense({ units: 16, kernelRegularizer: regularizers.l1(0.001) });
 * ```
 */
export function l1(l1 = 0.01): Regularizer {
  return new Regularizer('L1', l1, 0);
}

/**
 * `l2 · Σw²`. Keras's default factor is 0.01.
 *
 * @example
 * ```ts
 * layers.dense({ units: 16, activation: 'relu', kernelRegularizer: regularizers.l2(0.001) });
 * ```
 */
export function l2(l2 = 0.01): Regularizer {
  return new Regularizer('L2', 0, l2);
}

/**
 * `l1 · Σ|w| + l2 · Σw²`. Keras's defaults are 0 for both.
 *
 * @example
 * ```ts
 * layers.dense({ units: 16, kernelRegularizer: regularizers.l1l2({ l1: 0.001, l2: 0.001 }) });
 * ```
 */
export function l1l2(options: { l1?: number; l2?: number } = {}): Regularizer {
  options = checkOptions(options, ['l1', 'l2'], 'regularizers.l1l2(options)');
  return new Regularizer('L1L2', options.l1 ?? 0, options.l2 ?? 0);
}

/**
 * Keras's spelling of {@link l1l2}.
 *
 * @example
 * ```ts
 * layers.dense({ units: 16, kernelRegularizer: regularizers.l1_l2({ l1: 0.001, l2: 0.001 }) });
 * ```
 */
export const l1_l2 = l1l2;

/** What a layer's `*Regularizer` option accepts. */
export type RegularizerIdentifier = Regularizer | RegularizerConfig | 'l1' | 'l2' | 'l1_l2' | 'l1l2' | null;

/**
 * Resolves a regularizer option: an object from this module, its `getConfig()`, or a name with
 * Keras's default factors (`'l2'` is `l2(0.01)`); `null`/`undefined` mean none.
 *
 * @example
 * ```ts
 * regularizers.get('l2')?.l2; // 0.01
 * ```
 */
export function get(value: unknown, argument = 'regularizer'): Regularizer | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Regularizer) return value;
  if (value === 'l1') return l1();
  if (value === 'l2') return l2();
  if (value === 'l1_l2' || value === 'l1l2') return l1l2();
  if (typeof value === 'object') {
    const { className, config } = value as RegularizerConfig;
    const c = config ?? {};
    if (className === 'L1') return l1(c.l1);
    if (className === 'L2') return l2(c.l2);
    if (className === 'L1L2') return l1l2(c);
  }
  throw new ValueError(
    `Could not interpret regularizer identifier: expected regularizers.l1/l2/l1l2(...), 'l1', 'l2', 'l1_l2' or { className, config }. Received: ${argument}=${JSON.stringify(value)}`,
    'UNKNOWN_NAME',
  );
}

/**
 * A regularizer as configs hold it: `{ className, config }`, or null for none.
 *
 * @example
 * ```ts
 * regularizers.serialize(regularizers.l2(0.001)); // { className: 'L2', config: { l2: 0.001 } }
 * ```
 */
export function serialize(regularizer: Regularizer | undefined): RegularizerConfig | null {
  return regularizer ? regularizer.getConfig() : null;
}
