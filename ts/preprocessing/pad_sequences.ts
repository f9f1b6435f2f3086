import { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';

/** Options of {@link padSequences} (Keras's defaults). */
export interface PadSequencesOptions {
  /** Length of every output row; omitted, the length of the longest sequence. */
  maxlen?: number;
  /** Pad before (`'pre'`, default) or after (`'post'`) each sequence. */
  padding?: 'pre' | 'post';
  /** Cut long sequences at the start (`'pre'`, default: keep the end) or at the end (`'post'`). */
  truncating?: 'pre' | 'post';
  /** The padding value (default 0). */
  value?: number;
  /** Element type of the result (default `'int32'`, as Keras). */
  dtype?: 'int32' | 'float32';
}

const PAD_SEQUENCES_OPTIONS = optionNames<PadSequencesOptions>({ maxlen: true, padding: true, truncating: true, value: true, dtype: true });

/**
 * Pads (and truncates) sequences to one length, as Keras's `pad_sequences`: returns a
 * `[sequences.length, maxlen]` Tensor (int32 by default). Shorter sequences are padded with
 * `value` before them (`padding: 'pre'`) or after; longer ones lose their first entries
 * (`truncating: 'pre'`) or their last ones. An empty sequence becomes a row of `value`.
 *
 * @example
 * ```ts
 * preprocessing.padSequences([[1], [2, 3], [4, 5, 6]]).toArray(); // [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
 * preprocessing.padSequences([[1], [2, 3], [4, 5, 6]], { maxlen: 2 }).toArray(); // [[0, 1], [2, 3], [5, 6]]
 * ```
 */
export function padSequences(sequences: ArrayLike<ArrayLike<number>>, options: PadSequencesOptions = {}): Tensor<'int32' | 'float32'> {
  options = checkOptions(options, PAD_SEQUENCES_OPTIONS, 'preprocessing.padSequences(sequences, options)');
  const { padding = 'pre', truncating = 'pre', value = 0, dtype = 'int32' } = options;
  if (sequences == null || typeof sequences.length !== 'number') {
    throw new ValueError(`padSequences: \`sequences\` must be an array of sequences. Received: sequences=${String(sequences)}`);
  }
  if (padding !== 'pre' && padding !== 'post') {
    throw new ValueError(`padSequences: \`padding\` must be 'pre' or 'post'. Received: padding=${String(padding)}`);
  }
  if (truncating !== 'pre' && truncating !== 'post') {
    throw new ValueError(`padSequences: \`truncating\` must be 'pre' or 'post'. Received: truncating=${String(truncating)}`);
  }
  if (dtype !== 'int32' && dtype !== 'float32') {
    throw new ValueError(`padSequences: \`dtype\` must be 'int32' or 'float32'. Received: dtype=${String(dtype)}`);
  }
  if (dtype === 'int32' && !Number.isInteger(value)) {
    throw new ValueError(`padSequences: an int32 result needs an integer padding \`value\` (or pass dtype: 'float32'). Received: value=${value}`);
  }
  let maxlen = options.maxlen;
  if (maxlen === undefined) {
    maxlen = 0;
    for (let i = 0; i < sequences.length; i++) maxlen = Math.max(maxlen, sequences[i].length);
  } else if (!Number.isInteger(maxlen) || maxlen < 0) {
    throw new ValueError(`padSequences: \`maxlen\` must be a non-negative integer. Received: maxlen=${maxlen}`);
  }
  const n = sequences.length;
  const out = dtype === 'int32' ? new Int32Array(n * maxlen) : new Float32Array(n * maxlen);
  out.fill(value);
  for (let i = 0; i < n; i++) {
    const seq = sequences[i];
    const kept = Math.min(seq.length, maxlen);
    const from = truncating === 'pre' ? seq.length - kept : 0;
    const to = padding === 'pre' ? i * maxlen + maxlen - kept : i * maxlen;
    for (let j = 0; j < kept; j++) out[to + j] = seq[from + j];
  }
  return new Tensor(out, [n, maxlen]);
}
