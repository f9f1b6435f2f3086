/** A 2-D float32 matrix in compressed sparse row (CSR) form, as scipy's `csr_matrix`. */
import { ValueError } from './errors';
import { Tensor } from './tensor';

/**
 * A `[rows, cols]` matrix stored by its non-zeros only: row `r`'s non-zeros have the columns
 * `indices[indptr[r] .. indptr[r + 1]]` and the values at the same positions of `values`.
 * Multi-hot text (`preprocessing.vectorizeSequences(..., { sparse: true })`) is ~1 % non-zero,
 * so this is ~50× smaller than the dense matrix and crosses into the engine that much faster.
 * Models accept it wherever they accept a dense input. A column repeated in a row adds up.
 *
 * @example
 * ```ts
 * // [[0, 2, 0], [1, 0, 3]]
 * const x = new SparseTensor(Int32Array.of(0, 1, 3), Int32Array.of(1, 0, 2), Float32Array.of(2, 1, 3), [2, 3]);
 * x.nnz; // 3
 * x.toDense().data; // Float32Array [0, 2, 0, 1, 0, 3]
 * ```
 */
export class SparseTensor {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly shape: readonly [number, number];

  constructor(indptr: Int32Array, indices: Int32Array, values: Float32Array, shape: readonly [number, number]) {
    const [rows, cols] = shape ?? [];
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 1) {
      throw new ValueError(`A SparseTensor needs a shape [rows, cols] of non-negative integers (cols ≥ 1). Received: shape=[${String(shape)}]`);
    }
    if (!(indptr instanceof Int32Array) || !(indices instanceof Int32Array) || !(values instanceof Float32Array)) {
      throw new ValueError(
        'A SparseTensor is built from indptr: Int32Array, indices: Int32Array and values: Float32Array. Received: ' +
          `${indptr?.constructor?.name}, ${indices?.constructor?.name}, ${values?.constructor?.name}`,
      );
    }
    if (indptr.length !== rows + 1 || indptr[0] !== 0 || indptr[rows] !== indices.length) {
      throw new ValueError(
        `indptr must hold rows + 1 = ${rows + 1} non-decreasing offsets from 0 to the ${indices.length} non-zeros. ` +
          `Received: indptr of length ${indptr.length} from ${indptr[0]} to ${indptr[indptr.length - 1]}`,
      );
    }
    if (values.length !== indices.length) {
      throw new ValueError(`values must hold one value per index (${indices.length}). Received: values of length ${values.length}`);
    }
    for (let r = 0; r < rows; r++) {
      if (indptr[r + 1] < indptr[r]) {
        throw new ValueError(`indptr must be non-decreasing. Received: indptr[${r}]=${indptr[r]}, indptr[${r + 1}]=${indptr[r + 1]}`);
      }
    }
    for (let i = 0; i < indices.length; i++) {
      if (!(indices[i] >= 0 && indices[i] < cols)) {
        throw new ValueError(`Every column index must be in [0, ${cols - 1}] for ${cols} columns. Received: indices[${i}]=${indices[i]}`);
      }
    }
    this.indptr = indptr;
    this.indices = indices;
    this.values = values;
    this.shape = [rows, cols];
  }

  /** The number of stored non-zeros. */
  get nnz(): number {
    return this.values.length;
  }

  /**
   * Rows `[from, to)` as a SparseTensor sharing this one's indices and values (no copy of them).
   *
   * @example
   * ```ts
   * const firstTen = xSparse.sliceRows(0, 10);
   * ```
   */
  sliceRows(from: number, to: number): SparseTensor {
    const rows = this.shape[0];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > rows || from > to) {
      throw new ValueError(`sliceRows needs 0 ≤ from ≤ to ≤ ${rows}. Received: from=${from}, to=${to}`);
    }
    const start = this.indptr[from];
    const end = this.indptr[to];
    const indptr = this.indptr.slice(from, to + 1).map((p) => p - start);
    return new SparseTensor(indptr, this.indices.subarray(start, end), this.values.subarray(start, end), [to - from, this.shape[1]]);
  }

  /**
   * The dense `[rows, cols]` float32 tensor.
   *
   * @example
   * ```ts
   * const dense = xSparse.toDense(); // Tensor of shape xSparse.shape
   * ```
   */
  toDense(): Tensor<'float32'> {
    const [rows, cols] = this.shape;
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let p = this.indptr[r]; p < this.indptr[r + 1]; p++) out[r * cols + this.indices[p]] += this.values[p];
    }
    return new Tensor(out, [rows, cols]);
  }
}
