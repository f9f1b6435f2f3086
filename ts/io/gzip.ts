import { gunzipSync } from 'fflate';
import { ValueError } from '../errors';

/**
 * True when `bytes` start with the gzip magic number 1f 8b.
 *
 * @example
 * ```ts
 * io.isGzip(new Uint8Array([0x1f, 0x8b, 8, 0])); // true
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip bytes (with fflate, which runs in Node and browsers alike). `source` names
 * the data in the error a corrupt or truncated stream raises.
 *
 * @example
 * ```ts
 * const raw = io.gunzip(gzBytes);
 * ```
 */
export function gunzip(bytes: Uint8Array, source = 'the data'): Uint8Array {
  if (!isGzip(bytes)) {
    throw new ValueError(`Expected gzip-compressed bytes (starting 1f 8b) in ${source}. Received: ${bytes.length} bytes starting ${hexPrefix(bytes)}`, 'CORRUPT_FILE');
  }
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (error) {
    throw new ValueError(`Cannot decompress ${source}: the gzip stream is corrupt or truncated (${(error as Error).message}). Received: ${bytes.length} compressed bytes`, 'CORRUPT_FILE');
  }
  // fflate does not check the trailer; its ISIZE field (length mod 2^32) is a cheap integrity check.
  const n = bytes.length;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  if (isize !== out.length % 0x100000000) {
    throw new ValueError(`Cannot decompress ${source}: the gzip trailer announces ${isize} bytes but the stream holds ${out.length}; the file is corrupt. Received: ${n} compressed bytes`, 'CORRUPT_FILE');
  }
  return out;
}

/** `bytes` decompressed when they are gzip, else as they are. */
export function maybeGunzip(bytes: Uint8Array, source?: string): Uint8Array {
  return isGzip(bytes) ? gunzip(bytes, source) : bytes;
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}
