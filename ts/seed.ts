/**
 * The package-wide seed source, like `keras.utils.set_random_seed`: after `setRandomSeed(n)`,
 * weight initialisation and shuffling draw their seeds from one generator, so a script gives the
 * same weights and the same training on every run and every thread count.
 */
import { Random } from './random';

let source: Random | undefined;

/**
 * Seeds every random choice kerasm makes that has no explicit `seed` of its own.
 *
 * @example
 * ```ts
 * setRandomSeed(42);
 * const a = new Sequential([layers.dense({ units: 4, inputShape: [3] })]).getWeights();
 * setRandomSeed(42);
 * const b = new Sequential([layers.dense({ units: 4, inputShape: [3] })]).getWeights();
 * // a and b hold identical values
 * ```
 */
export function setRandomSeed(seed: number): void {
  source = new Random(seed);
}

/** A fresh 32-bit seed from the package-wide source (random when it was never seeded). */
export function nextSeed(): number {
  source ??= new Random();
  return source.nextUint32();
}
