import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasets, preprocessing, Tensor } from 'kerasm';

const dataDir = path.resolve(__dirname, '../../shared/data');

/** The reviews of one file, read independently of the loader (Node's zlib, JSON.parse). */
function rawReviews(split: 'train' | 'test'): { text: string; label: number }[] {
  const text = gunzipSync(fs.readFileSync(path.join(dataDir, 'imdb', `${split}.jsonl.gz`))).toString('utf8');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

const sum = (t: Tensor): number => Array.from(t.data).reduce((a, b) => a + b, 0);

describe('imdb.loadData on the real aclImdb files', () => {
  // Loaded once for the file: 50 000 reviews take a few seconds.
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.imdb.loadData({ path: dataDir, numWords: 10000 });
  const wordIndex = datasets.imdb.getWordIndex({ path: dataDir });

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
    const train = rawReviews('train');
    const expected = [1, ...preprocessing.tokenize(train[7798].text).map((w) => {
      const index = (wordIndex.get(w) as number) + 3;
      return index < 10000 ? index : 2;
    })];
    expect(xTrain[0]).toEqual(expected);
    expect(yTrain.data[0]).toBe(train[7798].label);
    expect(yTrain.data[1]).toBe(train[13226].label);
    const test = rawReviews('test');
    expect(yTest.data[0]).toBe(test[22748].label);
    expect(xTest[0].length).toBeLessThanOrEqual(preprocessing.tokenize(test[22748].text).length + 1);
  });

  test('the sequences feed the notes\' multi-hot encoding', () => {
    const x = preprocessing.vectorizeSequences(xTrain.slice(0, 8), 10000);
    expect(x.shape).toEqual([8, 10000]);
    expect(x.data[1]).toBe(1); // every review has the start mark
  });

  test('a missing data folder and a corrupt file are clear errors naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-imdb-'));
    try {
      expect(() => datasets.imdb.loadData({ path: dir })).toThrow(
        new RegExp(`cannot find the IMDB training reviews: expected the file ${dir}/imdb/train.jsonl.gz`),
      );
      fs.mkdirSync(path.join(dir, 'imdb'));
      const gz = fs.readFileSync(path.join(dataDir, 'imdb', 'test.jsonl.gz'));
      fs.writeFileSync(path.join(dir, 'imdb', 'train.jsonl.gz'), gz.subarray(0, 100000));
      fs.writeFileSync(path.join(dir, 'imdb', 'test.jsonl.gz'), gz);
      expect(() => datasets.imdb.getWordIndex({ path: dir })).toThrow(/Cannot decompress .*train\.jsonl\.gz: the gzip stream is corrupt or truncated/);
      expect(() => datasets.imdb.loadData({ path: dataDir, numWords: 0 })).toThrow(/Received: numWords=0/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
