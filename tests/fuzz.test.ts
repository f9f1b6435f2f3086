/**
 * Untrusted files (issue 13, item 8): every reader gets a seeded stream of mutated files built from
 * the corpus in tests/fuzz/corpus, and must either read each one or throw a KerasmError with a code
 * — never a raw TypeError/RangeError, never a hang. KERASM_FUZZ_CASES sets the cases per reader.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { datasets, io, KerasmError, loadModelFromBuffers, type Model, modelFromJSON, Random } from 'kerasm';

const CASES = Number(process.env.KERASM_FUZZ_CASES ?? 300);
const SLOW_MS = 2000;
const corpus = path.join(__dirname, 'fuzz', 'corpus');
const seed = (name: string): Uint8Array<ArrayBufferLike> => new Uint8Array(fs.readFileSync(path.join(corpus, name)));
const seeds = (ext: string) => fs.readdirSync(corpus).filter((n) => n.endsWith(ext)).sort().map(seed);

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 65535, 100000];
const TOKENS = ['__proto__', 'constructor', 'prototype', 'NaN', '-1', '1e309', '99999999999999999999', 'null', '[]', '{}', '"', "'", '(', ')', ','];

/** A seeded mutator of bytes: each call applies 1–4 of the classic mutations. */
function mutateBytes(rng: Random, input: Uint8Array): Uint8Array {
  let bytes = input.slice();
  const at = () => Math.floor(rng.nextFloat() * Math.max(1, bytes.length));
  for (let k = 1 + Math.floor(rng.nextFloat() * 4); k > 0; k--) {
    switch (Math.floor(rng.nextFloat() * 6)) {
      case 0: // bit flips
        if (bytes.length) bytes[at()] ^= 1 << Math.floor(rng.nextFloat() * 8);
        break;
      case 1: {
        // an interesting 32-bit integer, either byte order
        const v = INTERESTING[Math.floor(rng.nextFloat() * INTERESTING.length)];
        const i = at();
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        if (i + 4 <= bytes.length) view.setUint32(i, v >>> 0, rng.nextFloat() < 0.5);
        break;
      }
      case 2: // truncation
        bytes = bytes.slice(0, at());
        break;
      case 3: {
        // random bytes inserted
        const i = at();
        const extra = Uint8Array.from({ length: 1 + Math.floor(rng.nextFloat() * 16) }, () => Math.floor(rng.nextFloat() * 256));
        bytes = Uint8Array.from([...bytes.subarray(0, i), ...extra, ...bytes.subarray(i)]);
        break;
      }
      case 4: {
        // a slice duplicated
        const i = at();
        const j = Math.min(bytes.length, i + Math.floor(rng.nextFloat() * 64));
        bytes = Uint8Array.from([...bytes.subarray(0, j), ...bytes.subarray(i, j), ...bytes.subarray(j)]);
        break;
      }
      default: // a byte set to an interesting value
        if (bytes.length) bytes[at()] = INTERESTING[Math.floor(rng.nextFloat() * 5)];
    }
  }
  return bytes;
}

/** Text mutations for JSON, CSV and headers: tokens spliced in, deep nesting, then byte mutations. */
function mutateText(rng: Random, text: string): string {
  const at = Math.floor(rng.nextFloat() * text.length);
  const r = rng.nextFloat();
  if (r < 0.3) return text.slice(0, at) + TOKENS[Math.floor(rng.nextFloat() * TOKENS.length)] + text.slice(at);
  if (r < 0.4) {
    const depth = 10 + Math.floor(rng.nextFloat() * 100_000);
    return text.slice(0, at) + '['.repeat(depth) + ']'.repeat(depth) + text.slice(at);
  }
  if (r < 0.5) return text.replace(/"(name|class_name|units|shape|layers|config|inbound_nodes|keras_history)"/g, (m) => (rng.nextFloat() < 0.3 ? '"__proto__"' : m));
  return strFromU8(mutateBytes(rng, strToU8(text)));
}

/** A zip with each entry mutated (as bytes or as text), some renamed, and sometimes a large junk entry. */
function mutateZip(rng: Random, bytes: Uint8Array): Uint8Array {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    return mutateBytes(rng, bytes);
  }
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) {
    const r = rng.nextFloat();
    const renamed = r < 0.1 ? '__proto__.npy' : r < 0.15 ? 'constructor.npy' : name;
    out[renamed] = rng.nextFloat() < 0.5 ? data : name.endsWith('.json') ? strToU8(mutateText(rng, strFromU8(data))) : mutateBytes(rng, data);
  }
  if (rng.nextFloat() < 0.05) out['junk.bin'] = new Uint8Array(1 << 20);
  return zipSync(out, { level: rng.nextFloat() < 0.5 ? 0 : 6 });
}

interface Tally {
  cases: number;
  read: number;
  refused: number;
  /** Refusals by deserialize's last line of defence (an unforeseen fault in a config, typed there): each a gap in the checks. */
  netted: number;
  failures: string[];
  slowestMs: number;
}

