import { ValueError } from '../errors';
import { DEFAULT_MAX_INFLATED_BYTES, gunzipBounded } from './bounded_inflate';
import { crc32 } from './crc32';

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
 * the data in the error a corrupt or truncated stream raises. The output may grow to at most
 * `maxBytes` (default 1 GiB): past it, inflating stops with a `FILE_TOO_LARGE` error, so a small
 * hostile file cannot expand into gigabytes.
 *
 * @example
 * ```ts
 * const raw = io.gunzip(gzBytes);
 * ```
 */
export function gunzip(bytes: Uint8Array, source = 'the data', maxBytes = DEFAULT_MAX_INFLATED_BYTES): Uint8Array {
  if (!isGzip(bytes)) {
    throw new ValueError(`Expected gzip-compressed bytes (starting 1f 8b) in ${source}. Received: ${bytes.length} bytes starting ${hexPrefix(bytes)}`, 'CORRUPT_FILE');
  }
  if (bytes.length < 18) {
    throw new ValueError(`Cannot decompress ${source}: a gzip stream takes at least 18 bytes (header and trailer). Received: ${bytes.length} bytes`, 'CORRUPT_FILE');
  }
  const out = gunzipBounded(bytes, source, maxBytes);
  // fflate does not check the trailer: its ISIZE (length mod 2^32) and CRC-32 are checked here.
  const n = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isize = view.getUint32(n - 4, true);
  if (isize !== out.length % 0x100000000) {
    throw new ValueError(`Cannot decompress ${source}: the gzip trailer announces ${isize} bytes but the stream holds ${out.length}; the file is corrupt. Received: ${n} compressed bytes`, 'CORRUPT_FILE');
  }
  if (view.getUint32(n - 8, true) !== crc32(out)) {
    throw new ValueError(`Cannot decompress ${source}: the data does not match the gzip trailer's CRC-32; the file is corrupt. Received: ${n} compressed bytes`, 'CORRUPT_FILE');
  }
  return out;
}

/** `bytes` decompressed when they are gzip, else as they are. */
export function maybeGunzip(bytes: Uint8Array, source?: string, maxBytes?: number): Uint8Array {
  return isGzip(bytes) ? gunzip(bytes, source, maxBytes) : bytes;
}

function hexPrefix(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}
