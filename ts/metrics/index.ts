/** Metric names, as `compile({ metrics })` takes them. Computed by stateful trackers in the engine. */
import { ValueError } from '../errors';

export const METRICS = [
  'accuracy',
  'acc',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'mae',
  'mean_absolute_error',
  'mse',
  'mean_squared_error',
] as const;

/**
 * A metric name. `'accuracy'`/`'acc'` resolve as in Keras, from the labels: binary when the output
 * has one unit, sparse categorical for integer labels, categorical for one-hot labels.
 */
export type MetricName = (typeof METRICS)[number];

/** Checks the metric list; the History keys are the names as given (`'acc'` → `acc`, `val_acc`). */
export function checkMetrics(value: unknown): MetricName[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ValueError(`Expected \`metrics\` to be an array of metric names. Received: metrics=${JSON.stringify(value)}`);
  }
  for (const m of value) {
    if (typeof m !== 'string' || !(METRICS as readonly string[]).includes(m)) {
      throw new ValueError(`Unknown metric. Expected one of ${METRICS.join(', ')}. Received: metrics=${JSON.stringify(value)}`, 'UNKNOWN_NAME');
    }
  }
  if (new Set(value).size !== value.length) {
    throw new ValueError(`Each metric may appear once. Received: metrics=${JSON.stringify(value)}`);
  }
  return value as MetricName[];
}
