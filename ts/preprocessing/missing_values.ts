import { Tensor } from '../tensor';
import { featureMatrix, type MatrixLike } from './feature_matrix';
import { ValueError } from '../errors';

/** What {@link fillMissing} returns. */
export interface FilledMatrix {
  /** A float32 copy of the input with every NaN replaced. */
  values: Tensor<'float32'>;
  /** Feature columns (ascending) that held at least one missing value. */
  missingColumns: number[];
}

/**
 * Replaces missing values (NaN) with `value` — 0 by default, as the notes advise for neural
 * networks ("0 isn't already a meaningful value") — and records which feature columns had any,
 * so the test data can be checked against them with {@link warnMissingAtTest}.
 *
 * @example
 * ```ts
 * const { values, missingColumns } = preprocessing.fillMissing([[1, NaN], [3, 4]]);
 * missingColumns; // [1]
 * ```
 */
export function fillMissing(x: MatrixLike, value = 0): FilledMatrix {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ValueError(`fillMissing: \`value\` must be a number (not NaN) to put in place of missing entries. Received: value=${value}`);
  }
  const m = featureMatrix(x, 'x', 'fillMissing');
  const out = Float32Array.from(m.values);
  const missing = new Uint8Array(m.cols);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i])) {
      out[i] = value;
      missing[i % m.cols] = 1;
    }
  }
  return { values: new Tensor(out, m.shape), missingColumns: flaggedColumns(missing) };
}

/**
 * Feature columns of `x` holding at least one NaN, ascending.
 *
 * @example
 * ```ts
 * preprocessing.missingColumns([[1, NaN], [NaN, 2], [3, 4]]); // [0, 1]
 * ```
 */
export function missingColumns(x: MatrixLike): number[] {
  const m = featureMatrix(x, 'x', 'missingColumns');
  const missing = new Uint8Array(m.cols);
  for (let i = 0; i < m.values.length; i++) if (Number.isNaN(m.values[i])) missing[i % m.cols] = 1;
  return flaggedColumns(missing);
}

/**
 * The notes' caveat: if the test data can have missing values but the network was trained on
 * data without any, it never learned to ignore them. Checks `xTest` for NaN in columns where the
 * training data had none, warns (`console.warn`) naming them, and returns them (empty when all is
 * well). The fix is to add training samples with those entries missing, e.g. copies of some
 * training rows with those features dropped.
 *
 * @param trainingMissingColumns - the `missingColumns` that {@link fillMissing} returned for the
 *   training data (or those of {@link StandardScaler.missingColumns}).
 *
 * @example
 * ```ts
 * const train = preprocessing.fillMissing(xTrain);
 * preprocessing.warnMissingAtTest(train.missingColumns, xTest); // warns if xTest has new NaNs
 * const test = preprocessing.fillMissing(xTest);
 * ```
 */
export function warnMissingAtTest(trainingMissingColumns: readonly number[], xTest: MatrixLike): number[] {
  const seen = new Set(trainingMissingColumns);
  const unexpected = missingColumns(xTest).filter((c) => !seen.has(c));
  if (unexpected.length > 0) {
    console.warn(
      `kerasm: the test data has missing values (NaN) in feature column(s) [${unexpected.join(', ')}], where the training data had none. ` +
        'The network never learned to ignore missing values there; add training samples with those entries missing ' +
        '(for example, copies of some training samples with those features dropped).',
    );
  }
  return unexpected;
}

function flaggedColumns(flags: Uint8Array): number[] {
  const out: number[] = [];
  for (let c = 0; c < flags.length; c++) if (flags[c]) out.push(c);
  return out;
}
