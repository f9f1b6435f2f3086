import { gunzip } from '../io/gzip';
import { tokenize } from '../preprocessing/standardize';
import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { dataFiles, isNpz, readDataFile } from './data_files';
import { KERAS_FILES, kerasDatasetFile } from './keras_files';
import { kerasReuters, readKerasNpz, readKerasWordIndex } from './keras_npz';
import type { DatasetSplit } from './dataset_split';
import { keptByMaxlen, resolveSequenceOptions, toKerasSequence, type SequenceOptions } from './keras_sequences';
import { NumpyRandomState } from './numpy_random_state';
import { parseReutersSgml, type ReutersDocument } from './reuters_sgml';
import { WordRanking } from './word_ranking';
import { ValueError } from '../errors';

/** Options of {@link loadData}. */
export interface ReutersOptions extends SequenceOptions {
  /**
   * Keras's `reuters.npz` (a path ending in `.npz`), or a directory holding the raw newswires
   * `reuters21578/reut2-000.sgm.gz` … `reut2-021.sgm.gz` (or the files directly). Omitted: Keras's
   * `reuters.npz`, downloaded once into the data set cache (Node: `~/.kerasm/datasets`, see README).
   */
  path?: string;
  /** No download progress on stderr (default false). */
  quiet?: boolean;
  /** Fraction of the newswires used as test data (default 0.2). */
  testSplit?: number;
  /** Seed of the shuffle (default 113, as Keras). */
  seed?: number;
}

const REUTERS_OPTIONS = optionNames<ReutersOptions>({ path: true, quiet: true, testSplit: true, seed: true, numWords: true, skipTop: true, maxlen: true, startChar: true, oovChar: true, indexFrom: true });

const WORD_INDEX_OPTIONS = optionNames<Pick<ReutersOptions, 'path' | 'quiet' | 'testSplit' | 'seed' | 'maxlen' | 'startChar'>>({
  path: true,
  quiet: true,
  testSplit: true,
  seed: true,
  maxlen: true,
  startChar: true,
});

/** Number of topics kept, as in Keras's data set. */
const TOPIC_COUNT = 46;
const FILE_COUNT = 22;

/**
 * The Reuters newswire topic-classification data set, built from the original Reuters-21578
 * SGML files (Distribution 1.0) by the rule that reproduces Keras's `reuters.load_data` set:
 *
 * 1. Read the 22 files `reut2-000.sgm.gz` … `reut2-021.sgm.gz` (decoded as Latin-1), documents in
 *    NEWID order.
 * 2. Keep the newswires with at least one topic; label each by its *first* topic.
 * 3. Keep only the 46 most frequent first topics (those with at least 16 newswires here): 11 228
 *    newswires, as in Keras. Label ids number these topics in order of first appearance, which
 *    gives exactly Keras's ids (0 cocoa, 1 grain, 2 veg-oil, 3 earn, 4 acq, …; see
 *    {@link getLabelNames}).
 * 4. Shuffle with NumPy's `RandomState(seed)` algorithm (seed 113 by default), apply `maxlen`,
 *    then take the first `floor(n × (1 − testSplit))` as training data: 8 982 / 2 246 by default,
 *    Keras's sizes and Keras's newswire order.
 * 5. Text: the `<BODY>` (for briefs without body, the `<TITLE>`), tokenised with
 *    {@link preprocessing.tokenize}. Words are ranked by occurrences in the *training* newswires
 *    only (ties by first appearance in NEWID order) and encoded with Keras's conventions
 *    (0 pad, 1 start, 2 OOV, words from `indexFrom` 3; `numWords`, `skipTop`, `maxlen` as in
 *    {@link imdb.loadData}). Test words never seen in training are skipped.
 *
 * Keras's word indices cannot be rebuilt exactly (its tokeniser is not published), so sequences
 * differ in detail from Keras's, but samples, labels and order match. Without `path` (or with a
 * path to Keras's `reuters.npz`) the data are Keras's own file, processed exactly as Keras 3's
 * `reuters.load_data` does, downloaded on first use into the cache and checked against its sha256.
 *
 * @example
 * ```ts
 * const [[trainData, trainLabels], [testData, testLabels]] = datasets.reuters.loadData({
 *   path: '../shared/data',
 *   numWords: 10000,
 * });
 * trainData.length; // 8982
 * ```
 */
