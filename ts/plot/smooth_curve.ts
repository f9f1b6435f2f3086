import { ValueError } from '../errors';

/**
 * The notes' exponential moving average for noisy validation curves: each point is replaced by
 * `previous × factor + point × (1 − factor)`, the first point kept as is. A `factor` of 0 returns
 * the points unchanged; closer to 1 smooths more.
 *
 * @example
 * ```ts
 * smoothCurve([10, 0, 0], 0.5); // [10, 5, 2.5]
 * ```
 */
export function smoothCurve(points: readonly number[], factor = 0.9): number[] {
  if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) {
    throw new ValueError(`smoothCurve: \`factor\` must be in [0, 1). Received: factor=${factor}`);
  }
  const smoothed: number[] = [];
  for (const point of points) {
    smoothed.push(smoothed.length === 0 ? point : smoothed[smoothed.length - 1] * factor + point * (1 - factor));
  }
  return smoothed;
}
