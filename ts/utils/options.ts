/**
 * No option is silently ignored: every options object kerasm takes is checked against the names
 * it accepts, and an unknown name is a `ValueError` (code `UNKNOWN_OPTION`) that says where, and
 * which accepted name was probably meant — the camelCase of a Keras snake_case name
 * (`batch_size` → `batchSize`), a Keras 2 alias (`lr` → `learningRate`), or a near spelling.
 * TypeScript catches most of these in object literals; JavaScript callers and options built in
 * variables get no such help, which is why this runs at every entry point.
 */
import { ValueError } from '../errors';

/**
 * The accepted names of an options type, listed once: the record's type makes the compiler fail
 * when the interface gains a field the list lacks (or the list names one it does not have).
 *
 * @example
 * ```ts
 * interface TrainOptions { epochs?: number; batchSize?: number }
 * const names = utils.optionNames<TrainOptions>({ epochs: true, batchSize: true });
 * names; // ['epochs', 'batchSize']
 * ```
 */
export function optionNames<T extends object>(names: { [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(names));
}

/** Names from Keras 2, Keras 3's Python spelling or TF.js whose camelCase is not the right name. */
const ALIASES: Record<string, string[]> = {
  lr: ['learningRate'],
  nb_epoch: ['epochs'],
  nb_epochs: ['epochs'],
  epoch: ['epochs'],
  batch: ['batchSize'],
  val_data: ['validationData'],
  beta_1: ['beta1'],
  beta_2: ['beta2'],
  clip_norm: ['clipnorm'],
  clip_value: ['clipvalue'],
  nb_words: ['numWords'],
  filepath: ['filePath', 'path'],
  filename: ['path', 'filePath'],
  file: ['path'],
};

/** `batch_size` → `batchSize`, `beta_1` → `beta1`. */
function camelCase(name: string): string {
  return name.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function normalized(name: string): string {
  return name.replace(/[_-]/g, '').toLowerCase();
}

/**
 * Edit distance counting a swap of two neighbours as one edit (`nmae` → `name`), stopping early
 * once it exceeds `limit` (names are short).
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    if (Math.min(...current) > limit) return limit + 1;
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}

/**
 * The accepted name `key` was most likely meant as, if any: its alias, its camelCase, the same
 * letters in another case or without separators, a longer or shorter form of it, else the
 * nearest within a couple of edits.
 */
export function suggestOption(key: string, accepted: readonly string[]): string | undefined {
  const alias = (ALIASES[key] ?? ALIASES[key.toLowerCase()])?.find((a) => accepted.includes(a));
  if (alias) return alias;
  const camel = camelCase(key);
  if (accepted.includes(camel)) return camel;
  const loose = accepted.find((a) => normalized(a) === normalized(key));
  if (loose) return loose;
  // A longer or shorter spelling of the same word: `lowercase` for `lower`.
  const stem = accepted.find((a) => Math.min(a.length, key.length) >= 4 && (normalized(key).startsWith(normalized(a)) || normalized(a).startsWith(normalized(key))));
  if (stem) return stem;
  const limit = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const a of accepted) {
    const d = editDistance(normalized(key), normalized(a), limit);
    if (d < bestDistance) [best, bestDistance] = [a, d];
  }
  return best;
}

/** A short echo of an option's value for the error message. */
function echo(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return ArrayBuffer.isView(value) ? value.constructor.name : 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Checks `options` (what `where` received) holds only names in `accepted`: `undefined` and
 * `null` are no options; anything but a plain object, or an unknown name, is a `ValueError`.
 * Returns `options` (or `{}`), so a caller can check and read in one step.
 *
 * With `{ batch_size: 4 }` it throws: "Unknown option `batch_size` in train(options); did you
 * mean `batchSize`? Accepted options: epochs, batchSize. Received: batch_size=4".
 *
 * @example
 * ```ts
 * const options = utils.checkOptions({ epochs: 3 }, ['epochs', 'batchSize'], 'train(options)');
 * options.epochs; // 3
 * ```
 */
export function checkOptions<T extends object>(options: T | undefined | null, accepted: readonly string[], where: string): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new ValueError(`The options of ${where} must be an object of named options (${accepted.join(', ')}). Received: ${echo(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (accepted.includes(key)) continue;
    const suggestion = suggestOption(key, accepted);
    throw new ValueError(
      `Unknown option \`${key}\` in ${where}${suggestion ? `; did you mean \`${suggestion}\`?` : '.'} Accepted options: ${accepted.join(', ')}. Received: ${key}=${echo((options as Record<string, unknown>)[key])}`,
      'UNKNOWN_OPTION',
    );
  }
  return options;
}