export function loadData(options: ReutersOptions = {}): DatasetSplit<number[][], Tensor<'int32'>> {
  options = checkOptions(options, REUTERS_OPTIONS, 'datasets.reuters.loadData(options)');
  const o = resolveSequenceOptions(options ?? ({} as ReutersOptions), 'reuters.loadData');
  if (options.path === undefined || isNpz(options.path)) {
    const testSplit = options.testSplit ?? 0.2;
    if (typeof testSplit !== 'number' || !(testSplit >= 0 && testSplit < 1)) {
      throw new ValueError(`reuters.loadData: \`testSplit\` must be a fraction in [0, 1). Received: testSplit=${testSplit}`);
    }
    const file = options.path ?? kerasDatasetFile(KERAS_FILES.reuters, 'datasets.reuters.loadData()', options.quiet);
    const bytes = dataFiles('reuters.loadData').readBytes(file, "Keras's reuters.npz");
    return kerasReuters(readKerasNpz(bytes, file), o, options.seed ?? 113, testSplit, file);
  }
  const { newswires, labelNames } = labelledNewswires(options?.path, 'reuters.loadData');
  const { train, test } = shuffledSplit(newswires, options, o.maxlen === undefined ? undefined : (doc) => keptByMaxlen(doc.words.length, o));
  const ranking = rankTrainingWords(train);
  const encode = (docs: Newswire[]): [number[][], Tensor<'int32'>] => [
    docs.map((d) => toKerasSequence(ranking.toRanks(ranking.lookup(d.words)), o)),
    new Tensor(Int32Array.from(docs, (d) => labelNames.indexOf(d.topic)), [docs.length]),
  ];
  if (train.length === 0 || test.length === 0) {
    throw new ValueError(
      `reuters.loadData: the split left no ${train.length === 0 ? 'training' : 'test'} newswire; use a testSplit in (0, 1) and a larger maxlen. Received: testSplit=${options.testSplit ?? 0.2}, maxlen=${o.maxlen}`,
    );
  }
  return [encode(train), encode(test)];
}

/**
 * The word index of {@link loadData}. Without `path` (or with a path to Keras's
 * `reuters_word_index.json`), Keras's own index, the one its `reuters.npz` ids follow, downloaded
 * once into the cache (md5 checked). With a directory of the raw newswires, the index for the same
 * `testSplit`, `seed` and `maxlen`: word → rank (1 = most frequent in the training newswires), like
 * Keras's `reuters.get_word_index()`. In a sequence, word `w` appears as `wordIndex.get(w) + indexFrom`.
 *
 * @example
 * ```ts
 * const wordIndex = datasets.reuters.getWordIndex({ path: '../shared/data' });
 * const reverse = new Map([...wordIndex].map(([w, i]) => [i + 3, w]));
 * ```
 */
export function getWordIndex(options: Pick<ReutersOptions, 'path' | 'quiet' | 'testSplit' | 'seed' | 'maxlen' | 'startChar'> = {}): Map<string, number> {
  options = checkOptions(options, WORD_INDEX_OPTIONS, 'datasets.reuters.getWordIndex(options)');
  if (options.path === undefined || options.path.toLowerCase().endsWith('.json')) {
    const shaping = (['testSplit', 'seed', 'maxlen', 'startChar'] as const).filter((k) => options[k] !== undefined);
    if (shaping.length) {
      throw new ValueError(
        `reuters.getWordIndex: ${shaping.join(', ')} shape the index built from the raw newswires (pass their directory as \`path\`); Keras's reuters_word_index.json is one fixed index. Received: ${shaping.map((k) => `${k}=${options[k]}`).join(', ')}`,
      );
    }
    const file = options.path ?? kerasDatasetFile(KERAS_FILES.reutersWordIndex, 'datasets.reuters.getWordIndex()', options.quiet);
    return readKerasWordIndex(dataFiles('reuters.getWordIndex').readBytes(file, "Keras's reuters_word_index.json"), file);
  }
  const o = resolveSequenceOptions(options ?? ({} as ReutersOptions), 'reuters.getWordIndex');
  const { newswires } = labelledNewswires(options?.path, 'reuters.getWordIndex');
  const { train } = shuffledSplit(newswires, options, o.maxlen === undefined ? undefined : (doc) => keptByMaxlen(doc.words.length, o));
  return rankTrainingWords(train).wordIndex();
}

