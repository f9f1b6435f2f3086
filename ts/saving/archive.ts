/**
 * The `.kerasm` file: a zip (as Keras's `.keras` is) of `config.json` (the architecture and compile
 * config, in Keras 3's `to_json()` form), `metadata.json` (versions, and the manifest of the binary
 * files), `model.weights.bin` (every weight, float32 little-endian, in manifest order) and, for a
 * model that has trained, `optimizer.bin` (the optimizer's variables, likewise; both stored, the
 * JSON deflated). Zipping uses fflate (already the package's gzip reader) rather than hand-written code.
 */
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { ValueError } from '../errors';
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

/** The artifacts in a zip from {@link packArchive}; `source` names it in errors. */
export function unpackArchive(bytes: Uint8Array, source: string): WeightsArtifacts & { config?: Record<string, unknown> } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new ValueError(`${source} is not a .kerasm archive (a zip): ${(error as Error).message}. Received: ${bytes.byteLength} bytes`, 'CORRUPT_FILE');
  }
  const need = (name: string): Uint8Array => {
    const file = files[name];
    if (!file) throw new ValueError(`${source} has no ${name}. Received: files ${Object.keys(files).join(', ') || '(none)'}`, 'CORRUPT_FILE');
    return file;
  };
  const json = (name: string) => {
    try {
      return JSON.parse(strFromU8(need(name)));
    } catch (error) {
      if (error instanceof ValueError) throw error;
      throw new ValueError(`${source}'s ${name} is not valid JSON: ${(error as Error).message}`, 'CORRUPT_FILE');
    }
  };
  const copy = (file: Uint8Array): ArrayBuffer => file.slice().buffer as ArrayBuffer;
  return {
    ...(files['config.json'] ? { config: json('config.json') } : {}),
    metadata: json('metadata.json'),
    weights: copy(need('model.weights.bin')),
    ...(files['optimizer.bin'] ? { optimizer: copy(files['optimizer.bin']) } : {}),
  };
}
