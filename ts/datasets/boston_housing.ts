import { readCsv } from '../io/csv';
import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { BOSTON_HOUSING_CSV } from './boston_housing_csv';
import { dataFiles, isNpz } from './data_files';
import { readKerasNpz, tensorOf } from './keras_npz';
import type { DatasetSplit } from './dataset_split';
import { NumpyRandomState } from './numpy_random_state';
import { ValueError } from '../errors';

/** Options of {@link loadData}. */
export interface BostonHousingOptions {
  /**
   * Keras's `boston_housing.npz` (a path ending in `.npz`), a directory holding
   * `boston_housing.csv`, or the CSV file itself; omitted, the copy embedded in kerasm (the same
   * 506 rows as Keras's file, so nothing is downloaded).
   */
  path?: string;
  /** Fraction of the rows held out as test data, in [0, 1) (default 0.2). */
  testSplit?: number;
  /** Seed of the shuffle (default 113, as Keras). */
  seed?: number;
}

const BOSTON_HOUSING_OPTIONS = optionNames<BostonHousingOptions>({ path: true, testSplit: true, seed: true });

/** The 13 feature columns, in order. */
export const FEATURE_NAMES = ['CRIM', 'ZN', 'INDUS', 'CHAS', 'NOX', 'RM', 'AGE', 'DIS', 'RAD', 'TAX', 'PTRATIO', 'B', 'LSTAT'] as const;

/**
 * The Boston housing regression data set (Harrison & Rubinfeld 1978): 506 Boston suburbs in the
 * 1970s, 13 features each, target MEDV, the median home value in k$ (capped at 50).
 *
 * The rows are shuffled with NumPy's `RandomState(seed)` algorithm and the first
 * `floor(506 × (1 − testSplit))` become the training set, exactly as Keras's
 * `boston_housing.load_data` does: with the defaults, the same 404 / 102 split and row order as
 * Keras (`yTrain` starts 15.2, 42.3, 50, 21.1, …). The data ship inside kerasm, so no `path` is
 * needed. Note that feature B encodes a racially based variable, which is why scikit-learn
 * dropped this data set; use it to learn regression mechanics, not to draw conclusions.
 *
 * Returns `[[xTrain, yTrain], [xTest, yTest]]`: float32 Tensors `[n, 13]` and `[n]`.
 *
 * @example
 * ```ts
 * const [[trainData, trainTargets], [testData, testTargets]] = datasets.bostonHousing.loadData();
 * trainData.shape; // [404, 13]
 * ```
 */
export function loadData(options: BostonHousingOptions = {}): DatasetSplit<Tensor<'float32'>, Tensor<'float32'>> {
  options = checkOptions(options, BOSTON_HOUSING_OPTIONS, 'datasets.bostonHousing.loadData(options)');
  const { path, testSplit = 0.2, seed = 113 } = options;
  if (typeof testSplit !== 'number' || !(testSplit >= 0 && testSplit < 1)) {
    throw new ValueError(`bostonHousing.loadData: \`testSplit\` must be a fraction in [0, 1). Received: testSplit=${testSplit}`);
  }
  if (isNpz(path)) return kerasBostonHousing(path, testSplit, seed);
  const source = path === undefined ? 'the embedded boston_housing.csv' : csvPath(path);
  const text = path === undefined ? BOSTON_HOUSING_CSV : new TextDecoder('utf-8').decode(dataFiles('bostonHousing.loadData').readBytes(source, 'the Boston housing CSV'));
  const table = readCsv(text);
  const expected = [...FEATURE_NAMES, 'MEDV'];
  if (table.columns.join(',') !== expected.join(',')) {
    throw new ValueError(`bostonHousing.loadData: ${source} must have the header ${expected.join(',')}. Received: ${table.columns.join(',')}`, 'CORRUPT_FILE');
  }
  const all = table.toTensor();
  const n = table.rows.length;
  if (n < 2) throw new ValueError(`bostonHousing.loadData: ${source} must hold at least 2 rows. Received: ${n} rows`, 'CORRUPT_FILE');
  const order = new NumpyRandomState(seed).permutation(n);
  const cut = Math.floor(n * (1 - testSplit));
  const part = (rows: Int32Array): [Tensor<'float32'>, Tensor<'float32'>] => {
    const x = new Float32Array(rows.length * 13);
    const y = new Float32Array(rows.length);
    rows.forEach((r, i) => {
      x.set(all.data.subarray(r * 14, r * 14 + 13), i * 13);
      y[i] = all.data[r * 14 + 13];
    });
    return [new Tensor(x, [rows.length, 13]), new Tensor(y, [rows.length])];
  };
  return [part(order.subarray(0, cut)), part(order.subarray(cut))];
}

function csvPath(path: string): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`bostonHousing.loadData: \`path\` must name a directory holding boston_housing.csv, or the file. Received: path=${String(path)}`);
  }
  const files = dataFiles('bostonHousing.loadData');
  return path.toLowerCase().endsWith('.csv') || files.isFile(path) ? path : files.joinPath(path, 'boston_housing.csv');
}

/** Keras 3's `boston_housing.load_data` on its `boston_housing.npz`: arrays `x` [n, 13] and `y` [n], shuffled, then cut. */
function kerasBostonHousing(file: string, testSplit: number, seed: number): DatasetSplit<Tensor<'float32'>, Tensor<'float32'>> {
  const arrays = readKerasNpz(dataFiles('bostonHousing.loadData').readBytes(file, "Keras's boston_housing.npz"), file);
  const x = tensorOf(arrays, 'x', file);
  const y = tensorOf(arrays, 'y', file);
  const n = y.shape[0];
  if (x.dtype !== 'float32' || y.dtype !== 'float32' || x.shape.length !== 2 || x.shape[0] !== n || x.shape[1] !== 13 || y.shape.length !== 1) {
    throw new ValueError(`bostonHousing.loadData: ${file} must hold float arrays x [n, 13] and y [n], as Keras's file does. Received: x [${x.shape.join(', ')}], y [${y.shape.join(', ')}]`, 'CORRUPT_FILE');
  }
  const order = new NumpyRandomState(seed).permutation(n);
  const cut = Math.floor(n * (1 - testSplit));
  const part = (rows: Int32Array): [Tensor<'float32'>, Tensor<'float32'>] => {
    const xs = new Float32Array(rows.length * 13);
    rows.forEach((r, i) => xs.set(x.data.subarray(r * 13, r * 13 + 13) as Float32Array, i * 13));
    return [new Tensor(xs, [rows.length, 13]), new Tensor(Float32Array.from(rows, (r) => y.data[r]), [rows.length])];
  };
  return [part(order.subarray(0, cut)), part(order.subarray(cut))];
}
