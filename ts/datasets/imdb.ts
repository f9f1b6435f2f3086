import { gunzip } from '../io/gzip';
import { tokenize } from '../preprocessing/standardize';
import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { dataFiles, isNpz, readDataFile } from './data_files';
import { KERAS_FILES, kerasDatasetFile } from './keras_files';
import { kerasImdb, readKerasNpz, readKerasWordIndex } from './keras_npz';
import type { DatasetSplit } from './dataset_split';
import { keptByMaxlen, resolveSequenceOptions, toKerasSequence, type SequenceOptions } from './keras_sequences';
import { NumpyRandomState } from './numpy_random_state';
import { WordRanking } from './word_ranking';
import { ValueError } from '../errors';

/** Options of {@link loadData}. */
export interface ImdbOptions extends SequenceOptions {
  /**
   * Keras's `imdb.npz` (a path ending in `.npz`), or a directory holding the raw reviews
   * `imdb/train.jsonl.gz` and `imdb/test.jsonl.gz` (or the two files directly). Omitted: Keras's
   * `imdb.npz`, downloaded once into the data set cache (Node: `~/.kerasm/datasets`, see README).
   */
  path?: string;
  /** No download progress on stderr (default false). */
  quiet?: boolean;
  /** Seed of the shuffle (default 113, as Keras). */
  seed?: number;
}

const WORD_INDEX_OPTIONS = optionNames<{ path?: string; quiet?: boolean }>({ path: true, quiet: true });

const IMDB_OPTIONS = optionNames<ImdbOptions>({ path: true, quiet: true, seed: true, numWords: true, skipTop: true, maxlen: true, startChar: true, oovChar: true, indexFrom: true });

interface Review {
  text: string;
  label: number;
}

/**
 * The IMDB movie-review sentiment data set (aclImdb v1.0, Maas et al. 2011): 25 000 training and
 * 25 000 test reviews, half positive (label 1) and half negative (0), encoded as Keras's
 * `imdb.load_data` encodes them, but built here from the raw reviews.
 *
 * How: each review is tokenised with {@link preprocessing.tokenize} (HTML `<br />` to spaces,
 * lowercase, punctuation stripped, split on whitespace). Words are ranked by their number of
 * occurrences in the *training* reviews only (1 = most frequent; equal counts keep the order in
 * which the words first appear in `train.jsonl.gz`). A review becomes
 * `[startChar, rank + indexFrom, ...]`: 0 is padding, 1 the start mark, 2 out-of-vocabulary,
 * words from 3. `numWords` keeps indices below it (others become `oovChar`), `skipTop` turns the
 * `skipTop` most frequent words into `oovChar`, and `maxlen` drops reviews whose sequence would
 * reach `maxlen` entries. Test words never seen in training are skipped, as Keras documents. Each
 * set is then shuffled with NumPy's `RandomState(seed)` algorithm, training set first, as Keras
 * does. Differences from Keras's pre-tokenised `imdb.npz`: its tokeniser kept apostrophes, and
 * without `numWords` Keras turns the single rarest word into `oovChar` — here every word is kept.
 *
 * Without `path` (or with a path to Keras's `imdb.npz`), the data are Keras's own file, processed
 * exactly as Keras 3's `imdb.load_data` does (its pre-tokenised word ids; same shuffle, `maxlen`,
 * `numWords` and `oovChar` handling), downloaded on first use into the cache and verified against
 * the sha256 Keras pins. With a directory, the raw reviews are encoded as described above.
 *
 * Returns `[[xTrain, yTrain], [xTest, yTest]]` with `x` the ragged sequences (`number[][]`, like
 * Keras's object arrays; see {@link preprocessing.vectorizeSequences} and
 * {@link preprocessing.padSequences}) and `y` an int32 Tensor of labels.
 *
 * @example
 * ```ts
 * const [[trainData, trainLabels], [testData, testLabels]] = datasets.imdb.loadData({
 *   path: '../shared/data',
 *   numWords: 10000,
 * });
 * trainData.length; // 25000
 * ```
 */
