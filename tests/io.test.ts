import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { io, Tensor } from 'kerasm';
import { BOSTON_HOUSING_CSV } from '../ts/datasets/boston_housing_csv';

// The .npy/.npz files were written by real NumPy: see io_fixtures/make_fixtures.py and
// io_fixtures/numpy_version.txt.
const fixtures = path.join(__dirname, 'io_fixtures');
const fixture = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(fixtures, name)));
const values = (t: Tensor): number[] => Array.from(t.data);

describe('readNpy on files written by NumPy', () => {
  test('float32 2x3', () => {
    const t = io.readNpy(fixture('f4_2x3.npy'));
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 3]);
    expect(values(t)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
  });

  test('float64 becomes float32 (rounded)', () => {
    const t = io.readNpy(fixture('f8_4.npy'));
    expect(t.dtype).toBe('float32');
    expect(values(t)).toEqual([0.1, -2.5, 1e10, 3].map(Math.fround));
  });

  test('int32, int64 within range, uint8 and bool', () => {
    const i4 = io.readNpy(fixture('i4_2x2.npy'));
    expect(i4.dtype).toBe('int32');
    expect(i4.shape).toEqual([2, 2]);
    expect(values(i4)).toEqual([1, -2, 2147483647, -2147483648]);
    const i8 = io.readNpy(fixture('i8_4.npy'));
    expect(i8.dtype).toBe('int32');
    expect(values(i8)).toEqual([0, -1, 123456789, -2147483648]);
    const u1 = io.readNpy(fixture('u1_5.npy'));
    expect(u1.dtype).toBe('uint8');
    expect(values(u1)).toEqual([0, 1, 127, 128, 255]);
    const b1 = io.readNpy(fixture('b1_4.npy'));
    expect(b1.dtype).toBe('uint8');
    expect(values(b1)).toEqual([1, 0, 0, 1]);
  });

  test('scalars, empty arrays and big-endian data', () => {
    const s = io.readNpy(fixture('f8_scalar.npy'));
    expect(s.shape).toEqual([]);
    expect(values(s)).toEqual([7.25]);
    expect(io.readNpy(fixture('f4_empty_0x3.npy')).shape).toEqual([0, 3]);
    expect(values(io.readNpy(fixture('f4_big_endian.npy')))).toEqual([1.5, -2, 3.25]);
  });

  test('format versions 2.0 and 3.0', () => {
    expect(io.readNpyHeader(fixture('i4_v2.npy')).version).toEqual([2, 0]);
    expect(values(io.readNpy(fixture('i4_v2.npy')))).toEqual([0, 1, 2, 3]);
    expect(io.readNpyHeader(fixture('f4_v3.npy')).version).toEqual([3, 0]);
    expect(values(io.readNpy(fixture('f4_v3.npy')))).toEqual([0.5, 1.5]);
  });

  test('a fortran_order file is a clear error', () => {
    expect(() => io.readNpy(fixture('f4_fortran.npy'))).toThrow(/Fortran .*Received: fortran_order=true/);
  });

  test('an unsupported dtype is a clear error', () => {
    expect(() => io.readNpy(fixture('c8_unsupported.npy'))).toThrow(/unsupported dtype.*Received: descr="<c8"/);
  });

  test('int64 values outside int32 are an error, not wrapped', () => {
    expect(() => io.readNpy(fixture('i8_overflow.npy'))).toThrow(/outside the int32 range.*1099511627776/);
  });

  test('truncated and foreign bytes are clear errors', () => {
    const full = fixture('f4_2x3.npy');
    expect(() => io.readNpy(full.subarray(0, full.length - 3))).toThrow(/truncated.*needs 24 data bytes. Received: 21 bytes/);
    expect(() => io.readNpy(full.subarray(0, 40))).toThrow(/truncated inside its header/);
    expect(() => io.readNpy(new TextEncoder().encode('not numpy at all'))).toThrow(/not a NumPy .npy file/);
  });
});

