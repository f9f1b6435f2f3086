/** Argument checks shared by the split functions, worded the way Keras words its errors. */

export function checkSampleCount(n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 1 || n > 0x7fffffff) {
    throw new Error(`${fn}: \`n\` must be a positive integer, the number of samples to split. Received: n=${n}`);
  }
}

export function checkFoldCount(k: number, n: number, fn: string): void {
  if (!Number.isInteger(k) || k < 2) {
    throw new Error(`${fn}: \`k\` must be an integer of at least 2 (the number of folds). Received: k=${k}`);
  }
  if (k > n) {
    throw new Error(
      `${fn}: cannot make more folds than there are samples; \`k\` must be at most n=${n}. Received: k=${k}`,
    );
  }
}
