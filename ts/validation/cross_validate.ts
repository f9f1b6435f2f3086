import type { History } from '../callbacks/history';
import { ValueError } from '../errors';
import { Model, type FitArgs } from '../models/model';
import { checkSampleWeight, type ModelData } from '../models/model_data';
import { SparseTensor } from '../sparse_tensor';
import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import type { Fold } from './fold';
import { iteratedKFold } from './iterated_k_fold';
import { kFold } from './k_fold';
import { take } from './take';

/** One array {@link crossValidate} cuts by rows: a Tensor, a SparseTensor or nested number arrays. */
type RowData = Tensor | SparseTensor | readonly unknown[];

/**
 * The data {@link crossValidate} splits by rows: a Tensor, a SparseTensor (e.g. from
 * `vectorizeSequences(..., { sparse: true })`) or nested number arrays (one row per sample), or,
 * for a model with several inputs or outputs, a list or a record of them.
 */
export type CrossValidationData = RowData | Readonly<Record<string, RowData>>;

/** What `fit` receives from {@link crossValidate}'s `fitOptions`: everything but the split. */
export type CrossValidationFitOptions = Omit<FitArgs, 'epochs' | 'batchSize' | 'verbose' | 'validationData' | 'validationSplit'>;

const CROSS_VALIDATION_FIT_OPTIONS = optionNames<CrossValidationFitOptions>({
  shuffle: true,
  seed: true,
  callbacks: true,
  initialEpoch: true,
  sampleWeight: true,
  classWeight: true,
  signal: true,
  terminateOnNaN: true,
});

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Number of folds (default 4, the notes'). */
  k?: number;
  /** Run the K-fold this many times on fresh shuffles: iterated K-fold (default 1). */
  repeats?: number;
  /** Shuffle before cutting the folds (default true; `false` keeps ordered data in order, one repetition only). */
  shuffle?: boolean;
  /** Seed of the shuffles; omitted, drawn from the package-wide source (`setRandomSeed`). */
  seed?: number;
  /** Epochs per fold (default 1, as `fit`). */
  epochs?: number;
  /** Batch size of `fit` and `evaluate` (default 32). */
  batchSize?: number;
  /** 0 silent (default); 1 or 2 are passed to `fit`, and a line per fold gives its scores. */
  verbose?: 0 | 1 | 2;
  /**
   * More arguments for every fold's `fit` (callbacks, classWeight, seed, ...). A `sampleWeight`
   * holds one weight per row of `x`: each fold trains with its training rows' weights and is
   * validated and scored with its validation rows' weights.
   */
  fitOptions?: CrossValidationFitOptions;
}

const CROSS_VALIDATE_OPTIONS = optionNames<CrossValidateOptions>({ k: true, repeats: true, shuffle: true, seed: true, epochs: true, batchSize: true, verbose: true, fitOptions: true });

/** One fold of a {@link crossValidate} run. */
export interface CrossValidationFold {
  /** The rows trained on and the rows validated on (indices into `x` and `y`). */
  train: Int32Array;
  validation: Int32Array;
  /** The fold's `fit` history: training and `val_` values per epoch. */
  history: History;
  /** `evaluate` on the fold's validation rows after training, keyed by metric (`loss`, `mae`, ...). */
  scores: Record<string, number>;
}

/** What {@link crossValidate} returns. */
export interface CrossValidationResult {
  folds: CrossValidationFold[];
  /** Mean of each score over the folds, keyed as `scores`. */
  mean: Record<string, number>;
  /** Population standard deviation (divided by the number of folds, as NumPy's `std`) of each score. */
  std: Record<string, number>;
  /**
   * `meanCurve[key][epoch]`: the per-epoch history values averaged over the folds, for every key
   * of the histories: the validation curves `val_loss`, `val_mae`, ... (what the notes plot), and
   * the training curves `loss`, `mae`, ... Epoch `e` averages the folds that ran it (all of them,
   * unless a callback such as early stopping ended some folds sooner).
   */
  meanCurve: Record<string, number[]>;
}

