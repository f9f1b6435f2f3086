import { Tensor } from '../tensor';
import { featureMatrix, type FeatureMatrix, type MatrixLike } from './feature_matrix';
import { missingColumns, warnMissingAtTest } from './missing_values';
import { StateError, ValueError } from '../errors';

/**
 * Feature-wise standardisation, `(x − mean) / std`, the notes' normalisation for Boston housing:
 * each feature column gets mean 0 and standard deviation 1.
 *
 * The statistics come only from what {@link StandardScaler.fit} saw — fit on the training data,
 * then transform the training and the test data with those same numbers, never with statistics
 * of the test data. `std` is the population standard deviation (NumPy's `x.std(axis=0)`); a
 * constant column gets std 1 so it maps to 0 instead of dividing by zero. NaN entries are left
 * out of the statistics and stay NaN; `transform` warns when data has NaN in a column where the
 * fitted data had none (see {@link warnMissingAtTest}).
 *
 * @example
 * ```ts
 * const scaler = new preprocessing.StandardScaler();
 * const xTrainScaled = scaler.fitTransform(xTrain);
 * const xTestScaled = scaler.transform(xTest); // uses the training mean and std
 * ```
 */
export class StandardScaler {
  private fitted?: { mean: Float64Array; std: Float64Array; missing: number[]; cols: number };

  /** Computes each feature's mean and standard deviation over the rows of `x`. */
  fit(x: MatrixLike): this {
    const m = featureMatrix(x, 'x', 'StandardScaler.fit');
    if (m.rows === 0) throw new ValueError('StandardScaler.fit: `x` must hold at least one row. Received: x.shape[0]=0');
    const { mean, count } = columnMeans(m);
    const variance = new Float64Array(m.cols);
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.cols; c++) {
        const v = m.values[r * m.cols + c];
        if (!Number.isNaN(v)) variance[c] += (v - mean[c]) ** 2;
      }
    }
    const std = new Float64Array(m.cols);
    for (let c = 0; c < m.cols; c++) {
      const s = count[c] > 0 ? Math.sqrt(variance[c] / count[c]) : 0;
      // A spread this small is rounding noise of a constant column; scale it by 1 as sklearn does.
      std[c] = s <= 10 * Number.EPSILON * Math.max(1, Math.abs(mean[c])) ? 1 : s;
    }
    this.fitted = { mean, std, missing: missingColumns(x), cols: m.cols };
    return this;
  }

  /** Standardises `x` with the fitted statistics; returns a float32 Tensor of `x`'s shape. */
  transform(x: MatrixLike): Tensor<'float32'> {
    const { fitted, m } = this.checked(x, 'transform');
    warnMissingAtTest(fitted.missing, x);
    const out = new Float32Array(m.values.length);
    for (let i = 0; i < out.length; i++) {
      const c = i % m.cols;
      out[i] = (m.values[i] - fitted.mean[c]) / fitted.std[c];
    }
    return new Tensor(out, m.shape);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: MatrixLike): Tensor<'float32'> {
    return this.fit(x).transform(x);
  }

  /** Maps standardised values back to the original scale: `z × std + mean`. */
  inverseTransform(z: MatrixLike): Tensor<'float32'> {
    const { fitted, m } = this.checked(z, 'inverseTransform');
    const out = new Float32Array(m.values.length);
    for (let i = 0; i < out.length; i++) {
      const c = i % m.cols;
      out[i] = m.values[i] * fitted.std[c] + fitted.mean[c];
    }
    return new Tensor(out, m.shape);
  }

  /** Per-feature means of the fitted data. */
  get mean(): Float64Array {
    return this.require('mean').mean.slice();
  }

  /** Per-feature standard deviations of the fitted data (1 where a feature was constant). */
  get std(): Float64Array {
    return this.require('std').std.slice();
  }

  /** Feature columns in which the fitted data had missing values (NaN). */
  get missingColumns(): number[] {
    return [...this.require('missingColumns').missing];
  }

  private require(what: string): NonNullable<StandardScaler['fitted']> {
    if (!this.fitted) {
      throw new StateError(`StandardScaler: call \`fit\` on the training data before using \`${what}\`. Received: an unfitted scaler`, 'NOT_FITTED');
    }
    return this.fitted;
  }

  private checked(x: MatrixLike, what: string): { fitted: NonNullable<StandardScaler['fitted']>; m: FeatureMatrix } {
    const fitted = this.require(what);
    const m = featureMatrix(x, 'x', `StandardScaler.${what}`);
    if (m.cols !== fitted.cols) {
      throw new ValueError(
        `StandardScaler.${what}: the scaler was fitted on ${fitted.cols} feature(s) per sample; \`x\` must have as many. Received: x.shape=[${m.shape.join(', ')}]`,
      );
    }
    return { fitted, m };
  }
}

/** Per-column means over non-NaN entries, in float64, and how many entries each mean used. */
function columnMeans(m: FeatureMatrix): { mean: Float64Array; count: Float64Array } {
  const mean = new Float64Array(m.cols);
  const count = new Float64Array(m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      const v = m.values[r * m.cols + c];
      if (!Number.isNaN(v)) {
        mean[c] += v;
        count[c]++;
      }
    }
  }
  for (let c = 0; c < m.cols; c++) mean[c] = count[c] > 0 ? mean[c] / count[c] : 0;
  return { mean, count };
}
