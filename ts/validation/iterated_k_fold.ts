import { Random } from '../random';
import { nextSeed } from '../seed';
import { checkOptions, optionNames } from '../utils/options';
import { checkFoldCount, checkSampleCount } from './check_args';
import type { Fold } from './fold';
import { foldsFromOrder } from './k_fold';
import { ValueError } from '../errors';

/** Options of {@link iteratedKFold}. */
export interface IteratedKFoldOptions {
  /** Number of folds per repetition, at least 2 and at most `n`. */
  k: number;
  /** How many times the whole K-fold is run, each on a fresh shuffle (at least 1). */
  repeats: number;
  /** Seed of the shuffles; omitted, one is drawn from the package-wide source (`setRandomSeed`). */
  seed?: number;
}

const ITERATED_KFOLD_OPTIONS = optionNames<IteratedKFoldOptions>({ k: true, repeats: true, seed: true });

/**
 * Iterated K-fold validation with shuffling (the notes' recipe for small data sets when a precise
 * estimate matters): K-fold run `repeats` times, reshuffling the samples before each run, for
 * `repeats × k` folds in all, repetition by repetition (folds `r·k … r·k + k − 1` belong to
 * repetition `r`). Fold sizes and the remainder follow {@link kFold}.
 *
 * @example
 * ```ts
 * const folds = validation.iteratedKFold(404, { k: 4, repeats: 3, seed: 1 }); // 12 folds
 * ```
 */
export function iteratedKFold(n: number, options: IteratedKFoldOptions): Fold[] {
  options = checkOptions(options, ITERATED_KFOLD_OPTIONS, 'validation.iteratedKFold(n, options)');
  checkSampleCount(n, 'iteratedKFold');
  checkFoldCount(options?.k, n, 'iteratedKFold');
  const { k, repeats } = options;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new ValueError(`iteratedKFold: \`repeats\` must be a positive integer. Received: repeats=${repeats}`);
  }
  // One generator for all repetitions: each draws a new permutation from where the last one
  // left off, so the repetitions differ and the whole sequence still follows from one seed.
  const rng = new Random(options.seed ?? nextSeed());
  const folds: Fold[] = [];
  for (let r = 0; r < repeats; r++) folds.push(...foldsFromOrder(rng.permutation(n), k));
  return folds;
}
