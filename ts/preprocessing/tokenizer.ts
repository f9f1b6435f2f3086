import { Tensor } from '../tensor';
import { checkOptions, optionNames } from '../utils/options';
import { DEFAULT_FILTERS, textToWordSequence } from './text_to_word_sequence';
import { ValueError } from '../errors';

/** Options of {@link Tokenizer} (Keras's defaults). */
export interface TokenizerOptions {
  /** Keep only words of index below `numWords` (the `numWords − 1` most frequent) when encoding. */
  numWords?: number;
  /** Characters turned into separators (default: punctuation, tab, newline; not the apostrophe). */
  filters?: string;
  /** Lowercase the texts (default true). */
  lower?: boolean;
  /** Word separator (default a space). */
  split?: string;
  /** When set, it gets index 1 and stands for every word outside the vocabulary. */
  oovToken?: string;
}

const TOKENIZER_OPTIONS = optionNames<TokenizerOptions>({ numWords: true, filters: true, lower: true, split: true, oovToken: true });

/** How {@link Tokenizer.sequencesToMatrix} scores a word of a sequence. */
export type MatrixMode = 'binary' | 'count' | 'tfidf' | 'freq';

const MODES: readonly MatrixMode[] = ['binary', 'count', 'tfidf', 'freq'];

/**
 * Keras's `Tokenizer`: builds a word index from texts (most frequent word = 1; 0 is never a word)
 * and turns texts into integer sequences or into `[n, numWords]` matrices.
 *
 * Words are ranked by count over the texts seen by `fitOnTexts`; equal counts keep the order in
 * which the words first appeared (Keras sorts its insertion-ordered counts stably). `wordIndex`
 * holds every word seen; `numWords` only limits the encoding. The vocabulary is a `Map` rather
 * than an object so that words such as "constructor" or "__proto__" are ordinary keys.
 *
 * @example
 * ```ts
 * const tokenizer = new preprocessing.Tokenizer({ numWords: 1000 });
 * tokenizer.fitOnTexts(['The cat sat on the mat.', 'The dog ate my homework.']);
 * tokenizer.textsToSequences(['the cat ate']); // [[1, 2, 7]]
 * tokenizer.textsToMatrix(['the cat ate'], 'binary').shape; // [1, 1000]
 * ```
 */
export class Tokenizer {
  readonly numWords?: number;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly oovToken?: string;
  /** How many texts `fitOnTexts` has seen. */
  documentCount = 0;
  /** Word → number of occurrences, in order of first appearance. */
  readonly wordCounts = new Map<string, number>();
  /** Word → number of texts containing it. */
  readonly wordDocs = new Map<string, number>();
  /** Word → index (1 = most frequent, or the OOV token when there is one). */
  wordIndex = new Map<string, number>();
  /** Index → word, the inverse of `wordIndex`. */
  indexWord = new Map<number, string>();
  /** Index → number of texts containing that word (used by `'tfidf'`). */
  indexDocs = new Map<number, number>();

  constructor(options: TokenizerOptions = {}) {
    options = checkOptions(options, TOKENIZER_OPTIONS, 'new preprocessing.Tokenizer(options)');
    const { numWords, filters = DEFAULT_FILTERS, lower = true, split = ' ', oovToken } = options;
    if (numWords !== undefined && (!Number.isInteger(numWords) || numWords < 1)) {
      throw new ValueError(`Tokenizer: \`numWords\` must be a positive integer. Received: numWords=${numWords}`);
    }
    this.numWords = numWords;
    this.filters = filters;
    this.lower = lower;
    this.split = split;
    this.oovToken = oovToken;
  }

