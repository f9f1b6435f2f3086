import { hostFiles } from '../hosts/host';
import type { Tensor } from '../tensor';
import { readCsv, type CsvTable, type ReadCsvOptions } from './csv';
import { readIdx } from './idx';
import { readNpy } from './npy';
import { readNpz } from './npz';

/** The bytes at `path` for `reader`; hosts without files (browsers) name its in-memory `twin` instead. */
function readFileBytes(reader: string, twin: string, path: string, purpose: string): Uint8Array {
  return hostFiles(`io.${reader}(path)`, `fetch the file and use ${twin}`).readBytes(path, purpose);
}

/**
 * Reads a `.npy` file from a path (Node). See {@link readNpy}.
 *
 * @example
 * ```ts
 * const x = io.readNpyFile('x_train.npy');
 * ```
 */
export function readNpyFile(path: string): Tensor {
  return readNpy(readFileBytes('readNpyFile', 'io.readNpy(bytes)', path, 'a .npy file'), `"${path}"`);
}

/**
 * Reads a `.npz` archive from a path (Node). See {@link readNpz}.
 *
 * @example
 * ```ts
 * const { x, y } = io.readNpzFile('data.npz');
 * ```
 */
export function readNpzFile(path: string): Record<string, Tensor> {
  return readNpz(readFileBytes('readNpzFile', 'io.readNpz(bytes)', path, 'a .npz file'), `"${path}"`);
}

/**
 * Reads a CSV file (UTF-8) from a path (Node). See {@link readCsv}.
 *
 * @example
 * ```ts
 * const table = io.readCsvFile('boston_housing.csv');
 * ```
 */
export function readCsvFile(path: string, options?: ReadCsvOptions): CsvTable {
  return readCsv(new TextDecoder('utf-8').decode(readFileBytes('readCsvFile', 'io.readCsv(text)', path, 'a CSV file')), options);
}

/**
 * Reads an IDX file, gzip-compressed or not, from a path (Node). See {@link readIdx}.
 *
 * @example
 * ```ts
 * const images = io.readIdxFile('train-images-idx3-ubyte.gz'); // uint8 [60000, 28, 28]
 * ```
 */
export function readIdxFile(path: string): Tensor {
  return readIdx(readFileBytes('readIdxFile', 'io.readIdx(bytes)', path, 'an IDX file'), `"${path}"`);
}
