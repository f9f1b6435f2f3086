import type { Tensor } from '../tensor';
import { readNpy } from './npy';
import { type UnzipLimits, unzipBounded } from './bounded_inflate';

/**
 * Reads a NumPy `.npz` archive (`np.savez` or `np.savez_compressed`) into an object of Tensors
 * keyed by array name, as NumPy's `NpzFile` (the `.npy` suffix of each entry is dropped). Each
 * array follows {@link readNpy}'s rules. The archive is untrusted input: it may inflate to at most
 * `limits.maxBytes` (default 1 GiB; a `FILE_TOO_LARGE` error otherwise, checked from the sizes it
 * declares before anything is inflated), and the result has no prototype, so an entry named
 * `__proto__.npy` is just a key.
 *
 * @example
 * ```ts
 * // np.savez('data.npz', x=x, y=y)
 * const { x, y } = io.readNpz(npzBytes);
 * ```
 */
export function readNpz(bytes: Uint8Array, source = 'the .npz data', limits: Pick<UnzipLimits, 'maxBytes' | 'maxEntries'> = {}): Record<string, Tensor> {
  const entries = unzipBounded(bytes, `readNpz: ${source}`, { ...limits, accept: (name) => name.endsWith('.npy') });
  const arrays: Record<string, Tensor> = Object.create(null);
  for (const [name, data] of entries) {
    const key = name.slice(0, -'.npy'.length);
    arrays[key] = readNpy(data, `array '${key}' of ${source}`);
  }
  return arrays;
}