  /**
   * Updates the word counts with `texts` (strings, or already split word lists) and rebuilds the
   * word index.
   */
  fitOnTexts(texts: ReadonlyArray<string | readonly string[]>): this {
    for (const text of texts) {
      this.documentCount++;
      const words = this.words(text);
      for (const w of words) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
      for (const w of new Set(words)) this.wordDocs.set(w, (this.wordDocs.get(w) ?? 0) + 1);
    }
    // Array.prototype.sort is stable, so equal counts keep their first-appearance order.
    const ranked = [...this.wordCounts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    const vocabulary = this.oovToken === undefined ? ranked : [this.oovToken, ...ranked];
    this.wordIndex = new Map();
    this.indexWord = new Map();
    vocabulary.forEach((w, i) => {
      if (!this.wordIndex.has(w)) this.wordIndex.set(w, i + 1);
    });
    for (const [w, i] of this.wordIndex) this.indexWord.set(i, w);
    this.indexDocs = new Map();
    for (const [w, c] of this.wordDocs) this.indexDocs.set(this.wordIndex.get(w) as number, c);
    return this;
  }

  /**
   * Encodes each text as the indices of its words. Words outside the index, or of index
   * `≥ numWords`, become the OOV token's index when there is one and are dropped otherwise.
   */
  textsToSequences(texts: ReadonlyArray<string | readonly string[]>): number[][] {
    const oov = this.oovToken === undefined ? undefined : this.wordIndex.get(this.oovToken);
    return texts.map((text) => {
      const seq: number[] = [];
      for (const w of this.words(text)) {
        const i = this.wordIndex.get(w);
        if (i !== undefined && !(this.numWords && i >= this.numWords)) seq.push(i);
        else if (oov !== undefined) seq.push(oov);
      }
      return seq;
    });
  }

  /** Decodes index sequences back to space-joined words (the inverse of `textsToSequences`). */
  sequencesToTexts(sequences: ReadonlyArray<ArrayLike<number>>): string[] {
    const oovWord = this.oovToken;
    return sequences.map((seq) => {
      const words: string[] = [];
      for (let j = 0; j < seq.length; j++) {
        const word = this.indexWord.get(seq[j]);
        if (word !== undefined && !(this.numWords && seq[j] >= this.numWords)) words.push(word);
        else if (oovWord !== undefined) words.push(oovWord);
      }
      return words.join(' ');
    });
  }

  /** `textsToSequences` then `sequencesToMatrix`. */
  textsToMatrix(texts: ReadonlyArray<string | readonly string[]>, mode: MatrixMode = 'binary'): Tensor<'float32'> {
    return this.sequencesToMatrix(this.textsToSequences(texts), mode);
  }

  /**
   * Turns index sequences into a `[n, numWords]` float32 matrix (`numWords` defaults to the
   * vocabulary size + 1), scoring word `j` of sequence `i` by:
   * `'binary'` 1 if present; `'count'` its count `c`; `'freq'` `c / length`; `'tfidf'`
   * `(1 + ln c) · ln(1 + documentCount / (1 + docs(j)))` with `docs(j)` the number of fitted texts
   * containing word `j` (Keras's formula). Indices `≥ numWords` are ignored.
   */
  sequencesToMatrix(sequences: ReadonlyArray<ArrayLike<number>>, mode: MatrixMode = 'binary'): Tensor<'float32'> {
    if (!MODES.includes(mode)) {
      throw new ValueError(`Tokenizer: unknown vectorization mode; expected one of ${MODES.map((m) => `'${m}'`).join(', ')}. Received: mode=${String(mode)}`);
    }
    let numWords = this.numWords;
    if (!numWords) {
      if (this.wordIndex.size === 0) {
        throw new ValueError('Tokenizer: specify a dimension (`numWords`), or fit on some text data first. Received: numWords=undefined and an empty word index');
      }
      numWords = this.wordIndex.size + 1;
    }
    if (mode === 'tfidf' && this.documentCount === 0) {
      throw new ValueError("Tokenizer: fit the Tokenizer on some data before using 'tfidf' mode. Received: documentCount=0");
    }
    const out = new Float32Array(sequences.length * numWords);
    sequences.forEach((seq, i) => {
      const counts = new Map<number, number>();
      for (let k = 0; k < seq.length; k++) {
        const j = seq[k];
        if (j < numWords) counts.set(j, (counts.get(j) ?? 0) + 1);
      }
      for (const [j, c] of counts) {
        let score: number;
        if (mode === 'count') score = c;
        else if (mode === 'freq') score = c / seq.length;
        else if (mode === 'binary') score = 1;
        else score = (1 + Math.log(c)) * Math.log(1 + this.documentCount / (1 + (this.indexDocs.get(j) ?? 0)));
        out[i * numWords + j] = score;
      }
    });
    return new Tensor(out, [sequences.length, numWords]);
  }

  private words(text: string | readonly string[]): string[] {
    if (Array.isArray(text)) return text.map((w: string) => (this.lower ? w.toLowerCase() : w));
    return textToWordSequence(text as string, { filters: this.filters, lower: this.lower, split: this.split });
  }
}
