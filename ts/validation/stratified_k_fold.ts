import { Random } from '../random';
import { nextSeed } from '../seed';
import { checkOptions, optionNames } from '../utils/options';
import { checkFoldCount } from './check_args';
import { foldsFromAssignment, type Fold } from './fold';
import { groupByKey, sampleKeys, type SampleKeys } from './label_keys';
import { ValueError } from '../errors';

/** Options of {@link stratifiedKFold}. */
export interface StratifiedKFoldOptions {
  /** Number of folds, at least 2 and at most the number of samples. */
  k: number;
  /** Shuffle each class before dealing it to the folds (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle; omitted, one is drawn from the package-wide source (`setRandomSeed`). */
  seed?: number;
}

const STRATIFIED_KFOLD_OPTIONS = optionNames<StratifiedKFoldOptions>({ k: true, shuffle: true, seed: true });

/**
 * Stratified K-fold: like {@link kFold}, but every validation fold keeps the class proportions of
 * the whole set, which matters for imbalanced classes and small data.
 *
 * Each class's samples (shuffled when `shuffle` is on) are dealt to the folds in turn, the turn
 * carrying over from one class to the next. So within every class the folds' counts differ by at
 * most one sample, the folds' sizes differ by at most one, and every sample is validated on
 * exactly once. Index arrays are ascending. A class with fewer than `k` samples is simply absent
 * from some folds.
 *
 * `labels` holds one class per sample: numbers or strings, a 1-D Tensor, or one-hot rows.
 *
 * @example
 * ```ts
 * const folds = validation.stratifiedKFold([0, 0, 0, 1, 1, 1, 1, 1, 1], { k: 3, seed: 0 });
 * // each validation fold holds one 0 and two 1s
 * ```
 */
export function stratifiedKFold(labels: SampleKeys, options: StratifiedKFoldOptions): Fold[] {
  options = checkOptions(options, STRATIFIED_KFOLD_OPTIONS, 'validation.stratifiedKFold(labels, options)');
  const keys = sampleKeys(labels, 'labels', 'stratifiedKFold');
  const n = keys.length;
  if (n < 1) throw new ValueError(`stratifiedKFold: \`labels\` must hold at least one sample. Received: labels.length=0`);
  const k = options?.k;
  checkFoldCount(k, n, 'stratifiedKFold');
  const shuffle = options.shuffle ?? true;
  const rng = shuffle ? new Random(options.seed ?? nextSeed()) : undefined;
  const foldOf = new Int32Array(n);
  let turn = 0;
  for (const members of groupByKey(keys)) {
    if (rng) rng.shuffleInPlace(members);
    for (const i of members) {
      foldOf[i] = turn;
      turn = (turn + 1) % k;
    }
  }
  return foldsFromAssignment(foldOf, k);
}
