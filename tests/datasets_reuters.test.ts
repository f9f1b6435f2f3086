import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasets, preprocessing, Tensor } from 'kerasm';
import expected from './data_fixtures/expected.json';
import { dataDir, describeWithData, fixtureDir } from './helpers/real_data';

// keras.datasets.reuters.get_label_names() (Keras 3 source, keras/src/datasets/reuters.py).
const KERAS_LABEL_NAMES = [
  'cocoa', 'grain', 'veg-oil', 'earn', 'acq', 'wheat', 'copper', 'housing', 'money-supply', 'coffee',
  'sugar', 'trade', 'reserves', 'ship', 'cotton', 'carcass', 'crude', 'nat-gas', 'cpi', 'money-fx',
  'interest', 'gnp', 'meal-feed', 'alum', 'oilseed', 'gold', 'tin', 'strategic-metal', 'livestock', 'retail',
  'ipi', 'iron-steel', 'rubber', 'heat', 'jobs', 'lei', 'bop', 'zinc', 'orange', 'pet-chem',
  'dlr', 'gas', 'silver', 'wpi', 'hog', 'lead',
];

/** The newswire with `newId` in the fixture, read independently of the loader (Node's zlib, latin1). */
function fixtureNewswire(newId: number): string {
  for (let n = 0; n < 22; n++) {
    const file = path.join(fixtureDir, 'reuters21578', `reut2-${String(n).padStart(3, '0')}.sgm.gz`);
    const sgml = gunzipSync(fs.readFileSync(file)).toString('latin1');
    const doc = sgml.split('</REUTERS>').find((d) => d.includes(`NEWID="${newId}"`));
    if (doc) return doc;
  }
  throw new Error(`no newswire ${newId} in the fixture`);
}

describe('reuters.loadData on the fixture (47 labelled newswires of the 22 real SGML files, tests/data_fixtures)', () => {
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.reuters.loadData({ path: fixtureDir });
  const labelNames = datasets.reuters.getLabelNames({ path: fixtureDir });
  const wordIndex = datasets.reuters.getWordIndex({ path: fixtureDir });
  const { newswires, order } = expected.reuters;
  const shuffled = order.map((i) => newswires[i]);
  const cut = Math.floor(newswires.length * 0.8);

  test('newswires with a topic are kept, labelled by their first topic, numbered by first appearance', () => {
    // Fewer than Keras's 46 topics occur in the fixture, so every labelled newswire stays.
    const firstAppearance = [...new Set(newswires.map((n) => n.topic))];
    expect(firstAppearance.length).toBeLessThan(46);
    expect(labelNames).toEqual(firstAppearance);
    expect(xTrain).toHaveLength(cut);
    expect(xTest).toHaveLength(newswires.length - cut);
  });

  test("shuffled with NumPy's RandomState(113) before the 80/20 cut, as Keras (order from NumPy)", () => {
    const labels = (t: Tensor) => Array.from(t.data, (y) => labelNames[y]);
    expect(labels(yTrain)).toEqual(shuffled.slice(0, cut).map((n) => n.topic));
    expect(labels(yTest)).toEqual(shuffled.slice(cut).map((n) => n.topic));
  });

  test('the text is the <BODY> with entities decoded, tokenised and ranked over the training newswires', () => {
    const first = fixtureNewswire(shuffled[0].newId);
    const body = (/<BODY>([\s\S]*?)<\/BODY>/.exec(first) as RegExpExecArray)[1].replace(/&#\d+;/g, ' ').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
    expect(xTrain[0]).toEqual([1, ...preprocessing.tokenize(body).map((w) => (wordIndex.get(w) as number) + 3)]);
  });

  test('decoded as Latin-1: the raw 0xFC byte of reut2-017 is a ü, not a replacement character', () => {
    const words = [...wordIndex.keys()];
    expect(words.some((w) => w.includes('\u00fc'))).toBe(true);
    expect(words.some((w) => w.includes('\ufffd'))).toBe(false);
  });

  test('a missing file is named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-reuters-'));
    try {
      fs.mkdirSync(path.join(dir, 'reuters21578'));
      fs.copyFileSync(path.join(fixtureDir, 'reuters21578', 'reut2-000.sgm.gz'), path.join(dir, 'reuters21578', 'reut2-000.sgm.gz'));
      expect(() => datasets.reuters.getLabelNames({ path: dir })).toThrow(/cannot find the Reuters-21578 file reut2-001\.sgm\.gz/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describeWithData('reuters.loadData on the full Reuters-21578 SGML files', () => {
  let xTrain: number[][], yTrain: Tensor, xTest: number[][], yTest: Tensor, reverse: Map<number, string>;
  beforeAll(() => {
    [[xTrain, yTrain], [xTest, yTest]] = datasets.reuters.loadData({ path: dataDir(), numWords: 10000 });
    reverse = new Map([...datasets.reuters.getWordIndex({ path: dataDir() })].map(([w, i]) => [i + 3, w]));
  });
  const decode = (seq: number[]): string => seq.map((i) => reverse.get(i) ?? '?').join(' ');

  test("the rule gives Keras's 11 228 newswires, split 8 982 / 2 246", () => {
    expect(xTrain).toHaveLength(8982);
    expect(xTest).toHaveLength(2246);
    expect(yTrain.shape).toEqual([8982]);
    expect(yTest.dtype).toBe('int32');
  });

  test("46 classes, numbered as Keras's label names", () => {
    expect(datasets.reuters.getLabelNames({ path: dataDir() })).toEqual(KERAS_LABEL_NAMES);
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
    const base = datasets.reuters.loadData({ path: dataDir() });
    const limited = datasets.reuters.loadData({ path: dataDir(), numWords: 50, skipTop: 5 });
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
    const short = datasets.reuters.loadData({ path: dataDir(), maxlen: 30 });
    expect(Math.max(...[...short[0][0], ...short[1][0]].map((seq) => seq.length))).toBeLessThan(30);
    expect(short[0][0].length + short[1][0].length).toBeLessThan(11228);
    const plain = datasets.reuters.loadData({ path: dataDir(), numWords: 20, startChar: null, oovChar: null, indexFrom: 0 });
    const flat = plain[0][0].flat();
    expect(flat.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(1);
    expect(flat.reduce((a, b) => Math.max(a, b), -Infinity)).toBeLessThan(20);
  });

  test('testSplit and seed change the split, reproducibly', () => {
    const a = datasets.reuters.loadData({ path: dataDir(), testSplit: 0.5, seed: 1 });
    expect(a[0][0]).toHaveLength(5614);
    const b = datasets.reuters.loadData({ path: dataDir(), testSplit: 0.5, seed: 1 });
    expect(Array.from(a[0][1].data)).toEqual(Array.from(b[0][1].data));
    expect(Array.from(a[0][1].data.slice(0, 50))).not.toEqual(Array.from(yTrain.data.slice(0, 50)));
    expect(() => datasets.reuters.loadData({ path: dataDir(), testSplit: 1 })).toThrow(/Received: testSplit=1/);
  });
});
