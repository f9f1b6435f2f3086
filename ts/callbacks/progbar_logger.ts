/** Keras's `ProgbarLogger`: the progress `fit`, `evaluate` and `predict` print for `verbose` 1 and 2. */
import { checkOptions, optionNames } from '../utils/options';
import { defaultProgressStream, Progbar, type ProgressStream } from '../utils/progbar';
import { Callback, type Logs, type TrainingParams } from './callback';

/** Options of {@link ProgbarLogger}. */
export interface ProgbarLoggerArgs {
  /** Where to write (default `process.stdout`); a terminal when its `isTTY` is true. */
  stream?: ProgressStream;
}

const PROGBAR_LOGGER_OPTIONS = optionNames<ProgbarLoggerArgs>({ stream: true });

/**
 * Prints progress as Keras 3 does: with `verbose` 1 an `Epoch 3/20` line (when there are several
 * epochs) and a bar per epoch with the ETA, closed by the elapsed time, the time per step and the
 * values (`32/32 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - acc: 0.8901 - loss: 0.3101`); with 2 only
 * the closing lines (`32/32 - 0s - 2ms/step - acc: …`), which is also what 1 prints when the
 * stream is not a terminal. `evaluate` and `predict` print one bar each; validation inside `fit`
 * prints none. Values are sorted by name, as Keras sorts its logs.
 *
 * `fit`, `evaluate` and `predict` add one for `verbose` 1 and 2 unless `callbacks` holds one; pass
 * your own to choose the stream.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * await model.fit(x, y, { epochs: 2, callbacks: [new callbacks.ProgbarLogger({ stream: { write: (t) => lines.push(t) } })] });
 * ```
 */
export class ProgbarLogger extends Callback {
  private readonly stream: ProgressStream;
  private progbar?: Progbar;
  private verbose: 0 | 1 | 2 = 1;
  private epochs = 1;
  private target: number | null = null;
  private seen = 0;
  private calledInFit = false;

  constructor(args: ProgbarLoggerArgs = {}) {
    super();
    args = checkOptions(args, PROGBAR_LOGGER_OPTIONS, 'callbacks.ProgbarLogger(options)');
    this.stream = args.stream ?? defaultProgressStream();
  }

  override setParams(params: TrainingParams): void {
    super.setParams(params);
    this.verbose = params.verbose as 0 | 1 | 2;
    this.epochs = params.epochs;
    this.target = params.steps;
  }

  /** Whether progress within an epoch is drawn (verbose 1 on a terminal), so worth reporting often. */
  get redraws(): boolean {
    return this.verbose === 1 && this.stream.isTTY === true;
  }

  override onTrainBegin(): void {
    // Inside fit, the validation at the end of each epoch prints no bar of its own.
    this.calledInFit = true;
  }

  override onTestBegin(): void {
    if (!this.calledInFit) this.reset();
  }

  /** Before `predict`'s first batch. */
  onPredictBegin(): void {
    this.reset();
  }

  override onEpochBegin(epoch: number): void {
    this.reset();
    if (this.verbose && this.epochs > 1) this.stream.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  /**
   * `done` batches of the current epoch, evaluation or prediction have run; `logs` are the running
   * values. Called after each engine call, in place of Keras's per-batch hooks (which would make
   * `fit` step batch by batch).
   */
  progress(done: number, logs: Logs): void {
    this.seen = done;
    // Off a terminal only the closing line is printed, timed as verbose 2 times it.
    if (this.redraws) this.bar().update(done, sortedEntries(logs), false);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    this.finalize(logs);
  }

  override onTestEnd(logs: Logs): void {
    if (!this.calledInFit) this.finalize(logs);
  }

  /** After `predict`'s last batch. */
  onPredictEnd(): void {
    this.finalize({});
  }

  /** A new bar, its clock started now (the start of the epoch, evaluation or prediction). */
  private reset(): void {
    this.seen = 0;
    this.progbar = undefined;
    this.bar();
  }

  private bar(): Progbar {
    // The logs are running means already (the engine's metrics), so none is averaged again.
    this.progbar ??= new Progbar(this.target, { verbose: this.verbose, unitName: 'step', statelessMetrics: [], stream: this.stream });
    return this.progbar;
  }

  private finalize(logs: Logs): void {
    const bar = this.bar();
    if (this.target === null) bar.target = this.target = this.seen;
    bar.update(this.target, sortedEntries(logs), true);
  }
}

/** Keras sorts the logs it hands to callbacks (`pythonify_logs`); the bar shows them in that order. */
function sortedEntries(logs: Logs): [string, number][] {
  return Object.entries(logs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
