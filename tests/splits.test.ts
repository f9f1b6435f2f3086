import { setRandomSeed, validation, Tensor } from 'kerasm';

type Fold = { train: Int32Array; validation: Int32Array };

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function expectPartition(parts: ArrayLike<number>[], n: number): void {
  const all = parts.flatMap((p) => Array.from(p));
  expect(all.length).toBe(n);
  expect(sorted(all)).toEqual(range(n));
}

function expectFoldPartition(fold: Fold, n: number): void {
  expectPartition([fold.train, fold.validation], n);
}

describe('trainTestSplit', () => {
  test('6:2:2 gives disjoint parts of the right sizes covering 0..n-1', () => {
    const parts = validation.trainTestSplit(1000, { ratios: [0.6, 0.2, 0.2], seed: 3 });
    expect(parts.map((p) => p.length)).toEqual([600, 200, 200]);
    expectPartition(parts, 1000);
  });

  test('98:1:1 and sizes that do not divide evenly still cover every sample once', () => {
    const parts = validation.trainTestSplit(1001, { ratios: [0.98, 0.01, 0.01], seed: 3 });
    expect(parts.map((p) => p.length)).toEqual([981, 10, 10]);
    expectPartition(parts, 1001);
    const odd = validation.trainTestSplit(7, { ratios: [1 / 3, 1 / 3, 1 / 3], seed: 1 });
    expectPartition(odd, 7);
  });

  test('seeded: the same seed repeats, another seed differs', () => {
    const a = validation.trainTestSplit(500, { ratios: [0.5, 0.5], seed: 11 });
    const b = validation.trainTestSplit(500, { ratios: [0.5, 0.5], seed: 11 });
    const c = validation.trainTestSplit(500, { ratios: [0.5, 0.5], seed: 12 });
    expect(Array.from(a[0])).toEqual(Array.from(b[0]));
    expect(Array.from(a[0])).not.toEqual(Array.from(c[0]));
  });

  test('shuffle: false keeps the order, the later parts being the later samples', () => {
    const [train, val, test] = validation.trainTestSplit(10, { ratios: [0.6, 0.2, 0.2], shuffle: false });
    expect(Array.from(train)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(val)).toEqual([6, 7]);
    expect(Array.from(test)).toEqual([8, 9]);
  });

  test('ratios that do not sum to 1 are a clear error', () => {
    expect(() => validation.trainTestSplit(10, { ratios: [0.6, 0.3] })).toThrow(
      /must sum to 1 .*Received: ratios=\[0.6,0.3\]/,
    );
    expect(() => validation.trainTestSplit(10, { ratios: [1.2, -0.2] })).toThrow(/≥ 0/);
    expect(() => validation.trainTestSplit(0, { ratios: [0.5, 0.5] })).toThrow(/Received: n=0/);
  });
});

describe('holdOut', () => {
  test('validationCount and validationFraction size the held-out part', () => {
    const a = validation.holdOut(100, { validationCount: 30, seed: 1 });
    expect(a.validation.length).toBe(30);
    expectFoldPartition(a, 100);
    const b = validation.holdOut(100, { validationFraction: 0.25, seed: 1 });
    expect(b.validation.length).toBe(25);
    expectFoldPartition(b, 100);
  });

  test('shuffle: false validates on the most recent samples (no temporal leak)', () => {
    const { train, validation: val } = validation.holdOut(10, { validationCount: 3, shuffle: false });
    expect(Array.from(train)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(val)).toEqual([7, 8, 9]);
  });

  test('exactly one size must be given, and both parts must be non-empty', () => {
    expect(() => validation.holdOut(10, {})).toThrow(/exactly one/);
    expect(() => validation.holdOut(10, { validationCount: 2, validationFraction: 0.2 })).toThrow(/exactly one/);
    expect(() => validation.holdOut(10, { validationCount: 10 })).toThrow(/Received: validation size=10/);
  });
});

