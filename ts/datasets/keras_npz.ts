/**
 * Keras's own data set files: the `.npz` archives `imdb.load_data`, `reuters.load_data` and
 * `boston_housing.load_data` read (ragged word-id sequences as pickled object arrays, labels and
 * features as numeric arrays), and Keras 3's processing of them, step for step, so the same file
 * and options give Keras's arrays.
 */
import { ValueError } from '../errors';
import { unzipBounded } from '../io/bounded_inflate';
import { parseJsonBounded } from '../io/bounded_json';
import { parseNpyHeader, readNpy } from '../io/npy';
import { unpickleObjectArray } from '../io/pickle';
import { Tensor } from '../tensor';
import type { DatasetSplit } from './dataset_split';
import type { ResolvedSequenceOptions } from './keras_sequences';
import { NumpyRandomState } from './numpy_random_state';

/** The arrays of a Keras data set `.npz`: numeric ones as Tensors, object ones as lists of integer lists. */
export function readKerasNpz(bytes: Uint8Array, source: string): Map<string, Tensor | number[][]> {
  const arrays = new Map<string, Tensor | number[][]>();
  for (const [name, data] of unzipBounded(bytes, source, { accept: (n) => n.endsWith('.npy') })) {
    const key = name.slice(0, -'.npy'.length);
    const header = parseNpyHeader(data, `array '${key}' of ${source}`, true);
    arrays.set(key, header.descr === '|O' ? unpickleObjectArray(data, `array '${key}' of ${source}`, header.dataOffset) : readNpy(data, `array '${key}' of ${source}`));
  }
  return arrays;
}

/** Array `key` of a Keras `.npz`, of the kind the loader needs. */
export function sequencesOf(arrays: Map<string, Tensor | number[][]>, key: string, source: string): number[][] {
  const value = arrays.get(key);
  if (!Array.isArray(value)) throw new ValueError(`${source} needs an object array '${key}' of word-id lists, as Keras's file has. Received: arrays ${[...arrays.keys()].join(', ')}`, 'CORRUPT_FILE');
  return value;
}

/** Numeric array `key` of a Keras `.npz`. */
export function tensorOf(arrays: Map<string, Tensor | number[][]>, key: string, source: string): Tensor {
  const value = arrays.get(key);
  if (!(value instanceof Tensor)) throw new ValueError(`${source} needs a numeric array '${key}', as Keras's file has. Received: arrays ${[...arrays.keys()].join(', ')}`, 'CORRUPT_FILE');
  return value;
}

/** Keras's first step: the start mark, and every id moved up by `indexFrom`. */
function marked(xs: number[][], o: ResolvedSequenceOptions): number[][] {
  return xs.map((x) => (o.startChar !== null ? [o.startChar, ...x.map((w) => w + o.indexFrom)] : x.map((w) => w + o.indexFrom)));
}

/** `keras.utils.python_utils.remove_long_seq`: only sequences shorter than `maxlen` stay. */
function removeLong(xs: number[][], labels: number[], maxlen: number | undefined): { xs: number[][]; labels: number[] } {
  if (!maxlen) return { xs, labels };
  const keep = xs.map((x) => x.length < maxlen);
  return { xs: xs.filter((_, i) => keep[i]), labels: labels.filter((_, i) => keep[i]) };
}

/** Keras's last step: ids outside [skipTop, numWords) become `oovChar` (or are dropped without one). */
function limited(xs: number[][], o: ResolvedSequenceOptions): number[][] {
  // Without numWords Keras takes the largest id, and `w < numWords` then turns that one word into oovChar.
  const numWords = o.numWords ?? xs.reduce((m, x) => x.reduce((a, w) => Math.max(a, w), m), 0);
  const inRange = (w: number) => o.skipTop <= w && w < numWords;
  return xs.map((x) => (o.oovChar !== null ? x.map((w) => (inRange(w) ? w : (o.oovChar as number))) : x.filter(inRange)));
}

