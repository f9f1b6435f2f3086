import { checkOptions, optionNames } from '../utils/options';
import { checkFoldCount, checkSampleCount } from './check_args';
import type { Fold } from './fold';
import { indexOrder } from './index_order';

/** Options of {@link kFold}. */
export interface KFoldOptions {
  /** Number of folds, at least 2 and at most `n`. */
  k: number;
  /** Shuffle before cutting the folds (default true). Use `false` for ordered data. */
  shuffle?: boolean;
  /** Seed of the shuffle; omitted, one is drawn from the package-wide source (`setRandomSeed`). */
  seed?: number;
}

const KFOLD_OPTIONS = optionNames<KFoldOptions>({ k: true, shuffle: true, seed: true });

/**
 * K-fold cross-validation: `k` folds, each validating on one slice of `floor(n / k)` samples and
 * training on all the others.
 *
 * The slicing is the notes' `data[num_val * i : num_val * (i + 1)]` with
 * `num_val = len(data) // k`, so every validation slice has the same size. When `k` does not
 * divide `n`, the last `n mod k` samples of the order are never validated on and stay in the
 * training part of every fold (as in the notes); `trainTestSplit`/`holdOut` are the tools for
 * validating on every sample once with unequal parts.
 *
 * @example
 * ```ts
 * for (const { train, validation: val } of validation.kFold(404, { k: 4, seed: 0 })) {
 *   // build a fresh model, fit on take(x, train), evaluate on take(x, val)
 * }
 * ```
 */
export function kFold(n: number, options: KFoldOptions): Fold[] {
  options = checkOptions(options, KFOLD_OPTIONS, 'validation.kFold(n, options)');
  checkSampleCount(n, 'kFold');
  checkFoldCount(options?.k, n, 'kFold');
  return foldsFromOrder(indexOrder(n, options.shuffle ?? true, options.seed), options.k);
}

/** Cuts `order` into `k` validation slices of `floor(n / k)`; the remainder only ever trains. */
export function foldsFromOrder(order: Int32Array, k: number): Fold[] {
  const n = order.length;
  const size = Math.floor(n / k);
  const folds: Fold[] = [];
  for (let i = 0; i < k; i++) {
    const start = i * size;
    const end = start + size;
    const train = new Int32Array(n - size);
    train.set(order.subarray(0, start), 0);
    train.set(order.subarray(end), start);
    folds.push({ train, validation: order.slice(start, end) });
  }
  return folds;
}