/** Runs `cases` mutated inputs through `read`; anything but success or a coded KerasmError is a failure. */
function fuzz<T>(name: string, rngSeed: number, inputs: T[], mutate: (rng: Random, input: T) => T, read: (input: T) => unknown): Tally {
  const rng = new Random(rngSeed);
  const tally: Tally = { cases: 0, read: 0, refused: 0, netted: 0, failures: [], slowestMs: 0 };
  for (let i = 0; i < CASES; i++) {
    const input = mutate(rng, inputs[i % inputs.length]);
    const started = performance.now();
    try {
      const result = read(input);
      if (result && typeof (result as Model).dispose === 'function') (result as Model).dispose();
      tally.read++;
    } catch (error) {
      if (error instanceof KerasmError && typeof error.code === 'string' && error.code.length > 0) {
        tally.refused++;
        if (error.message.startsWith('The model config is malformed')) tally.netted++;
      }
      else tally.failures.push(`${name} case ${i}: ${(error as Error)?.constructor?.name}: ${String((error as Error)?.message).slice(0, 160)}`);
    }
    const ms = performance.now() - started;
    tally.slowestMs = Math.max(tally.slowestMs, ms);
    if (ms > SLOW_MS) tally.failures.push(`${name} case ${i}: took ${Math.round(ms)} ms`);
    tally.cases++;
  }
  return tally;
}

const results: Record<string, Tally> = {};
afterAll(() => {
  const lines = Object.entries(results).map(([n, t]) => `  ${n.padEnd(22)} ${t.cases} cases: ${t.read} read, ${t.refused} refused with a code (${t.netted} by the config safety net), ${t.failures.length} failures, slowest ${t.slowestMs.toFixed(0)} ms`);
  process.stderr.write(`fuzz (KERASM_FUZZ_CASES=${CASES}):\n${lines.join('\n')}\n`);
});

const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const readers: [string, () => Tally][] = [
  ['io.readNpy', () => fuzz('io.readNpy', 1, seeds('.npy'), mutateBytes, (b) => io.readNpy(b))],
  ['io.readNpy (header)', () => fuzz('io.readNpy (header)', 2, seeds('.npy'), (rng, b) => {
    const text = new TextDecoder('latin1').decode(b.subarray(10, 10 + 118));
    const mutated = strToU8(mutateText(rng, text));
    const out = new Uint8Array(10 + mutated.length + 64);
    out.set(b.subarray(0, 10));
    new DataView(out.buffer).setUint16(8, mutated.length, true);
    out.set(mutated, 10);
    return out;
  }, (b) => io.readNpy(b))],
  ['io.readNpz', () => fuzz('io.readNpz', 3, seeds('.npz'), (rng, b) => (rng.nextFloat() < 0.5 ? mutateZip(rng, b) : mutateBytes(rng, b)), (b) => io.readNpz(b))],
  ['io.gunzip', () => fuzz('io.gunzip', 4, seeds('.gz'), mutateBytes, (b) => io.gunzip(b))],
  ['io.readIdx', () => fuzz('io.readIdx', 5, [...seeds('.idx'), ...seeds('.idx.gz')], mutateBytes, (b) => io.readIdx(b))],
  ['io.readCsv', () => fuzz('io.readCsv', 6, seeds('.csv').map(decode), mutateText, (t) => io.readCsv(t).toTensor())],
  ['loadModelFromBuffers', () => fuzz('loadModelFromBuffers', 7, seeds('.kerasm'), (rng, b) => (rng.nextFloat() < 0.7 ? mutateZip(rng, b) : mutateBytes(rng, b)), (b) => loadModelFromBuffers(b))],
  ['modelFromJSON', () => fuzz('modelFromJSON', 8, seeds('.json').map(decode), mutateText, (t) => modelFromJSON(t))],
  // Keras's data set files: pickled object arrays of word ids, read from a path.
  ['datasets (Keras .npz)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-fuzz-')), 'imdb.npz');
    const keras = ['imdb.npz', 'reuters.npz'].map((n): Uint8Array<ArrayBufferLike> => new Uint8Array(fs.readFileSync(path.join(__dirname, 'data_fixtures', 'keras', n))));
    return fuzz('datasets (Keras .npz)', 9, keras, (rng, b) => (rng.nextFloat() < 0.6 ? mutateZip(rng, b) : mutateBytes(rng, b)), (b) => {
      fs.writeFileSync(file, b);
      return datasets.imdb.loadData({ path: file });
    });
  }],
];

describe(`fuzzed files: ${CASES} cases per reader, each read or refused with a code`, () => {
  for (const [name, run] of readers) {
    test(name, () => {
      const tally = run();
      results[name] = tally;
      expect(tally.failures).toEqual([]);
      expect(tally.cases).toBe(CASES);
    });
  }
});
