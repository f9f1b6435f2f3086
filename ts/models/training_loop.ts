/** The epoch loop of `fit`: batches in as few engine calls as the callbacks allow, validation, hooks. */
import { Callback, type Logs, wantsBatches } from '../callbacks/callback';
import { callbackList } from '../callbacks/callback_list';
import { History } from '../callbacks/history';
import { call } from '../engine/wasm';
import type { Random } from '../random';
import type { DatasetHandle, ModelHandle } from './engine_handles';
import type { Model } from './model';

/** One `fit`, its data already in the engine. */
export interface TrainingRun {
  model: Model;
  handle: ModelHandle;
  train: DatasetHandle;
  val?: DatasetHandle;
  rows: number;
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  verbose: number;
  shuffle: boolean;
  rng: Random;
  userCallbacks: Callback[];
}

/** Runs the epochs of `run` and returns their History. */
export async function runTraining(run: TrainingRun): Promise<History> {
  const { model, handle, train, val, rows, epochs, initialEpoch, batchSize, verbose, shuffle, rng } = run;
  const names = handle.metric_names();
  const steps = Math.ceil(rows / batchSize);
  const history = new History();
  // Keras's order: the user's callbacks, then History and the progress bar, so both see the
  // keys a callback adds to the logs (e.g. `learning_rate`).
  const { callbacks, progbar } = callbackList(model, run.userCallbacks, { epochs, steps, verbose }, history);
  const perBatch = callbacks.some(wantsBatches);
  model.stopTraining = false;
  for (const cb of callbacks) await cb.onTrainBegin({});
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    for (const cb of callbacks) await cb.onEpochBegin(epoch, {});
    const order = shuffle ? rng.permutation(rows) : identity(rows);
    const orderU32 = new Uint32Array(order.buffer, order.byteOffset, order.length);
    handle.reset_metrics();
    // Batches run in chunks: one engine call per epoch unless a callback hooks batches, or a
    // progress bar on a terminal wants about ten redraws.
    const chunk = perBatch ? 1 : progbar?.redraws ? Math.max(1, Math.ceil(steps / 10)) : steps;
    for (let step = 0; step < steps; step += chunk) {
      const batches = Math.min(chunk, steps - step);
      if (perBatch) for (const cb of callbacks) await cb.onTrainBatchBegin(step, {});
      const batchRows = orderU32.subarray(step * batchSize, Math.min((step + batches) * batchSize, rows));
      call('fit', () => handle.train_batches(train, batchRows, batchSize));
      const logs = toLogs(names, handle.metric_results());
      if (perBatch) for (const cb of callbacks) await cb.onTrainBatchEnd(step, logs);
      progbar?.progress(step + batches, logs);
      if (model.stopTraining) break;
    }
    const logs = toLogs(names, handle.metric_results());
    if (val) {
      for (const cb of callbacks) await cb.onTestBegin({});
      handle.reset_metrics();
      const data = val;
      call('fit (validation)', () => handle.test_batches(data, batchSize));
      const valLogs = toLogs(names, handle.metric_results());
      for (const cb of callbacks) await cb.onTestEnd(valLogs);
      for (const [key, value] of Object.entries(valLogs)) logs[`val_${key}`] = value;
    }
    for (const cb of callbacks) await cb.onEpochEnd(epoch, logs);
  }
  for (const cb of callbacks) await cb.onTrainEnd({});
  return history;
}

export function toLogs(names: string[], values: Float64Array | number[]): Logs {
  const logs: Logs = {};
  names.forEach((n, i) => (logs[n] = values[i]));
  return logs;
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
