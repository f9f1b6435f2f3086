import { Tensor, tensor, type NestedArray } from '../tensor';
import { ValueError } from '../errors';

/** What the scalers and missing-value helpers accept: a Tensor or nested number arrays. */
export type MatrixLike = Tensor | NestedArray;

/**
 * A row-major view of `x` as samples × features: the first axis is the sample axis and every
 * other entry of a row is a feature (a `[n]` vector is `n` samples of one feature).
 */
export interface FeatureMatrix {
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  shape: readonly number[];
}

export function featureMatrix(x: MatrixLike, what: string, fn: string): FeatureMatrix {
  const t = x instanceof Tensor ? x : toTensor(x, what, fn);
  if (t.shape.length === 0) {
    throw new ValueError(`${fn}: \`${what}\` must have a sample axis (rank ≥ 1). Received: ${what}.shape=[]`);
  }
  const rows = t.shape[0];
  const cols = rows === 0 ? t.shape.slice(1).reduce((a, b) => a * b, 1) : t.size / rows;
  return { values: t.data, rows, cols, shape: t.shape };
}

function toTensor(x: NestedArray, what: string, fn: string): Tensor {
  if (!Array.isArray(x)) {
    throw new ValueError(`${fn}: \`${what}\` must be a Tensor or nested arrays of numbers. Received: ${what}=${String(x)}`);
  }
  return tensor(x);
}
