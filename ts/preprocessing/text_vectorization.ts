import { ValueError, StateError } from '../errors';
import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { HTML_BREAK, PUNCTUATION, standardize as lowerAndStripPunctuation } from './standardize';

/** ASCII whitespace other than the space: what TensorFlow's whitespace split also splits on. */
const OTHER_ASCII_WHITESPACE = /[\t\n\v\f\r]/g;

/** The padding token (index 0 in `'int'` mode) and the out-of-vocabulary token. */
const MASK_TOKEN = '';
const OOV_TOKEN = '[UNK]';

/** How {@link TextVectorization} standardises each text before splitting it. */
export type StandardizeMode = 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null | ((text: string) => string);

/** How {@link TextVectorization} splits a standardised text into tokens. */
export type SplitMode = 'whitespace' | 'character' | null | ((text: string) => string[]);

/** What {@link TextVectorization.apply} returns per text. */
export type TextOutputMode = 'int' | 'multi_hot' | 'count' | 'tf_idf';

/** Options of {@link textVectorization}, as Keras 3's `TextVectorization` (same defaults). */
export interface TextVectorizationOptions {
  /**
   * Largest vocabulary, special tokens included: `adapt` keeps the `maxTokens − 2` most frequent
   * tokens in `'int'` mode (index 0 padding, 1 `[UNK]`), `maxTokens − 1` in the others (index 0
   * `[UNK]`). Omitted: every token seen.
   */
  maxTokens?: number;
  /**
   * `'lower_and_strip_punctuation'` (default), `'lower'`, `'strip_punctuation'`, `null` (none), or
   * a function. The three named modes first turn HTML `<br />` into a space, then lowercase
   * (Unicode-aware) and/or remove ASCII punctuation, apostrophes included ("don't" → "dont").
   */
  standardize?: StandardizeMode;
  /** `'whitespace'` (default: runs of ASCII whitespace), `'character'` (code points), `null` (the whole text is one token), or a function. */
  split?: SplitMode;
  /** Also make n-grams: `n` for widths 1…n, or a list of widths (`[1, 3]`); joined by a space. */
  ngrams?: number | readonly number[];
  /** Default `'int'`. */
  outputMode?: TextOutputMode;
  /** `'int'` only: pad with 0 or cut every row to this length (default: the longest text of the batch). */
  outputSequenceLength?: number;
  /** `multi_hot`/`count`/`tf_idf` only: make the rows `maxTokens` wide even when the vocabulary is smaller. */
  padToMaxTokens?: boolean;
  /** A fixed vocabulary instead of `adapt` (most frequent first; may start with the special tokens). */
  vocabulary?: readonly string[];
  /** `'tf_idf'` with `vocabulary`: the inverse document frequency of each vocabulary entry. */
  idfWeights?: ArrayLike<number>;
}

const TEXT_VECTORIZATION_OPTIONS = optionNames<TextVectorizationOptions>({ maxTokens: true, standardize: true, split: true, ngrams: true, outputMode: true, outputSequenceLength: true, padToMaxTokens: true, vocabulary: true, idfWeights: true });

