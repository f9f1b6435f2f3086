/** TextVectorization gives Keras's own vocabularies and outputs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { preprocessing, Tensor } from 'kerasm';

// Computed by keras.layers.TextVectorization: see text_fixtures/make_text_vectorization_goldens.py.
const goldens = JSON.parse(fs.readFileSync(path.join(__dirname, 'text_fixtures/text_vectorization_goldens.json'), 'utf8'));

interface KerasCase {
  name: string;
  options: {
    max_tokens?: number;
    standardize?: 'lower' | 'strip_punctuation' | null;
    split?: 'character' | null;
    ngrams?: number | number[];
    output_mode?: 'multi_hot' | 'count' | 'tf_idf';
    output_sequence_length?: number;
    pad_to_max_tokens?: boolean;
    vocabulary?: string[];
    idf_weights?: number[];
  };
  adapt: boolean;
  texts: string[];
  queries: string[];
  vocabulary: string[];
  vocabulary_without_special: string[];
  shape: number[];
  output: number[] | number[][];
}

function fromKerasOptions(o: KerasCase['options']): preprocessing.TextVectorizationOptions {
  return {
    maxTokens: o.max_tokens,
    standardize: o.standardize,
    split: o.split,
    ngrams: o.ngrams,
    outputMode: o.output_mode,
    outputSequenceLength: o.output_sequence_length,
    padToMaxTokens: o.pad_to_max_tokens,
    vocabulary: o.vocabulary,
    idfWeights: o.idf_weights,
  };
}

describe(`textVectorization against Keras ${goldens.keras_version} (TensorFlow ${goldens.tensorflow_version})`, () => {
  test.each((goldens.cases as KerasCase[]).map((c) => [c.name, c]))('%s', (_name, c) => {
    const vectorizer = preprocessing.textVectorization(fromKerasOptions(c.options));
    if (c.adapt) vectorizer.adapt(c.texts);
    expect(vectorizer.getVocabulary()).toEqual(c.vocabulary);
    expect(vectorizer.getVocabulary(false)).toEqual(c.vocabulary_without_special);
    const out = vectorizer.apply(c.queries);
    expect(out.shape).toEqual(c.shape);
    const expected = (c.output as (number | number[])[]).flat();
    if ((c.options.output_mode ?? 'int') === 'int') {
      expect(out.dtype).toBe('int32');
      expect(Array.from(out.data)).toEqual(expected);
    } else {
      expect(out.dtype).toBe('float32');
      // float32 on both sides; the tf-idf weights may differ in the last bit (log and mean).
      Array.from(out.data).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[i]))));
    }
  });

  test('the fixture exercises what it should: ties broken by UTF-8 bytes, <br /> and tf-idf', () => {
    const defaults = (goldens.cases as KerasCase[])[0];
    // '😀' (F0 9F…) sorts above 'ｆｕｌｌ' (EF BD…) in bytes but below it in UTF-16 units.
    expect(defaults.vocabulary.indexOf('😀')).toBeLessThan(defaults.vocabulary.indexOf('ｆｕｌｌ'));
    expect(defaults.texts.some((t) => t.includes('<br />'))).toBe(true);
    expect(defaults.vocabulary).not.toContain('br');
  });
});

describe('textVectorization', () => {
  test("Keras's docstring example: int mode with outputSequenceLength", () => {
    const v = preprocessing.textVectorization({ maxTokens: 5000, outputSequenceLength: 4 });
    v.adapt(['foo bar', 'bar baz', 'baz bada boom']);
    expect(v.apply(['foo qux bar', 'qux baz']).toArray()).toEqual([
      [4, 1, 3, 0],
      [1, 2, 0, 0],
    ]);
    expect(v.vocabularySize()).toBe(7);
  });

  test('tf_idf follows tf × log(1 + numDocs / (1 + docFreq)), [UNK] weighted by the mean idf', () => {
    const docs = ['a a b', 'a c', 'a', 'b d'];
    const v = preprocessing.textVectorization({ outputMode: 'tf_idf' });
    v.adapt(docs);
    expect(v.getVocabulary()).toEqual(['[UNK]', 'a', 'b', 'd', 'c']);
    const idf = (df: number) => Math.log(1 + 4 / (1 + df));
    const weights = [idf(3), idf(2), idf(1), idf(1)];
    const unk = weights.reduce((s, w) => s + w, 0) / weights.length;
    const row = Array.from(v.apply(['a a a b zz zz']).data);
    const expected = [2 * unk, 3 * weights[0], weights[1], 0, 0];
    row.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
  });

  test('count and multi_hot count repeats differently; padToMaxTokens widens the rows', () => {
    const count = preprocessing.textVectorization({ outputMode: 'count', maxTokens: 6, padToMaxTokens: true });
    count.adapt(['x y', 'x']);
    expect(count.apply(['x x y q']).toArray()).toEqual([[1, 2, 1, 0, 0, 0]]);
    const multiHot = preprocessing.textVectorization({ outputMode: 'multi_hot' });
    multiHot.adapt(['x y', 'x']);
    expect(multiHot.apply(['x x y q']).toArray()).toEqual([[1, 1, 1]]);
  });

  test('the default standardisation turns <br /> into a space and strips punctuation', () => {
    const v = preprocessing.textVectorization();
    v.adapt(["Great!<br /><br />Don't MISS it.<BR/>great"]);
    expect(v.getVocabulary(false)).toEqual(['great', 'miss', 'it', 'dont']);
  });

  test('custom standardize and split functions are applied in order', () => {
    const v = preprocessing.textVectorization({ standardize: (t) => t.toUpperCase(), split: (t) => t.split(',') });
    v.adapt(['a,b,a']);
    expect(v.getVocabulary(false)).toEqual(['A', 'B']);
    expect(v.apply(['b,c']).toArray()).toEqual([[3, 1]]);
  });

  test('adapt replaces the vocabulary it learned before', () => {
    const v = preprocessing.textVectorization();
    v.adapt(['one two']);
    v.adapt(['three']);
    expect(v.getVocabulary()).toEqual(['', '[UNK]', 'three']);
  });

  test('an int-mode vectorizer without vocabulary maps every word to [UNK]', () => {
    const out = preprocessing.textVectorization().apply(['a b', 'c']);
    expect(out).toBeInstanceOf(Tensor);
    expect(out.toArray()).toEqual([
      [1, 1],
      [1, 0],
    ]);
  });

  test('errors say what was wrong and what was received', () => {
    expect(() => preprocessing.textVectorization({ outputMode: 'binary' as never })).toThrow(/`outputMode` must be one of .* Received: outputMode="binary"/);
    expect(() => preprocessing.textVectorization({ maxTokens: 1 })).toThrow(/greater than 1.*Received: maxTokens=1/);
    expect(() => preprocessing.textVectorization({ outputMode: 'count', outputSequenceLength: 3 })).toThrow(/must not be set if `outputMode` is not 'int'/);
    expect(() => preprocessing.textVectorization({ padToMaxTokens: true })).toThrow(/needs `maxTokens`/);
    expect(() => preprocessing.textVectorization({ ngrams: 0 })).toThrow(/Received: ngrams=0/);
    expect(() => preprocessing.textVectorization({ vocabulary: ['a', 'b', 'a'] })).toThrow(/repeated terms.*"a"/);
    expect(() => preprocessing.textVectorization({ vocabulary: ['a', 'b', 'c'], maxTokens: 4 })).toThrow(/larger than `maxTokens`.*size 5/);
    expect(() => preprocessing.textVectorization({ vocabulary: ['a'], outputMode: 'tf_idf' })).toThrow(/needs its `idfWeights`/);
    expect(() => preprocessing.textVectorization({ vocabulary: ['a'], outputMode: 'tf_idf', idfWeights: [1, 2] })).toThrow(/one number per vocabulary entry \(1\)/);
    expect(() => preprocessing.textVectorization({ vocabulary: ['a'] }).adapt(['a'])).toThrow(/cannot adapt/);
    expect(() => preprocessing.textVectorization({ outputMode: 'multi_hot' }).apply(['a'])).toThrow(/adapt\(\) the layer/);
    expect(() => preprocessing.textVectorization({ outputMode: 'tf_idf' }).adapt(['', '  '])).toThrow(/found no tokens/);
    expect(() => preprocessing.textVectorization().apply('a b' as never)).toThrow(/expected an array of strings/);
    expect(() => preprocessing.textVectorization().adapt(['a', 3 as never])).toThrow(/Received: texts\[1\]=number 3/);
  });
});
