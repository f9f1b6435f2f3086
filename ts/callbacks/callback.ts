/** The base of every callback, with Keras's hooks. */
import type { Model } from '../models/model';

/** Metric values by name, e.g. `{ loss: 0.3, acc: 0.9, val_loss: 0.35, val_acc: 0.88 }`. */
export type Logs = Record<string, number>;

/** What `fit` was asked to do, as Keras's `callback.params`. */
export interface TrainingParams {
  epochs: number;
  steps: number;
  verbose: number;
}

/**
 * Subclass and override the hooks you need. As in Keras, per-batch hooks cost something only
 * when overridden: without them an epoch runs as one engine call.
 *
 * @example
 * ```ts
 * class StopAtLoss extends Callback {
 *   override onEpochEnd(epoch: number, logs: Logs) {
 *     if (logs.loss < 0.1 && this.model) this.model.stopTraining = true;
 *   }
 * }
 * ```
 */
export class Callback {
  /** The model being trained; set by `fit`. */
  model?: Model;
  /** Set by `fit`. */
  params?: TrainingParams;

  setModel(model: Model): void {
    this.model = model;
  }

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onTrainBegin(_logs: Logs): void | Promise<void> {}
  onTrainEnd(_logs: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs: Logs): void | Promise<void> {}
  onTrainBatchBegin(_batch: number, _logs: Logs): void | Promise<void> {}
  onTrainBatchEnd(_batch: number, _logs: Logs): void | Promise<void> {}
}

/** Whether `callback` overrides a per-batch hook (then `fit` must step batch by batch). */
export function wantsBatches(callback: Callback): boolean {
  return (
    callback.onTrainBatchBegin !== Callback.prototype.onTrainBatchBegin ||
    callback.onTrainBatchEnd !== Callback.prototype.onTrainBatchEnd
  );
}
