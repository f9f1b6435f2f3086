/** TerminateOnNaN: stops training at the first batch whose loss is NaN or infinite, as `keras.callbacks.TerminateOnNaN`. */
import { StateError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';
import { Callback, type Logs } from './callback';

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

  constructor(args: TerminateOnNaNArgs = {}) {
    super();
    args = checkOptions(args, TERMINATE_ON_NAN_OPTIONS, 'callbacks.terminateOnNaN(options)');
    this.raiseError = args.raiseError ?? false;
  }

  override onTrainBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    if (this.raiseError) {
      throw new StateError(`NaN or Inf loss encountered at batch ${batch}. Loss value: ${loss}. Terminating training immediately.`, 'NON_FINITE');
    }
    console.log(`Batch ${batch}: Invalid loss, terminating training`);
    this.requireModel().stopTraining = true;
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
