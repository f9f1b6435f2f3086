/**
 * The `.kerasm` file: a zip (as Keras's `.keras` is) of `config.json` (the architecture and compile
 * config, in Keras 3's `to_json()` form), `metadata.json` (versions, and the manifest of the binary
 * files), `model.weights.bin` (every weight, float32 little-endian, in manifest order) and, for a
 * model that has trained, `optimizer.bin` (the optimizer's variables, likewise; both stored, the
 * JSON deflated). Zipping uses fflate (already the package's gzip reader) rather than hand-written code.
 */
import { strFromU8, strToU8 } from 'fflate';
import { ValueError } from '../errors';
import { unzipBounded } from '../io/bounded_inflate';
import { parseJsonBounded } from '../io/bounded_json';
import { type ArchiveEntry, archiveChunks, concatChunks } from './archive_chunks';

/** A weight in the manifest. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  trainable: boolean;
}

/** `metadata.json`. */
export interface Metadata {
  keras_version: string;
  kerasm_version: string;
  date_saved: string;
  /** Seed of the model (initialisation and dropout masks). */
  seed: number;
  weights: WeightEntry[];
  /** The optimizer's step count and variable sizes, when `optimizer.bin` is present. */
  optimizer: { iterations: number; sizes: number[] } | null;
}

/**
 * A saved model in memory, in any host: what `model.saveToBuffers()` returns and
 * `loadModelFromBuffers()` takes (or the `.kerasm` bytes that {@link packArchive} makes of it).
 */
export interface ModelArtifacts {
  /** `config.json`: Keras 3's `model.to_json()` object (plus `compile_config`). */
  config: Record<string, unknown>;
  metadata: Metadata;
  /** Every weight, float32 little-endian, in `metadata.weights` order. */
  weights: ArrayBuffer;
  /** The optimizer's variables, float32 little-endian, when it has trained. */
  optimizer?: ArrayBuffer;
}

export const KERAS_VERSION = '3.0.0';
export const KERASM_VERSION = '0.1.0';

