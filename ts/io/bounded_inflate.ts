/**
 * Decompression with limits, for files that may come from anyone: a zip or gzip stream is never
 * inflated past a byte limit (a "compression bomb" of a few hundred KB can announce or hold
 * gigabytes), the sizes a zip declares are checked before anything is allocated, and entry names
 * land in a `Map`, so no name (`__proto__`) ever reaches an object's prototype.
 */
import { Gunzip, unzipSync } from 'fflate';
import { KerasmError, ValueError } from '../errors';

/** Default cap on what one archive or gzip stream may inflate to: 1 GiB (Fashion-MNIST's largest file is 47 MB). */
export const DEFAULT_MAX_INFLATED_BYTES = 2 ** 30;

/** A zip holds at most this many entries by default (a `.npz` has one per array). */
export const DEFAULT_MAX_ENTRIES = 10_000;

/** Limits of {@link unzipBounded}. */
export interface UnzipLimits {
  /** The most bytes all accepted entries may inflate to together. */
  maxBytes?: number;
  /** The most entries the zip may list. */
  maxEntries?: number;
  /** Which entries to inflate (by name); the others are skipped without being inflated. */
  accept?: (name: string) => boolean;
}

function tooLarge(source: string, what: string, limit: number, received: string): ValueError {
  return new ValueError(`${source} would inflate past the ${limit}-byte limit (${what}); it is not read. Received: ${received}`, 'FILE_TOO_LARGE');
}

/** The entries of a zip, by name; `source` names it in errors (`CORRUPT_FILE`, `FILE_TOO_LARGE`). */
export function unzipBounded(bytes: Uint8Array, source: string, limits: UnzipLimits = {}): Map<string, Uint8Array> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const declared = new Map<string, number>();
  let entries = 0;
  let total = 0;
  const fail = (error: unknown): never => {
    if (error instanceof KerasmError) throw error;
    throw new ValueError(`${source} is not a valid zip archive: ${(error as Error).message}. Received: ${bytes.length} bytes`, 'CORRUPT_FILE');
  };
  // First pass: the central directory only, nothing inflated — every limit is checked on what
  // the entries declare before a single one is allocated.
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (++entries > maxEntries) throw new ValueError(`${source} lists more than ${maxEntries} entries. Received: a zip of ${entries}+ entries`, 'FILE_TOO_LARGE');
        if (limits.accept && !limits.accept(file.name)) return false;
        if (declared.has(file.name)) throw new ValueError(`${source} holds two entries named ${JSON.stringify(file.name)}. Received: a duplicate entry`, 'CORRUPT_FILE');
        total += file.originalSize;
        if (total > maxBytes) throw tooLarge(source, `entry ${JSON.stringify(file.name)} declares ${file.originalSize} bytes`, maxBytes, `${bytes.length} bytes declaring at least ${total}`);
        if (file.compression === 0 && file.size !== file.originalSize) {
          throw new ValueError(`${source}'s stored entry ${JSON.stringify(file.name)} declares ${file.originalSize} bytes but holds ${file.size}. Received: a corrupt zip`, 'CORRUPT_FILE');
        }
        declared.set(file.name, file.originalSize);
        return false;
      },
    });
  } catch (error) {
    fail(error);
  }
  // Second pass: the accepted entries, each inflated into a buffer of its declared size.
  let files: Record<string, Uint8Array> = {};
  try {
    files = unzipSync(bytes, { filter: (file) => declared.has(file.name) });
  } catch (error) {
    fail(error);
  }
  // fflate inflates each entry into a buffer of its declared size, so nothing grew past it; an
  // entry that came out shorter was cut or corrupt.
  const out = new Map<string, Uint8Array>();
  for (const [name, size] of declared) {
    const data = Object.prototype.hasOwnProperty.call(files, name) ? files[name] : undefined;
    if (!data || data.length !== size) {
      throw new ValueError(`${source}'s entry ${JSON.stringify(name)} declares ${size} bytes but inflates to ${data?.length ?? 0}. Received: a corrupt zip`, 'CORRUPT_FILE');
    }
    out.set(name, data);
  }
  return out;
}

/** How much compressed input goes to the inflater at once, so the output is checked as it grows. */
const INPUT_CHUNK = 1 << 16;

/**
 * Inflates a gzip stream (without its header checks: see `gunzip`), stopping with
 * `FILE_TOO_LARGE` as soon as the output passes `maxBytes`.
 */
export function gunzipBounded(bytes: Uint8Array, source: string, maxBytes = DEFAULT_MAX_INFLATED_BYTES): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Gunzip((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(source, 'gzip output', maxBytes, `${bytes.length} compressed bytes`);
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < bytes.length && !ended; at += INPUT_CHUNK) {
      const end = Math.min(bytes.length, at + INPUT_CHUNK);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (error) {
    if (error instanceof KerasmError) throw error;
    throw new ValueError(`Cannot decompress ${source}: the gzip stream is corrupt or truncated (${(error as Error).message}). Received: ${bytes.length} compressed bytes`, 'CORRUPT_FILE');
  }
  if (!ended) throw new ValueError(`Cannot decompress ${source}: the gzip stream is truncated. Received: ${bytes.length} compressed bytes`, 'CORRUPT_FILE');
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