/**
 * The 46 topic names, indexed by label id (Keras's `reuters.get_label_names()`).
 *
 * @example
 * ```ts
 * datasets.reuters.getLabelNames({ path: '../shared/data' })[3]; // 'earn'
 * ```
 */
export function getLabelNames(options: { path: string }): string[] {
  return labelledNewswires(options?.path, 'reuters.getLabelNames').labelNames;
}

interface Newswire {
  newId: number;
  topic: string;
  words: string[];
}

/** Steps 1–3 of the rule: the labelled newswires in NEWID order, and the label names. */
function labelledNewswires(path: string | undefined, loader: string): { newswires: Newswire[]; labelNames: string[] } {
  const docs: ReutersDocument[] = [];
  for (let i = 0; i < FILE_COUNT; i++) {
    const name = `reut2-${String(i).padStart(3, '0')}.sgm.gz`;
    const { file, bytes } = readDataFile(path, 'reuters21578', name, loader, `the Reuters-21578 file ${name}`);
    const sgml = new TextDecoder('latin1').decode(gunzip(bytes, file));
    docs.push(...parseReutersSgml(sgml, file));
  }
  docs.sort((a, b) => a.newId - b.newId);
  const topicCounts = new Map<string, number>();
  for (const d of docs) if (d.topics.length > 0) topicCounts.set(d.topics[0], (topicCounts.get(d.topics[0]) ?? 0) + 1);
  // Map iteration follows first appearance, so the stable sort breaks count ties by it.
  const kept = new Set([...topicCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOPIC_COUNT).map(([t]) => t));
  const labelNames: string[] = [];
  const newswires: Newswire[] = [];
  for (const d of docs) {
    const topic = d.topics[0];
    if (topic === undefined || !kept.has(topic)) continue;
    if (!labelNames.includes(topic)) labelNames.push(topic);
    newswires.push({ newId: d.newId, topic, words: tokenize(d.text) });
  }
  return { newswires, labelNames };
}

/** Step 4: Keras's shuffle, the `maxlen` filter, then the train/test cut. */
function shuffledSplit(
  newswires: Newswire[],
  options: { testSplit?: number; seed?: number },
  keep: ((doc: Newswire) => boolean) | undefined,
): { train: Newswire[]; test: Newswire[] } {
  const testSplit = options?.testSplit ?? 0.2;
  if (typeof testSplit !== 'number' || !(testSplit >= 0 && testSplit < 1)) {
    throw new ValueError(`reuters: \`testSplit\` must be a fraction in [0, 1). Received: testSplit=${testSplit}`);
  }
  const order = new NumpyRandomState(options?.seed ?? 113).permutation(newswires.length);
  let shuffled = Array.from(order, (i) => newswires[i]);
  if (keep) shuffled = shuffled.filter(keep);
  const cut = Math.floor(shuffled.length * (1 - testSplit));
  return { train: shuffled.slice(0, cut), test: shuffled.slice(cut) };
}

/** Step 5's ranking: counts over the training newswires taken in NEWID order. */
function rankTrainingWords(train: Newswire[]): WordRanking {
  const ranking = new WordRanking();
  for (const d of [...train].sort((a, b) => a.newId - b.newId)) ranking.addTrainingText(d.words);
  return ranking;
}
