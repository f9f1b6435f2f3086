/** Argument checks shared by the split functions, worded the way Keras words its errors. */

import { ValueError } from '../errors';

export function checkSampleCount(n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 1 || n > 0x7fffffff) {
    throw new ValueError(`${fn}: \`n\` must be a positive integer, the number of samples to split. Received: n=${n}`);
  }
}

export function checkFoldCount(k: number, n: number, fn: string): void {
  if (!Number.isInteger(k) || k < 2) {
    throw new ValueError(`${fn}: \`k\` must be an integer of at least 2 (the number of folds). Received: k=${k}`);
  }
  if (k > n) {
    throw new ValueError(
      `${fn}: cannot make more folds than there are samples; \`k\` must be at most n=${n}. Received: k=${k}`,
    );
  }
}