/**
 * K-fold cross-validation of a model, the loop the notes write by hand for Boston housing: for
 * each fold a fresh model from `buildModel()` is trained on the other folds with
 * `fit(xTrain, yTrain, { epochs, batchSize, validationData: [xVal, yVal], ...fitOptions })`,
 * scored with `evaluate` on its validation fold, then disposed, so the engine's memory stays
 * flat however many folds run.
 *
 * The folds are {@link kFold}'s (`repeats: 1`) or {@link iteratedKFold}'s (`repeats > 1`, a new
 * shuffle per repetition, `repeats × k` folds) for the same `k`, `shuffle` and `seed`: equal
 * validation slices of `floor(n / k)` rows, the remainder always training.
 *
 * `buildModel` must return a new compiled model (or a promise of one) on every call. Weight
 * initialisation and `fit`'s shuffles draw from the package-wide seed source unless the model or
 * `fitOptions.seed` has its own seed, so `setRandomSeed(s)` before the call repeats a run exactly.
 *
 * @example
 * ```ts
 * const result = await validation.crossValidate(buildModel, xTrain, yTrain, { k: 4, epochs: 100, batchSize: 16, seed: 0 });
 * result.mean.mae;              // mean validation MAE over the 4 folds
 * result.meanCurve.val_mae;     // one value per epoch, the curve the notes plot
 * plotCrossValidation(result, { skipFirst: 10, file: 'boston-mae.png' });
 * ```
 */
export async function crossValidate(
  buildModel: () => Model | Promise<Model>,
  x: CrossValidationData,
  y: CrossValidationData,
  options: CrossValidateOptions = {},
): Promise<CrossValidationResult> {
  options = checkOptions(options, CROSS_VALIDATE_OPTIONS, 'validation.crossValidate(buildModel, x, y, options)');
  if (typeof buildModel !== 'function') {
    throw new ValueError(`crossValidate: \`buildModel\` must be a function that returns a new compiled model. Received: buildModel=${describe(buildModel)}`);
  }
  const { k = 4, repeats = 1, shuffle = true, seed, epochs, batchSize, verbose = 0 } = options;
  // epochs, batchSize, verbose and the validation data are crossValidate's own: in fitOptions they would be overridden.
  const fitOptions = checkOptions(options.fitOptions, CROSS_VALIDATION_FIT_OPTIONS, 'validation.crossValidate options.fitOptions (epochs, batchSize and verbose go in the options themselves)');
  const n = sampleCount(x, 'x');
  const ny = sampleCount(y, 'y');
  if (n !== ny) {
    throw new ValueError(`crossValidate: \`x\` and \`y\` must hold the same number of samples. Received: x with ${n} samples and y with ${ny}`);
  }
  if (!Number.isInteger(k) || k < 2) {
    throw new ValueError(`crossValidate: \`k\` must be an integer of at least 2 (the number of folds). Received: k=${k}`);
  }
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new ValueError(`crossValidate: \`repeats\` must be a positive integer. Received: repeats=${repeats}`);
  }
  if (repeats > 1 && !shuffle) {
    throw new ValueError(`crossValidate: iterated K-fold (repeats > 1) reshuffles the data for every repetition, so it needs \`shuffle: true\`; without shuffling every repetition would repeat the same folds. Received: repeats=${repeats}, shuffle=false`);
  }
  if (![0, 1, 2].includes(verbose)) {
    throw new ValueError(`crossValidate: \`verbose\` must be 0, 1 or 2. Received: verbose=${verbose}`);
  }
  const weights = fitOptions.sampleWeight === undefined ? undefined : checkSampleWeight(fitOptions.sampleWeight, n);
  const splits: Fold[] = repeats === 1 ? kFold(n, { k, shuffle, seed }) : iteratedKFold(n, { k, repeats, seed });

  const folds: CrossValidationFold[] = [];
  for (const [i, split] of splits.entries()) {
    const model = await buildModel();
    try {
      checkModel(model, i);
      const xTrain = takeRows(x, split.train);
      const yTrain = takeRows(y, split.train);
      const xVal = takeRows(x, split.validation);
      const yVal = takeRows(y, split.validation);
      const wVal = weights && pick(weights, split.validation);
      const history = await model.fit(xTrain, yTrain, {
        ...fitOptions,
        sampleWeight: weights && pick(weights, split.train),
        epochs,
        batchSize,
        verbose,
        validationData: wVal ? [xVal, yVal, wVal] : [xVal, yVal],
      });
      const results = await model.evaluate(xVal, yVal, { batchSize, verbose: 0, sampleWeight: wVal });
      const values = typeof results === 'number' ? [results] : results;
      const scores = Object.fromEntries(model.metricsNames.map((name, j) => [name, values[j]]));
      folds.push({ train: split.train, validation: split.validation, history, scores });
      if (verbose > 0) {
        const line = Object.entries(scores).map(([name, v]) => `${name}: ${v.toFixed(4)}`).join(' - ');
        console.log(`Fold ${i + 1}/${splits.length} - ${line}`);
      }
    } finally {
      // Disposed before the next fold is built: its weights, optimizer state and engine buffers
      // go back to the engine's allocator, which the next fold's model then reuses.
      if (model instanceof Model) model.dispose();
    }
  }
  const scoreNames = Object.keys(folds[0].scores);
  const mean = Object.fromEntries(scoreNames.map((name) => [name, average(folds.map((f) => f.scores[name]))]));
  const std = Object.fromEntries(
    scoreNames.map((name) => [name, Math.sqrt(average(folds.map((f) => (f.scores[name] - mean[name]) ** 2)))]),
  );
  return { folds, mean, std, meanCurve: meanCurves(folds.map((f) => f.history.history)) };
}

