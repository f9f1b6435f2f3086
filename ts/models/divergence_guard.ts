/**
 * Divergence, caught by default. A learning rate too high for the data sends the loss to NaN or
 * ±Infinity, and every later epoch is then wasted (and poisons the weights a checkpoint or
 * `save` would write). So `fit` keeps a copy of the weights and the optimizer state at the end of
 * each finite epoch; when a training call reports a non-finite loss it replays that epoch batch
 * by batch from the copy (bit for bit the same steps) to name the batch, puts the copy back and
 * stops. Keras does the first half with `TerminateOnNaN`; kerasm turns it on by default and also
 * restores the last finite weights (`fit({ terminateOnNaN: false })` trains on regardless).
 */
import type { EngineDataset, EngineModel } from './engine_model';

/**
 * Where and why a `fit` stopped on a non-finite loss, in {@link History.stopped}. Epochs and
 * batches count from 0, as `History.epoch` and the callbacks' hooks do.
 *
 * @example
 * ```ts
 * const history = await model.fit(x, y, { epochs: 20 });
 * if (history.stopped) console.log(`diverged at epoch ${history.stopped.epoch + 1}, batch ${history.stopped.batch + 1}`);
 * ```
 */
export interface DivergenceStop {
  reason: 'non-finite loss';
  /** The epoch whose training diverged. */
  epoch: number;
  /** The first batch of that epoch after which the loss (or a weight) was no longer finite (when `restored`; else the last batch run). */
  batch: number;
  /** The running loss of the epoch then: NaN or ±Infinity, or finite when only a weight was not. */
  loss: number;
  /** The epoch whose end-of-epoch weights were restored; undefined: the weights from before the fit. */
  restoredEpoch?: number;
  /** False when the model was too big to keep a copy of (its weights are left as they were). */
  restored: boolean;
}

/**
 * Above this many bytes of weights and optimizer state no copy is kept (it would double a big
 * model's memory, in JS): a divergence still stops the fit, without restoring or replaying.
 */
const MAX_KEPT_BYTES = 256 * 2 ** 20;

/** Weights and optimizer state copied out of the engine. */
interface Kept {
  weights: Float32Array;
  state: Float32Array;
  sizes: Uint32Array;
  iterations: number;
  /** The epoch it was kept after; undefined before the first. */
  epoch?: number;
}

/** One epoch's training: the batches, in the order they ran. */
export interface EpochBatches {
  epoch: number;
  data: EngineDataset;
  order: Uint32Array;
  batchSize: number;
  steps: number;
}

/** Keeps the last finite weights of one fit on `engine`, and finds and undoes a divergence. */
export class DivergenceGuard {
  /** The last finite copy; undefined when the model is too big to copy. */
  private kept?: Kept;

  constructor(
    private readonly engine: EngineModel,
    private readonly lossIndex: number,
  ) {
    const values = engine.weightInfo().reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0) + engine.optimizerStateSizes().reduce((a, b) => a + b, 0);
    if (4 * values <= MAX_KEPT_BYTES) this.kept = this.copy(undefined);
  }

  /** Whether `loss`, the running loss after a training call, means the run diverged. */
  static diverged(loss: number): boolean {
    return !Number.isFinite(loss);
  }

  /** Whether the running loss in `results` (the engine's metric results) means the run diverged. */
  lossDiverged(results: Float64Array): boolean {
    return DivergenceGuard.diverged(results[this.lossIndex]);
  }

  /**
   * At the end of a finite epoch: keeps its weights and optimizer state; false when one of
   * them is not finite after all (the epoch's last updates diverged without its loss showing it).
   */
  keepEpoch(epoch: number): boolean {
    if (!this.kept) return true;
    const next = this.copy(epoch);
    if (!allFinite(next.weights) || !allFinite(next.state)) return false;
    this.kept = next;
    return true;
  }

  /**
   * The epoch in `run` diverged by its batch `throughBatch` (0-based): replays it from the kept
   * copy one batch at a time to find the first batch after which the loss or a weight is not
   * finite, restores the copy, and says where it stopped.
   */
  async undo(run: EpochBatches, throughBatch: number): Promise<DivergenceStop> {
    const kept = this.kept;
    if (!kept) {
      const loss = this.engine.metricResults()[this.lossIndex];
      return { reason: 'non-finite loss', epoch: run.epoch, batch: throughBatch, loss, restored: false };
    }
    this.restore(kept);
    this.engine.resetMetrics();
    let batch = 0;
    let loss = NaN;
    for (; batch <= throughBatch; batch++) {
      const rows = run.order.subarray(batch * run.batchSize, Math.min((batch + 1) * run.batchSize, run.order.length));
      await this.engine.trainBatches(run.data, rows, run.batchSize);
      loss = this.engine.metricResults()[this.lossIndex];
      // A ReLU can hide a NaN weight from the loss for a while, hence the weights too.
      if (DivergenceGuard.diverged(loss) || batch === throughBatch || !allFinite(this.engine.getWeights())) break;
    }
    this.restore(kept);
    this.engine.resetMetrics();
    return { reason: 'non-finite loss', epoch: run.epoch, batch: Math.min(batch, throughBatch), loss, restoredEpoch: kept.epoch, restored: true };
  }

  private copy(epoch: number | undefined): Kept {
    return {
      weights: this.engine.getWeights(),
      state: this.engine.getOptimizerState(),
      sizes: Uint32Array.from(this.engine.optimizerStateSizes()),
      iterations: this.engine.iterations(),
      epoch,
    };
  }

  private restore(kept: Kept): void {
    this.engine.setWeights(kept.weights);
    this.engine.setOptimizerState(kept.state, kept.sizes, kept.iterations);
  }
}

function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** The message `fit` prints when it stops on `stop`, out of `epochs` epochs of `steps` batches. */
export function divergenceMessage(stop: DivergenceStop, epochs: number, steps: number): string {
  const restored = !stop.restored
    ? `kept its weights as they are (a model over ${MAX_KEPT_BYTES / 2 ** 20} MiB of weights and optimizer state is not copied each epoch; keep good epochs with callbacks.modelCheckpoint)`
    : stop.restoredEpoch === undefined
      ? 'the weights it had before this fit were restored'
      : `the weights from the end of epoch ${stop.restoredEpoch + 1} (the last finite one) were restored`;
  const what = DivergenceGuard.diverged(stop.loss) ? `the loss became ${stop.loss}` : `a weight became NaN or infinite (the loss was still ${stop.loss})`;
  return (
    `Training diverged: ${what} ${stop.restored ? 'at' : 'by'} epoch ${stop.epoch + 1}/${epochs}, batch ${stop.batch + 1}/${steps}, so fit stopped and ${restored}. ` +
    'Lower the learning rate, or scale the inputs and targets; fit({ terminateOnNaN: false }) trains on regardless.'
  );
}
