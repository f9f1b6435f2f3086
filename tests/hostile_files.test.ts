/**
 * Hostile files (issue 13, item 8), one by one: compression bombs, special files, deep nesting,
 * keys aimed at prototypes, poisoned optimizer state, absurd layer counts. Each is refused with a
 * typed error (or read safely) without allocating what the file claims.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Deflate, strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { input, io, KerasmError, layers, loadModel, loadModelFromBuffers, model, modelFromJSON, Sequential, Tensor } from 'kerasm';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-hostile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The code of the KerasmError `fn` throws (failing the test when it throws anything else). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KerasmError);
    return (error as KerasmError).code;
  }
  throw new Error('expected an error');
}

/** Deflated zeros: `megabytes` MiB in about a thousandth of the space. */
function deflatedZeros(megabytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 6 }, (chunk) => parts.push(chunk));
  const zeros = new Uint8Array(1 << 20);
  for (let i = 0; i < megabytes; i++) deflate.push(zeros, i === megabytes - 1);
  return Buffer.concat(parts);
}

/**
 * An overlapping-entry zip bomb: one deflated entry of `megabytes` MiB, and a central directory
 * listing it `copies` times under different names (each a `.npy`), so a reader that trusts it
 * inflates copies × megabytes.
 */
function overlappingZipBomb(megabytes: number, copies: number): Uint8Array {
  const single = zipSync({ 'a.npy': [new Uint8Array(0), { level: 0 }] });
  const view = new DataView(single.buffer);
  // Rebuild by hand: one local entry holding the deflated data, then `copies` central records.
  const data = deflatedZeros(megabytes);
  const name = strToU8('a.npy');
  const local = new Uint8Array(30 + name.length + data.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint16(8, 8, true); // deflate
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, megabytes << 20, true);
  lv.setUint16(26, name.length, true);
  local.set(name, 30);
  local.set(data, 30 + name.length);
  const records: Uint8Array[] = [];
  for (let i = 0; i < copies; i++) {
    const n = strToU8(`x${i}.npy`);
    const r = new Uint8Array(46 + n.length);
    const rv = new DataView(r.buffer);
    rv.setUint32(0, 0x02014b50, true);
    rv.setUint16(4, 20, true);
    rv.setUint16(6, 20, true);
    rv.setUint16(10, 8, true);
    rv.setUint32(20, data.length, true);
    rv.setUint32(24, megabytes << 20, true);
    rv.setUint16(28, n.length, true);
    rv.setUint32(42, 0, true); // every record points at the one local entry
    r.set(n, 46);
    records.push(r);
  }
  const central = Buffer.concat(records);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, copies, true);
  ev.setUint16(10, copies, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length, true);
  expect(view.getUint32(0, true)).toBe(0x04034b50);
  return new Uint8Array(Buffer.concat([local, central, end]));
}

describe('compression bombs stop at a limit', () => {
  test('an overlapping-entry .npz of about 16 KB declaring 6 GB is refused before inflating anything', () => {
    const bomb = overlappingZipBomb(16, 400);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const rss = process.memoryUsage().rss;
    expect(codeOf(() => io.readNpz(bomb))).toBe('FILE_TOO_LARGE');
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 ** 2);
  });

  test('a gzip stream stops inflating as soon as it passes maxBytes (gunzip and readIdx)', () => {
    const gz = zipFreeGzip(deflatedZeros(16));
    expect(gz.length).toBeLessThan(256 * 1024);
    expect(codeOf(() => io.gunzip(gz, 'the bomb', 4 * 1024 ** 2))).toBe('FILE_TOO_LARGE');
    expect(codeOf(() => io.readIdx(gz, 'the bomb', { maxBytes: 4 * 1024 ** 2 }))).toBe('FILE_TOO_LARGE');
  });

  test('a .kerasm with a junk entry declaring 4 GB loads: unknown entries are never inflated', () => {
    const m = new Sequential({ seed: 1 });
    m.add(layers.dense({ units: 2, inputShape: [3] }));
    const file = path.join(dir, 'm.kerasm');
    m.save(file);
    const files = unzipSync(fs.readFileSync(file));
    const withJunk = zipSync({ ...files, 'junk.bin': new Uint8Array(1024) }, { level: 0 });
    // Forge the junk entry's declared size (central directory) to 4 GB - 1.
    const bytes = Buffer.from(withJunk);
    const at = bytes.lastIndexOf(Buffer.from('junk.bin')) - 46;
    bytes.writeUInt32LE(0xffffffff, at + 24);
    const loaded = loadModelFromBuffers(new Uint8Array(bytes));
    expect(loaded.getWeights()[0].shape).toEqual([3, 2]);
    loaded.dispose();
  });
});

/** A gzip member around raw deflate data (header, data, CRC and size of the zeros). */
function zipFreeGzip(deflated: Uint8Array): Uint8Array {
  const header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
  return new Uint8Array(Buffer.concat([Buffer.from(header), deflated, Buffer.alloc(8)]));
}