/**
 * Keras 3's `TextVectorization`: turns raw strings into token indices (`'int'`, padded with 0)
 * or into one vector per text over the vocabulary (`'multi_hot'`, `'count'`, `'tf_idf'`).
 *
 * `adapt(texts)` learns the vocabulary: every token of the standardised, split texts, ranked by
 * count, ties in descending order of the tokens' UTF-8 bytes (as Keras), cut to `maxTokens`. In
 * `'int'` mode index 0 is padding (`''`) and 1 is `[UNK]`, the index of every token outside the
 * vocabulary; in the other modes there is no padding index and `[UNK]` is index 0. `'tf_idf'`
 * weighs each count by Keras's inverse document frequency `log(1 + numDocs / (1 + docFreq))`,
 * the `[UNK]` column by the mean of the vocabulary's weights.
 *
 * Differences from Keras: HTML `<br />` line breaks are removed by the named standardisations,
 * and lowercasing is Unicode-aware (TensorFlow lowercases ASCII only). This is a preprocessing
 * step run on strings before the data reaches a model (kerasm models take numbers).
 *
 * @example
 * ```ts
 * const vectorizer = preprocessing.textVectorization({ maxTokens: 5000, outputSequenceLength: 4 });
 * vectorizer.adapt(['foo bar', 'bar baz', 'baz bada boom']);
 * vectorizer.apply(['foo qux bar', 'qux baz']).toArray(); // [[4, 1, 3, 0], [1, 2, 0, 0]]
 * vectorizer.getVocabulary(); // ['', '[UNK]', 'baz', 'bar', 'foo', 'boom', 'bada']
 * ```
 */
export class TextVectorization {
  readonly maxTokens?: number;
  readonly standardize: StandardizeMode;
  readonly split: SplitMode;
  /** The n-gram widths made from each text's tokens (undefined: tokens alone). */
  readonly ngrams?: readonly number[];
  readonly outputMode: TextOutputMode;
  readonly outputSequenceLength?: number;
  readonly padToMaxTokens: boolean;
  /** Learned tokens (no special tokens), most frequent first; a token's index is its position + `tokenStart`. */
  private tokens: string[] = [];
  private index = new Map<string, number>();
  /** `'tf_idf'`: one weight per output column (`[UNK]` first). */
  private idf?: Float32Array;
  private readonly fixedVocabulary: boolean;

