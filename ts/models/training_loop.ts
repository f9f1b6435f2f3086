/**
 * `fit`: its arguments checked, its data copied into the engine, then the epoch loop — batches in
 * as few engine calls as the callbacks allow, validation, hooks.
 */
import { type Callback, type Logs, wantsBatches } from '../callbacks/callback';
import { callbackList } from '../callbacks/callback_list';
import { History } from '../callbacks/history';
import { TerminateOnNaN } from '../callbacks/terminate_on_nan';
import { resolveVerbose } from '../callbacks/verbosity';
import { ensureThreads } from '../engine/threads';
import { Random } from '../random';
import { nextSeed } from '../seed';
import { ChunkPlanner } from './chunk_planner';
import { checkSignal, Cooperation } from './cooperation';
import { DivergenceGuard, divergenceMessage, type DivergenceStop } from './divergence_guard';
import type { EngineDataset, EngineModel } from './engine_model';
import { fitData } from './fit_data';
import type { Model } from './model';
import { type CheckedFitArgs, checkInteger } from './model_args';
import type { ModelData } from './model_data';
import type { LongCall } from './model_state';

/** One `fit`, its data already in the engine. */
interface TrainingRun {
  model: Model;
  call: LongCall;
  cooperation: Cooperation;
  engine: EngineModel;
  train: EngineDataset;
  val?: EngineDataset;
  rows: number;
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  verbose: 0 | 1 | 2;
  shuffle: boolean;
  rng: Random;
  userCallbacks: Callback[];
  /** Stop on a non-finite loss and restore the last finite epoch's weights. */
  terminateOnNaN: boolean;
}

/** {@link Model.fit} of a compiled `model`, its engine model built (by `call`) once the pool is up. */
export async function fitModel(model: Model, call: LongCall, x: ModelData, y: ModelData, args: CheckedFitArgs): Promise<History> {
  // Reset before the first await, as Keras does at the start of fit: a stop requested while
  // the data is copied in (a handler runs at each yield) must not be forgotten.
  model.stopTraining = false;
  const epochs = checkInteger('epochs', args.epochs ?? 1, 1);
  const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
  const initialEpoch = checkInteger('initialEpoch', args.initialEpoch ?? 0, 0);
  const verbose = resolveVerbose(args.verbose);
  const { train: samples, validation } = fitData(model.graph, x, y, args, model.compiledSpec?.losses);
  const rng = new Random(args.seed ?? nextSeed());
  const cooperation = new Cooperation('fit', checkSignal('fit', args.signal));
  await ensureThreads();
  const engine = call.engine();
  const train = engine.upload(samples[0], samples[1], samples[2], 'x');
  let val: EngineDataset | undefined;
  try {
    await cooperation.pause(() => 'while copying the data in');
    val = validation && engine.upload(validation[0], validation[1], validation[2], 'validationData');
    await cooperation.pause(() => 'before the first epoch');
    const history = await runTraining({
      model,
      call,
      cooperation,
      engine,
      train,
      val,
      rows: samples[0][0].shape[0],
      epochs,
      initialEpoch,
      batchSize,
      verbose,
      shuffle: args.shuffle ?? true,
      rng,
      userCallbacks: args.callbacks ?? [],
      terminateOnNaN: args.terminateOnNaN ?? true,
    });
    await cooperation.finish();
    return history;
  } finally {
    train.free();
    val?.free();
  }
}

/** Runs the epochs of `run` and returns their History. */
async function runTraining(run: TrainingRun): Promise<History> {
  const { model, call, cooperation, engine, train, val, rows, epochs, initialEpoch, batchSize, verbose, shuffle, rng } = run;
  const names = engine.metricNames();
  const steps = Math.ceil(rows / batchSize);
  const history = new History();
  // Keras's order: the user's callbacks, then History and the progress bar, so both see the
  // keys a callback adds to the logs (e.g. `learning_rate`).
  const { callbacks, progbar } = callbackList(model, run.userCallbacks, { epochs, steps, verbose }, history);
  const perBatch = callbacks.some(wantsBatches);
  const hook = (fn: (cb: Callback) => void | Promise<void>) => call.hook(() => forEachInOrder(callbacks, fn));
  const planner = new ChunkPlanner();
  // The user's own TerminateOnNaN takes over, with Keras's behaviour (the epoch ends, raiseError throws).
  const guard = run.terminateOnNaN && !callbacks.some((cb) => cb instanceof TerminateOnNaN) ? new DivergenceGuard(engine, Math.max(0, names.indexOf('loss'))) : undefined;
  let diverged: DivergenceStop | undefined;
  await hook((cb) => cb.onTrainBegin({}));
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await hook((cb) => cb.onEpochBegin(epoch, {}));
    const order = shuffle ? rng.permutation(rows) : identity(rows);
    const orderU32 = new Uint32Array(order.buffer, order.byteOffset, order.length);
    engine.resetMetrics();
    // Batches run in chunks: as few engine calls as keep each near 50 ms (chunk_planner.ts),
    // one per batch when a callback hooks batches, ten or more when a progress bar redraws.
    const maxChunk = perBatch ? 1 : progbar?.redraws ? Math.max(1, Math.ceil(steps / 10)) : steps;
    const epochBatches = { epoch, data: train, order: orderU32, batchSize, steps };
    let step = 0;
    while (step < steps) {
      const batches = planner.next(Math.min(maxChunk, steps - step));
      if (perBatch) await hook((cb) => cb.onTrainBatchBegin(step, {}));
      const batchRows = orderU32.subarray(step * batchSize, Math.min((step + batches) * batchSize, rows));
      await planner.time(batches, () => engine.trainBatches(train, batchRows, batchSize));
      step += batches;
      const results = engine.metricResults();
      const logs = toLogs(names, results);
      if (guard?.lossDiverged(results)) {
        diverged = await guard.undo(epochBatches, step - 1);
        break;
      }
      if (perBatch) await hook((cb) => cb.onTrainBatchEnd(step - 1, logs));
      progbar?.progress(step, logs);
      const done = step;
      await cooperation.pause(() => `in epoch ${epoch + 1}/${epochs}, after batch ${done} of ${steps}`);
      if (model.stopTraining) break;
    }
    if (guard && !diverged && !guard.keepEpoch(epoch)) diverged = await guard.undo(epochBatches, step - 1);
    if (diverged) break;
    const logs = toLogs(names, engine.metricResults());
    if (val) {
      await hook((cb) => cb.onTestBegin({}));
      engine.resetMetrics();
      await engine.testBatches(val, batchSize);
      const valLogs = toLogs(names, engine.metricResults());
      await cooperation.pause(() => `in epoch ${epoch + 1}/${epochs}, after its validation`);
      await hook((cb) => cb.onTestEnd(valLogs));
      for (const [key, value] of Object.entries(valLogs)) logs[`val_${key}`] = value;
    }
    await hook((cb) => cb.onEpochEnd(epoch, logs));
    await cooperation.pause(() => `after epoch ${epoch + 1}/${epochs}`);
  }
  if (diverged) {
    history.stopped = diverged;
    console.warn(divergenceMessage(diverged, epochs, steps));
  }
  await hook((cb) => cb.onTrainEnd({}));
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

/** Calls `fn` on each callback in turn, awaiting each (a hook may be async). */
export async function forEachInOrder(callbacks: readonly Callback[], fn: (cb: Callback) => void | Promise<void>): Promise<void> {
  for (const cb of callbacks) await fn(cb);
}
