import { Tensor } from '../tensor';
import { maybeGunzip } from './gzip';
import { ValueError } from '../errors';

/** IDX element types (the magic number's third byte): size, reader, and the Tensor dtype used. */
const IDX_TYPES: Record<number, { name: string; size: number; target: 'uint8' | 'int32' | 'float32'; read: (v: DataView, o: number) => number }> = {
  0x08: { name: 'unsigned byte', size: 1, target: 'uint8', read: (v, o) => v.getUint8(o) },
  0x09: { name: 'signed byte', size: 1, target: 'int32', read: (v, o) => v.getInt8(o) },
  0x0b: { name: 'short', size: 2, target: 'int32', read: (v, o) => v.getInt16(o) },
  0x0c: { name: 'int', size: 4, target: 'int32', read: (v, o) => v.getInt32(o) },
  0x0d: { name: 'float', size: 4, target: 'float32', read: (v, o) => v.getFloat32(o) },
  0x0e: { name: 'double', size: 8, target: 'float32', read: (v, o) => v.getFloat64(o) },
};

/**
 * Reads an IDX file (the MNIST / Fashion-MNIST format), gzip-compressed or not, into a Tensor.
 *
 * The big-endian magic number is `0x0000TTDD`: `TT` the element type, `DD` the number of
 * dimensions, each then given as a big-endian uint32. Unsigned bytes give a uint8 Tensor, the
 * other integer types int32, floats and doubles float32. A wrong magic number, or data shorter
 * or longer than the dimensions announce, is an error naming `source`. Compressed input inflates
 * to at most `limits.maxBytes` (default 1 GiB), so a gzip bomb stops with `FILE_TOO_LARGE`.
 *
 * @example
 * ```ts
 * const labels = io.readIdx(idxBytes); // uint8 Tensor, shape [60000]
 * ```
 */
export function readIdx(bytes: Uint8Array, source = 'the IDX data', limits: { maxBytes?: number } = {}): Tensor {
  const raw = maybeGunzip(bytes, source, limits.maxBytes);
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0 || !(raw[2] in IDX_TYPES)) {
    throw new ValueError(
      `readIdx: ${source} is not an IDX file: its magic number must be 0x0000TTDD with TT one of ${Object.keys(IDX_TYPES).map((t) => `0x${Number(t).toString(16).padStart(2, '0')}`).join(', ')}. Received: magic=${magicOf(raw)}`, 'CORRUPT_FILE',
    );
  }
  const type = IDX_TYPES[raw[2]];
  const ndim = raw[3];
  const headerSize = 4 + 4 * ndim;
  if (raw.length < headerSize) {
    throw new ValueError(`readIdx: ${source} is truncated inside its header (${ndim} dimensions announced). Received: ${raw.length} bytes`, 'CORRUPT_FILE');
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerSize + count * type.size;
  if (raw.length !== expected) {
    throw new ValueError(
      `readIdx: ${source} ${raw.length < expected ? 'is truncated' : 'has trailing bytes'}: shape [${shape.join(', ')}] of ${type.name}s needs ${expected} bytes in all. Received: ${raw.length} bytes`, 'CORRUPT_FILE',
    );
  }
  if (type.target === 'uint8') return new Tensor(raw.slice(headerSize, expected), shape);
  const out = type.target === 'int32' ? new Int32Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = type.read(view, headerSize + i * type.size);
  return new Tensor(out, shape);
}

/** The first four bytes as a hex magic number, for error messages. */
export function magicOf(raw: Uint8Array): string {
  return `0x${Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
