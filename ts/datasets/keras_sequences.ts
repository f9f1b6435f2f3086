import { ValueError } from '../errors';

/** Options shared by the IMDB and Reuters loaders: Keras's `load_data` word-index conventions. */
export interface SequenceOptions {
  /** Keep words ranked below `numWords − indexFrom` (index < `numWords`); others become `oovChar`. */
  numWords?: number;
  /** Replace the `skipTop` most frequent words with `oovChar` (default 0). */
  skipTop?: number;
  /** Drop samples whose sequence (start mark included) would reach `maxlen` entries. */
  maxlen?: number;
  /** Index marking the start of every sequence (default 1); `null` for none. */
  startChar?: number | null;
  /** Index of words cut by `numWords`/`skipTop` (default 2); `null` to drop them instead. */
  oovChar?: number | null;
  /** Index of the most frequent word (default 3): 0 pads, 1 starts, 2 is OOV. */
  indexFrom?: number;
}

/** {@link SequenceOptions} with Keras's defaults filled in and checked. */
export interface ResolvedSequenceOptions {
  numWords?: number;
  skipTop: number;
  maxlen?: number;
  startChar: number | null;
  oovChar: number | null;
  indexFrom: number;
}

export function resolveSequenceOptions(options: SequenceOptions, loader: string): ResolvedSequenceOptions {
  const { numWords, skipTop = 0, maxlen, startChar = 1, oovChar = 2, indexFrom = 3 } = options;
  const check = (name: string, value: number | null | undefined, min: number, optional: boolean): void => {
    if ((value === undefined || value === null) && optional) return;
    if (!Number.isInteger(value) || (value as number) < min) {
      throw new ValueError(`${loader}: \`${name}\` must be an integer ≥ ${min}. Received: ${name}=${value}`);
    }
  };
  check('numWords', numWords, 1, true);
  check('skipTop', skipTop, 0, false);
  check('maxlen', maxlen, 1, true);
  check('startChar', startChar, 0, true);
  check('oovChar', oovChar, 0, true);
  check('indexFrom', indexFrom, 0, false);
  return { numWords, skipTop, maxlen, startChar, oovChar, indexFrom };
}

/**
 * Keras's `maxlen` rule: a sample is kept when its sequence, start mark included, is shorter
 * than `maxlen` (Keras's `remove_long_seq` keeps `len(x) < maxlen`). `tokenCount` is the number of
 * words of the sample's text.
 */
export function keptByMaxlen(tokenCount: number, o: ResolvedSequenceOptions): boolean {
  return o.maxlen === undefined || tokenCount + (o.startChar === null ? 0 : 1) < o.maxlen;
}

/**
 * Turns word ranks (1 = most frequent training word; −1 = a word never seen in training) into a
 * Keras sequence: the start mark, then `rank + indexFrom` per word. Words ranked within the top
 * `skipTop`, or whose index would reach `numWords`, become `oovChar` (or are dropped when it is
 * null). Words never seen in training are skipped, as Keras documents for its test sets.
 */
export function toKerasSequence(ranks: Int32Array, o: ResolvedSequenceOptions): number[] {
  const seq: number[] = o.startChar === null ? [] : [o.startChar];
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i];
    if (rank < 0) continue;
    const index = rank + o.indexFrom;
    if (rank <= o.skipTop || (o.numWords !== undefined && index >= o.numWords)) {
      if (o.oovChar !== null) seq.push(o.oovChar);
    } else {
      seq.push(index);
    }
  }
  return seq;
}
