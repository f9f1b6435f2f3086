import * as fs from 'node:fs';
import * as path from 'node:path';
import { preprocessing, Tensor } from 'kerasm';

// Expected values computed by Keras itself: see text_fixtures/make_keras_goldens.py.
const goldens = JSON.parse(fs.readFileSync(path.join(__dirname, 'text_fixtures/keras_goldens.json'), 'utf8'));

const rows = (t: Tensor): number[][] => t.toArray() as number[][];

interface TokenizerCase {
  options: { num_words?: number; oov_token?: string; lower?: boolean; filters?: string };
  word_index: Record<string, number>;
  document_count: number;
  sequences: number[][];
  texts: string[];
  matrices: Record<string, number[][]>;
}

describe(`Tokenizer against Keras ${goldens.keras_version}`, () => {
  test.each((goldens.tokenizer as TokenizerCase[]).map((c) => [JSON.stringify(c.options), c]))(
    'options %s',
    (_name, c) => {
      const tokenizer = new preprocessing.Tokenizer({
        numWords: c.options.num_words,
        oovToken: c.options.oov_token,
        lower: c.options.lower,
        filters: c.options.filters,
      });
      tokenizer.fitOnTexts(goldens.fit_texts);
      expect(Object.fromEntries(tokenizer.wordIndex)).toEqual(c.word_index);
      // Keras's dict order is the rank order; the Map must hold the same order.
      expect([...tokenizer.wordIndex.keys()]).toEqual(Object.keys(c.word_index));
      expect(tokenizer.documentCount).toBe(c.document_count);
      const seqs = tokenizer.textsToSequences(goldens.encode_texts);
      expect(seqs).toEqual(c.sequences);
      expect(tokenizer.sequencesToTexts(seqs)).toEqual(c.texts);
      for (const mode of ['binary', 'count', 'tfidf', 'freq'] as const) {
        const m = tokenizer.sequencesToMatrix(goldens.sequences_for_matrix, mode);
        const expected: number[][] = c.matrices[mode];
        expect(m.shape).toEqual([expected.length, expected[0].length]);
        const got = rows(m);
        expected.forEach((row, i) => row.forEach((v, j) => expect(got[i][j]).toBeCloseTo(v, 5)));
      }
    },
  );

  test('textsToMatrix equals sequencesToMatrix of textsToSequences', () => {
    const t = new preprocessing.Tokenizer({ numWords: 10 }).fitOnTexts(goldens.fit_texts);
    const a = t.textsToMatrix(goldens.encode_texts, 'count');
    const b = t.sequencesToMatrix(t.textsToSequences(goldens.encode_texts), 'count');
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  test('words that are Object.prototype names are ordinary vocabulary entries', () => {
    const t = new preprocessing.Tokenizer().fitOnTexts(['constructor __proto__ toString constructor']);
    expect(t.wordIndex.get('constructor')).toBe(1);
    expect(t.textsToSequences(['__proto__ tostring'])).toEqual([[2, 3]]);
  });

  test('errors in Keras style', () => {
    expect(() => new preprocessing.Tokenizer().sequencesToMatrix([[1]])).toThrow(/fit on some text data first/);
    const t = new preprocessing.Tokenizer({ numWords: 5 });
    expect(() => t.sequencesToMatrix([[1]], 'tfidf')).toThrow(/Received: documentCount=0/);
    expect(() => t.sequencesToMatrix([[1]], 'bogus' as never)).toThrow(/Received: mode=bogus/);
    expect(() => new preprocessing.Tokenizer({ numWords: 0 })).toThrow(/Received: numWords=0/);
  });
});

describe('textToWordSequence (Keras)', () => {
  test.each((goldens.text_to_word_sequence as { text: string; words: string[] }[]).map((c) => [c.text, c.words]))(
    '%j',
    (text, words) => {
      expect(preprocessing.textToWordSequence(text)).toEqual(words);
    },
  );
});

describe('padSequences (Keras)', () => {
  interface PadCase {
    sequences: number[][];
    options: { maxlen?: number; padding?: 'pre' | 'post'; truncating?: 'pre' | 'post'; value?: number };
    result: number[][];
  }
  test.each((goldens.pad_sequences as PadCase[]).map((c) => [JSON.stringify(c.options), c]))('options %s', (_n, c) => {
    const out = preprocessing.padSequences(c.sequences, c.options);
    expect(out.dtype).toBe('int32');
    expect(rows(out)).toEqual(c.result);
  });

  test('defaults are pre-padding and pre-truncation with 0, as documented by Keras', () => {
    expect(rows(preprocessing.padSequences([[1], [2, 3], [4, 5, 6]]))).toEqual([
      [0, 0, 1],
      [0, 2, 3],
      [4, 5, 6],
    ]);
  });

  test('float32 output takes a fractional padding value; maxlen 0 gives empty rows', () => {
    const f = preprocessing.padSequences([[1.5]], { maxlen: 3, dtype: 'float32', value: 0.5 });
    expect(f.dtype).toBe('float32');
    expect(Array.from(f.data)).toEqual([0.5, 0.5, 1.5]);
    expect(preprocessing.padSequences([[1, 2]], { maxlen: 0 }).shape).toEqual([1, 0]);
  });

  test('invalid options are clear errors', () => {
    expect(() => preprocessing.padSequences([[1]], { padding: 'middle' as never })).toThrow(/Received: padding=middle/);
    expect(() => preprocessing.padSequences([[1]], { value: 0.5 })).toThrow(/Received: value=0.5/);
  });
});

describe('standardize (TextVectorization lower_and_strip_punctuation)', () => {
  test.each((goldens.standardize as { text: string; standardized: string }[]).map((c) => [c.text, c.standardized]))(
    '%j',
    (text, expected) => {
      expect(preprocessing.standardize(text)).toBe(expected);
    },
  );

  test('HTML <br /> tags become spaces instead of the word "br"', () => {
    expect(preprocessing.tokenize('Great film.<br /><br />Loved it<BR/>really')).toEqual([
      'great',
      'film',
      'loved',
      'it',
      'really',
    ]);
  });

  test('tokenize splits on any whitespace and drops empty tokens', () => {
    expect(preprocessing.tokenize('  A\tb\n\nC  ')).toEqual(['a', 'b', 'c']);
    expect(preprocessing.tokenize('')).toEqual([]);
  });
});
