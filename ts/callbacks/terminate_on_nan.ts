/**
 * TerminateOnNaN: stops training at the first batch whose loss is NaN or infinite, as
 * `keras.callbacks.TerminateOnNaN`, and puts back the weights of the last finite epoch (Keras
 * keeps the NaN ones, which nothing can use). `fit` stops on a non-finite loss by default (its
 * `terminateOnNaN` option); given this callback, `fit` leaves it to the callback, as Keras code
 * expects: the epoch ends (its logs hold the NaN) and `raiseError` throws.
 */
import { StateError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';
import { Callback, type Logs } from './callback';
import { type FiniteCopy, finiteCopy, restoreCopy } from './finite_weights';

/** Options of {@link terminateOnNaN}. */
export interface TerminateOnNaNArgs {
  /** Throw at once instead of ending `fit` gracefully (skipping `onTrainEnd`). Default false. */
  raiseError?: boolean;
}

const TERMINATE_ON_NAN_OPTIONS = optionNames<TerminateOnNaNArgs>({ raiseError: true });

/**
 * The callback behind {@link terminateOnNaN}.
 *
 * @example
 * ```ts
 * const guard = new callbacks.TerminateOnNaN();
 * ```
 */
export class TerminateOnNaN extends Callback {
  readonly raiseError: boolean;
  /** The last finite weights and optimizer state, from the end of an epoch or the start of training. */
  private kept?: FiniteCopy;

  constructor(args: TerminateOnNaNArgs = {}) {
    super();
    args = checkOptions(args, TERMINATE_ON_NAN_OPTIONS, 'callbacks.terminateOnNaN(options)');
    this.raiseError = args.raiseError ?? false;
  }

  override onTrainBegin(_logs: Logs = {}): void {
    this.kept = finiteCopy(this.requireModel(), undefined);
  }

  override onEpochEnd(epoch: number): void {
    this.kept = finiteCopy(this.requireModel(), epoch) ?? this.kept;
  }

  override onTrainBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    const model = this.requireModel();
    if (this.kept) restoreCopy(model, this.kept);
    const restored = !this.kept ? '' : this.kept.epoch === undefined ? 'Restored the weights from before training.' : `Restored the weights from the end of epoch ${this.kept.epoch + 1}.`;
    if (this.raiseError) {
      throw new StateError(`NaN or Inf loss encountered at batch ${batch}. Loss value: ${loss}. Terminating training immediately. ${restored}`.trimEnd(), 'NON_FINITE');
    }
    console.log(`Batch ${batch}: Invalid loss, terminating training`);
    if (restored) console.log(restored);
    model.stopTraining = true;
  }
}

/**
 * Ends training after the first batch whose loss is NaN or ±Infinity, as
 * `keras.callbacks.TerminateOnNaN`. It checks every batch, so `fit` steps batch by batch.
 *
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [callbacks.terminateOnNaN()] });
 * ```
 */
export function terminateOnNaN(args: TerminateOnNaNArgs = {}): TerminateOnNaN {
  return new TerminateOnNaN(args);
}
