/**
 * Metrics, as `compile({ metrics })` takes them: Keras names, configured objects, or functions
 * written with `ops.*`. Computed by stateful trackers in the engine.
 */
import { ValueError } from '../errors';
import { type Expression, type ExpressionFunction, traceExpression } from '../losses/expression';
import { type CamelCase, kerasName } from '../losses/js_names';
import { checkOptions } from '../utils/options';

export const METRICS = [
  'accuracy',
  'acc',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'top_k_categorical_accuracy',
  'sparse_top_k_categorical_accuracy',
  'mae',
  'mean_absolute_error',
  'mse',
  'mean_squared_error',
  'precision',
  'recall',
  'auc',
] as const;

/**
 * A metric name. `'accuracy'`/`'acc'` resolve as in Keras, from the loss and the output shape:
 * binary when the output has one unit, sparse categorical for integer labels, categorical for
 * one-hot labels.
 */
export type MetricName = (typeof METRICS)[number] | CamelCase<(typeof METRICS)[number]>;

/** A metric with options, from the factories of this module. */
export interface MetricConfig {
  name: 'top_k_categorical_accuracy' | 'sparse_top_k_categorical_accuracy' | 'precision' | 'recall' | 'auc' | MetricName;
  k?: number;
  thresholds?: number;
  numThresholds?: number;
}

/** A factory of this module, such as {@link auc}, passed uncalled (`metrics: [metrics.auc]`): it is called. */
export type MetricFactory = () => MetricConfig;

/**
 * What `compile({ metrics })` takes for one metric: a Keras name (TF.js's camelCase names, such as
 * `'binaryAccuracy'`, are read as Keras's), a configured metric, a factory of this module, or a function.
 */
export type MetricIdentifier = MetricName | MetricConfig | MetricFactory | ExpressionFunction;

/** A metric as the engine's CompileSpec spells it. */
export type MetricSpec =
  | string
  | { name: string; k?: number; threshold?: number; num_thresholds?: number }
  | { name: string; expression: Expression };

/**
 * Resolves one metric into the engine's spec. A function is traced once into an Expression whose
 * per-sample values the engine averages over all samples; its name is the function's name.
 */
export function metricSpec(value: unknown, outputShape: number[], argument: string): MetricSpec {
  if (typeof value === 'function' && FACTORIES.has(value)) return metricSpec((value as MetricFactory)(), outputShape, argument);
  if (typeof value === 'function') {
    const name = value.name || 'custom_metric';
    return { name, expression: traceExpression(value as ExpressionFunction, outputShape, `The custom metric \`${name}\``) };
  }
  if (value && typeof value === 'object' && 'expression' in value) return value as MetricSpec;
  const named = typeof value === 'string' ? { name: value } : value;
  const config = (
    named && typeof named === 'object' && 'name' in named && typeof named.name === 'string' && !(METRICS as readonly string[]).includes(named.name)
      ? { ...named, name: kerasName(named.name) }
      : named
  ) as (MetricConfig & Record<string, unknown>) | undefined;
  if (!config || typeof config.name !== 'string' || !(METRICS as readonly string[]).includes(config.name)) {
    throw new ValueError(
      `Unknown metric. Expected one of ${METRICS.join(', ')}, a metrics.* object or a function (yTrue, yPred) => ops.*. Received: ${argument}=${JSON.stringify(value)}`,
      'UNKNOWN_NAME',
    );
  }
  switch (config.name) {
    case 'top_k_categorical_accuracy':
    case 'sparse_top_k_categorical_accuracy':
      return { name: config.name, k: checkInteger('k', config.k ?? 5) };
    case 'precision':
    case 'recall':
      return { name: config.name, threshold: checkThreshold(config.thresholds ?? (config.threshold as number | undefined) ?? 0.5) };
    case 'auc':
      return { name: config.name, num_thresholds: checkInteger('numThresholds', config.numThresholds ?? (config.num_thresholds as number | undefined) ?? 200, 2) };
    default:
      return config.name;
  }
}

/** The name a metric spec shows under in the logs (`acc`, `precision`, `my_metric`). */
export function metricSpecName(spec: MetricSpec): string {
  return typeof spec === 'string' ? spec : spec.name;
}

function checkInteger(argument: string, value: unknown, min = 1): number {
  if (!Number.isInteger(value) || (value as number) < min) {
    throw new ValueError(`Argument \`${argument}\` must be an integer ≥ ${min}. Received: ${argument}=${String(value)}`);
  }
  return value as number;
}

function checkThreshold(value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ValueError(`Argument \`thresholds\` must be a number in [0, 1]. Received: thresholds=${String(value)}`);
  }
  return value;
}

/**
 * How often the true label is among the `k` highest predictions (one-hot labels). Keras's k is 5.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: [metrics.topKCategoricalAccuracy({ k: 3 })] });
 * ```
 */
export function topKCategoricalAccuracy(options: { k?: number } = {}): MetricConfig {
  options = checkOptions(options, ['k'], 'metrics.topKCategoricalAccuracy(options)');
  return { name: 'top_k_categorical_accuracy', k: checkInteger('k', options.k ?? 5) };
}

/**
 * {@link topKCategoricalAccuracy} for integer labels.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: [metrics.sparseTopKCategoricalAccuracy({ k: 3 })] });
 * ```
 */
export function sparseTopKCategoricalAccuracy(options: { k?: number } = {}): MetricConfig {
  options = checkOptions(options, ['k'], 'metrics.sparseTopKCategoricalAccuracy(options)');
  return { name: 'sparse_top_k_categorical_accuracy', k: checkInteger('k', options.k ?? 5) };
}

/**
 * Precision, `TP / (TP + FP)` with predictions above `thresholds` (default 0.5) counted positive,
 * accumulated over the epoch.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: [metrics.precision(), metrics.recall()] });
 * ```
 */
export function precision(options: { thresholds?: number } = {}): MetricConfig {
  options = checkOptions(options, ['thresholds'], 'metrics.precision(options)');
  return { name: 'precision', thresholds: checkThreshold(options.thresholds ?? 0.5) };
}

/**
 * Recall, `TP / (TP + FN)`, accumulated over the epoch.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: [metrics.recall({ thresholds: 0.3 })] });
 * ```
 */
export function recall(options: { thresholds?: number } = {}): MetricConfig {
  options = checkOptions(options, ['thresholds'], 'metrics.recall(options)');
  return { name: 'recall', thresholds: checkThreshold(options.thresholds ?? 0.5) };
}

/**
 * Area under the ROC curve, as Keras computes it: `numThresholds` (default 200) thresholds,
 * interpolated Riemann sum, accumulated over the epoch.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: [metrics.auc()] });
 * ```
 */
export function auc(options: { numThresholds?: number } = {}): MetricConfig {
  options = checkOptions(options, ['numThresholds'], 'metrics.auc(options)');
  return { name: 'auc', numThresholds: checkInteger('numThresholds', options.numThresholds ?? 200, 2) };
}

/** The metric factories of this module: one passed uncalled is called (`metrics: [metrics.auc]`). */
const FACTORIES: ReadonlySet<unknown> = new Set([topKCategoricalAccuracy, sparseTopKCategoricalAccuracy, precision, recall, auc]);
