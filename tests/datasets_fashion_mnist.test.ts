import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasets, Tensor } from 'kerasm';
import expected from './data_fixtures/expected.json';
import { dataDir, describeWithData, fixtureDir } from './helpers/real_data';

const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

/** The payload of an IDX file of the fixture after its header, read with Node's zlib. */
function payload(name: string, headerBytes: number): Uint8Array {
  return gunzipSync(fs.readFileSync(path.join(fixtureDir, 'fashion-mnist', name))).subarray(headerBytes);
}

describe('fashionMnist.loadData on the fixture (the first 16 + 8 real images, tests/data_fixtures)', () => {
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.fashionMnist.loadData({ path: fixtureDir });

  test("uint8 images of 28×28 and their labels, in the files' order and bytes", () => {
    expect(xTrain.shape).toEqual([expected.fashionMnist.train, 28, 28]);
    expect(xTest.shape).toEqual([expected.fashionMnist.t10k, 28, 28]);
    expect(xTrain.dtype).toBe('uint8');
    expect(yTest.dtype).toBe('uint8');
    expect(Array.from(xTrain.data)).toEqual(Array.from(payload('train-images-idx3-ubyte.gz', 16)));
    expect(Array.from(yTrain.data)).toEqual(Array.from(payload('train-labels-idx1-ubyte.gz', 8)));
    expect(Array.from(xTest.data)).toEqual(Array.from(payload('t10k-images-idx3-ubyte.gz', 16)));
    expect(Array.from(yTest.data)).toEqual(Array.from(payload('t10k-labels-idx1-ubyte.gz', 8)));
  });

  test('the first images are ankle boots on a 0 background, as published', () => {
    expect(datasets.fashionMnist.CLASS_NAMES[yTrain.data[0]]).toBe('Ankle boot');
    expect(datasets.fashionMnist.CLASS_NAMES[yTest.data[0]]).toBe('Ankle boot');
    expect(xTrain.data[0]).toBe(0);
    expect(Math.max(...xTrain.data.subarray(0, 784))).toBeGreaterThan(200);
  });
});

describeWithData('fashionMnist.loadData on the full IDX files', () => {
  let xTrain: Tensor, yTrain: Tensor, xTest: Tensor, yTest: Tensor;
  beforeAll(() => {
    [[xTrain, yTrain], [xTest, yTest]] = datasets.fashionMnist.loadData({ path: dataDir() });
  });

  test('60 000 / 10 000 uint8 images of 28×28 with uint8 labels', () => {
    expect(xTrain.shape).toEqual([60000, 28, 28]);
    expect(xTest.shape).toEqual([10000, 28, 28]);
    expect(yTrain.shape).toEqual([60000]);
    expect(yTest.shape).toEqual([10000]);
    expect(xTrain.dtype).toBe('uint8');
    expect(yTrain.dtype).toBe('uint8');
  });

  test('exactly 6 000 training and 1 000 test images per class', () => {
    const count = (y: ArrayLike<number>) => {
      const c = new Array(10).fill(0);
      for (let i = 0; i < y.length; i++) c[y[i]]++;
      return c;
    };
    expect(count(yTrain.data)).toEqual(new Array(10).fill(6000));
    expect(count(yTest.data)).toEqual(new Array(10).fill(1000));
  });

  test("the fixture's images are the first ones of the full files", () => {
    const [[fixtureTrain], [fixtureTest]] = datasets.fashionMnist.loadData({ path: fixtureDir });
    expect(Array.from(xTrain.data.subarray(0, fixtureTrain.data.length))).toEqual(Array.from(fixtureTrain.data));
    expect(Array.from(xTest.data.subarray(0, fixtureTest.data.length))).toEqual(Array.from(fixtureTest.data));
  });
});

describe('fashionMnist.loadData on damaged copies of the fixture', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-fmnist-'));
    for (const f of files) fs.copyFileSync(path.join(fixtureDir, 'fashion-mnist', f), path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true }));

  test('a missing file is named', () => {
    fs.rmSync(path.join(dir, 't10k-labels-idx1-ubyte.gz'));
    expect(() => datasets.fashionMnist.loadData({ path: dir })).toThrow(/cannot find the Fashion-MNIST file t10k-labels-idx1-ubyte\.gz/);
  });

  test('a truncated file is a clear error', () => {
    const gz = fs.readFileSync(path.join(dir, 't10k-images-idx3-ubyte.gz'));
    fs.writeFileSync(path.join(dir, 't10k-images-idx3-ubyte.gz'), gz.subarray(0, gz.length >> 1));
    expect(() => datasets.fashionMnist.loadData({ path: dir })).toThrow(/t10k-images-idx3-ubyte\.gz: the gzip stream is corrupt or truncated/);
  });

  test('labels in place of images fail the magic-number check', () => {
    fs.copyFileSync(path.join(dir, 't10k-labels-idx1-ubyte.gz'), path.join(dir, 't10k-images-idx3-ubyte.gz'));
    expect(() => datasets.fashionMnist.loadData({ path: dir })).toThrow(/wrong magic number; expected 0x00000803.*Received: magic=0x00000801/);
  });
});
