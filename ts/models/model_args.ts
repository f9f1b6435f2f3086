/** The options of `fit`, `evaluate`, `predict` and `summary`, and the checks of their numbers. */
import type { Callback } from '../callbacks/callback';
import { type CallbackInput, toCallbacks } from '../callbacks/user_callbacks';
import type { Verbosity } from '../callbacks/verbosity';
import { ValueError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';
import type { Tensor } from '../tensor';
import type { AbortSignalLike } from './cooperation';
import type { ModelData } from './model_data';

/**
 * Options of {@link Model.fit}, as Keras's `fit`.
 *
 * @example
 * ```ts
 * const args: FitArgs = { epochs: 20, batchSize: 512, validationSplit: 0.2, verbose: 0 };
 * await model.fit(x, y, args);
 * ```
 */
export interface FitArgs {
  /** Default 1. */
  epochs?: number;
  /** Default 32. The last batch of an epoch may be shorter. */
  batchSize?: number;
  /** Data to evaluate at the end of each epoch (`val_*` keys): `[x, y]` or `[x, y, sampleWeight]`. */
  validationData?: [ModelData, ModelData] | [ModelData, ModelData, Float32Array | Tensor | number[]];
  /** Fraction of the data, taken from the end before shuffling, to validate on (as Keras). */
  validationSplit?: number;
  /** Reshuffle the training samples every epoch. Default true. */
  shuffle?: boolean;
  /** 0 silent, 1 progress bar, 2 one line per epoch; `'auto'` (default) is 1. See `callbacks.ProgbarLogger`. */
  verbose?: Verbosity;
  /** Seed of the per-epoch shuffles (default: from `setRandomSeed`, else random). */
  seed?: number;
  /** Callbacks, or plain objects of hooks (`{ onEpochEnd }`, as TF.js), alone or in a list. */
  callbacks?: CallbackInput | CallbackInput[];
  /** Epoch to start from (when resuming). Default 0. */
  initialEpoch?: number;
  /** A weight per sample, scaling its loss (Keras: the loss sums wᵢ·lossᵢ and divides by the batch size). */
  sampleWeight?: Float32Array | Tensor | number[];
  /** A weight per class (`{ 0: 1, 1: 5 }`), turned into per-sample weights; single-output models. */
  classWeight?: Record<number, number>;
  /**
   * Cancels the fit when aborted: it rejects with an `AbortError` (code `ABORTED`) after the
   * engine call running then (about 50 ms at most); the model keeps the weights trained so far.
   */
  signal?: AbortSignalLike;
  /**
   * Stop as soon as the loss is NaN or infinite (the run diverged), restore the weights and
   * optimizer state of the last finite epoch, say so (a warning naming the epoch and batch) and
   * record it in `History.stopped`. Default true; false trains on regardless, as Keras does
   * without its `TerminateOnNaN` callback. Given `callbacks.terminateOnNaN()`, that callback
   * decides instead, as in Keras.
   */
  terminateOnNaN?: boolean;
}

/**
 * Options of {@link Model.evaluate}.
 *
 * @example
 * ```ts
 * const args: EvaluateArgs = { batchSize: 512, verbose: 0 };
 * await model.evaluate(xTest, yTest, args);
 * ```
 */
export interface EvaluateArgs {
  /** Default 32. */
  batchSize?: number;
  /** 0 silent, 1 a progress bar, 2 its closing line; `'auto'` (default) is 1. */
  verbose?: Verbosity;
  /** Their `onTestBegin`/`onTestEnd` run around the evaluation; plain objects of hooks are accepted as in `fit`. */
  callbacks?: CallbackInput | CallbackInput[];
  /** A weight per sample, as in `fit`. */
  sampleWeight?: Float32Array | Tensor | number[];
  /** Cancels the evaluation when aborted (an `AbortError`, code `ABORTED`), as in `fit`. */
  signal?: AbortSignalLike;
}

/**
 * Options of {@link Model.predict}.
 *
 * @example
 * ```ts
 * const args: PredictArgs = { batchSize: 512 };
 * await model.predict(xTest, args);
 * ```
 */
export interface PredictArgs {
  /** Default 32. */
  batchSize?: number;
  /** 0 silent, 1 a progress bar, 2 its closing line; `'auto'` (default) is 1, as in Keras. */
  verbose?: Verbosity;
  /** Cancels the prediction when aborted (an `AbortError`, code `ABORTED`), as in `fit`. */
  signal?: AbortSignalLike;
}

/**
 * Options of {@link Model.summary}.
 *
 * @example
 * ```ts
 * const args: SummaryArgs = { printFn: (text) => process.stdout.write(text) };
 * model.summary(args);
 * ```
 */
export interface SummaryArgs {
  /** Receives the summary text instead of `console.log`. */
  printFn?: (text: string) => void;
}

/**
 * The optimizer's state: its step count and its variables, in the engine's order.
 *
 * @example
 * ```ts
 * const state: OptimizerState = model.getOptimizerState();
 * state.iterations; // steps taken since compile
 * ```
 */
export interface OptimizerState {
  iterations: number;
  variables: Float32Array[];
}

/** The largest count the engine takes (a wasm32 `u32`); a larger one would wrap around. */
const MAX_COUNT = 2 ** 32 - 1;

/** `value` of `argument`, checked to be an integer in [`min`, 2³² − 1]. */
export function checkInteger(argument: string, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_COUNT) {
    throw new ValueError(`Argument \`${argument}\` must be an integer in [${min}, ${MAX_COUNT}]. Received: ${argument}=${echoValue(value)}`);
  }
  return value;
}

