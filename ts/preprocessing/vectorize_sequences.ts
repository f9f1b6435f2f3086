import { SparseTensor } from '../sparse_tensor';
import { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';

/** Options of {@link vectorizeSequences}. */
export interface VectorizeSequencesOptions {
  /** Return a {@link SparseTensor} (CSR) instead of a dense tensor. Default false, as Keras. */
  sparse?: boolean;
}

const VECTORIZE_SEQUENCES_OPTIONS = optionNames<VectorizeSequencesOptions>({ sparse: true });

/**
 * Multi-hot encodes integer sequences, the notes' `vectorize_sequences` for IMDB and Reuters:
 * row `i` of the `[n, dimension]` float32 result has a 1 at every index that occurs in
 * `sequences[i]` (repeats count once) and 0 elsewhere. With `{ sparse: true }` the same matrix
 * comes as a {@link SparseTensor} (columns ascending in each row): about 1 % of the memory, and
 * models train on it without a dense copy crossing into the engine.
 *
 * @param dimension - the vocabulary size (default 10 000, the notes' `num_words`); every index
 *   must be below it.
 *
 * @example
 * ```ts
 * const trainData = [[1, 14, 22, 16], [1, 194, 1153]]; // word indices, as datasets.imdb.loadData gives them
 * const xTrain = preprocessing.vectorizeSequences(trainData, 10000);
 * xTrain.shape; // [2, 10000]
 * const xSparse = preprocessing.vectorizeSequences(trainData, 10000, { sparse: true }); // SparseTensor
 * ```
 */
export function vectorizeSequences(sequences: ArrayLike<ArrayLike<number>>, dimension?: number, options?: { sparse?: false }): Tensor<'float32'>;
export function vectorizeSequences(sequences: ArrayLike<ArrayLike<number>>, dimension: number, options: { sparse: true }): SparseTensor;
export function vectorizeSequences(
  sequences: ArrayLike<ArrayLike<number>>,
  dimension?: number,
  options?: VectorizeSequencesOptions,
): Tensor<'float32'> | SparseTensor;
export function vectorizeSequences(
  sequences: ArrayLike<ArrayLike<number>>,
  dimension = 10000,
  options: VectorizeSequencesOptions = {},
): Tensor<'float32'> | SparseTensor {
  options = checkOptions(options, VECTORIZE_SEQUENCES_OPTIONS, 'preprocessing.vectorizeSequences(sequences, dimension, options)');
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new ValueError(`vectorizeSequences: \`dimension\` must be a positive integer. Received: dimension=${dimension}`);
  }
  if (sequences == null || typeof sequences.length !== 'number') {
    throw new ValueError(`vectorizeSequences: \`sequences\` must be an array of integer sequences. Received: sequences=${String(sequences)}`);
  }
  const n = sequences.length;
  const check = (w: number, i: number, j: number): void => {
    if (!Number.isInteger(w) || w < 0 || w >= dimension) {
      throw new ValueError(
        `vectorizeSequences: every index must be an integer in [0, ${dimension - 1}] (dimension=${dimension}). Received: sequences[${i}][${j}]=${w}`,
      );
    }
  };
  if (!options.sparse) {
    const out = new Float32Array(n * dimension);
    for (let i = 0; i < n; i++) {
      const seq = sequences[i];
      for (let j = 0; j < seq.length; j++) {
        check(seq[j], i, j);
        out[i * dimension + seq[j]] = 1;
      }
    }
    return new Tensor(out, [n, dimension]);
  }
  const indptr = new Int32Array(n + 1);
  const rows: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const seq = sequences[i];
    const row = Int32Array.from(seq, (w, j) => (check(w, i, j), w)).sort();
    // Sorted, so a repeat sits next to its first occurrence: keep each index once.
    let unique = 0;
    for (let j = 0; j < row.length; j++) if (j === 0 || row[j] !== row[j - 1]) row[unique++] = row[j];
    rows.push(row.subarray(0, unique));
    indptr[i + 1] = indptr[i] + unique;
  }
  const indices = new Int32Array(indptr[n]);
  rows.forEach((row, i) => indices.set(row, indptr[i]));
  return new SparseTensor(indptr, indices, new Float32Array(indptr[n]).fill(1), [n, dimension]);
}
