/** History: what `fit` returns, one value per epoch under Keras's keys. */
import type { DivergenceStop } from '../models/divergence_guard';
import { Callback, type Logs } from './callback';

/**
 * The record of a `fit`: `history.history.val_loss[i]` is the validation loss after epoch i + 1.
 *
 * @example
 * ```ts
 * const history = await model.fit(x, y, { epochs: 20, validationData: [xVal, yVal] });
 * const best = history.history.val_loss.indexOf(Math.min(...history.history.val_loss)) + 1;
 * ```
 */
export class History extends Callback {
  /** Metric name → one value per epoch (`loss`, `acc`, `val_loss`, `val_acc`, ...). */
  history: Record<string, number[]> = {};
  /** The epoch indices that ran (0-based, as Keras). */
  epoch: number[] = [];
  /**
   * Set when training diverged: where the loss stopped being finite, and which epoch's weights
   * were restored (that epoch and the ones before it are in `history`; the diverged one is not).
   */
  stopped?: DivergenceStop;

  override onTrainBegin(_logs: Logs = {}): void {
    this.epoch = [];
    this.stopped = undefined;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      (this.history[key] ??= []).push(value);
    }
  }
}
