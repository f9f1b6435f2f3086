import { checkOptions, optionNames } from '../utils/options';
import { checkSampleCount } from './check_args';
import type { Fold } from './fold';
import { indexOrder } from './index_order';
import { ValueError } from '../errors';

/** Options of {@link holdOut}: give exactly one of `validationFraction` and `validationCount`. */
export interface HoldOutOptions {
  /** Fraction of the samples held out for validation, in (0, 1). */
  validationFraction?: number;
  /** Number of samples held out for validation, in [1, n − 1]. */
  validationCount?: number;
  /** Shuffle before holding out (default true). Use `false` for ordered data such as time series. */
  shuffle?: boolean;
  /** Seed of the shuffle; omitted, one is drawn from the package-wide source (`setRandomSeed`). */
  seed?: number;
}

const HOLD_OUT_OPTIONS = optionNames<HoldOutOptions>({ validationFraction: true, validationCount: true, shuffle: true, seed: true });

/**
 * Simple hold-out validation: sets aside part of the samples for validation, the rest for
 * training, as the notes' `num_validation_samples` recipe does.
 *
 * The validation part is taken from the *end* of the (shuffled or original) order, so that with
 * `shuffle: false` it is the most recent data, which is what ordered data needs: the model is
 * validated on the future of what it trained on. `validationFraction` is rounded to the nearest
 * count.
 *
 * @example
 * ```ts
 * // the notes' IMDB split: 10 000 of the 25 000 training reviews for validation
 * const { train, validation: val } = validation.holdOut(25000, { validationCount: 10000, seed: 7 });
 * train.length; // 15000
 * const xVal = validation.take(x, val.filter((i) => i < x.shape[0]));
 * ```
 */
export function holdOut(n: number, options: HoldOutOptions): Fold {
  options = checkOptions(options, HOLD_OUT_OPTIONS, 'validation.holdOut(n, options)');
  checkSampleCount(n, 'holdOut');
  const { validationFraction, validationCount } = options ?? {};
  let count: number;
  if ((validationFraction === undefined) === (validationCount === undefined)) {
    throw new ValueError(
      `holdOut: give exactly one of \`validationFraction\` and \`validationCount\`. Received: validationFraction=${validationFraction}, validationCount=${validationCount}`,
    );
  }
  if (validationFraction !== undefined) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new ValueError(
        `holdOut: \`validationFraction\` must be strictly between 0 and 1. Received: validationFraction=${validationFraction}`,
      );
    }
    count = Math.round(n * validationFraction);
  } else {
    count = validationCount as number;
  }
  if (!Number.isInteger(count) || count < 1 || count > n - 1) {
    throw new ValueError(
      `holdOut: the validation part must hold between 1 and n − 1 = ${n - 1} samples, so both parts are non-empty. Received: validation size=${count} (n=${n}${validationFraction !== undefined ? `, validationFraction=${validationFraction}` : ''})`,
    );
  }
  const order = indexOrder(n, options.shuffle ?? true, options.seed);
  return { train: order.slice(0, n - count), validation: order.slice(n - count) };
}
