import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { datasets } from 'kerasm';

const dataDir = path.resolve(__dirname, '../../shared/data');

// keras.datasets.reuters.get_label_names() (Keras 3 source, keras/src/datasets/reuters.py).
const KERAS_LABEL_NAMES = [
  'cocoa', 'grain', 'veg-oil', 'earn', 'acq', 'wheat', 'copper', 'housing', 'money-supply', 'coffee',
  'sugar', 'trade', 'reserves', 'ship', 'cotton', 'carcass', 'crude', 'nat-gas', 'cpi', 'money-fx',
  'interest', 'gnp', 'meal-feed', 'alum', 'oilseed', 'gold', 'tin', 'strategic-metal', 'livestock', 'retail',
  'ipi', 'iron-steel', 'rubber', 'heat', 'jobs', 'lei', 'bop', 'zinc', 'orange', 'pet-chem',
  'dlr', 'gas', 'silver', 'wpi', 'hog', 'lead',
];

describe('reuters.loadData on the Reuters-21578 SGML files', () => {
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.reuters.loadData({ path: dataDir, numWords: 10000 });
  const wordIndex = datasets.reuters.getWordIndex({ path: dataDir });
  const reverse = new Map([...wordIndex].map(([w, i]) => [i + 3, w]));
  const decode = (seq: number[]): string => seq.map((i) => reverse.get(i) ?? '?').join(' ');

  test("the rule gives Keras's 11 228 newswires, split 8 982 / 2 246", () => {
    expect(xTrain).toHaveLength(8982);
    expect(xTest).toHaveLength(2246);
    expect(yTrain.shape).toEqual([8982]);
    expect(yTest.dtype).toBe('int32');
  });

  test("46 classes, numbered as Keras's label names", () => {
    expect(datasets.reuters.getLabelNames({ path: dataDir })).toEqual(KERAS_LABEL_NAMES);
    expect(new Set(yTrain.data).size).toBe(46);
    expect(Math.min(...yTrain.data, ...yTest.data)).toBe(0);
    expect(Math.max(...yTrain.data, ...yTest.data)).toBe(45);
    // earn (3) and acq (4) dominate, as in Keras's set.
    const counts = new Array(46).fill(0);
    for (const y of yTrain.data) counts[y]++;
    expect(counts.indexOf(Math.max(...counts))).toBe(3);
  });

  test("Keras's sample order: the first training newswire is McGrath RentCorp's, labelled earn", () => {
    // Keras's own decoded train_data[0] reads "? ? ? said as a result of its december acquisition
    // of space co it expects earnings per share in 1987 of 1 15 to 1 30 dlrs ...".
    expect(yTrain.data[0]).toBe(3);
    expect(yTrain.data[10]).toBe(3);
    expect(decode(xTrain[0])).toMatch(/^\? \? \? said as a result of its december acquisition of space co it expects earnings per share in 1987/);
  });

  test('numWords, skipTop, maxlen, oovChar, startChar and indexFrom follow Keras', () => {
    const base = datasets.reuters.loadData({ path: dataDir });
    const limited = datasets.reuters.loadData({ path: dataDir, numWords: 50, skipTop: 5 });
    // Tallied in plain loops: one expect per word would be very slow.
    let mismatches = 0;
    base[0][0].forEach((seq, i) => {
      const lim = limited[0][0][i];
      if (lim.length !== seq.length) mismatches++;
      seq.forEach((w, j) => {
        const expected = j === 0 ? 1 : w < 50 && w > 5 + 3 ? w : 2;
        if (lim[j] !== expected) mismatches++;
      });
    });
    expect(mismatches).toBe(0);
    const short = datasets.reuters.loadData({ path: dataDir, maxlen: 30 });
    expect(Math.max(...[...short[0][0], ...short[1][0]].map((seq) => seq.length))).toBeLessThan(30);
    expect(short[0][0].length + short[1][0].length).toBeLessThan(11228);
    const plain = datasets.reuters.loadData({ path: dataDir, numWords: 20, startChar: null, oovChar: null, indexFrom: 0 });
    const flat = plain[0][0].flat();
    expect(flat.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(1);
    expect(flat.reduce((a, b) => Math.max(a, b), -Infinity)).toBeLessThan(20);
  });

  test('testSplit and seed change the split, reproducibly', () => {
    const a = datasets.reuters.loadData({ path: dataDir, testSplit: 0.5, seed: 1 });
    expect(a[0][0]).toHaveLength(5614);
    const b = datasets.reuters.loadData({ path: dataDir, testSplit: 0.5, seed: 1 });
    expect(Array.from(a[0][1].data)).toEqual(Array.from(b[0][1].data));
    expect(Array.from(a[0][1].data.slice(0, 50))).not.toEqual(Array.from(yTrain.data.slice(0, 50)));
    expect(() => datasets.reuters.loadData({ path: dataDir, testSplit: 1 })).toThrow(/Received: testSplit=1/);
  });

  test('a missing file is named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-reuters-'));
    try {
      fs.mkdirSync(path.join(dir, 'reuters21578'));
      fs.copyFileSync(path.join(dataDir, 'reuters21578', 'reut2-000.sgm.gz'), path.join(dir, 'reuters21578', 'reut2-000.sgm.gz'));
      expect(() => datasets.reuters.getLabelNames({ path: dir })).toThrow(/cannot find the Reuters-21578 file reut2-001\.sgm\.gz/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
