import { Tensor } from '../tensor';
import { parsePythonLiteral, type PythonValue } from './python_literal';
import { ValueError } from '../errors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** Bounds on what an untrusted header may declare: its length, its rank, each dimension. */
const MAX_HEADER_BYTES = 65_536;
const MAX_DIMS = 32;
const MAX_DIM = 2 ** 31 - 1;

/** How each supported NumPy element type is read and what Tensor dtype it becomes. */
const ELEMENT_TYPES = {
  f4: { size: 4, target: 'float32', read: (v: DataView, o: number, le: boolean) => v.getFloat32(o, le) },
  f8: { size: 8, target: 'float32', read: (v: DataView, o: number, le: boolean) => v.getFloat64(o, le) },
  i1: { size: 1, target: 'int32', read: (v: DataView, o: number) => v.getInt8(o) },
  i2: { size: 2, target: 'int32', read: (v: DataView, o: number, le: boolean) => v.getInt16(o, le) },
  i4: { size: 4, target: 'int32', read: (v: DataView, o: number, le: boolean) => v.getInt32(o, le) },
  i8: { size: 8, target: 'int32', read: (v: DataView, o: number, le: boolean) => Number(v.getBigInt64(o, le)) },
  u1: { size: 1, target: 'uint8', read: (v: DataView, o: number) => v.getUint8(o) },
  u2: { size: 2, target: 'int32', read: (v: DataView, o: number, le: boolean) => v.getUint16(o, le) },
  u4: { size: 4, target: 'int32', read: (v: DataView, o: number, le: boolean) => v.getUint32(o, le) },
  u8: { size: 8, target: 'int32', read: (v: DataView, o: number, le: boolean) => Number(v.getBigUint64(o, le)) },
  b1: { size: 1, target: 'uint8', read: (v: DataView, o: number) => (v.getUint8(o) ? 1 : 0) },
} as const;

type ElementCode = keyof typeof ELEMENT_TYPES;

/** The parsed header of a `.npy` file. */
export interface NpyHeader {
  /** Format version, e.g. `[1, 0]`. */
  version: [number, number];
  /** NumPy's dtype string, e.g. `'<f4'`. */
  descr: string;
  shape: number[];
  /** Byte offset of the array data. */
  dataOffset: number;
}

/**
 * Reads a NumPy `.npy` file (format versions 1, 2 and 3) into a {@link Tensor}.
 *
 * Supported element types, in either byte order: `f4` and `f8` → float32 (float64 is rounded,
 * as the models compute in float32); `i1 i2 i4 u2 u4 i8 u8` → int32 (a 64-bit or unsigned value
 * outside the int32 range is an error rather than silently wrapped); `u1` → uint8; `b1` (bool)
 * → uint8 0/1. Arrays must be in C order: a `fortran_order` file is rejected (save it from
 * `np.ascontiguousarray(a)`), as are structured and object dtypes.
 *
 * @example
 * ```ts
 * // x = np.arange(6, dtype='float32').reshape(2, 3); np.save('x.npy', x)
 * const x = io.readNpy(npyBytes);
 * x.shape; // [2, 3]
 * ```
 */
export function readNpy(bytes: Uint8Array, source = 'the .npy data'): Tensor {
  const header = readNpyHeader(bytes, source);
  const order = header.descr[0];
  const code = header.descr.slice(1) as ElementCode;
  const type = ELEMENT_TYPES[code];
  const count = header.shape.reduce((a, b) => a * b, 1);
  const needed = count * type.size;
  const available = bytes.length - header.dataOffset;
  if (available < needed) {
    throw new ValueError(
      `readNpy: ${source} is truncated: shape [${header.shape.join(', ')}] of '${header.descr}' needs ${needed} data bytes. Received: ${available} bytes`, 'CORRUPT_FILE',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, needed);
  const littleEndian = order !== '>';
  const out =
    type.target === 'float32' ? new Float32Array(count) : type.target === 'int32' ? new Int32Array(count) : new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = type.read(view, i * type.size, littleEndian);
    if (type.target === 'int32' && (v > 2147483647 || v < -2147483648)) {
      throw new ValueError(
        `readNpy: ${source} holds '${header.descr}' values outside the int32 range that kerasm tensors use. Received: element ${i} = ${v}`, 'CORRUPT_FILE',
      );
    }
    out[i] = v;
  }
  return new Tensor(out, header.shape);
}

