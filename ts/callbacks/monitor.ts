/**
 * What callbacks that watch a metric share (Keras's `MonitorCallback`): which way is better for
 * the monitored quantity, and whether a value improves on a reference by more than `minDelta`.
 */
import { ValueError } from '../errors';
import type { Logs } from './callback';

/** `'min'`: lower is better; `'max'`: higher is better; `'auto'`: inferred from the name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * Metrics whose larger values are better (Keras's `_direction = "up"`); every other built-in
 * metric (mae, mse, losses) is better when smaller.
 */
const UP = [
  'accuracy',
  'acc',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'top_k_categorical_accuracy',
  'sparse_top_k_categorical_accuracy',
  'precision',
  'recall',
  'auc',
  'cosine_similarity',
];
const DOWN = [
  'mae',
  'mean_absolute_error',
  'mse',
  'mean_squared_error',
  'mape',
  'mean_absolute_percentage_error',
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'huber',
  'hinge',
  'kl_divergence',
  'poisson',
];

/** Checks a `mode` argument. */
export function checkMode(owner: string, mode: unknown): MonitorMode {
  if (mode === 'auto' || mode === 'min' || mode === 'max') return mode;
  throw new ValueError(`${owner} mode must be one of 'auto', 'min', 'max'. Received: mode=${JSON.stringify(mode)}`);
}

/**
 * The direction of `monitor` under `mode`. In `'auto'` mode, losses go down and the built-in
 * metrics go the way Keras declares for them, also behind a `val_` prefix, an output-name prefix
 * (`out_acc`) or a repeat suffix (`acc_1`); anything else must be told.
 */
export function resolveDirection(owner: string, monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  const name = monitor.replace(/^val_/, '').replace(/_\d+$/, '');
  const matches = (known: string) => name === known || name.endsWith(`_${known}`);
  if (name === 'loss' || name.endsWith('_loss') || DOWN.some(matches)) return 'min';
  if (UP.some(matches)) return 'max';
  throw new ValueError(
    `${owner} callback received monitor=${monitor}, but kerasm isn't able to automatically determine whether that metric should be maximized or minimized. Pass mode: 'max' in order to monitor based on the highest metric value, or mode: 'min' in order to use the lowest value. Received: monitor=${monitor}`,
  );
}

/** Whether `current` beats `reference` by more than `minDelta` in `direction` (Keras's `_is_improvement`). */
export function isImprovement(direction: 'min' | 'max', current: number, reference: number, minDelta: number): boolean {
  const delta = Math.abs(minDelta);
  return direction === 'min' ? current + delta < reference : current - delta > reference;
}

/** The monitored value from `logs`, or undefined with Keras's warning naming what is available. */
export function monitorValue(owner: string, monitor: string, logs: Logs): number | undefined {
  const value = logs[monitor];
  if (value === undefined) {
    console.warn(`${owner} conditioned on metric \`${monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(',')}`);
  }
  return value;
}

/** Checks a number argument of a callback. */
export function checkNumber(owner: string, argument: string, value: unknown, min = -Infinity, integer = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || (integer && !Number.isInteger(value))) {
    const what = integer ? `an integer ≥ ${min}` : min === -Infinity ? 'a number' : `a number ≥ ${min}`;
    throw new ValueError(`${owner} argument \`${argument}\` must be ${what}. Received: ${argument}=${String(value)}`);
  }
  return value;
}
