/**
 * Keras's own data set files (issue 12, item 2): `path` to Keras's imdb.npz, reuters.npz or
 * boston_housing.npz gives exactly what Keras 3's load_data returns for that file, with the same
 * options. The files and Keras's results are tiny fixtures made by Keras 3.15.1 itself
 * (tests/data_fixtures/keras/make_keras_fixtures.py); their ragged sequences are pickled object
 * arrays, as in Keras's files, read by a restricted unpickler.
 */
import fs from 'node:fs';
import path from 'node:path';
import { datasets, KerasmError, type Tensor } from 'kerasm';

const dir = path.join(__dirname, 'data_fixtures', 'keras');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const camel = (kwargs: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
const list = (t: Tensor) => Array.from(t.data as ArrayLike<number>);

describe.each(['imdb_default', 'imdb_options', 'reuters_default', 'reuters_options'])('%s matches Keras 3', (name) => {
  test('sequences, labels and their order', () => {
    const golden = expected[name];
    const file = path.join(dir, name.startsWith('imdb') ? 'imdb.npz' : 'reuters.npz');
    const load = name.startsWith('imdb') ? datasets.imdb.loadData : datasets.reuters.loadData;
    const [[xTrain, yTrain], [xTest, yTest]] = load({ path: file, ...camel(golden.kwargs) });
    expect(xTrain).toEqual(golden.x_train);
    expect(list(yTrain)).toEqual(golden.y_train);
    expect(xTest).toEqual(golden.x_test);
    expect(list(yTest)).toEqual(golden.y_test);
  });
});

test("boston_housing.npz matches Keras 3's split (values as float32)", () => {
  const golden = expected.boston_default;
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.bostonHousing.loadData({ path: path.join(dir, 'boston_housing.npz') });
  expect(xTrain.shape).toEqual([golden.x_train.length, 13]);
  expect(list(xTrain)).toEqual(golden.x_train.flat().map(Math.fround));
  expect(list(yTrain)).toEqual(golden.y_train.map(Math.fround));
  expect(list(xTest)).toEqual(golden.x_test.flat().map(Math.fround));
  expect(list(yTest)).toEqual(golden.y_test.map(Math.fround));
});

test('a protocol-2 pickle (GLOBAL, BINPUT, LONG1, _codecs.encode) reads as well', async () => {
  // Wrapped into a one-array .npz by hand: the .npy header, then the pickle stream.
  const { zipSync, strToU8 } = await import('fflate');
  const pickle = fs.readFileSync(path.join(dir, 'object_array_protocol2.pkl'));
  const header = "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }".padEnd(117, ' ') + '\n';
  const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]), Buffer.from(strToU8(header)), pickle]);
  const y = fs.readFileSync(path.join(dir, 'reuters.npz'));
  const { unzipSync } = await import('fflate');
  const labels = unzipSync(y)['y.npy'];
  const file = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'kerasm-p2-')), 'legacy.npz');
  // Three sequences and three labels (the first three of reuters' y, re-headed to shape (3,)).
  const labelHeader = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }".padEnd(117, ' ') + '\n';
  const labelNpy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]), Buffer.from(labelHeader), Buffer.from(labels.subarray(128, 128 + 24))]);
  fs.writeFileSync(file, zipSync({ 'x.npy': new Uint8Array(npy), 'y.npy': new Uint8Array(labelNpy) }));
  const [[xTrain], [xTest]] = datasets.reuters.loadData({ path: file, startChar: null, indexFrom: 0, numWords: 2 ** 31, testSplit: 0 });
  expect(xTest).toEqual([]);
  const want: number[][] = JSON.parse(fs.readFileSync(path.join(dir, 'object_array_protocol2.json'), 'utf8'));
  expect([...xTrain].sort()).toEqual([...want].sort());
});

test('a pickle asking for anything but NumPy array reconstruction is refused', async () => {
  const { zipSync, strToU8 } = await import('fflate');
  const header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }".padEnd(117, ' ') + '\n';
  const evil = Buffer.from('\x80\x02cos\nsystem\nX\x02\x00\x00\x00idR.', 'latin1');
  const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]), Buffer.from(strToU8(header)), evil]);
  const file = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'kerasm-evil-')), 'evil.npz');
  fs.writeFileSync(file, zipSync({ 'x.npy': new Uint8Array(npy), 'y.npy': new Uint8Array(npy) }));
  let thrown: unknown;
  try {
    datasets.reuters.loadData({ path: file });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(KerasmError);
  expect((thrown as KerasmError).message).toMatch(/asks for os\.system, which kerasm refuses/);
});

test("getWordIndex reads Keras's word-index JSON (a Map, so no word reaches a prototype)", () => {
  const imdb = datasets.imdb.getWordIndex({ path: path.join(dir, 'imdb_word_index.json') });
  expect(imdb.get('w1')).toBe(1);
  expect(imdb.size).toBe(39);
  const reuters = datasets.reuters.getWordIndex({ path: path.join(dir, 'reuters_word_index.json') });
  expect(reuters.get('r29')).toBe(29);
  expect(() => datasets.reuters.getWordIndex({ path: path.join(dir, 'reuters_word_index.json'), maxlen: 10 })).toThrow(/maxlen shape the index built from the raw newswires/);
});
