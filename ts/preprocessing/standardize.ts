/** HTML line breaks, which the IMDB reviews keep as `<br />`. */
const HTML_BREAK = /<br\s*\/?>/gi;

/** Keras's `DEFAULT_STRIP_REGEX` of `TextVectorization`: ASCII punctuation, apostrophe included. */
const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

const WHITESPACE = /\s+/;

/**
 * Standardises text the way Keras's `TextVectorization` does by default
 * (`lower_and_strip_punctuation`), after first turning HTML `<br />` tags into spaces (raw IMDB
 * reviews are full of them, and stripping their punctuation would leave a bogus word "br").
 * Punctuation is removed, not replaced by a space, as in Keras: "don't" → "dont". Lowercasing is
 * Unicode-aware (Keras's TensorFlow op lowercases ASCII only).
 *
 * @example
 * ```ts
 * preprocessing.standardize("Great film!<br /><br />Don't miss it."); // "great film  dont miss it"
 * ```
 */
export function standardize(text: string): string {
  return text.replace(HTML_BREAK, ' ').toLowerCase().replace(PUNCTUATION, '');
}

/**
 * {@link standardize}, then split on runs of whitespace: the tokens `TextVectorization` makes with
 * its default `standardize` and `split` settings.
 *
 * @example
 * ```ts
 * preprocessing.tokenize('The cat.<br />The HAT!'); // ['the', 'cat', 'the', 'hat']
 * ```
 */
export function tokenize(text: string): string[] {
  const words = standardize(text).split(WHITESPACE);
  // split leaves an empty string at either end when the text starts or ends with whitespace.
  if (words.length > 0 && words[0] === '') words.shift();
  if (words.length > 0 && words[words.length - 1] === '') words.pop();
  return words;
}
