/** The base of every callback, with Keras's hooks. */
import { StateError } from '../errors';
import type { Model } from '../models/model';

/**
 * Metric values by name, e.g. `{ loss: 0.3, acc: 0.9, val_loss: 0.35, val_acc: 0.88 }`. Callbacks
 * see one shared object per epoch, so one may add a key (as `reduceLROnPlateau` adds
 * `learning_rate`) that the callbacks after it, and the History, then record.
 */
export type Logs = Record<string, number>;

/** What `fit` was asked to do, as Keras's `callback.params`. */
export interface TrainingParams {
  epochs: number;
  steps: number;
  verbose: number;
}

/**
 * Subclass and override the hooks you need. As in Keras, per-batch hooks cost something only
 * when overridden: without them an epoch runs in as few engine calls as keep each near 50 ms.
 *
 * @example
 * ```ts
 * class StopAtLoss extends Callback {
 *   override onEpochEnd(epoch: number, logs: Logs) {
 *     if (logs.loss < 0.1 && this.model) this.model.stopTraining = true;
 *   }
 * }
 * await model.fit(x, y, { epochs: 100, callbacks: [new StopAtLoss()] });
 * ```
 */
export class Callback {
  /** The model being trained or evaluated; set by `fit` and `evaluate`. */
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
  /** Before an evaluation: `evaluate`, and the validation at the end of each `fit` epoch. */
  onTestBegin(_logs: Logs): void | Promise<void> {}
  /** After an evaluation, with its results (unprefixed keys: `loss`, `acc`). */
  onTestEnd(_logs: Logs): void | Promise<void> {}

  /** The model, or an error naming the callback when it runs outside `fit`. */
  protected requireModel(): Model {
    if (!this.model) {
      throw new StateError(`${this.constructor.name} runs inside model.fit(..., { callbacks: [...] }); it has no model yet.`);
    }
    return this.model;
  }
}

/** Whether `callback` overrides a per-batch hook (then `fit` must step batch by batch). */
export function wantsBatches(callback: Callback): boolean {
  return (
    callback.onTrainBatchBegin !== Callback.prototype.onTrainBatchBegin ||
    callback.onTrainBatchEnd !== Callback.prototype.onTrainBatchEnd
  );
}
