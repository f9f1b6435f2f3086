/** ReduceLROnPlateau: lowers the learning rate when a metric stalls, as `keras.callbacks.ReduceLROnPlateau`. */
import { ValueError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';
import { Callback, type Logs } from './callback';
import { checkMode, checkNumber, type MonitorMode, monitorValue } from './monitor';

/** Options of {@link reduceLROnPlateau}, with Keras's defaults. */
export interface ReduceLROnPlateauArgs {
  /** Default `'val_loss'`. */
  monitor?: string;
  /** `newLr = lr * factor`, in (0, 1). Default 0.1. */
  factor?: number;
  /** Epochs with no improvement after which the rate is reduced. Default 10. */
  patience?: number;
  /** 0 silent, 1 says when it reduces. Default 0. */
  verbose?: 0 | 1;
  /** Default `'auto'`: max for names containing "acc", else min (Keras's rule for this callback). */
  mode?: MonitorMode;
  /** Improvements smaller than this do not count. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** The rate never goes below this. Default 0. */
  minLr?: number;
}

const REDUCE_LR_OPTIONS = optionNames<ReduceLROnPlateauArgs>({ monitor: true, factor: true, patience: true, verbose: true, mode: true, minDelta: true, cooldown: true, minLr: true });

/**
 * The callback behind {@link reduceLROnPlateau}.
 *
 * @example
 * ```ts
 * const reduce = new callbacks.ReduceLROnPlateau({ factor: 0.5, patience: 3 });
 * ```
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: MonitorMode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    args = checkOptions(args, REDUCE_LR_OPTIONS, 'callbacks.reduceLROnPlateau(options)');
    const owner = 'ReduceLROnPlateau';
    this.monitor = args.monitor ?? 'val_loss';
    const factor = args.factor ?? 0.1;
    if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
      throw new ValueError(`ReduceLROnPlateau needs a factor in (0, 1): new_lr = lr * factor. Received: factor=${String(factor)}`);
    }
    this.factor = factor;
    this.patience = checkNumber(owner, 'patience', args.patience ?? 10, 0, true);
    this.verbose = args.verbose ?? 0;
    this.mode = checkMode(owner, args.mode ?? 'auto');
    this.minDelta = checkNumber(owner, 'minDelta', args.minDelta ?? 1e-4);
    this.cooldown = checkNumber(owner, 'cooldown', args.cooldown ?? 0, 0, true);
    this.minLr = checkNumber(owner, 'minLr', args.minLr ?? 0, 0);
    this.reset();
  }

  /** Lower is better unless mode is max, or auto with "acc" in the name. */
  private get maximizes(): boolean {
    return this.mode === 'max' || (this.mode === 'auto' && this.monitor.includes('acc'));
  }

  private reset(): void {
    this.best = this.maximizes ? -Infinity : Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override onTrainBegin(_logs: Logs = {}): void {
    this.reset();
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const model = this.requireModel();
    logs.learning_rate = model.learningRate;
    const current = monitorValue('Learning rate reduction', this.monitor, logs);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    const improved = this.maximizes ? current > this.best + this.minDelta : current < this.best - this.minDelta;
    if (improved) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    const oldLr = model.learningRate;
    // Keras compares with the float32 minimum, as the optimizer stores the rate in float32.
    if (oldLr > Math.fround(this.minLr)) {
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      model.learningRate = newLr;
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }
}

/**
 * Multiplies the learning rate by `factor` once `monitor` has not improved for `patience`
 * epochs, as `keras.callbacks.ReduceLROnPlateau`. Adds `learning_rate` to each epoch's logs.
 *
 * @example
 * ```ts
 * const reduceLr = callbacks.reduceLROnPlateau({ monitor: 'val_loss', factor: 0.2, patience: 5, minLr: 0.001 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [reduceLr] });
 * ```
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(args);
}
