import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasets, preprocessing, Tensor } from 'kerasm';
import expected from './data_fixtures/expected.json';
import { dataDir, describeWithData, fixtureDir } from './helpers/real_data';

/** The reviews of one file, read independently of the loader (Node's zlib, JSON.parse). */
function rawReviews(root: string, split: 'train' | 'test'): { text: string; label: number; id: string }[] {
  const text = gunzipSync(fs.readFileSync(path.join(root, 'imdb', `${split}.jsonl.gz`))).toString('utf8');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

const sum = (t: Tensor): number => Array.from(t.data).reduce((a, b) => a + b, 0);

/** `text` encoded as Keras encodes a review with `numWords`, from the loader's word index. */
function encoded(text: string, wordIndex: Map<string, number>, numWords: number): number[] {
  return [1, ...preprocessing.tokenize(text).map((w) => {
    const index = (wordIndex.get(w) as number) + 3;
    return index < numWords ? index : 2;
  })];
}

describe('imdb.loadData on the fixture (12 + 12 real reviews, tests/data_fixtures)', () => {
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.imdb.loadData({ path: fixtureDir, numWords: 100 });
  const wordIndex = datasets.imdb.getWordIndex({ path: fixtureDir });
  const trainReviews = rawReviews(fixtureDir, 'train');
  const testReviews = rawReviews(fixtureDir, 'test');

  test('every review of the files, labels as in the files', () => {
    expect(trainReviews.map((r) => r.id)).toEqual(expected.imdb.train.ids);
    expect(xTrain).toHaveLength(expected.imdb.train.count);
    expect(xTest).toHaveLength(expected.imdb.test.count);
    expect(sum(yTrain)).toBe(trainReviews.filter((r) => r.label === 1).length);
    expect(sum(yTest)).toBe(testReviews.filter((r) => r.label === 1).length);
  });

  test("shuffled with NumPy's RandomState(113), training set first, as Keras (orders from NumPy)", () => {
    expect(Array.from(yTrain.data)).toEqual(expected.imdb.train.order.map((i) => trainReviews[i].label));
    expect(Array.from(yTest.data)).toEqual(expected.imdb.test.order.map((i) => testReviews[i].label));
    expected.imdb.train.order.forEach((i, k) => expect(xTrain[k]).toEqual(encoded(trainReviews[i].text, wordIndex, 100)));
  });

  test('test words never seen in training are skipped; numWords caps indices', () => {
    for (const [k, i] of expected.imdb.test.order.entries()) {
      const known = preprocessing.tokenize(testReviews[i].text).filter((w) => wordIndex.has(w));
      expect(xTest[k]).toEqual(encoded(known.join(' '), wordIndex, 100));
    }
    expect(Math.max(...xTrain.flat(), ...xTest.flat())).toBeLessThan(100);
  });

  test('the word index counts training words only, ranks by frequency, <br /> tags are not words', () => {
    const counts = new Map<string, number>();
    for (const r of trainReviews) for (const w of preprocessing.tokenize(r.text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    expect(wordIndex.size).toBe(counts.size);
    const byRank = [...wordIndex].sort((a, b) => a[1] - b[1]).map(([w]) => counts.get(w) as number);
    expect(byRank).toEqual([...byRank].sort((a, b) => b - a));
    expect(wordIndex.get('the')).toBe(1);
    expect(trainReviews.some((r) => r.text.includes('<br />'))).toBe(true);
    expect(wordIndex.has('br')).toBe(false);
    // A review with non-ASCII text (picked for it by the generator) keeps its letters.
    expect([...wordIndex.keys()].some((w) => /[^\x00-\x7f]/.test(w))).toBe(true);
  });

  test('a missing data folder and a corrupt file are clear errors naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-imdb-'));
    try {
      expect(() => datasets.imdb.loadData({ path: dir })).toThrow(
        new RegExp(`cannot find the IMDB training reviews: expected the file ${dir}/imdb/train.jsonl.gz`),
      );
      fs.mkdirSync(path.join(dir, 'imdb'));
      const gz = fs.readFileSync(path.join(fixtureDir, 'imdb', 'test.jsonl.gz'));
      fs.writeFileSync(path.join(dir, 'imdb', 'train.jsonl.gz'), gz.subarray(0, gz.length >> 1));
      fs.writeFileSync(path.join(dir, 'imdb', 'test.jsonl.gz'), gz);
      expect(() => datasets.imdb.getWordIndex({ path: dir })).toThrow(/Cannot decompress .*train\.jsonl\.gz: the gzip stream is corrupt or truncated/);
      expect(() => datasets.imdb.loadData({ path: fixtureDir, numWords: 0 })).toThrow(/Received: numWords=0/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describeWithData('imdb.loadData on the full aclImdb files', () => {
  let xTrain: number[][], yTrain: Tensor, xTest: number[][], yTest: Tensor, wordIndex: Map<string, number>;
  beforeAll(() => {
    // Loaded once for the file: 50 000 reviews take a few seconds.
    [[xTrain, yTrain], [xTest, yTest]] = datasets.imdb.loadData({ path: dataDir(), numWords: 10000 });
    wordIndex = datasets.imdb.getWordIndex({ path: dataDir() });
  });

  test('25 000 training and 25 000 test reviews, labels balanced', () => {
    expect(xTrain).toHaveLength(25000);
    expect(xTest).toHaveLength(25000);
    expect(yTrain.dtype).toBe('int32');
    expect(yTrain.shape).toEqual([25000]);
    expect(sum(yTrain)).toBe(12500);
    expect(sum(yTest)).toBe(12500);
  });

  test("Keras's index conventions: start mark 1, OOV 2, words from 3, all below numWords", () => {
    // Tallied in plain loops: one expect per word would take minutes over 12 million words.
    let badStart = 0;
    let outOfRange = 0;
    let oov = 0;
    let words = 0;
    for (const seq of [...xTrain, ...xTest]) {
      if (seq[0] !== 1) badStart++;
      for (let j = 1; j < seq.length; j++) {
        if (!(seq[j] >= 2 && seq[j] < 10000)) outOfRange++;
        if (seq[j] === 2) oov++;
        words++;
      }
    }
    expect(badStart).toBe(0);
    expect(outOfRange).toBe(0);
    expect(oov).toBeGreaterThan(0);
    expect(oov).toBeLessThan(words * 0.1);
  });

  test('the word index ranks training words by frequency, 1-based', () => {
    expect(wordIndex.get('the')).toBe(1);
    expect(wordIndex.get('and')).toBe(2);
    expect(wordIndex.get('a')).toBe(3);
    // The reviews are full of <br /> tags; as words they would rank near the top. The only "br"
    // left is a real one ("DEFA and BR"), so it is rare.
    expect(wordIndex.get('br') as number).toBeGreaterThan(10000);
    const ranks = [...wordIndex.values()];
    expect(ranks.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(ranks[ranks.length - 1]).toBe(wordIndex.size);
  });

  test("shuffled as Keras shuffles (NumPy RandomState(113)): sample 0 is the file's review 7798, encoded word by word", () => {
    // np.random.RandomState(113).shuffle(np.arange(25000)) starts 7798, 13226, ...; Keras then
    // shuffles the test set with the same generator, which starts 22748 (NumPy 2.4.6).
    const train = rawReviews(dataDir(), 'train');
    expect(xTrain[0]).toEqual(encoded(train[7798].text, wordIndex, 10000));
    expect(yTrain.data[0]).toBe(train[7798].label);
    expect(yTrain.data[1]).toBe(train[13226].label);
    const test = rawReviews(dataDir(), 'test');
    expect(yTest.data[0]).toBe(test[22748].label);
    expect(xTest[0].length).toBeLessThanOrEqual(preprocessing.tokenize(test[22748].text).length + 1);
  });

  test('the sequences feed the notes\' multi-hot encoding', () => {
    const x = preprocessing.vectorizeSequences(xTrain.slice(0, 8), 10000);
    expect(x.shape).toEqual([8, 10000]);
    expect(x.data[1]).toBe(1); // every review has the start mark
  });

  test("the fixture's reviews are whole lines of the full files", () => {
    for (const split of ['train', 'test'] as const) {
      const full = new Map(rawReviews(dataDir(), split).map((r) => [`${r.label}/${r.id}`, r.text]));
      for (const r of rawReviews(fixtureDir, split)) expect(full.get(`${r.label}/${r.id}`)).toBe(r.text);
    }
  });
});