const permuted = <T>(items: readonly T[], order: Int32Array): T[] => Array.from(order, (i) => items[i]);
const labelsOf = (t: Tensor) => Array.from(t.data as ArrayLike<number>);
const int32 = (labels: number[]) => new Tensor<'int32'>(Int32Array.from(labels), [labels.length]);

/** Keras 3's `imdb.load_data` on its `imdb.npz`: each set shuffled (train, then test, one RandomState), encoded, `maxlen` applied per set. */
export function kerasImdb(arrays: Map<string, Tensor | number[][]>, o: ResolvedSequenceOptions, seed: number, source: string): DatasetSplit<number[][], Tensor<'int32'>> {
  const rng = new NumpyRandomState(seed);
  const shuffled = (x: string, y: string) => {
    const xs = sequencesOf(arrays, x, source);
    const ys = labelsOf(tensorOf(arrays, y, source));
    if (ys.length !== xs.length) throw new ValueError(`${source}: ${x} and ${y} differ in length. Received: ${xs.length} and ${ys.length}`, 'CORRUPT_FILE');
    const order = rng.permutation(xs.length);
    return { xs: permuted(xs, order), labels: permuted(ys, order) };
  };
  const train = shuffled('x_train', 'y_train');
  const test = shuffled('x_test', 'y_test');
  const a = removeLong(marked(train.xs, o), train.labels, o.maxlen);
  const b = removeLong(marked(test.xs, o), test.labels, o.maxlen);
  if (a.xs.length === 0 || b.xs.length === 0) {
    throw new ValueError(`imdb.loadData: after filtering for sequences shorter than maxlen=${o.maxlen}, no sequence was kept. Increase maxlen. Received: maxlen=${o.maxlen}`);
  }
  const xs = limited([...a.xs, ...b.xs], o);
  return [
    [xs.slice(0, a.xs.length), int32(a.labels)],
    [xs.slice(a.xs.length), int32(b.labels)],
  ];
}

/** Keras 3's `reuters.load_data` on its `reuters.npz`: one shuffle, encoding with `maxlen`, then the first `floor(n·(1 − testSplit))` for training. */
export function kerasReuters(arrays: Map<string, Tensor | number[][]>, o: ResolvedSequenceOptions, seed: number, testSplit: number, source: string): DatasetSplit<number[][], Tensor<'int32'>> {
  const xs = sequencesOf(arrays, 'x', source);
  const ys = labelsOf(tensorOf(arrays, 'y', source));
  if (ys.length !== xs.length) throw new ValueError(`${source}: x and y differ in length. Received: ${xs.length} and ${ys.length}`, 'CORRUPT_FILE');
  const order = new NumpyRandomState(seed).permutation(xs.length);
  const kept = removeLong(marked(permuted(xs, order), o), permuted(ys, order), o.maxlen);
  const all = limited(kept.xs, o);
  const cut = Math.floor(all.length * (1 - testSplit));
  return [
    [all.slice(0, cut), int32(kept.labels.slice(0, cut))],
    [all.slice(cut), int32(kept.labels.slice(cut))],
  ];
}

/** A Keras word index (`imdb_word_index.json`, `reuters_word_index.json`): word → rank, in a Map (so no word reaches a prototype). */
export function readKerasWordIndex(bytes: Uint8Array, source: string): Map<string, number> {
  const parsed = parseJsonBounded(new TextDecoder('utf-8').decode(bytes), source, 2);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValueError(`${source} must be a JSON object of word → index, as Keras's file is. Received: ${Array.isArray(parsed) ? 'an array' : typeof parsed}`, 'CORRUPT_FILE');
  }
  const index = new Map<string, number>();
  for (const [word, rank] of Object.entries(parsed)) {
    if (!Number.isSafeInteger(rank) || (rank as number) < 0) {
      throw new ValueError(`${source} must map each word to a non-negative integer. Received: ${JSON.stringify(word).slice(0, 40)}: ${JSON.stringify(rank)}`, 'CORRUPT_FILE');
    }
    index.set(word, rank as number);
  }
  return index;
}
