// The notes' data sets, vectorised once per run and cached as raw binary files under
// bench/results/tmp/, so no engine's child pays for (or is measured loading) the IMDB tokeniser.
// Multi-hot rows are stored as CSR (row offsets + uint16 column indices, about 1.3 % of the dense
// bytes); each child expands the rows it needs to the dense float32 matrix the engines train on,
// or (kerasm-sparse) reads them as CSR.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files whose change invalidates the cache: the loaders (in the built package) and the data. */
export function cacheKey(distFile, dataDir) {
  const hash = createHash('sha256').update(readFileSync(distFile));
  for (const file of ['imdb/train.jsonl.gz', 'imdb/test.jsonl.gz', 'reuters21578/reut2-000.sgm.gz', 'boston_housing.csv']) {
    const stat = statSync(join(dataDir, file));
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 12);
}

/** Whether `name` is already cached in `dir`. */
export function isCached(dir, name) {
  return existsSync(join(dir, `${name}.json`));
}

/** Writes multi-hot rows (`sequences`, each a list of column indices) and float32 targets `y`. */
export function writeMultiHot(dir, name, sequences, cols, y, yCols) {
  const rowStart = new Int32Array(sequences.length + 1);
  const unique = sequences.map((s) => Uint16Array.from(new Set(s)).sort());
  unique.forEach((s, i) => (rowStart[i + 1] = rowStart[i] + s.length));
  const columns = new Uint16Array(rowStart[sequences.length]);
  unique.forEach((s, i) => columns.set(s, rowStart[i]));
  writeFileSync(join(dir, `${name}.rows.bin`), rowStart);
  writeFileSync(join(dir, `${name}.cols.bin`), columns);
  writeFileSync(join(dir, `${name}.y.bin`), y);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ format: 'multi-hot', rows: sequences.length, cols, yCols, nonZeros: columns.length }));
}

/** Writes a dense float32 `[rows, cols]` matrix and its targets. */
export function writeDense(dir, name, x, rows, cols, y, yCols) {
  writeFileSync(join(dir, `${name}.x.bin`), x);
  writeFileSync(join(dir, `${name}.y.bin`), y);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ format: 'dense', rows, cols, yCols }));
}

/**
 * The first `rows` rows of a cached data set: `x` as dense float32 `[rows, cols]`, or with
 * `sparse` (multi-hot sets only) as `csr` ({ indptr, indices, values }, never densified, as
 * `vectorizeSequences(..., { sparse: true })` gives it a user); `y` `[rows, yCols]`; and the
 * number of non-zeros of `x`.
 */
export function readData(dir, name, rows, { sparse = false } = {}) {
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  if (rows > meta.rows) {
    throw new Error(`bench: the cached data set ${name} has ${meta.rows} rows; a workload asked for more. Received: rows=${rows}`);
  }
  const y = floats(join(dir, `${name}.y.bin`)).slice(0, rows * meta.yCols);
  const shape = { rows, cols: meta.cols, yCols: meta.yCols };
  if (meta.format === 'dense') {
    if (sparse) throw new Error(`bench: the cached data set ${name} is dense; a sparse engine needs a multi-hot one`);
    const x = floats(join(dir, `${name}.x.bin`)).slice(0, rows * meta.cols);
    let nonZeros = 0;
    for (const v of x) if (v !== 0) nonZeros++;
    return { x, y, ...shape, nonZeros };
  }
  const rowStart = new Int32Array(bytes(join(dir, `${name}.rows.bin`)));
  const columns = new Uint16Array(bytes(join(dir, `${name}.cols.bin`)));
  const nonZeros = rowStart[rows];
  if (sparse) {
    const csr = { indptr: rowStart.slice(0, rows + 1), indices: Int32Array.from(columns.subarray(0, nonZeros)), values: new Float32Array(nonZeros).fill(1) };
    return { csr, y, ...shape, nonZeros };
  }
  const x = new Float32Array(rows * meta.cols);
  for (let r = 0; r < rows; r++) {
    for (let j = rowStart[r]; j < rowStart[r + 1]; j++) x[r * meta.cols + columns[j]] = 1;
  }
  return { x, y, ...shape, nonZeros };
}

function bytes(file) {
  const buffer = readFileSync(file);
  // A fresh, aligned ArrayBuffer: Node's pooled Buffers may start at an odd offset.
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
}

function floats(file) {
  return new Float32Array(bytes(file));
}
