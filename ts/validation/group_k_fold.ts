import { checkOptions, optionNames } from '../utils/options';
import { groupByKey, sampleKeys, type SampleKeys } from './label_keys';
import { foldsFromAssignment, type Fold } from './fold';
import { ValueError } from '../errors';

/** Options of {@link groupKFold}. */
export interface GroupKFoldOptions {
  /** Number of folds, at least 2 and at most the number of distinct groups. */
  k: number;
}

const GROUP_KFOLD_OPTIONS = optionNames<GroupKFoldOptions>({ k: true });

/**
 * Group K-fold: K-fold in which all samples of one group (a patient, a user, a recording
 * session...) land in the same fold, so no group is seen both in training and in validation.
 *
 * Deterministic, as scikit-learn's `GroupKFold`: groups are taken from the largest to the
 * smallest (ties in order of first appearance) and each goes to the fold that holds the fewest
 * samples so far (ties to the lowest fold), which keeps the folds' sizes close. Every sample is
 * validated on exactly once; index arrays are ascending.
 *
 * @example
 * ```ts
 * const folds = validation.groupKFold(['a', 'a', 'b', 'b', 'c', 'c'], { k: 3 });
 * // each validation fold is exactly one of the groups a, b, c
 * ```
 */
export function groupKFold(groups: SampleKeys, options: GroupKFoldOptions): Fold[] {
  options = checkOptions(options, GROUP_KFOLD_OPTIONS, 'validation.groupKFold(groups, options)');
  const keys = sampleKeys(groups, 'groups', 'groupKFold');
  const k = options?.k;
  if (!Number.isInteger(k) || k < 2) {
    throw new ValueError(`groupKFold: \`k\` must be an integer of at least 2 (the number of folds). Received: k=${k}`);
  }
  const members = groupByKey(keys);
  if (members.length < k) {
    throw new ValueError(
      `groupKFold: cannot make more folds than there are distinct groups (${members.length}); \`k\` must be at most ${members.length}. Received: k=${k}`,
    );
  }
  const bySize = members.map((m, order) => ({ m, order })).sort((a, b) => b.m.length - a.m.length || a.order - b.order);
  const foldSizes = new Array<number>(k).fill(0);
  const foldOf = new Int32Array(keys.length);
  for (const { m } of bySize) {
    let lightest = 0;
    for (let f = 1; f < k; f++) if (foldSizes[f] < foldSizes[lightest]) lightest = f;
    foldSizes[lightest] += m.length;
    for (const i of m) foldOf[i] = lightest;
  }
  return foldsFromAssignment(foldOf, k);
}