describe('readNpz', () => {
  test.each(['pair.npz', 'pair_compressed.npz'])('%s (np.savez / np.savez_compressed)', (name) => {
    const { x, y } = io.readNpz(fixture(name));
    expect(x.shape).toEqual([3, 2]);
    expect(values(x)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(y.dtype).toBe('int32');
    expect(values(y)).toEqual([0, 1, 1]);
  });

  test('a corrupt archive is a clear error', () => {
    const bytes = fixture('pair_compressed.npz').slice(0, 100);
    expect(() => io.readNpz(bytes)).toThrow(/not a valid zip archive/);
  });

  test('path helpers read files and name a missing one', () => {
    expect(io.readNpzFile(path.join(fixtures, 'pair.npz')).x.shape).toEqual([3, 2]);
    expect(io.readNpyFile(path.join(fixtures, 'u1_5.npy')).shape).toEqual([5]);
    const missing = path.join(fixtures, 'nope.npy');
    expect(() => io.readNpyFile(missing)).toThrow(new RegExp(`"${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": the file does not exist`));
  });
});

describe('readCsv', () => {
  test('header, quoted fields with separators and newlines, CRLF, BOM', () => {
    const t = io.readCsv('\ufeffname,value\r\n"a, b",1\r\n"multi\nline",2\r\n');
    expect(t.columns).toEqual(['name', 'value']);
    expect(t.rows).toEqual([
      ['a, b', '1'],
      ['multi\nline', '2'],
    ]);
    expect(t.column('value')).toEqual(['1', '2']);
  });

  test('toTensor: numbers, missing cells as NaN, column selection', () => {
    const t = io.readCsv('a;b;c\n1;2.5;x\n;NA;y\n-3e2;4;z\n', { delimiter: ';' });
    const x = t.toTensor({ columns: ['b', 0] });
    expect(x.shape).toEqual([3, 2]);
    expect(values(x)).toEqual([2.5, 1, NaN, NaN, 4, -300]);
    expect(() => t.toTensor()).toThrow(/data row 1, column 'c' is not a number.*Received: "x"/);
  });

  test('without a header, columns are numbered', () => {
    const t = io.readCsv('1,2\n3,4\n', { header: false });
    expect(t.columns).toEqual(['0', '1']);
    expect(values(t.toTensor())).toEqual([1, 2, 3, 4]);
  });

  test('ragged rows and unknown columns are clear errors', () => {
    expect(() => io.readCsv('a,b\n1,2\n3\n')).toThrow(/every row must have 2 fields.*Received: 1 fields in line 3/);
    expect(() => io.readCsv('a,b\n1,2\n').column('z')).toThrow(/Received: column="z"/);
  });

  test('readCsvFile reads the Boston housing file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-csv-'));
    try {
      fs.writeFileSync(path.join(dir, 'boston_housing.csv'), BOSTON_HOUSING_CSV);
      const t = io.readCsvFile(path.join(dir, 'boston_housing.csv'));
      expect(t.columns[0]).toBe('CRIM');
      expect(t.rows).toHaveLength(506);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

/** A small IDX file built by hand: magic 0x0000TTDD, big-endian dims, then the payload. */
function idxBytes(type: number, shape: number[], payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, (type << 8) | shape.length, false);
  shape.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

describe('readIdx and gunzip', () => {
  test('unsigned bytes, raw or gzip-compressed', () => {
    const raw = idxBytes(0x08, [2, 3], Uint8Array.from([1, 2, 3, 4, 5, 255]));
    for (const bytes of [raw, new Uint8Array(gzipSync(raw))]) {
      const t = io.readIdx(bytes);
      expect(t.dtype).toBe('uint8');
      expect(t.shape).toEqual([2, 3]);
      expect(values(t)).toEqual([1, 2, 3, 4, 5, 255]);
    }
  });

  test('big-endian int32 and float32 payloads', () => {
    const payload = new Uint8Array(8);
    const dv = new DataView(payload.buffer);
    dv.setInt32(0, -5, false);
    dv.setInt32(4, 70000, false);
    expect(values(io.readIdx(idxBytes(0x0c, [2], payload)))).toEqual([-5, 70000]);
    dv.setFloat32(0, 1.5, false);
    dv.setFloat32(4, -0.25, false);
    const f = io.readIdx(idxBytes(0x0d, [2], payload));
    expect(f.dtype).toBe('float32');
    expect(values(f)).toEqual([1.5, -0.25]);
  });

  test('wrong magic, truncated and overlong payloads are clear errors', () => {
    expect(() => io.readIdx(Uint8Array.from([0, 1, 8, 1, 0, 0, 0, 0]))).toThrow(/Received: magic=0x00010801/);
    expect(() => io.readIdx(idxBytes(0x08, [10], new Uint8Array(9)))).toThrow(/is truncated.*needs 18 bytes.*Received: 17 bytes/);
    expect(() => io.readIdx(idxBytes(0x08, [10], new Uint8Array(11)))).toThrow(/trailing bytes/);
  });

  test('a truncated or damaged gzip stream is a clear error', () => {
    const gz = new Uint8Array(gzipSync(idxBytes(0x08, [1000], new Uint8Array(1000).map((_, i) => i % 7))));
    expect(() => io.gunzip(gz.subarray(0, gz.length - 6), 'the test stream')).toThrow(/Cannot decompress the test stream/);
    const badTrailer = gz.slice();
    badTrailer[badTrailer.length - 1] ^= 0x40;
    expect(() => io.gunzip(badTrailer)).toThrow(/trailer announces/);
    expect(() => io.gunzip(Uint8Array.from([1, 2, 3]))).toThrow(/Received: 3 bytes starting 01 02 03/);
    expect(io.isGzip(gz)).toBe(true);
  });

  test('readIdxFile names a missing file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-io-'));
    try {
      expect(() => io.readIdxFile(path.join(dir, 'x.gz'))).toThrow(/Cannot read an IDX file from ".*x\.gz": the file does not exist/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