  constructor(options: TextVectorizationOptions = {}) {
    options = checkOptions(options, TEXT_VECTORIZATION_OPTIONS, 'preprocessing.textVectorization(options)');
    const {
      maxTokens,
      standardize = 'lower_and_strip_punctuation',
      split = 'whitespace',
      ngrams,
      outputMode = 'int',
      outputSequenceLength,
      padToMaxTokens = false,
      vocabulary,
      idfWeights,
    } = options;
    if (!['int', 'multi_hot', 'count', 'tf_idf'].includes(outputMode)) {
      throw new ValueError(`TextVectorization: \`outputMode\` must be one of 'int', 'multi_hot', 'count', 'tf_idf'. Received: outputMode=${JSON.stringify(outputMode)}`);
    }
    if (!(standardize === null || typeof standardize === 'function' || ['lower_and_strip_punctuation', 'lower', 'strip_punctuation'].includes(standardize))) {
      throw new ValueError(`TextVectorization: \`standardize\` must be 'lower_and_strip_punctuation', 'lower', 'strip_punctuation', null or a function. Received: standardize=${JSON.stringify(standardize)}`);
    }
    if (!(split === null || typeof split === 'function' || split === 'whitespace' || split === 'character')) {
      throw new ValueError(`TextVectorization: \`split\` must be 'whitespace', 'character', null or a function. Received: split=${JSON.stringify(split)}`);
    }
    if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens <= 1)) {
      throw new ValueError(`TextVectorization: if set, \`maxTokens\` must be an integer greater than 1 (it counts the special tokens too). Received: maxTokens=${maxTokens}`);
    }
    if (outputSequenceLength !== undefined) {
      if (outputMode !== 'int') {
        throw new ValueError(`TextVectorization: \`outputSequenceLength\` must not be set if \`outputMode\` is not 'int'. Received: outputSequenceLength=${outputSequenceLength}, outputMode='${outputMode}'`);
      }
      if (!Number.isInteger(outputSequenceLength) || outputSequenceLength < 1) {
        throw new ValueError(`TextVectorization: \`outputSequenceLength\` must be a positive integer. Received: outputSequenceLength=${outputSequenceLength}`);
      }
      if (split === null) {
        throw new ValueError(`TextVectorization: \`outputSequenceLength\` needs a \`split\`; with split=null every text is one token. Received: outputSequenceLength=${outputSequenceLength}, split=null`);
      }
    }
    if (padToMaxTokens && maxTokens === undefined) {
      throw new ValueError(`TextVectorization: \`padToMaxTokens\` needs \`maxTokens\`. Received: padToMaxTokens=true, maxTokens=undefined`);
    }
    this.maxTokens = maxTokens;
    this.standardize = standardize;
    this.split = split;
    this.ngrams = ngrams === undefined ? undefined : ngramWidths(ngrams);
    this.outputMode = outputMode;
    this.outputSequenceLength = outputSequenceLength;
    this.padToMaxTokens = padToMaxTokens;
    this.fixedVocabulary = vocabulary !== undefined;
    if (vocabulary !== undefined) {
      this.setVocabulary(vocabulary, idfWeights);
    } else if (idfWeights !== undefined) {
      throw new ValueError('TextVectorization: `idfWeights` go with a given `vocabulary` (adapt computes its own). Received: idfWeights without vocabulary');
    }
  }

  /** Index of the first learned token: after padding and `[UNK]` in `'int'` mode, after `[UNK]` otherwise. */
  private get tokenStart(): number {
    return this.outputMode === 'int' ? 2 : 1;
  }

  /**
   * Learns the vocabulary (and, for `'tf_idf'`, the document frequencies) from `texts`, replacing
   * any earlier one. Each text counts as one document.
   *
   * @example
   * ```ts
   * const vectorizer = preprocessing.textVectorization({ maxTokens: 10000, outputMode: 'multi_hot' });
   * vectorizer.adapt(trainTexts); // then vectorizer.apply(trainTexts), vectorizer.apply(testTexts)
   * ```
   */
  adapt(texts: readonly string[]): this {
    if (this.fixedVocabulary) {
      throw new StateError('TextVectorization: cannot adapt a layer whose vocabulary was given as the `vocabulary` option. Received: adapt() after vocabulary');
    }
    checkTexts(texts, 'adapt');
    const counts = new Map<string, number>();
    const docFreq = new Map<string, number>();
    const tfIdf = this.outputMode === 'tf_idf';
    for (const text of texts) {
      const tokens = this.tokensOf(text);
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      if (tfIdf) for (const t of new Set(tokens)) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
    }
    // The special tokens are never learned as words.
    counts.delete(MASK_TOKEN);
    counts.delete(OOV_TOKEN);
    if (tfIdf && counts.size === 0) {
      throw new ValueError(`TextVectorization: adapt() found no tokens in the ${texts.length} text(s), so 'tf_idf' has no document frequencies to learn. Received: texts without any token`);
    }
    let ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareCodePoints(b[0], a[0])).map(([t]) => t);
    if (this.maxTokens !== undefined) ranked = ranked.slice(0, this.maxTokens - this.tokenStart);
    this.setTokens(ranked);
    if (tfIdf) {
      const numDocs = texts.length;
      const weights = ranked.map((t) => Math.fround(Math.log(1 + numDocs / (1 + (docFreq.get(t) ?? 0)))));
      this.idf = this.idfColumns(weights, average(weights));
    }
    return this;
  }

  /**
   * Vectorises `texts`: an int32 `[n, length]` tensor of token indices in `'int'` mode (0-padded
   * at the end to `outputSequenceLength`, or to the longest text; `[n]` with `split: null`), else a
   * float32 `[n, vocabularySize]` tensor (`[n, maxTokens]` with `padToMaxTokens`).
   *
   * @example
   * ```ts
   * const vectorizer = preprocessing.textVectorization({ outputMode: 'count' });
   * vectorizer.adapt(['the cat', 'the dog']);
   * vectorizer.apply(['the the bird']).toArray(); // [[1, 2, 0, 0]]: [UNK], the, dog, cat
   * ```
   */
  apply(texts: readonly string[]): Tensor<'int32'> | Tensor<'float32'> {
    checkTexts(texts, 'apply');
    const ids = texts.map((text) => this.lookup(this.tokensOf(text)));
    if (this.outputMode === 'int') return this.intRows(ids);
    const idf = this.idf;
    if (this.outputMode === 'tf_idf' ? !idf : this.tokens.length === 0 && !this.padToMaxTokens) {
      throw new StateError(`TextVectorization: in '${this.outputMode}' mode the vocabulary sets the output ${this.outputMode === 'tf_idf' ? 'weights' : 'width'}, so adapt() the layer or give it a \`vocabulary\` before apply(). Received: an empty vocabulary`);
    }
    const depth = this.padToMaxTokens ? (this.maxTokens as number) : this.vocabularySize();
    const out = new Float32Array(texts.length * depth);
    ids.forEach((row, i) => {
      for (const id of row) {
        // A mask token (an empty text with `split: null`) is dropped, as Keras's bincount drops it.
        if (id < 0) continue;
        if (this.outputMode === 'multi_hot') out[i * depth + id] = 1;
        else out[i * depth + id] += 1;
      }
    });
    if (idf) {
      for (let i = 0; i < out.length; i++) out[i] *= idf[i % depth];
    }
    return new Tensor<'float32'>(out, [texts.length, depth]);
  }

  /**
   * The vocabulary in index order: with the special tokens (`['', '[UNK]', ...]` in `'int'` mode,
   * `['[UNK]', ...]` in the others) so that a token's position is its index, or without them.
   *
   * @example
   * ```ts
   * const vectorizer = preprocessing.textVectorization();
   * vectorizer.adapt(['b a b']);
   * vectorizer.getVocabulary(); // ['', '[UNK]', 'b', 'a']
   * vectorizer.getVocabulary(false); // ['b', 'a']
   * ```
   */
  getVocabulary(includeSpecialTokens = true): string[] {
    if (!includeSpecialTokens) return [...this.tokens];
    return [...(this.outputMode === 'int' ? [MASK_TOKEN, OOV_TOKEN] : [OOV_TOKEN]), ...this.tokens];
  }

  /**
   * Number of indices: the learned tokens plus the special ones.
   *
   * @example
   * ```ts
   * preprocessing.textVectorization({ vocabulary: ['a', 'b'] }).vocabularySize(); // 4
   * ```
   */
  vocabularySize(): number {
    return this.tokens.length + this.tokenStart;
  }

  /**
   * Replaces the vocabulary (most frequent first) and, in `'tf_idf'` mode, the inverse document
   * frequencies, as Keras's `set_vocabulary`. When `vocabulary` starts with the special tokens
   * (`['', '[UNK]']` in `'int'` mode, `['[UNK]']` otherwise), `idfWeights` covers them too;
   * otherwise the `[UNK]` weight is the mean of the given ones.
   *
   * @example
   * ```ts
   * const vectorizer = preprocessing.textVectorization({ outputMode: 'tf_idf', maxTokens: 10 });
   * vectorizer.setVocabulary(['the', 'cat'], [0.4, 1.5]);
   * ```
   */
  setVocabulary(vocabulary: readonly string[], idfWeights?: ArrayLike<number>): void {
    if (!Array.isArray(vocabulary) || vocabulary.some((t) => typeof t !== 'string')) {
      throw new ValueError(`TextVectorization: \`vocabulary\` must be an array of strings. Received: vocabulary=${describe(vocabulary)}`);
    }
    if (vocabulary.length === 0) {
      throw new ValueError('TextVectorization: cannot set an empty vocabulary. Received: vocabulary=[]');
    }
    if (this.outputMode === 'tf_idf' && idfWeights === undefined) {
      throw new ValueError("TextVectorization: in 'tf_idf' mode a given `vocabulary` needs its `idfWeights`. Received: idfWeights=undefined");
    }
    if (this.outputMode !== 'tf_idf' && idfWeights !== undefined) {
      throw new ValueError(`TextVectorization: \`idfWeights\` should only be set if \`outputMode\` is 'tf_idf'. Received: outputMode='${this.outputMode}'`);
    }
    const special = this.getVocabulary().slice(0, this.tokenStart);
    const hasSpecial = special.every((t, i) => vocabulary[i] === t);
    const tokens = hasSpecial ? vocabulary.slice(special.length) : [...vocabulary];
    const repeated = [...new Set(tokens.filter((t, i) => tokens.indexOf(t) !== i))];
    if (repeated.length > 0) {
      throw new ValueError(`TextVectorization: the vocabulary has repeated terms; make its entries unique. Received: repeated ${repeated.map((t) => JSON.stringify(t)).join(', ')}`);
    }
    if (tokens.includes(MASK_TOKEN)) {
      throw new ValueError(`TextVectorization: the empty string is the padding token; a vocabulary may hold it only as its first entry, followed by '[UNK]' ('int' mode). Received: '' at index ${vocabulary.indexOf(MASK_TOKEN)}`);
    }
    const size = tokens.length + this.tokenStart;
    if (this.maxTokens !== undefined && size > this.maxTokens) {
      throw new ValueError(`TextVectorization: the vocabulary is larger than \`maxTokens\`. Received: a vocabulary of size ${size} (special tokens included) with maxTokens=${this.maxTokens}`);
    }
    if (idfWeights !== undefined) {
      if (idfWeights == null || typeof idfWeights.length !== 'number' || idfWeights.length !== vocabulary.length) {
        throw new ValueError(`TextVectorization: \`idfWeights\` must hold one number per vocabulary entry (${vocabulary.length}). Received: idfWeights of length ${idfWeights?.length}`);
      }
      const weights = Array.from(idfWeights, Number);
      if (weights.some((w) => !Number.isFinite(w))) {
        throw new ValueError(`TextVectorization: \`idfWeights\` must be finite numbers. Received: idfWeights=[${weights.join(', ')}]`);
      }
      this.idf = hasSpecial ? this.idfColumns(weights.slice(1), weights[0]) : this.idfColumns(weights, average(weights));
    }
    this.setTokens(tokens);
  }

  private setTokens(tokens: string[]): void {
    this.tokens = tokens;
    this.index = new Map(tokens.map((t, i) => [t, i + this.tokenStart]));
  }

  /** One float32 weight per output column: `[UNK]`, the tokens, then zeros up to `maxTokens` when padding. */
  private idfColumns(tokenWeights: number[], oovWeight: number): Float32Array {
    const width = this.padToMaxTokens ? (this.maxTokens as number) : tokenWeights.length + 1;
    const idf = new Float32Array(width);
    idf[0] = oovWeight;
    idf.set(tokenWeights, 1);
    return idf;
  }

  /** Standardise, split, then n-grams: the tokens Keras looks up. */
  private tokensOf(text: string): string[] {
    const standardized = standardizeText(text, this.standardize);
    const tokens = splitText(standardized, this.split);
    return this.ngrams ? makeNgrams(tokens, this.ngrams) : tokens;
  }

  /** Token indices; `[UNK]` for unknown tokens, and for the padding token 0 in `'int'` mode, −1 (dropped) otherwise. */
  private lookup(tokens: string[]): number[] {
    const oov = this.outputMode === 'int' ? 1 : 0;
    const mask = this.outputMode === 'int' ? 0 : -1;
    return tokens.map((t) => (t === MASK_TOKEN ? mask : (this.index.get(t) ?? oov)));
  }

  private intRows(ids: number[][]): Tensor<'int32'> {
    if (this.split === null) return new Tensor<'int32'>(Int32Array.from(ids, (row) => row[0]), [ids.length]);
    const length = this.outputSequenceLength ?? ids.reduce((m, row) => Math.max(m, row.length), 0);
    const out = new Int32Array(ids.length * length);
    ids.forEach((row, i) => out.set(row.length > length ? row.slice(0, length) : row, i * length));
    return new Tensor<'int32'>(out, [ids.length, length]);
  }
}

