/** ModelCheckpoint: saves the model (or its weights) after epochs, as `keras.callbacks.ModelCheckpoint` (Node). */
import { KerasmError, ValueError } from '../errors';
import { hostFiles } from '../hosts/host';
import { checkOptions, optionNames } from '../utils/options';
import { Callback, type Logs } from './callback';
import { checkMode, isImprovement, type MonitorMode, resolveDirection } from './monitor';
import { formatTemplate } from './python_format';

/** Options of {@link modelCheckpoint}. */
export interface ModelCheckpointArgs {
  /**
   * Where to save: `*.kerasm` (the whole model) or `*.weights.kerasm` (weights only). May hold
   * `{epoch}` (1-based) and any log key, with Python format specs: `'ckpt/{epoch:02d}-{val_loss:.2f}.kerasm'`.
   */
  filepath: string;
  /** Default `'val_loss'`. */
  monitor?: string;
  /** 0 silent, 1 says when it saves. Default 0. */
  verbose?: 0 | 1;
  /** Save only when `monitor` improves on the best so far. Default false. */
  saveBestOnly?: boolean;
  /** Save only the weights (and optimizer state). Default false. */
  saveWeightsOnly?: boolean;
  /** Default `'auto'`: from the metric's name. */
  mode?: MonitorMode;
  /** The best value to beat at first (with `saveBestOnly`). */
  initialValueThreshold?: number;
}

const MODEL_CHECKPOINT_OPTIONS = optionNames<ModelCheckpointArgs>({ filepath: true, monitor: true, verbose: true, saveBestOnly: true, saveWeightsOnly: true, mode: true, initialValueThreshold: true });

/**
 * The callback behind {@link modelCheckpoint}.
 *
 * @example
 * ```ts
 * const checkpoint = new callbacks.ModelCheckpoint({ filepath: 'best.kerasm', saveBestOnly: true });
 * ```
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: MonitorMode;
  /** The best monitored value so far (with `saveBestOnly`). */
  best?: number;
  private direction?: 'min' | 'max';

  constructor(args: ModelCheckpointArgs) {
    super();
    args = checkOptions(args, MODEL_CHECKPOINT_OPTIONS, 'callbacks.modelCheckpoint(options)');
    const filepath = args?.filepath;
    const saveWeightsOnly = args?.saveWeightsOnly ?? false;
    if (typeof filepath !== 'string') {
      throw new ValueError(`ModelCheckpoint needs a filepath. Received: filepath=${JSON.stringify(filepath)}`);
    }
    if (saveWeightsOnly ? !filepath.endsWith('.weights.kerasm') : !filepath.endsWith('.kerasm') || filepath.endsWith('.weights.kerasm')) {
      throw new ValueError(
        saveWeightsOnly
          ? `When using saveWeightsOnly in ModelCheckpoint, the filepath must end in \`.weights.kerasm\` (kerasm's weights format). Received: filepath=${filepath}`
          : `The filepath provided must end in \`.kerasm\` (kerasm's model format; use saveWeightsOnly for \`.weights.kerasm\`). Received: filepath=${filepath}`,
      );
    }
    // Refused now rather than after the first epoch's training.
    hostFiles('callbacks.modelCheckpoint', 'keep the best model from a callback of your own with model.saveToBuffers()');
    this.filepath = filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.verbose = args.verbose ?? 0;
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = saveWeightsOnly;
    this.mode = checkMode('ModelCheckpoint', args.mode ?? 'auto');
    this.best = args.initialValueThreshold;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.direction ??= resolveDirection('ModelCheckpoint', this.monitor, this.mode);
    const path = formatTemplate(this.filepath, { ...logs, epoch: epoch + 1 });
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`Can save best model only with ${this.monitor} available.`);
      } else if (Number.isFinite(current) && (this.best === undefined || isImprovement(this.direction, current, this.best, 0))) {
        if (this.verbose > 0) {
          console.log(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${this.best === undefined ? 'None' : this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${path}`);
        }
        this.best = current;
      } else {
        if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best === undefined ? 'None' : this.best.toFixed(5)}`);
        return;
      }
    } else if (this.verbose > 0) {
      console.log(`\nEpoch ${epoch + 1}: saving model to ${path}`);
    }
    const model = this.requireModel();
    try {
      if (this.saveWeightsOnly) model.saveWeights(path);
      else model.save(path);
    } catch (err) {
      // A diverged model (fit({ terminateOnNaN: false })) is not written, and does not end the fit.
      if (!(err instanceof KerasmError && err.code === 'NON_FINITE')) throw err;
      console.warn(`Epoch ${epoch + 1}: not saving the model to ${path}: its weights are not finite (training diverged); the file is left as it was.`);
    }
  }
}

/**
 * Saves the model (or its weights) at the end of each epoch, or only when `monitor` improves,
 * as `keras.callbacks.ModelCheckpoint`.
 *
 * @example
 * ```ts
 * const checkpoint = callbacks.modelCheckpoint({ filepath: 'best.kerasm', monitor: 'val_loss', saveBestOnly: true });
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [checkpoint] });
 * const best = loadModel('best.kerasm');
 * ```
 */
export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
