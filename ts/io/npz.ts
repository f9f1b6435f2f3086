import { unzipSync } from 'fflate';
import type { Tensor } from '../tensor';
import { readNpy } from './npy';
import { ValueError } from '../errors';

/**
 * Reads a NumPy `.npz` archive (`np.savez` or `np.savez_compressed`) into an object of Tensors
 * keyed by array name, as NumPy's `NpzFile` (the `.npy` suffix of each entry is dropped). Each
 * array follows {@link readNpy}'s rules.
 *
 * @example
 * ```ts
 * // np.savez('data.npz', x=x, y=y)
 * const { x, y } = io.readNpz(npzBytes);
 * ```
 */
export function readNpz(bytes: Uint8Array, source = 'the .npz data'): Record<string, Tensor> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new ValueError(`readNpz: ${source} is not a valid .npz (zip) archive: ${(error as Error).message}. Received: ${bytes.length} bytes`, 'CORRUPT_FILE');
  }
  const arrays: Record<string, Tensor> = {};
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    const key = name.slice(0, -'.npy'.length);
    arrays[key] = readNpy(data, `array '${key}' of ${source}`);
  }
  return arrays;
}