/**
 * Makes a {@link TextVectorization}, Keras's `keras.layers.TextVectorization(...)`.
 *
 * @example
 * ```ts
 * const vectorizer = preprocessing.textVectorization({ maxTokens: 20000, outputMode: 'tf_idf', ngrams: 2 });
 * vectorizer.adapt(trainTexts);
 * const x = vectorizer.apply(trainTexts); // [n, 20000] float32
 * ```
 */
export function textVectorization(options: TextVectorizationOptions = {}): TextVectorization {
  return new TextVectorization(options);
}

function standardizeText(text: string, mode: StandardizeMode): string {
  if (mode === null) return text;
  if (typeof mode === 'function') {
    const out = mode(text);
    if (typeof out !== 'string') {
      throw new ValueError(`TextVectorization: a \`standardize\` function must return a string. Received: ${describe(out)}`);
    }
    return out;
  }
  if (mode === 'lower_and_strip_punctuation') return lowerAndStripPunctuation(text);
  const unbroken = text.replace(HTML_BREAK, ' ');
  return mode === 'lower' ? unbroken.toLowerCase() : unbroken.replace(PUNCTUATION, '');
}

function splitText(text: string, mode: SplitMode): string[] {
  if (mode === null) return [text];
  if (typeof mode === 'function') {
    const out = mode(text);
    if (!Array.isArray(out) || out.some((t) => typeof t !== 'string')) {
      throw new ValueError(`TextVectorization: a \`split\` function must return an array of strings. Received: ${describe(out)}`);
    }
    return out;
  }
  if (mode === 'character') return Array.from(text);
  // Splitting on one space is much faster in V8 than on a regex, so the other whitespace becomes
  // a space first; runs of spaces leave empty pieces, which TensorFlow's split drops too.
  const tokens: string[] = [];
  for (const piece of text.replace(OTHER_ASCII_WHITESPACE, ' ').split(' ')) if (piece.length > 0) tokens.push(piece);
  return tokens;
}

