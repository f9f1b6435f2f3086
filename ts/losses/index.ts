/**
 * Loss functions, by Keras name, as configured objects, or written in TypeScript with `ops.*`.
 * All are computed (with gradients) in the engine.
 */
import { ValueError } from '../errors';
import { type Expression, type ExpressionFunction, traceExpression } from './expression';
import { checkOptions } from '../utils/options';
import { type CamelCase, kerasName } from './js_names';

export type { Expression, ExpressionFunction, ExpressionNode } from './expression';

/** Loss names and the Keras aliases they accept, mapped to their canonical name. */
const NAMES = {
  mse: 'mean_squared_error',
  mean_squared_error: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mean_absolute_error: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  mean_absolute_percentage_error: 'mean_absolute_percentage_error',
  binary_crossentropy: 'binary_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
  huber: 'huber',
  hinge: 'hinge',
  kl_divergence: 'kl_divergence',
  kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
  poisson: 'poisson',
  cosine_similarity: 'cosine_similarity',
} as const;

/** A loss name as Keras spells it (`'mse'`, `'binary_crossentropy'`, `'huber'`, ...), or as TF.js does (`'binaryCrossentropy'`). */
export type LossName = keyof typeof NAMES | CamelCase<keyof typeof NAMES>;

/** A loss's canonical name. */
export type CanonicalLossName = (typeof NAMES)[keyof typeof NAMES];

const CROSSENTROPIES: readonly string[] = ['binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy'];

/** A built-in loss with its options, e.g. from {@link binaryCrossentropy} or {@link huber}. */
export interface LossConfig {
  name: CanonicalLossName;
  /** The model outputs logits rather than probabilities (crossentropies only). Default false. */
  fromLogits?: boolean;
  /** Where Huber turns from quadratic to linear (huber only). Default 1. */
  delta?: number;
}

/** A factory of this module, such as {@link meanSquaredError}, passed uncalled (`loss: losses.meanSquaredError`): it is called. */
export type LossFactory = () => LossConfig;

/**
 * What `compile({ loss })` takes for one output: a Keras name (TF.js's camelCase names, such as
 * `'meanSquaredError'`, are read as Keras's), a configured loss, a factory of this module, or a function.
 */
export type LossIdentifier = LossName | LossConfig | LossFactory | ExpressionFunction;

/** A loss as the engine's CompileSpec spells it. */
export type LossSpec = string | { name: string; from_logits?: boolean; delta?: number } | { name: string; expression: Expression };

/**
 * Resolves one output's loss into the engine's spec: a name, a configured loss, or a TS function
 * (traced here, once, into an Expression over `[batch, ...outputShape]` tensors).
 */
export function lossSpec(value: unknown, outputShape: number[], argument = 'loss'): LossSpec {
  if (typeof value === 'function' && FACTORIES.has(value)) return lossSpec((value as LossFactory)(), outputShape, argument);
  if (typeof value === 'function') {
    const name = value.name || 'custom_loss';
    return { name, expression: traceExpression(value as ExpressionFunction, outputShape, `The custom loss \`${name}\``) };
  }
  if (value && typeof value === 'object' && 'expression' in value) return value as LossSpec;
  const given = typeof value === 'string' ? value : (value as LossConfig | undefined)?.name;
  const name = typeof given === 'string' && !(given in NAMES) ? kerasName(given) : given;
  if (typeof name !== 'string' || !(name in NAMES)) {
    throw new ValueError(
      `Unknown loss. Expected one of ${Object.keys(NAMES).join(', ')}, a losses.* object or a function (yTrue, yPred) => ops.*. Received: ${argument}=${JSON.stringify(value)}`,
      'UNKNOWN_NAME',
    );
  }
  const canonical = NAMES[name as keyof typeof NAMES];
  const options: Partial<LossConfig> & { from_logits?: boolean } = typeof value === 'object' ? (value as LossConfig) : {};
  if (CROSSENTROPIES.includes(canonical)) return { name: canonical, from_logits: Boolean(options.fromLogits ?? options.from_logits) };
  if (canonical === 'huber') return { name: canonical, delta: checkDelta(options.delta ?? 1) };
  return canonical;
}

function checkDelta(delta: unknown): number {
  if (typeof delta !== 'number' || !(delta > 0) || !Number.isFinite(delta)) {
    throw new ValueError(`Huber's delta must be a positive number. Received: delta=${String(delta)}`);
  }
  return delta;
}

/**
 * Mean squared error, `mean((yPred − yTrue)²)` over the last axis.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'rmsprop', loss: losses.meanSquaredError() });
 * ```
 */
export function meanSquaredError(): LossConfig {
  return { name: 'mean_squared_error' };
}

/**
 * Mean absolute error, `mean(|yPred − yTrue|)`.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'rmsprop', loss: losses.meanAbsoluteError() });
 * ```
 */
export function meanAbsoluteError(): LossConfig {
  return { name: 'mean_absolute_error' };
}

/**
 * Mean absolute percentage error, `100 · mean(|yTrue − yPred| / max(|yTrue|, ε))`.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: losses.meanAbsolutePercentageError() });
 * ```
 */
export function meanAbsolutePercentageError(): LossConfig {
  return { name: 'mean_absolute_percentage_error' };
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
  options = checkOptions(options, ['fromLogits'], 'losses.binaryCrossentropy(options)');
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
  options = checkOptions(options, ['fromLogits'], 'losses.categoricalCrossentropy(options)');
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
  options = checkOptions(options, ['fromLogits'], 'losses.sparseCategoricalCrossentropy(options)');
  return { name: 'sparse_categorical_crossentropy', fromLogits: options.fromLogits ?? false };
}

/**
 * Huber loss: `½e²` for `|e| ≤ delta`, else `delta·(|e| − ½delta)`, averaged over the last axis.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: losses.huber({ delta: 1.5 }) });
 * ```
 */
export function huber(options: { delta?: number } = {}): LossConfig {
  options = checkOptions(options, ['delta'], 'losses.huber(options)');
  return { name: 'huber', delta: checkDelta(options.delta ?? 1) };
}

/**
 * Hinge loss, `mean(max(1 − yTrue·yPred, 0))`; labels in {0, 1} are mapped to {−1, 1} as Keras does.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'sgd', loss: losses.hinge() });
 * ```
 */
export function hinge(): LossConfig {
  return { name: 'hinge' };
}

/**
 * Kullback–Leibler divergence, `Σ yTrue·log(yTrue / yPred)` with both clipped to [1e-7, 1].
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: losses.klDivergence() });
 * ```
 */
export function klDivergence(): LossConfig {
  return { name: 'kl_divergence' };
}

/**
 * Poisson loss, `mean(yPred − yTrue·log(yPred + 1e-7))`.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: losses.poisson() });
 * ```
 */
export function poisson(): LossConfig {
  return { name: 'poisson' };
}

/**
 * Negative cosine similarity over the last axis (Keras's sign: −1 is a perfect match).
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: losses.cosineSimilarity() });
 * ```
 */
export function cosineSimilarity(): LossConfig {
  return { name: 'cosine_similarity' };
}

/** The loss factories of this module: one passed uncalled is called (`loss: losses.meanSquaredError`). */
const FACTORIES: ReadonlySet<unknown> = new Set([
  meanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  huber,
  hinge,
  klDivergence,
  poisson,
  cosineSimilarity,
]);
