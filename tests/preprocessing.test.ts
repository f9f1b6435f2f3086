import { preprocessing, Tensor } from 'kerasm';

const rows = (t: Tensor): number[][] => t.toArray() as number[][];

describe('toCategorical', () => {
  test("Keras's documented example", () => {
    const a = preprocessing.toCategorical([0, 1, 2, 3], 4);
    expect(a.dtype).toBe('float32');
    expect(rows(a)).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
  });

  test('infers numClasses as max + 1 and drops a trailing axis of size 1', () => {
    const y = new Tensor(new Int32Array([2, 0, 1]), [3, 1]);
    const c = preprocessing.toCategorical(y);
    expect(c.shape).toEqual([3, 3]);
    expect(rows(c)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  test('labels out of range or not integers are clear errors', () => {
    expect(() => preprocessing.toCategorical([0, 3], 3)).toThrow(/below numClasses=3/);
    expect(() => preprocessing.toCategorical([0, -1])).toThrow(/Received: labels\[1\]=-1/);
    expect(() => preprocessing.toCategorical([0.5])).toThrow(/Received: labels\[0\]=0.5/);
  });
});

describe('vectorizeSequences (the notes\' multi-hot encoding)', () => {
  test('sets a 1 at each index present, repeats counted once', () => {
    const x = preprocessing.vectorizeSequences([[1, 3, 3], [], [0, 4]], 5);
    expect(x.shape).toEqual([3, 5]);
    expect(rows(x)).toEqual([
      [0, 1, 0, 1, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 1],
    ]);
  });

  test('an index beyond the dimension is a clear error', () => {
    expect(() => preprocessing.vectorizeSequences([[1, 10]], 10)).toThrow(/Received: sequences\[0\]\[1\]=10/);
  });
});

describe('StandardScaler', () => {
  const train = [
    [1, 10, 5],
    [2, 20, 5],
    [3, 60, 5],
    [6, 30, 5],
  ];

  test('mean and population std per column; constant columns get std 1', () => {
    const s = new preprocessing.StandardScaler().fit(train);
    expect(Array.from(s.mean)).toEqual([3, 30, 5]);
    // Population variance of [1,2,3,6] is (4+1+0+9)/4 = 3.5; of [10,20,60,30] is 350.
    expect(s.std[0]).toBeCloseTo(Math.sqrt(3.5), 12);
    expect(s.std[1]).toBeCloseTo(Math.sqrt(350), 12);
    expect(s.std[2]).toBe(1);
    const z = s.transform(train);
    const colMean = (c: number) => rows(z).reduce((a, r) => a + r[c], 0) / 4;
    expect(colMean(0)).toBeCloseTo(0, 6);
    expect(rows(z)[0][2]).toBe(0);
    expect(rows(s.inverseTransform(z))[3]).toEqual([6, 30, 5]);
  });

  test('statistics come only from the data given to fit, never from what is transformed', () => {
    const s = new preprocessing.StandardScaler().fit(train);
    const test = [[100, 1000, 500]];
    const z = rows(s.transform(test))[0];
    expect(z[0]).toBeCloseTo((100 - 3) / Math.sqrt(3.5), 4);
    expect(z[1]).toBeCloseTo((1000 - 30) / Math.sqrt(350), 4);
    expect(z[2]).toBe(495);
    // Transforming test data left the fitted statistics untouched.
    expect(Array.from(s.mean)).toEqual([3, 30, 5]);
    // Fitting on other data would have given other numbers: the scaler really uses its own fit.
    const other = new preprocessing.StandardScaler().fit([...train, ...test]);
    expect(other.mean[0]).not.toBe(3);
  });

  test('fitTransform equals fit then transform; Tensor shape kept', () => {
    const x = new Tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    const a = new preprocessing.StandardScaler().fitTransform(x);
    const b = new preprocessing.StandardScaler().fit(x).transform(x);
    expect(a.shape).toEqual([3, 2]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  test('errors: unfitted, wrong feature count', () => {
    expect(() => new preprocessing.StandardScaler().transform(train)).toThrow(/call `fit`/);
    const s = new preprocessing.StandardScaler().fit(train);
    expect(() => s.transform([[1, 2]])).toThrow(/fitted on 3 feature\(s\).*Received: x.shape=\[1, 2\]/);
  });

  test('NaN entries are left out of the statistics and the test-time check warns', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const s = new preprocessing.StandardScaler().fit([
        [1, NaN],
        [3, 4],
        [5, 8],
      ]);
      expect(Array.from(s.mean)).toEqual([3, 6]);
      expect(s.missingColumns).toEqual([1]);
      s.transform([[NaN, 1]]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/column\(s\) \[0\]/);
      warn.mockClear();
      s.transform([[1, NaN]]); // column 1 had missing values in training: no warning
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('MinMaxScaler', () => {
  test('maps the fitted min/max onto featureRange; statistics from fit only', () => {
    const s = new preprocessing.MinMaxScaler().fit([
      [0, 10],
      [5, 10],
      [10, 10],
    ]);
    expect(rows(s.transform([[5, 10], [20, 10]]))).toEqual([
      [0.5, 0],
      [2, 0],
    ]);
    expect(Array.from(s.dataMax)).toEqual([10, 10]);
    const r = new preprocessing.MinMaxScaler({ featureRange: [-1, 1] }).fit([[2], [4]]);
    expect(rows(r.transform([[3], [4]]))).toEqual([[0], [1]]);
    expect(rows(r.inverseTransform([[0]]))).toEqual([[3]]);
  });

  test('an invalid range is a clear error', () => {
    expect(() => new preprocessing.MinMaxScaler({ featureRange: [1, 0] })).toThrow(/Received: featureRange=\[1,0\]/);
  });
});

describe('fillMissing and warnMissingAtTest', () => {
  test('replaces NaN and records the columns that had any', () => {
    const { values, missingColumns } = preprocessing.fillMissing([
      [1, NaN, 3],
      [NaN, 5, 6],
    ]);
    expect(rows(values)).toEqual([
      [1, 0, 3],
      [0, 5, 6],
    ]);
    expect(missingColumns).toEqual([0, 1]);
    const filled = preprocessing.fillMissing([[NaN]], -1);
    expect(Array.from(filled.values.data)).toEqual([-1]);
  });

  test('warns when the test data misses values where training never did', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const train = preprocessing.fillMissing([
        [1, NaN, 3],
        [4, 5, 6],
      ]);
      expect(preprocessing.warnMissingAtTest(train.missingColumns, [[1, NaN, 3]])).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
      expect(preprocessing.warnMissingAtTest(train.missingColumns, [[NaN, NaN, NaN]])).toEqual([0, 2]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/add training samples with those entries missing/);
    } finally {
      warn.mockRestore();
    }
  });
});