/** The arrays one after the other, in one new array. */
export function concatFloat32(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

/** Float32 values as little-endian bytes (a copy, whatever the host's byte order). */
export function toBytes(values: Float32Array): ArrayBuffer {
  const buffer = new ArrayBuffer(values.length * 4);
  const view = new DataView(buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return buffer;
}

/** Little-endian bytes as float32 values; `what` names the file in errors. */
export function fromBytes(buffer: ArrayBuffer | Uint8Array, count: number, what: string): Float32Array {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.byteLength !== count * 4) {
    throw new ValueError(`${what} should hold ${count} float32 values (${count * 4} bytes). Received: ${bytes.byteLength} bytes`, 'CORRUPT_FILE');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Weights (and optimizer state) without the architecture: what `model.saveWeights` writes. */
export type WeightsArtifacts = Omit<ModelArtifacts, 'config'>;

/** The files inside the zip of `artifacts`, in order. */
export function archiveEntries(artifacts: ModelArtifacts | WeightsArtifacts): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  if ('config' in artifacts) entries.push({ name: 'config.json', chunks: [strToU8(JSON.stringify(artifacts.config))], deflate: true });
  entries.push({ name: 'metadata.json', chunks: [strToU8(JSON.stringify(artifacts.metadata))], deflate: true });
  entries.push({ name: 'model.weights.bin', chunks: [new Uint8Array(artifacts.weights)], deflate: false });
  if (artifacts.optimizer) entries.push({ name: 'optimizer.bin', chunks: [new Uint8Array(artifacts.optimizer)], deflate: false });
  return entries;
}

/** The zip of `artifacts` (a `.kerasm` model, or a `.weights.kerasm` file without `config.json`). */
export function packArchive(artifacts: ModelArtifacts | WeightsArtifacts): Uint8Array {
  return concatChunks(archiveChunks(archiveEntries(artifacts)));
}

/** The most bytes `config.json` or `metadata.json` may take: far above any real model's. */
const MAX_JSON_BYTES = 64 * 1024 ** 2;

/** The largest archive whose weights are read: far above any model kerasm can hold (4 GB of memory). */
export const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;

/** The most weights a manifest may list (a model of this many layers is far past any real one). */
export const MAX_WEIGHTS = 400_000;

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Checks the manifest of `metadata.json` and returns how many float32 values each binary file holds. */
function manifestSizes(metadata: unknown, source: string): { weights: number; optimizer: number } {
  const bad = (what: string, received: string): never => {
    throw new ValueError(`${source}'s metadata.json ${what}. Received: ${received}`, 'CORRUPT_FILE');
  };
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return bad('is not an object', typeof metadata);
  const { weights, optimizer } = metadata as Partial<Metadata>;
  if (!Array.isArray(weights)) return bad('has no weight manifest', `weights=${typeof weights}`);
  if (weights.length > MAX_WEIGHTS) return bad(`lists more than ${MAX_WEIGHTS} weights`, `${weights.length} weights`);
  let total = 0;
  weights.forEach((entry, i) => {
    const shape = (entry as Partial<WeightEntry> | null)?.shape;
    if (typeof (entry as Partial<WeightEntry> | null)?.name !== 'string' || !Array.isArray(shape) || shape.length > 32 || !shape.every(isCount)) {
      bad('has a weight entry without a name and a shape of non-negative integers', `weights[${i}]=${JSON.stringify(entry)?.slice(0, 120)}`);
    }
    total += (shape as number[]).reduce((a, b) => a * b, 1);
  });
  let optimizerTotal = 0;
  if (optimizer !== null && optimizer !== undefined) {
    if (typeof optimizer !== 'object' || !isCount(optimizer.iterations) || !Array.isArray(optimizer.sizes) || optimizer.sizes.length > MAX_WEIGHTS * 3 || !optimizer.sizes.every(isCount)) {
      bad('has an optimizer entry without a step count and sizes of non-negative integers', `optimizer=${JSON.stringify(optimizer)?.slice(0, 120)}`);
    }
    optimizerTotal = optimizer.sizes.reduce((a, b) => a + b, 0);
  }
  if ((total + optimizerTotal) * 4 > MAX_ARCHIVE_BYTES) bad(`declares more than ${MAX_ARCHIVE_BYTES} bytes of weights`, `${total} weights and ${optimizerTotal} optimizer values`);
  return { weights: total, optimizer: optimizerTotal };
}

/**
 * The artifacts in a zip from {@link packArchive}; `source` names it in errors. The bytes are
 * untrusted: the JSON files are read first (each at most 64 MiB, nested at most 64 deep), then
 * only the binary files the manifest accounts for, each of exactly the declared size — other
 * entries are never inflated, and nothing inflates past what the manifest declares.
 */
export function unpackArchive(bytes: Uint8Array, source: string): WeightsArtifacts & { config?: Record<string, unknown> } {
  const where = `${source} (a .kerasm archive)`;
  const jsonFiles = unzipBounded(bytes, where, { accept: (name) => name === 'config.json' || name === 'metadata.json', maxBytes: 2 * MAX_JSON_BYTES });
  const json = (name: string): unknown => {
    const file = jsonFiles.get(name);
    if (!file) throw new ValueError(`${source} has no ${name}. Received: a zip without it`, 'CORRUPT_FILE');
    return parseJsonBounded(strFromU8(file), `${source}'s ${name}`);
  };
  const metadata = json('metadata.json');
  const config = jsonFiles.has('config.json') ? json('config.json') : undefined;
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new ValueError(`${source}'s config.json is not an object. Received: ${Array.isArray(config) ? 'an array' : typeof config}`, 'CORRUPT_FILE');
  }
  const sizes = manifestSizes(metadata, source);
  const binaries = unzipBounded(bytes, where, {
    accept: (name) => name === 'model.weights.bin' || name === 'optimizer.bin',
    maxBytes: (sizes.weights + sizes.optimizer) * 4,
  });
  const weights = binaries.get('model.weights.bin');
  if (!weights) throw new ValueError(`${source} has no model.weights.bin. Received: a zip without it`, 'CORRUPT_FILE');
  const optimizer = binaries.get('optimizer.bin');
  // Each entry was inflated (or copied) into its own buffer; take it as it is when it is whole.
  const copy = (file: Uint8Array): ArrayBuffer =>
    (file.byteOffset === 0 && file.byteLength === file.buffer.byteLength ? file.buffer : file.slice().buffer) as ArrayBuffer;
  return {
    ...(config ? { config: config as Record<string, unknown> } : {}),
    metadata: metadata as Metadata,
    weights: copy(weights),
    ...(optimizer ? { optimizer: copy(optimizer) } : {}),
  };
}
