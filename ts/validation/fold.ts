/**
 * One round of cross-validation: the rows to train on and the rows to validate on, as indices
 * into the data set (apply them with {@link take}).
 */
export interface Fold {
  train: Int32Array;
  validation: Int32Array;
}

/** The indices of `0..n-1` whose `inValidation` flag is 0, ascending. */
export function complementOf(inValidation: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < inValidation.length; i++) if (!inValidation[i]) count++;
  const train = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < inValidation.length; i++) if (!inValidation[i]) train[k++] = i;
  return train;
}

/** Builds the folds from a fold number per sample: validation = that fold's samples, ascending. */
export function foldsFromAssignment(foldOf: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const inValidation = new Uint8Array(foldOf.length);
    let size = 0;
    for (let i = 0; i < foldOf.length; i++) {
      if (foldOf[i] === f) {
        inValidation[i] = 1;
        size++;
      }
    }
    const validation = new Int32Array(size);
    let j = 0;
    for (let i = 0; i < foldOf.length; i++) if (inValidation[i]) validation[j++] = i;
    folds.push({ train: complementOf(inValidation), validation });
  }
  return folds;
}