export function loadData(options: ImdbOptions = {}): DatasetSplit<number[][], Tensor<'int32'>> {
  options = checkOptions(options, IMDB_OPTIONS, 'datasets.imdb.loadData(options)');
  const o = resolveSequenceOptions(options ?? ({} as ImdbOptions), 'imdb.loadData');
  const seed = options?.seed ?? 113;
  if (options.path === undefined || isNpz(options.path)) {
    const file = options.path ?? kerasDatasetFile(KERAS_FILES.imdb, 'datasets.imdb.loadData()', options.quiet);
    const bytes = dataFiles('imdb.loadData').readBytes(file, "Keras's imdb.npz");
    return kerasImdb(readKerasNpz(bytes, file), o, seed, file);
  }
  const train = readReviews(options?.path, 'train', 'imdb.loadData');
  const test = readReviews(options.path, 'test', 'imdb.loadData');
  const ranking = new WordRanking();
  const trainIds = train.map((r) => ranking.addTrainingText(tokenize(r.text)));
  const testIds = test.map((r) => ranking.lookup(tokenize(r.text)));
  const rng = new NumpyRandomState(seed);
  const build = (reviews: Review[], ids: Int32Array[]): [number[][], Tensor<'int32'>] => {
    const order = rng.permutation(reviews.length);
    const x: number[][] = [];
    const y: number[] = [];
    for (const i of order) {
      if (!keptByMaxlen(ids[i].length, o)) continue;
      x.push(toKerasSequence(ranking.toRanks(ids[i]), o));
      y.push(reviews[i].label);
    }
    return [x, new Tensor(Int32Array.from(y), [y.length])];
  };
  const trainSet = build(train, trainIds);
  const testSet = build(test, testIds);
  if (trainSet[0].length === 0 || testSet[0].length === 0) {
    throw new ValueError(`imdb.loadData: after dropping sequences of maxlen=${o.maxlen} entries or more, no sequence was kept. Increase maxlen. Received: maxlen=${o.maxlen}`);
  }
  return [trainSet, testSet];
}

/**
 * The word index of {@link loadData}: word → rank (1 = most frequent). Without `path` (or with a
 * path to Keras's `imdb_word_index.json`), Keras's own index, the one its `imdb.npz` ids follow,
 * downloaded once into the cache and checked against the md5 Keras pins. With a directory of the
 * raw reviews, the ranks kerasm builds from them (1-based, like Keras's). In a sequence, word `w`
 * appears as `wordIndex.get(w) + indexFrom`.
 *
 * @example
 * ```ts
 * const wordIndex = datasets.imdb.getWordIndex({ path: '../shared/data' });
 * wordIndex.get('the'); // 1
 * const reverse = new Map([...wordIndex].map(([w, i]) => [i + 3, w]));
 * ```
 */
export function getWordIndex(options: { path?: string; quiet?: boolean } = {}): Map<string, number> {
  options = checkOptions(options, WORD_INDEX_OPTIONS, 'datasets.imdb.getWordIndex(options)');
  const path = options.path;
  if (path === undefined || path.toLowerCase().endsWith('.json')) {
    const file = path ?? kerasDatasetFile(KERAS_FILES.imdbWordIndex, 'datasets.imdb.getWordIndex()', options.quiet);
    return readKerasWordIndex(dataFiles('imdb.getWordIndex').readBytes(file, "Keras's imdb_word_index.json"), file);
  }
  const ranking = new WordRanking();
  for (const r of readReviews(path, 'train', 'imdb.getWordIndex')) ranking.addTrainingText(tokenize(r.text));
  return ranking.wordIndex();
}

/** Reads `<split>.jsonl.gz`: one `{"text", "label", "id"}` object per line. */
function readReviews(path: string | undefined, split: 'train' | 'test', loader: string): Review[] {
  const { file, bytes } = readDataFile(path, 'imdb', `${split}.jsonl.gz`, loader, `the IMDB ${split === 'train' ? 'training' : 'test'} reviews`);
  const text = new TextDecoder('utf-8').decode(gunzip(bytes, file));
  const reviews: Review[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line.length === 0) continue;
    let record: { text?: unknown; label?: unknown };
    try {
      record = JSON.parse(line);
    } catch {
      throw new ValueError(`${loader}: line ${lineNumber} of ${file} is not valid JSON; expected one review object per line. Received: ${JSON.stringify(line.slice(0, 60))}`, 'CORRUPT_FILE');
    }
    if (typeof record.text !== 'string' || (record.label !== 0 && record.label !== 1)) {
      throw new ValueError(`${loader}: line ${lineNumber} of ${file} must hold a "text" string and a "label" of 0 or 1. Received: ${JSON.stringify(line.slice(0, 60))}`, 'CORRUPT_FILE');
    }
    reviews.push({ text: record.text, label: record.label });
  }
  return reviews;
}
