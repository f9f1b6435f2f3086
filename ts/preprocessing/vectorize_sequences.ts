import { Tensor } from '../tensor';

/**
 * Multi-hot encodes integer sequences, the notes' `vectorize_sequences` for IMDB and Reuters:
 * row `i` of the `[n, dimension]` float32 result has a 1 at every index that occurs in
 * `sequences[i]` (repeats count once) and 0 elsewhere.
 *
 * @param dimension - the vocabulary size (default 10 000, the notes' `num_words`); every index
 *   must be below it.
 *
 * @example
 * ```ts
 * const [[trainData, trainLabels]] = datasets.imdb.loadData({ path, numWords: 10000 });
 * const xTrain = preprocessing.vectorizeSequences(trainData, 10000); // [25000, 10000]
 * ```
 */
export function vectorizeSequences(sequences: ArrayLike<ArrayLike<number>>, dimension = 10000): Tensor<'float32'> {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new Error(`vectorizeSequences: \`dimension\` must be a positive integer. Received: dimension=${dimension}`);
  }
  if (sequences == null || typeof sequences.length !== 'number') {
    throw new Error(`vectorizeSequences: \`sequences\` must be an array of integer sequences. Received: sequences=${String(sequences)}`);
  }
  const n = sequences.length;
  const out = new Float32Array(n * dimension);
  for (let i = 0; i < n; i++) {
    const seq = sequences[i];
    for (let j = 0; j < seq.length; j++) {
      const w = seq[j];
      if (!Number.isInteger(w) || w < 0 || w >= dimension) {
        throw new Error(
          `vectorizeSequences: every index must be an integer in [0, ${dimension - 1}] (dimension=${dimension}). Received: sequences[${i}][${j}]=${w}`,
        );
      }
      out[i * dimension + w] = 1;
    }
  }
  return new Tensor(out, [n, dimension]);
}
