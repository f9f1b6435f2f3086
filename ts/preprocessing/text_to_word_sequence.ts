import { ValueError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';

/** Keras's default `filters`: punctuation, tab and newline (the apostrophe is kept). */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** Options of {@link textToWordSequence} (Keras's defaults). */
export interface TextToWordSequenceOptions {
  /** Characters turned into separators (default {@link DEFAULT_FILTERS}). */
  filters?: string;
  /** Lowercase first (default true). */
  lower?: boolean;
  /** The separator (default a space). */
  split?: string;
}

const TEXT_TO_WORD_SEQUENCE_OPTIONS = optionNames<TextToWordSequenceOptions>({ filters: true, lower: true, split: true });

const filterPatterns = new Map<string, RegExp>();

/**
 * Splits text into words as Keras's `text_to_word_sequence` (used by its `Tokenizer`): lowercase,
 * replace every `filters` character with `split`, split on `split`, drop empty words.
 *
 * @example
 * ```ts
 * preprocessing.textToWordSequence('The cat sat on the mat.'); // ['the', 'cat', 'sat', 'on', 'the', 'mat']
 * ```
 */
export function textToWordSequence(text: string, options: TextToWordSequenceOptions = {}): string[] {
  options = checkOptions(options, TEXT_TO_WORD_SEQUENCE_OPTIONS, 'preprocessing.textToWordSequence(text, options)');
  const { filters = DEFAULT_FILTERS, lower = true, split = ' ' } = options;
  if (typeof text !== 'string') {
    throw new ValueError(`textToWordSequence: \`text\` must be a string. Received: text=${String(text)}`);
  }
  if (split.length === 0) {
    throw new ValueError('textToWordSequence: `split` must be a non-empty separator. Received: split=""');
  }
  let s = lower ? text.toLowerCase() : text;
  if (filters.length > 0) s = s.replace(filterPattern(filters), split);
  return s.split(split).filter((w) => w.length > 0);
}

/** A global regex matching any one character of `filters` (each escaped by code point). */
function filterPattern(filters: string): RegExp {
  let pattern = filterPatterns.get(filters);
  if (!pattern) {
    const chars = [...filters].map((c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`).join('');
    pattern = new RegExp(`[${chars}]`, 'gu');
    filterPatterns.set(filters, pattern);
  }
  return pattern;
}
