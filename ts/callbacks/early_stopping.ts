/** EarlyStopping: ends `fit` when a monitored metric stops improving, as `keras.callbacks.EarlyStopping`. */
import type { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { Callback, type Logs } from './callback';
import { finiteWeights } from './finite_weights';
import { checkMode, checkNumber, isImprovement, type MonitorMode, monitorValue, resolveDirection } from './monitor';

/** Options of {@link earlyStopping}, with Keras's defaults. */
export interface EarlyStoppingArgs {
  /** Default `'val_loss'`. */
  monitor?: string;
  /** A change smaller than this (in absolute value) is no improvement. Default 0. */
  minDelta?: number;
  /** Epochs with no improvement after which training stops. Default 0. */
  patience?: number;
  /** 0 silent, 1 says when it stops or restores. Default 0. */
  verbose?: 0 | 1;
  /** Default `'auto'`: from the metric's name. */
  mode?: MonitorMode;
  /** Training stops unless the monitored value beats this within `patience` epochs. */
  baseline?: number;
  /** At the end of training, restore the weights of the best epoch (never weights holding NaN or ±Infinity). Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring (a warm-up). Default 0. */
  startFromEpoch?: number;
}

const EARLY_STOPPING_OPTIONS = optionNames<EarlyStoppingArgs>({ monitor: true, minDelta: true, patience: true, verbose: true, mode: true, baseline: true, restoreBestWeights: true, startFromEpoch: true });

/**
 * The callback behind {@link earlyStopping}; `stoppedEpoch`, `best` and `bestEpoch` say what happened.
 *
 * @example
 * ```ts
 * const stop = new callbacks.EarlyStopping({ patience: 2 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [stop] });
 * stop.stoppedEpoch;
 * ```
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: MonitorMode;
  readonly baseline?: number;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch (0-based) training stopped after, or 0 when it ran to the end. */
  stoppedEpoch = 0;
  /** The best monitored value so far. */
  best = Infinity;
  /** The epoch (0-based) of `best`. */
  bestEpoch = 0;
  private bestWeights?: Tensor<'float32'>[];
  private direction?: 'min' | 'max';

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    args = checkOptions(args, EARLY_STOPPING_OPTIONS, 'callbacks.earlyStopping(options)');
    const owner = 'EarlyStopping';
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(checkNumber(owner, 'minDelta', args.minDelta ?? 0));
    this.patience = checkNumber(owner, 'patience', args.patience ?? 0, 0, true);
    this.verbose = args.verbose ?? 0;
    this.mode = checkMode(owner, args.mode ?? 'auto');
    this.baseline = args.baseline === undefined ? undefined : checkNumber(owner, 'baseline', args.baseline);
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = checkNumber(owner, 'startFromEpoch', args.startFromEpoch ?? 0, 0, true);
  }

  override onTrainBegin(_logs: Logs = {}): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = undefined;
    this.bestEpoch = 0;
    this.direction = undefined;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.direction) {
      this.direction = resolveDirection('EarlyStopping', this.monitor, this.mode);
      this.best = this.direction === 'min' ? Infinity : -Infinity;
    }
    const current = monitorValue('Early stopping', this.monitor, logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    const model = this.requireModel();
    if (this.restoreBestWeights && !this.bestWeights) {
      // Until something improves, the first monitored (finite) weights are the best.
      this.bestWeights = finiteWeights(model);
      if (this.bestWeights) this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (isImprovement(this.direction, current, this.best, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      // Weights that are not finite are never the best (a diverged epoch can still score).
      if (this.restoreBestWeights) this.bestWeights = finiteWeights(model) ?? this.bestWeights;
      // Patience restarts only when both the previous best and the baseline are beaten.
      if (this.baseline === undefined || isImprovement(this.direction, current, this.baseline, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(_logs: Logs = {}): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.requireModel().setWeights(this.bestWeights);
    }
  }
}

/**
 * Stops training when `monitor` has not improved for `patience` epochs, as
 * `keras.callbacks.EarlyStopping`.
 *
 * @example
 * ```ts
 * // The notes' "stop at epoch 3": stop once val_loss stops improving, keep the best weights.
 * const stop = callbacks.earlyStopping({ monitor: 'val_loss', patience: 1, restoreBestWeights: true });
 * await model.fit(xTrain, yTrain, { epochs: 20, validationData: [xVal, yVal], callbacks: [stop] });
 * ```
 */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
