import { SparseTensor } from '../sparse_tensor';
import { Tensor, type DType, type TypedArrayFor } from '../tensor';
import { ValueError } from '../errors';

/**
 * Gathers the rows (first-axis entries) of `x` at `indices`, in that order: the way to apply the
 * index arrays that the split functions return. Works on a {@link Tensor} (any rank; the result
 * keeps its dtype and trailing shape), on a {@link SparseTensor} (its rows' non-zeros) and on a
 * plain array such as the ragged `number[][]` sequences of the IMDB and Reuters loaders.
 *
 * @example
 * ```ts
 * const [train, test] = validation.trainTestSplit(x.rows, { ratios: [0.8, 0.2], seed: 0 });
 * const xTrain = validation.take(x, train);       // Tensor
 * const seqTrain = validation.take(sequences, train); // number[][]
 * ```
 */
export function take<D extends DType>(x: Tensor<D>, indices: ArrayLike<number>): Tensor<D>;
export function take(x: SparseTensor, indices: ArrayLike<number>): SparseTensor;
export function take<T>(x: readonly T[], indices: ArrayLike<number>): T[];
export function take<D extends DType, T>(x: Tensor<D> | SparseTensor | readonly T[], indices: ArrayLike<number>): Tensor<D> | SparseTensor | T[] {
  if (x instanceof SparseTensor) {
    const rows = x.shape[0];
    const indptr = new Int32Array(indices.length + 1);
    for (let i = 0; i < indices.length; i++) {
      const r = checkedRow(indices[i], rows, i);
      indptr[i + 1] = indptr[i] + x.indptr[r + 1] - x.indptr[r];
    }
    const columns = new Int32Array(indptr[indices.length]);
    const values = new Float32Array(indptr[indices.length]);
    for (let i = 0; i < indices.length; i++) {
      const [start, end] = [x.indptr[indices[i]], x.indptr[indices[i] + 1]];
      columns.set(x.indices.subarray(start, end), indptr[i]);
      values.set(x.values.subarray(start, end), indptr[i]);
    }
    return new SparseTensor(indptr, columns, values, [indices.length, x.shape[1]]);
  }
  if (x instanceof Tensor) {
    if (x.shape.length === 0) {
      throw new ValueError(`take: \`x\` must have at least one axis to take rows from. Received: x.shape=[]`);
    }
    const rows = x.shape[0];
    const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const Ctor = x.data.constructor as new (length: number) => TypedArrayFor<D>;
    const out = new Ctor(indices.length * rowSize);
    for (let i = 0; i < indices.length; i++) {
      const r = checkedRow(indices[i], rows, i);
      out.set(x.data.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
    }
    return new Tensor<D>(out, [indices.length, ...x.shape.slice(1)]);
  }
  if (!Array.isArray(x)) {
    throw new ValueError(`take: \`x\` must be a Tensor, a SparseTensor or an array. Received: x=${String(x)}`);
  }
  const out: T[] = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = x[checkedRow(indices[i], x.length, i)];
  return out;
}

function checkedRow(index: number, rows: number, position: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= rows) {
    throw new ValueError(
      `take: every index must be an integer in [0, ${rows - 1}] (x has ${rows} rows). Received: indices[${position}]=${index}`,
    );
  }
  return index;
}