function checkModel(model: unknown, fold: number): asserts model is Model {
  if (!(model instanceof Model)) {
    throw new ValueError(`crossValidate: \`buildModel\` must return a kerasm Model (e.g. a compiled Sequential). Received: ${describe(model)} for fold ${fold + 1}`);
  }
  if (!model.isCompiled) {
    throw new ValueError(`crossValidate: \`buildModel\` must return a new compiled model on every call; call model.compile({ optimizer, loss, metrics }) before returning it. Received: an uncompiled (or already disposed) model '${model.name}' for fold ${fold + 1}`);
  }
}

/** Per key, the mean over the histories of each epoch's value; an epoch averages the histories that reached it. */
function meanCurves(histories: Record<string, number[]>[]): Record<string, number[]> {
  const curves: Record<string, number[]> = {};
  const keys = new Set(histories.flatMap((h) => Object.keys(h)));
  for (const key of keys) {
    const sums: number[] = [];
    const counts: number[] = [];
    for (const h of histories) {
      (h[key] ?? []).forEach((v, epoch) => {
        sums[epoch] = (sums[epoch] ?? 0) + v;
        counts[epoch] = (counts[epoch] ?? 0) + 1;
      });
    }
    curves[key] = sums.map((s, epoch) => s / counts[epoch]);
  }
  return curves;
}

function average(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function isArrayData(value: unknown): value is Tensor | SparseTensor {
  return value instanceof Tensor || value instanceof SparseTensor;
}

function isRowArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && (value.length === 0 || !value.every(isArrayData));
}

/** The parts of `data` that are split by rows: itself, or each array of a list or record. */
function parts(data: CrossValidationData, argument: string): [string, RowData][] {
  if (isArrayData(data) || isRowArray(data)) return [[argument, data]];
  if (Array.isArray(data)) return data.map((t, i) => [`${argument}[${i}]`, t as Tensor | SparseTensor]);
  if (data !== null && typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([, v]) => isArrayData(v) || Array.isArray(v))) {
      return entries.map(([name, v]) => [`${argument}['${name}']`, v as RowData]);
    }
  }
  throw new ValueError(`crossValidate: \`${argument}\` must be a Tensor, a SparseTensor, nested arrays with one row per sample, or a list or record of them (one per model ${argument === 'x' ? 'input' : 'output'}). Received: ${argument}=${describe(data)}`);
}

function rowsOf(part: RowData, label: string): number {
  const rows = isArrayData(part) ? (part.shape.length > 0 ? part.shape[0] : 0) : part.length;
  if (rows < 1) {
    throw new ValueError(`crossValidate: \`${label}\` must hold at least one sample, with samples along its first axis. Received: ${label} with ${rows} rows`);
  }
  return rows;
}

function sampleCount(data: CrossValidationData, argument: string): number {
  const counted = parts(data, argument).map(([label, part]) => [label, rowsOf(part, label)] as const);
  const mismatch = counted.find(([, rows]) => rows !== counted[0][1]);
  if (mismatch) {
    throw new ValueError(`crossValidate: every array of \`${argument}\` must hold the same number of samples. Received: ${counted.map(([l, r]) => `${l} with ${r}`).join(', ')}`);
  }
  return counted[0][1];
}

/** `data` with only the rows at `indices`, in the same form (Tensor, rows, list or record). */
function takeRows(data: CrossValidationData, indices: Int32Array): ModelData {
  const pick = (part: RowData): Tensor | SparseTensor | unknown[] =>
    part instanceof Tensor ? take(part, indices) : part instanceof SparseTensor ? take(part, indices) : take(part, indices);
  if (isArrayData(data) || isRowArray(data)) return pick(data) as ModelData;
  if (Array.isArray(data)) return data.map((t) => pick(t as RowData)) as ModelData;
  return Object.fromEntries(Object.entries(data as Record<string, RowData>).map(([name, v]) => [name, pick(v)])) as ModelData;
}

function pick(weights: Float32Array, indices: Int32Array): Float32Array {
  return Float32Array.from(indices, (i) => weights[i]);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
