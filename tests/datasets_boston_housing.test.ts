import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { datasets, io } from 'kerasm';
import { BOSTON_HOUSING_CSV } from '../ts/datasets/boston_housing_csv';
import expected from './data_fixtures/expected.json';
import { dataDir, describeWithData, fixtureDir } from './helpers/real_data';

describeWithData('bostonHousing: the embedded copy and the full data folder', () => {
  test('the embedded CSV equals boston_housing.csv of the data folder byte for byte', () => {
    expect(BOSTON_HOUSING_CSV).toBe(fs.readFileSync(path.join(dataDir(), 'boston_housing.csv'), 'utf8'));
  });
});

describe("the fixture in Keras's boston_housing.npz layout", () => {
  test('arrays x (n, 13) and y (n,) of float64 holding the first rows of the CSV', () => {
    const bytes = fs.readFileSync(path.join(fixtureDir, 'boston_housing.npz'));
    const entries = unzipSync(bytes);
    expect(Object.keys(entries).sort()).toEqual(['x.npy', 'y.npy']);
    const rows = expected.bostonHousing.rows;
    // The .npy headers as NumPy wrote them: little-endian float64, C order.
    expect(Buffer.from(entries['x.npy']).toString('latin1')).toContain(`{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, 13), }`);
    expect(Buffer.from(entries['y.npy']).toString('latin1')).toContain(`{'descr': '<f8', 'fortran_order': False, 'shape': (${rows},), }`);
    const { x, y } = io.readNpz(bytes); // float32, as kerasm's tensors are
    const csv = BOSTON_HOUSING_CSV.trim().split('\n').slice(1, rows + 1).map((line) => line.split(',').map(Number));
    expect(Array.from(x.data)).toEqual(csv.flatMap((r) => r.slice(0, 13)).map(Math.fround));
    expect(Array.from(y.data)).toEqual(csv.map((r) => Math.fround(r[13])));
  });
});

describe('bostonHousing.loadData', () => {
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.bostonHousing.loadData();

  test('404 training and 102 test rows of 13 features, float32', () => {
    expect(xTrain.shape).toEqual([404, 13]);
    expect(yTrain.shape).toEqual([404]);
    expect(xTest.shape).toEqual([102, 13]);
    expect(yTest.shape).toEqual([102]);
    expect(xTrain.dtype).toBe('float32');
  });

  test("Keras's split and order: the first training row and targets are Keras's", () => {
    // Keras's boston_housing.load_data() gives train_data[0] = the CRIM 1.23247 suburb and
    // train_targets starting 15.2, 42.3, 50., 21.1, 17.7, 18.5, 11.3, 15.6, 15.6, 14.4.
    const row0 = [1.23247, 0, 8.14, 0, 0.538, 6.142, 91.7, 3.9769, 4, 307, 21, 396.9, 18.72];
    expect(Array.from(xTrain.data.slice(0, 13))).toEqual(row0.map(Math.fround));
    expect(Array.from(yTrain.data.slice(0, 10))).toEqual([15.2, 42.3, 50, 21.1, 17.7, 18.5, 11.3, 15.6, 15.6, 14.4].map(Math.fround));
  });

  test('train and test together hold every row once (MEDV mean 22.5328)', () => {
    const all = [...yTrain.data, ...yTest.data];
    expect(all.reduce((a, b) => a + b, 0) / 506).toBeCloseTo(22.5328, 3);
    expect(Math.min(...all)).toBe(5);
    expect(Math.max(...all)).toBe(50);
  });

  test('from a path (directory or file) it equals the embedded copy; testSplit and seed apply', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-boston-'));
    try {
      fs.writeFileSync(path.join(dir, 'boston_housing.csv'), BOSTON_HOUSING_CSV);
      const fromDir = datasets.bostonHousing.loadData({ path: dir });
      expect(Array.from(fromDir[0][0].data)).toEqual(Array.from(xTrain.data));
      const fromFile = datasets.bostonHousing.loadData({ path: path.join(dir, 'boston_housing.csv'), testSplit: 0.5, seed: 7 });
      expect(fromFile[0][0].shape).toEqual([253, 13]);
      expect(fromFile[1][0].shape).toEqual([253, 13]);
      expect(Array.from(fromFile[0][1].data.slice(0, 5))).not.toEqual(Array.from(yTrain.data.slice(0, 5)));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  test('a missing file and a bad testSplit are clear errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-boston-'));
    try {
      expect(() => datasets.bostonHousing.loadData({ path: dir })).toThrow(/boston_housing\.csv.*the file does not exist/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
    expect(() => datasets.bostonHousing.loadData({ testSplit: 1.5 })).toThrow(/Received: testSplit=1.5/);
  });
});