describe('kFold', () => {
  test('k folds of floor(n/k); each fold partitions the data; validation folds are disjoint', () => {
    const n = 103;
    const folds = validation.kFold(n, { k: 4, seed: 5 });
    expect(folds).toHaveLength(4);
    for (const f of folds) {
      expect(f.validation.length).toBe(25);
      expect(f.train.length).toBe(78);
      expectFoldPartition(f, n);
    }
    const validated = folds.flatMap((f) => Array.from(f.validation));
    expect(new Set(validated).size).toBe(100);
  });

  test('the remainder n mod k stays in training in every fold, as in the notes', () => {
    const folds = validation.kFold(10, { k: 3, shuffle: false });
    expect(folds.map((f) => Array.from(f.validation))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    for (const f of folds) expect(Array.from(f.train)).toContain(9);
    expect(Array.from(folds[1].train)).toEqual([0, 1, 2, 6, 7, 8, 9]);
  });

  test('seeded reproducible; different seeds differ', () => {
    const a = validation.kFold(50, { k: 5, seed: 8 });
    const b = validation.kFold(50, { k: 5, seed: 8 });
    const c = validation.kFold(50, { k: 5, seed: 9 });
    expect(Array.from(a[2].validation)).toEqual(Array.from(b[2].validation));
    expect(Array.from(a[2].validation)).not.toEqual(Array.from(c[2].validation));
  });

  test('bad k is a clear error', () => {
    expect(() => validation.kFold(10, { k: 1 })).toThrow(/at least 2.*Received: k=1/);
    expect(() => validation.kFold(3, { k: 4 })).toThrow(/at most n=3.*Received: k=4/);
  });
});

describe('iteratedKFold', () => {
  test('repeats × k folds, each repetition a complete K-fold on a new shuffle', () => {
    const n = 40;
    const folds = validation.iteratedKFold(n, { k: 4, repeats: 3, seed: 2 });
    expect(folds).toHaveLength(12);
    for (const f of folds) expectFoldPartition(f, n);
    for (let r = 0; r < 3; r++) {
      const rep = folds.slice(r * 4, r * 4 + 4).flatMap((f) => Array.from(f.validation));
      expect(sorted(rep)).toEqual(range(n));
    }
    expect(Array.from(folds[0].validation)).not.toEqual(Array.from(folds[4].validation));
    const again = validation.iteratedKFold(n, { k: 4, repeats: 3, seed: 2 });
    expect(Array.from(again[7].validation)).toEqual(Array.from(folds[7].validation));
  });

  test('repeats must be a positive integer', () => {
    expect(() => validation.iteratedKFold(10, { k: 2, repeats: 0 })).toThrow(/Received: repeats=0/);
  });
});

describe('stratifiedKFold', () => {
  test('class counts per fold stay within ±1 of the class share; every sample validated once', () => {
    // 3 classes of 50, 30 and 7 samples, interleaved.
    const labels: number[] = [];
    for (let i = 0; i < 50; i++) labels.push(0);
    for (let i = 0; i < 30; i++) labels.push(1);
    for (let i = 0; i < 7; i++) labels.push(2);
    // Interleave the classes deterministically so no class sits in one run.
    const shuffled = labels.map((l, i) => ({ l, key: (i * 37) % 87 })).sort((a, b) => a.key - b.key).map((o) => o.l);
    const k = 5;
    const folds = validation.stratifiedKFold(shuffled, { k, seed: 4 });
    expect(folds).toHaveLength(k);
    expectPartition(folds.map((f) => f.validation), shuffled.length);
    for (const f of folds) expectFoldPartition(f, shuffled.length);
    for (const [cls, total] of [[0, 50], [1, 30], [2, 7]]) {
      for (const f of folds) {
        const count = Array.from(f.validation).filter((i) => shuffled[i] === cls).length;
        expect(Math.abs(count - total / k)).toBeLessThanOrEqual(1);
      }
    }
    const sizes = folds.map((f) => f.validation.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  test('accepts string labels, Tensors and one-hot rows alike', () => {
    const names = ['cat', 'dog', 'cat', 'dog', 'cat', 'dog'];
    const fromStrings = validation.stratifiedKFold(names, { k: 3, shuffle: false });
    const ids = new Tensor(new Int32Array([0, 1, 0, 1, 0, 1]), [6]);
    const fromTensor = validation.stratifiedKFold(ids, { k: 3, shuffle: false });
    const oneHot = new Tensor(new Float32Array([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]), [6, 2]);
    const fromOneHot = validation.stratifiedKFold(oneHot, { k: 3, shuffle: false });
    const val = (fs: Fold[]) => fs.map((f) => Array.from(f.validation));
    expect(val(fromStrings)).toEqual(val(fromTensor));
    expect(val(fromOneHot)).toEqual(val(fromTensor));
    for (const v of val(fromStrings)) expect(v.map((i) => names[i]).sort()).toEqual(['cat', 'dog']);
  });

  test('seeded reproducible; different seeds differ', () => {
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const a = validation.stratifiedKFold(labels, { k: 3, seed: 1 });
    const b = validation.stratifiedKFold(labels, { k: 3, seed: 1 });
    const c = validation.stratifiedKFold(labels, { k: 3, seed: 2 });
    expect(Array.from(a[0].validation)).toEqual(Array.from(b[0].validation));
    expect(Array.from(a[0].validation)).not.toEqual(Array.from(c[0].validation));
  });
});

describe('groupKFold', () => {
  test('no group is ever split across training and validation; fold sizes balanced', () => {
    const groups: number[] = [];
    const sizes = [9, 7, 6, 5, 5, 4, 3, 3, 2, 1];
    sizes.forEach((s, g) => {
      for (let i = 0; i < s; i++) groups.push(g);
    });
    const folds = validation.groupKFold(groups, { k: 3 });
    expectPartition(folds.map((f) => f.validation), groups.length);
    for (const f of folds) {
      expectFoldPartition(f, groups.length);
      const trainGroups = new Set(Array.from(f.train).map((i) => groups[i]));
      for (const i of f.validation) expect(trainGroups.has(groups[i])).toBe(false);
    }
    const foldSizes = folds.map((f) => f.validation.length);
    expect(Math.max(...foldSizes) - Math.min(...foldSizes)).toBeLessThanOrEqual(2);
  });

  test('fewer groups than folds is a clear error', () => {
    expect(() => validation.groupKFold(['a', 'a', 'b'], { k: 3 })).toThrow(/distinct groups \(2\).*Received: k=3/);
  });
});

describe('take', () => {
  test('gathers Tensor rows in index order, keeping dtype and trailing shape', () => {
    const x = new Tensor(new Int32Array([0, 1, 10, 11, 20, 21, 30, 31]), [4, 2]);
    const y = validation.take(x, new Int32Array([3, 0, 3]));
    expect(y.shape).toEqual([3, 2]);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.data)).toEqual([30, 31, 0, 1, 30, 31]);
  });

  test('gathers from plain arrays (ragged sequences) too', () => {
    expect(validation.take([[1], [2, 3], [4, 5, 6]], [2, 0])).toEqual([[4, 5, 6], [1]]);
  });

  test('out-of-range indices are a clear error', () => {
    const x = new Tensor(new Float32Array(4), [2, 2]);
    expect(() => validation.take(x, [0, 2])).toThrow(/Received: indices\[1\]=2/);
  });

  test('applying a split to x and y keeps rows aligned', () => {
    const x = new Tensor(new Float32Array(range(20)), [20, 1]);
    const y = new Tensor(new Float32Array(range(20).map((v) => v * 10)), [20]);
    const { train } = validation.holdOut(20, { validationCount: 5, seed: 3 });
    const xt = validation.take(x, train);
    const yt = validation.take(y, train);
    for (let i = 0; i < train.length; i++) expect(yt.data[i]).toBe(xt.data[i] * 10);
  });
});

describe('seeds', () => {
  test('without a seed, splits follow setRandomSeed like the rest of the package', () => {
    setRandomSeed(2024);
    const a = validation.kFold(30, { k: 3 });
    const s = validation.stratifiedKFold(Array.from({ length: 30 }, (_, i) => i % 2), { k: 3 });
    setRandomSeed(2024);
    const b = validation.kFold(30, { k: 3 });
    const t = validation.stratifiedKFold(Array.from({ length: 30 }, (_, i) => i % 2), { k: 3 });
    expect(Array.from(a[0].validation)).toEqual(Array.from(b[0].validation));
    expect(Array.from(s[1].validation)).toEqual(Array.from(t[1].validation));
  });
});
