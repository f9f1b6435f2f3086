import { checkOptions, optionNames } from '../utils/options';
import { checkSampleCount } from './check_args';
import { indexOrder } from './index_order';
import { ValueError } from '../errors';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** One fraction per part, summing to 1 (± 1e-6): `[0.8, 0.2]`, `[0.6, 0.2, 0.2]`, `[0.98, 0.01, 0.01]`. */
  ratios: readonly number[];
  /** Shuffle before cutting (default true). Use `false` for ordered data such as time series. */
  shuffle?: boolean;
  /** Seed of the shuffle; omitted, one is drawn from the package-wide source (`setRandomSeed`). */
  seed?: number;
}

const TRAIN_TEST_SPLIT_OPTIONS = optionNames<TrainTestSplitOptions>({ ratios: true, shuffle: true, seed: true });

/**
 * Splits `n` samples into as many disjoint parts as there are `ratios` (train / validation /
 * test, 6:2:2, 98:1:1, ...) and returns one index array per part; together they cover `0..n-1`.
 *
 * Part `i` ends at `round(n × (r₀ + … + rᵢ))`, so rounding never loses or duplicates a sample and
 * the last part always ends at `n`. With `shuffle: false` the parts are consecutive runs in the
 * original order, the choice for ordered data (the later parts are the later samples).
 *
 * @example
 * ```ts
 * validation.trainTestSplit(1000, { ratios: [0.6, 0.2, 0.2], seed: 1 }).map((part) => part.length); // [600, 200, 200]
 * const [train, val, test] = validation.trainTestSplit(x.shape[0], { ratios: [0.6, 0.2, 0.2], seed: 1 });
 * const xTrain = validation.take(x, train);
 * ```
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions): Int32Array[] {
  options = checkOptions(options, TRAIN_TEST_SPLIT_OPTIONS, 'validation.trainTestSplit(n, options)');
  checkSampleCount(n, 'trainTestSplit');
  const ratios = options?.ratios;
  if (!Array.isArray(ratios) || ratios.length < 2) {
    throw new ValueError(
      `trainTestSplit: \`ratios\` must list at least two fractions, one per part (e.g. [0.8, 0.2]). Received: ratios=${JSON.stringify(ratios)}`,
    );
  }
  let sum = 0;
  for (const r of ratios) {
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) {
      throw new ValueError(
        `trainTestSplit: every ratio must be a finite number ≥ 0. Received: ratios=${JSON.stringify(ratios)}`,
      );
    }
    sum += r;
  }
  if (Math.abs(sum - 1) > 1e-6) {
    throw new ValueError(
      `trainTestSplit: \`ratios\` must sum to 1 (± 1e-6); they sum to ${sum}. Received: ratios=${JSON.stringify(ratios)}`,
    );
  }
  const order = indexOrder(n, options.shuffle ?? true, options.seed);
  const parts: Int32Array[] = [];
  let start = 0;
  let cumulative = 0;
  for (let i = 0; i < ratios.length; i++) {
    cumulative += ratios[i];
    const end = i === ratios.length - 1 ? n : Math.min(n, Math.round(n * cumulative));
    parts.push(order.slice(start, Math.max(start, end)));
    start = Math.max(start, end);
  }
  return parts;
}
