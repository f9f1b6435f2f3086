import { Random } from '../random';
import { nextSeed } from '../seed';

/**
 * The order in which a split walks the samples: `0..n-1` as is when `shuffle` is false (ordered
 * data such as a time series keeps its order, so no future sample leaks into training), else a
 * seeded permutation.
 */
export function indexOrder(n: number, shuffle: boolean, seed: number | undefined): Int32Array {
  if (shuffle) return new Random(seed ?? nextSeed()).permutation(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