/** `value` of `argument`, checked to be a boolean (not a truthy string such as `'yes'`). */
export function checkBoolean(argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValueError(`Argument \`${argument}\` must be true or false. Received: ${argument}=${echoValue(value)}`);
  return value;
}

function echoValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const FIT_OPTIONS = optionNames<FitArgs>({
  epochs: true,
  batchSize: true,
  validationData: true,
  validationSplit: true,
  shuffle: true,
  verbose: true,
  seed: true,
  callbacks: true,
  initialEpoch: true,
  sampleWeight: true,
  classWeight: true,
  signal: true,
  terminateOnNaN: true,
});
const EVALUATE_OPTIONS = optionNames<EvaluateArgs>({ batchSize: true, verbose: true, callbacks: true, sampleWeight: true, signal: true });
const PREDICT_OPTIONS = optionNames<PredictArgs>({ batchSize: true, verbose: true, signal: true });
const SUMMARY_OPTIONS = optionNames<SummaryArgs>({ printFn: true });

/** {@link FitArgs} after {@link fitOptions}: its callbacks as Callback objects. */
export type CheckedFitArgs = Omit<FitArgs, 'callbacks'> & { callbacks: Callback[] };

/** {@link EvaluateArgs} after {@link evaluateOptions}: its callbacks as Callback objects. */
export type CheckedEvaluateArgs = Omit<EvaluateArgs, 'callbacks'> & { callbacks: Callback[] };

/** `fit`'s options, checked to hold only names it knows, its callbacks as objects. */
export function fitOptions(args: FitArgs | undefined): CheckedFitArgs {
  const options = checkOptions(args, FIT_OPTIONS, 'fit(x, y, options)');
  if (options.shuffle !== undefined) checkBoolean('shuffle', options.shuffle);
  if (options.terminateOnNaN !== undefined) checkBoolean('terminateOnNaN', options.terminateOnNaN);
  return { ...options, callbacks: toCallbacks(options.callbacks) };
}

/** `evaluate`'s options, checked to hold only names it knows, its callbacks as objects. */
export function evaluateOptions(args: EvaluateArgs | undefined): CheckedEvaluateArgs {
  const options = checkOptions(args, EVALUATE_OPTIONS, 'evaluate(x, y, options)');
  return { ...options, callbacks: toCallbacks(options.callbacks) };
}

/** `predict`'s options, checked to hold only names it knows. */
export function predictOptions(args: PredictArgs | undefined): PredictArgs {
  return checkOptions(args, PREDICT_OPTIONS, 'predict(x, options)');
}

/** `summary`'s options, checked to hold only names it knows. */
export function summaryOptions(args: SummaryArgs | undefined): SummaryArgs {
  return checkOptions(args, SUMMARY_OPTIONS, 'summary(options)');
}

