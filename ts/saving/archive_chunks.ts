/**
 * A `.kerasm` zip written as a stream of chunks (fflate's streaming `Zip`), so a large model's file
 * is never assembled in one buffer: each weight goes from its array to the file a megabyte at a time.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** One file inside the zip: its name, its bytes in chunks, and whether to deflate them. */
export interface ArchiveEntry {
  name: string;
  chunks: Iterable<Uint8Array>;
  /**
   * Deflate (level 1) rather than store. Weights are stored: random floats barely shrink, and
   * fflate 0.8.3's streaming deflate wrote undecodable data ("invalid distance") for a trained
   * optimizer state pushed in several chunks, which one-shot deflate compresses correctly.
   */
  deflate: boolean;
}

/** How much of an array goes into the zip at once. */
const CHUNK_BYTES = 1 << 20;

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The float32 values of `arrays`, one after the other, as little-endian bytes in chunks of at most 1 MiB. */
export function* float32Chunks(arrays: Iterable<Float32Array>): Generator<Uint8Array> {
  for (const array of arrays) {
    for (let start = 0; start < array.length; start += CHUNK_BYTES / 4) {
      const part = array.subarray(start, Math.min(array.length, start + CHUNK_BYTES / 4));
      if (littleEndianHost) {
        yield new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
      } else {
        const bytes = new Uint8Array(part.byteLength);
        const view = new DataView(bytes.buffer);
        part.forEach((v, i) => view.setFloat32(i * 4, v, true));
        yield bytes;
      }
    }
  }
}

/** The zip of `entries`, as the chunks fflate emits while it writes them. */
export function* archiveChunks(entries: readonly ArchiveEntry[]): Generator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  // ZipDeflate is synchronous: each push hands its output to this callback before returning.
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    while (ready.length) yield ready.shift() as Uint8Array;
  }
  for (const entry of entries) {
    if (entry.deflate) {
      // One push: the streaming deflate is only trusted with a single, final chunk (see ArchiveEntry).
      const file = new ZipDeflate(entry.name, { level: 1 });
      zip.add(file);
      file.push(concatChunks(entry.chunks), true);
    } else {
      const file = new ZipPassThrough(entry.name);
      zip.add(file);
      for (const chunk of entry.chunks) {
        file.push(chunk);
        yield* drain();
      }
      file.push(new Uint8Array(0), true);
    }
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** The chunks in one array. */
export function concatChunks(chunks: Iterable<Uint8Array>): Uint8Array {
  const list = [...chunks];
  const out = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of list) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