/** TensorFlow's `strings.ngrams`: for each width in turn, every run of that many tokens, space-joined. */
function makeNgrams(tokens: string[], widths: readonly number[]): string[] {
  const out: string[] = [];
  for (const width of widths) {
    for (let i = 0; i + width <= tokens.length; i++) out.push(width === 1 ? tokens[i] : tokens.slice(i, i + width).join(' '));
  }
  return out;
}

function ngramWidths(ngrams: number | readonly number[]): number[] {
  const widths = typeof ngrams === 'number' ? Array.from({ length: ngrams }, (_, i) => i + 1) : Array.isArray(ngrams) ? [...ngrams] : [];
  if (widths.length === 0 || widths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new ValueError(`TextVectorization: \`ngrams\` must be a positive integer or a list of positive integers. Received: ngrams=${JSON.stringify(ngrams)}`);
  }
  return widths;
}

/**
 * Orders strings by code point, which is the order of their UTF-8 bytes (Keras sorts bytes).
 * JS's `<` compares UTF-16 units, which puts astral characters (surrogates, 0xD800–0xDFFF) before
 * U+E000–U+FFFF; shifting the units fixes that without decoding.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

function average(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function checkTexts(texts: readonly string[], method: string): void {
  if (!Array.isArray(texts)) {
    throw new ValueError(`TextVectorization.${method}: expected an array of strings, one per text. Received: ${describe(texts)}`);
  }
  const bad = texts.findIndex((t) => typeof t !== 'string');
  if (bad >= 0) {
    throw new ValueError(`TextVectorization.${method}: every text must be a string. Received: texts[${bad}]=${describe(texts[bad])}`);
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
