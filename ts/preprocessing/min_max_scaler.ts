import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { featureMatrix, type FeatureMatrix, type MatrixLike } from './feature_matrix';
import { missingColumns, warnMissingAtTest } from './missing_values';
import { StateError, ValueError } from '../errors';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The range each feature is mapped to (default `[0, 1]`). */
  featureRange?: readonly [number, number];
}

const MIN_MAX_SCALER_OPTIONS = optionNames<MinMaxScalerOptions>({ featureRange: true });

/**
 * Min–max scaling: maps each feature column linearly so that the fitted data's minimum goes to
 * `featureRange[0]` and its maximum to `featureRange[1]` (default `[0, 1]`), the other classic way
 * to bring heterogeneous features to one scale.
 *
 * As with {@link StandardScaler}, the minimum and maximum come only from what `fit` saw: test data
 * outside the training range maps outside `featureRange`. A constant column maps to
 * `featureRange[0]`. NaN entries are ignored by `fit` and stay NaN; `transform` warns on NaN in a
 * column that had none when fitted.
 *
 * @example
 * ```ts
 * const scaler = new preprocessing.MinMaxScaler({ featureRange: [-1, 1] });
 * const xTrainScaled = scaler.fitTransform(xTrain);
 * const xTestScaled = scaler.transform(xTest);
 * ```
 */
export class MinMaxScaler {
  private readonly low: number;
  private readonly high: number;
  private fitted?: { min: Float64Array; max: Float64Array; missing: number[]; cols: number };

  constructor(options: MinMaxScalerOptions = {}) {
    options = checkOptions(options, MIN_MAX_SCALER_OPTIONS, 'new preprocessing.MinMaxScaler(options)');
    const range = options.featureRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !(range[0] < range[1]) || !range.every(Number.isFinite)) {
      throw new ValueError(
        `MinMaxScaler: \`featureRange\` must be two finite numbers [low, high] with low < high. Received: featureRange=${JSON.stringify(range)}`,
      );
    }
    [this.low, this.high] = range;
  }

  /** Records each feature's minimum and maximum over the rows of `x`. */
  fit(x: MatrixLike): this {
    const m = featureMatrix(x, 'x', 'MinMaxScaler.fit');
    if (m.rows === 0) throw new ValueError('MinMaxScaler.fit: `x` must hold at least one row. Received: x.shape[0]=0');
    const min = new Float64Array(m.cols).fill(Infinity);
    const max = new Float64Array(m.cols).fill(-Infinity);
    for (let i = 0; i < m.values.length; i++) {
      const v = m.values[i];
      const c = i % m.cols;
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
    for (let c = 0; c < m.cols; c++) {
      if (min[c] === Infinity) min[c] = max[c] = 0; // an all-NaN column
    }
    this.fitted = { min, max, missing: missingColumns(x), cols: m.cols };
    return this;
  }

  /** Scales `x` with the fitted minima and maxima; returns a float32 Tensor of `x`'s shape. */
  transform(x: MatrixLike): Tensor<'float32'> {
    const { fitted, m } = this.checked(x, 'transform');
    warnMissingAtTest(fitted.missing, x);
    const out = new Float32Array(m.values.length);
    for (let i = 0; i < out.length; i++) {
      const c = i % m.cols;
      const span = fitted.max[c] - fitted.min[c] || 1;
      out[i] = this.low + ((m.values[i] - fitted.min[c]) / span) * (this.high - this.low);
    }
    return new Tensor(out, m.shape);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: MatrixLike): Tensor<'float32'> {
    return this.fit(x).transform(x);
  }

  /** Maps scaled values back to the original units. */
  inverseTransform(z: MatrixLike): Tensor<'float32'> {
    const { fitted, m } = this.checked(z, 'inverseTransform');
    const out = new Float32Array(m.values.length);
    for (let i = 0; i < out.length; i++) {
      const c = i % m.cols;
      const span = fitted.max[c] - fitted.min[c] || 1;
      out[i] = fitted.min[c] + ((m.values[i] - this.low) / (this.high - this.low)) * span;
    }
    return new Tensor(out, m.shape);
  }

  /** Per-feature minima of the fitted data. */
  get dataMin(): Float64Array {
    return this.require('dataMin').min.slice();
  }

  /** Per-feature maxima of the fitted data. */
  get dataMax(): Float64Array {
    return this.require('dataMax').max.slice();
  }

  private require(what: string): NonNullable<MinMaxScaler['fitted']> {
    if (!this.fitted) {
      throw new StateError(`MinMaxScaler: call \`fit\` on the training data before using \`${what}\`. Received: an unfitted scaler`, 'NOT_FITTED');
    }
    return this.fitted;
  }

  private checked(x: MatrixLike, what: string): { fitted: NonNullable<MinMaxScaler['fitted']>; m: FeatureMatrix } {
    const fitted = this.require(what);
    const m = featureMatrix(x, 'x', `MinMaxScaler.${what}`);
    if (m.cols !== fitted.cols) {
      throw new ValueError(
        `MinMaxScaler.${what}: the scaler was fitted on ${fitted.cols} feature(s) per sample; \`x\` must have as many. Received: x.shape=[${m.shape.join(', ')}]`,
      );
    }
    return { fitted, m };
  }
}
