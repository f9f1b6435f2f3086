import { Tensor } from '../tensor';
import { ValueError } from '../errors';

/** What {@link stratifiedKFold} and {@link groupKFold} accept as per-sample labels or groups. */
export type SampleKeys = ArrayLike<number | string> | Tensor;

/**
 * One key per sample: the values of a 1-D array or tensor (or `[n, 1]`), or, for a `[n, C]`
 * tensor of one-hot / probability rows, the index of each row's largest entry.
 */
export function sampleKeys(keys: SampleKeys, what: string, fn: string): ArrayLike<number | string> {
  if (keys instanceof Tensor) {
    const shape = keys.shape;
    if (shape.length === 1 || (shape.length === 2 && shape[1] === 1)) return keys.data;
    if (shape.length === 2 && shape[1] > 1) {
      const [n, c] = shape;
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let j = 1; j < c; j++) if (keys.data[i * c + j] > keys.data[i * c + best]) best = j;
        out[i] = best;
      }
      return out;
    }
    throw new ValueError(
      `${fn}: \`${what}\` must be 1-D (one value per sample) or 2-D one-hot rows. Received: ${what}.shape=[${shape.join(', ')}]`,
    );
  }
  if (keys == null || typeof keys.length !== 'number') {
    throw new ValueError(`${fn}: \`${what}\` must be an array or a Tensor with one value per sample. Received: ${what}=${String(keys)}`);
  }
  return keys;
}

/** Sample indices grouped by key, groups in order of first appearance, indices ascending. */
export function groupByKey(keys: ArrayLike<number | string>): Int32Array[] {
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let members = groups.get(key);
    if (!members) groups.set(key, (members = []));
    members.push(i);
  }
  return [...groups.values()].map((members) => Int32Array.from(members));
}