/**
 * Parses and validates the header of a `.npy` file (version, dtype, shape, data offset) without
 * reading the data.
 *
 * @example
 * ```ts
 * io.readNpyHeader(npyBytes); // { version: [1, 0], descr: '<f4', shape: [2, 3], dataOffset: 128 }
 * ```
 */
export function readNpyHeader(bytes: Uint8Array, source = 'the .npy data'): NpyHeader {
  return parseNpyHeader(bytes, source, false);
}

/** {@link readNpyHeader}, optionally accepting the object dtype (`|O`: the data is then a pickle, for Keras's ragged data sets). */
export function parseNpyHeader(bytes: Uint8Array, source: string, objectArrays: boolean): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ValueError(`readNpy: ${source} is not a NumPy .npy file: it must start with "\\x93NUMPY". Received: ${bytes.length} bytes`, 'CORRUPT_FILE');
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3) {
    throw new ValueError(`readNpy: ${source} uses .npy format version ${major}.${minor}; versions 1, 2 and 3 are supported. Received: version=${major}.${minor}`, 'CORRUPT_FILE');
  }
  const lengthSize = major === 1 ? 2 : 4;
  const start = 8 + lengthSize;
  if (bytes.length < start) throw new ValueError(`readNpy: ${source} is truncated inside its header. Received: ${bytes.length} bytes`, 'CORRUPT_FILE');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new ValueError(`readNpy: ${source} announces a ${headerLength}-byte header; at most ${MAX_HEADER_BYTES} are read (NumPy itself reads 10 000). Received: header length ${headerLength}`, 'CORRUPT_FILE');
  }
  if (bytes.length < start + headerLength) {
    throw new ValueError(`readNpy: ${source} is truncated inside its header (${headerLength} header bytes announced). Received: ${bytes.length} bytes`, 'CORRUPT_FILE');
  }
  const raw = bytes.subarray(start, start + headerLength);
  // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8.
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(raw);
  let dict: PythonValue;
  try {
    dict = parsePythonLiteral(text.trim());
  } catch (error) {
    throw new ValueError(`readNpy: ${source} has an unreadable header: ${(error as Error).message}`, 'CORRUPT_FILE');
  }
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw new ValueError(`readNpy: ${source} has a header that is not a dict. Received: header=${JSON.stringify(text)}`, 'CORRUPT_FILE');
  }
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (fortranOrder !== false) {
    throw new ValueError(
      `readNpy: ${source} is stored in Fortran (column-major) order, which kerasm does not read; save it in C order, e.g. np.save(path, np.ascontiguousarray(a)). Received: fortran_order=${JSON.stringify(fortranOrder)}`, 'CORRUPT_FILE',
    );
  }
  const objectArray = objectArrays && descr === '|O';
  if (!objectArray && (typeof descr !== 'string' || !/^[<>|=][a-z]\d+$/.test(descr) || !(descr.slice(1) in ELEMENT_TYPES))) {
    throw new ValueError(
      `readNpy: ${source} has an unsupported dtype; expected one of ${Object.keys(ELEMENT_TYPES).join(', ')} (any byte order). Received: descr=${JSON.stringify(descr)}`, 'CORRUPT_FILE',
    );
  }
  if (!Array.isArray(shape) || shape.length > MAX_DIMS || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= MAX_DIM)) {
    throw new ValueError(
      `readNpy: ${source} has an invalid shape; expected a tuple of at most ${MAX_DIMS} integers in [0, ${MAX_DIM}]. Received: shape=${JSON.stringify(shape)?.slice(0, 200)}`,
      'CORRUPT_FILE',
    );
  }
  return { version: [major, minor], descr, shape: shape as number[], dataOffset: start + headerLength };
}