describe('special files are refused, never read or waited on', () => {
  test('/dev/zero is a device, not a file', () => {
    expect(codeOf(() => loadModel('/dev/zero'))).toBe('FILE_NOT_READABLE');
    expect(codeOf(() => io.readNpyFile('/dev/zero'))).toBe('FILE_NOT_READABLE');
  });

  test('a FIFO with no writer is refused at once', () => {
    const fifo = path.join(dir, 'pipe.kerasm');
    execFileSync('mkfifo', [fifo]);
    expect(codeOf(() => loadModel(fifo))).toBe('FILE_NOT_READABLE');
    expect(() => io.readCsvFile(fifo)).toThrow(/a FIFO \(named pipe\), not a regular file/);
  });

  test('a directory is refused', () => {
    expect(codeOf(() => loadModel(dir))).toBe('FILE_NOT_READABLE');
  });
});

describe('nesting, prototypes, layer counts and optimizer state', () => {
  test('a config or .npy header nested 100 000 deep is refused, not a stack overflow', () => {
    const deep = `{"class_name":"Sequential","config":{"layers":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}}`;
    expect(codeOf(() => modelFromJSON(deep))).toBe('CORRUPT_FILE');
    let object: unknown = 1;
    for (let i = 0; i < 100_000; i++) object = [object];
    expect(codeOf(() => modelFromJSON({ class_name: 'Sequential', config: { layers: [object] } }))).toBe('INVALID_CONFIG');
    const header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${'('.repeat(50_000)}${')'.repeat(50_000)}, }`;
    const npy = new Uint8Array(10 + header.length);
    npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(npy.buffer).setUint32(8, header.length - 2, true);
    const v2 = new Uint8Array(12 + header.length);
    v2.set(npy.subarray(0, 8));
    new DataView(v2.buffer).setUint32(8, header.length, true);
    v2.set(strToU8(header), 12);
    expect(codeOf(() => io.readNpy(v2))).toBe('CORRUPT_FILE');
  });

  test('an .npz entry named __proto__.npy is an ordinary key', () => {
    const npy = fs.readFileSync(path.join(__dirname, 'io_fixtures', 'f4_2x3.npy'));
    const arrays = io.readNpz(zipSync({ '__proto__.npy': new Uint8Array(npy), 'x.npy': new Uint8Array(npy) }));
    expect(Object.getPrototypeOf(arrays)).toBeNull();
    expect(Object.keys(arrays).sort()).toEqual(['__proto__', 'x']);
    expect((arrays as Record<string, Tensor>)['__proto__'].shape).toEqual([2, 3]);
    expect(({} as Record<string, unknown>).shape).toBeUndefined();
  });

  test('a deep Functional config listed in reverse order rebuilds (its calls are replayed by dependency, not by passes)', () => {
    const x = input({ shape: [2] });
    let y = x;
    for (let i = 0; i < 3000; i++) y = layers.dense({ units: 2 }).apply(y);
    const original = model({ inputs: x, outputs: y });
    const config = JSON.parse(original.toJSON());
    config.config.layers.reverse();
    const rebuilt = modelFromJSON(config);
    expect(rebuilt.layers.length).toBe(original.layers.length);
    rebuilt.dispose();
    original.dispose();
  });

  test('a config listing more layers than the limit is refused before any is built', () => {
    const entry = { class_name: 'Dense', config: { units: 1 } };
    const config = { class_name: 'Sequential', config: { layers: new Array(100_001).fill(entry) } };
    expect(codeOf(() => modelFromJSON(config))).toBe('INVALID_CONFIG');
  });

  test('an optimizer state that is NaN, or sized for another optimizer, is refused and the model keeps its weights', async () => {
    const m = new Sequential({ seed: 2 });
    m.add(layers.dense({ units: 2, inputShape: [3] }));
    m.compile({ optimizer: 'adam', loss: 'mse' });
    await m.fit(new Tensor(new Float32Array(12).fill(1), [4, 3]), new Tensor(new Float32Array(8), [4, 2]), { epochs: 1, verbose: 0 });
    const file = path.join(dir, 'trained.kerasm');
    m.save(file);
    const files = unzipSync(fs.readFileSync(file));
    const poisoned = files['optimizer.bin'].slice();
    new DataView(poisoned.buffer).setFloat32(4, NaN, true);
    expect(codeOf(() => loadModelFromBuffers(zipSync({ ...files, 'optimizer.bin': poisoned })))).toBe('NON_FINITE');
    const metadata = JSON.parse(strFromU8(files['metadata.json']));
    metadata.optimizer.sizes = [metadata.optimizer.sizes.reduce((a: number, b: number) => a + b, 0)];
    expect(codeOf(() => loadModelFromBuffers(zipSync({ ...files, 'metadata.json': strToU8(JSON.stringify(metadata)) })))).toBe('SHAPE_MISMATCH');
    const before = m.getWeights();
    expect(codeOf(() => m.loadWeights(writeZip('bad.kerasm', { ...files, 'optimizer.bin': poisoned })))).toBe('NON_FINITE');
    m.getWeights().forEach((w, i) => expect([...w.data]).toEqual([...before[i].data]));
  });
});

function writeZip(name: string, files: Record<string, Uint8Array>): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, zipSync(files));
  return file;
}
