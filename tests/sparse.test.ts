/**
 * Sparse (CSR) inputs from SparseTensor and vectorizeSequences({ sparse: true }) train, evaluate
 * and predict as their dense twins, to float rounding (the first Dense layer sums the non-zeros
 * in stored order, the dense GEMM in its own); the engine's non-finite scan names the user's array
 * and flat index (also for sparse data, validation parts and predict chunks); predict streams
 * an input larger than one chunk.
 */
import { KerasmError, layers, preprocessing, Sequential, SparseTensor, Tensor } from 'kerasm';

const seqs = [[1, 3, 3, 7], [], [0, 9, 2], [5], [8, 1, 4, 4, 4, 6], [2, 2]];

function model(features: number, seed = 3): Sequential {
  const m = new Sequential({ seed });
  m.add(layers.dense({ units: 4, activation: 'relu', inputShape: [features] }));
  m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return m;
}

/** Each value within 1e-5 of the reference, relative to it (absolute below 1). */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length).toBe(want.length);
  const worst = Array.from(want).findIndex((w, i) => !(Math.abs(got[i] - w) <= 1e-5 * Math.max(1, Math.abs(w))));
  expect(worst === -1 ? 'close' : `${what}[${worst}]: ${got[worst]} vs ${want[worst]}`).toBe('close');
}

describe('SparseTensor', () => {
  test('holds a CSR matrix, densifies and slices rows', () => {
    const x = new SparseTensor(Int32Array.of(0, 2, 2, 3), Int32Array.of(1, 1, 0), Float32Array.of(2, 0.5, -1), [3, 2]);
    expect(x.nnz).toBe(3);
    // A repeated column adds up.
    expect(Array.from(x.toDense().data)).toEqual([0, 2.5, 0, 0, -1, 0]);
    const tail = x.sliceRows(1, 3);
    expect(tail.shape).toEqual([2, 2]);
    expect(Array.from(tail.indptr)).toEqual([0, 0, 1]);
    expect(Array.from(tail.toDense().data)).toEqual([0, 0, -1, 0]);
  });

  test('rejects malformed structures in Keras voice', () => {
    const ptr = Int32Array.of(0, 1);
    expect(() => new SparseTensor(ptr, Int32Array.of(2), Float32Array.of(1), [1, 2])).toThrow(/Received: indices\[0\]=2/);
    expect(() => new SparseTensor(ptr, Int32Array.of(0), Float32Array.of(1, 2), [1, 2])).toThrow(/Received: values of length 2/);
    expect(() => new SparseTensor(Int32Array.of(0, 2), Int32Array.of(0), Float32Array.of(1), [1, 2])).toThrow(/indptr/);
    expect(() => new SparseTensor(Int32Array.of(0, 2, 1, 2), Int32Array.of(0, 1), Float32Array.of(1, 1), [3, 2])).toThrow(
      /non-decreasing.*indptr\[1\]=2, indptr\[2\]=1/,
    );
    expect(() => new SparseTensor(ptr, Int32Array.of(0), Float32Array.of(1), [1, 0])).toThrow(/Received: shape=\[1,0\]/);
  });
});

test('vectorizeSequences({ sparse: true }) is the dense multi-hot matrix, columns ascending', () => {
  const dense = preprocessing.vectorizeSequences(seqs, 10);
  const sparse = preprocessing.vectorizeSequences(seqs, 10, { sparse: true });
  expect(sparse).toBeInstanceOf(SparseTensor);
  expect(sparse.shape).toEqual([6, 10]);
  expect(Array.from(sparse.toDense().data)).toEqual(Array.from(dense.data));
  expect(Array.from(sparse.indices.subarray(sparse.indptr[4], sparse.indptr[5]))).toEqual([1, 4, 6, 8]);
  expect(() => preprocessing.vectorizeSequences([[0, 10]], 10, { sparse: true })).toThrow(/Received: sequences\[0\]\[1\]=10/);
});

test('a sparse input trains, evaluates and predicts as the dense one, to float rounding', async () => {
  const y = new Tensor(Float32Array.of(1, 0, 1, 0, 1, 1), [6]);
  const dense = preprocessing.vectorizeSequences(seqs, 10);
  const sparse = preprocessing.vectorizeSequences(seqs, 10, { sparse: true });
  const [a, b] = [model(10), model(10)];
  const args = { epochs: 3, batchSize: 4, seed: 5, verbose: 0 as const, validationSplit: 0.34 };
  const ha = await a.fit(dense, y, args);
  const hb = await b.fit(sparse, y, args);
  expect(Object.keys(hb.history)).toEqual(Object.keys(ha.history));
  for (const key of Object.keys(ha.history)) expectClose(hb.history[key], ha.history[key], `history.${key}`);
  const start = model(10).getWeights()[0].data;
  expect(Array.from(b.getWeights()[0].data)).not.toEqual(Array.from(start));
  a.getWeights().forEach((w, i) => expectClose(b.getWeights()[i].data, w.data, `weights[${i}]`));
  const [eb, ea] = [await b.evaluate(sparse, y, { verbose: 0 }), await a.evaluate(dense, y, { verbose: 0 })];
  expectClose([eb].flat(), [ea].flat(), 'evaluate');
  const pb = ((await b.predict(sparse, { batchSize: 4 })) as Tensor).data;
  expectClose(pb, ((await a.predict(dense, { batchSize: 4 })) as Tensor).data, 'predict');
});

describe('the engine finds non-finite values', () => {
  const m = model(10);
  const y = new Tensor(Float32Array.of(1, 0, 1, 0, 1, 1), [6]);

  test('in a sparse input, at its flat index in the dense matrix', async () => {
    const x = preprocessing.vectorizeSequences(seqs, 10, { sparse: true });
    x.values[5] = Infinity; // row 2 (row 1 is empty), its third column: 9
    const err = await m.fit(x, y, { verbose: 0 }).catch((e: unknown) => e);
    expect((err as KerasmError).code).toBe('NON_FINITE');
    expect((err as Error).message).toMatch(/`x` must hold finite numbers.*Received: x\[flat index 29\]=Infinity$/);
  });

  test('in a validation part and in targets, at the index of the whole array', async () => {
    const x = preprocessing.vectorizeSequences(seqs, 10);
    x.data[57] = NaN; // row 5: in the last 3 rows, which validationSplit=0.34 cuts off
    await expect(m.fit(x, y, { verbose: 0, validationSplit: 0.34 })).rejects.toThrow(/Received: x\[flat index 57\]=NaN$/);
    const badY = new Tensor(Float32Array.of(1, 0, 1, -Infinity, 1, 1), [6]);
    await expect(m.fit(preprocessing.vectorizeSequences(seqs, 10), badY, { verbose: 0 })).rejects.toThrow(/Received: y\[flat index 3\]=-Infinity$/);
  });
});

test('predict streams an input larger than one chunk and names a bad value by its place in the whole', async () => {
  // 17 000 × 1 000 float32 = 68 MB: two chunks of the 64 MB stream.
  const rows = 17_000;
  const features = 1_000;
  const data = new Float32Array(rows * features);
  for (let i = 0; i < data.length; i += 7) data[i] = (i % 13) / 13;
  const m = model(features);
  const whole = ((await m.predict(new Tensor(data, [rows, features]), { batchSize: 1000 })) as Tensor).data;
  const cut = 16_500;
  const head = ((await m.predict(new Tensor(data.subarray(0, cut * features), [cut, features]), { batchSize: 1000 })) as Tensor).data;
  const tail = ((await m.predict(new Tensor(data.subarray(cut * features), [rows - cut, features]), { batchSize: 1000 })) as Tensor).data;
  expect(whole.length).toBe(rows);
  expect(Array.from(whole.subarray(0, cut))).toEqual(Array.from(head));
  expect(Array.from(whole.subarray(cut))).toEqual(Array.from(tail));
  data[16_900 * features + 3] = NaN;
  await expect(m.predict(new Tensor(data, [rows, features]), { batchSize: 1000 })).rejects.toThrow(/Received: x\[flat index 16900003\]=NaN$/);
});

test('a mostly-zero dense input larger than one ingest chunk trains as its SparseTensor', async () => {
  // 1 200 × 1 000 float32 = 4.8 MB: the engine reads it in chunks of rows (4 MiB, checked on a
  // pool thread while the next is copied) and keeps the non-zeros.
  const rows = 1_200;
  const features = 1_000;
  const seqsLarge = Array.from({ length: rows }, (_, r) => Array.from({ length: 12 }, (_, j) => (r * 37 + j * 101) % features));
  const dense = preprocessing.vectorizeSequences(seqsLarge, features);
  const sparse = preprocessing.vectorizeSequences(seqsLarge, features, { sparse: true });
  const y = new Tensor(Float32Array.from({ length: rows }, (_, r) => r % 2), [rows]);
  const [a, b] = [model(features), model(features)];
  const args = { epochs: 2, batchSize: 64, seed: 5, verbose: 0 as const };
  const [ha, hb] = [await a.fit(dense, y, args), await b.fit(sparse, y, args)];
  expectClose(ha.history.loss, hb.history.loss, 'history.loss');
  a.getWeights().forEach((w, i) => expectClose(w.data, b.getWeights()[i].data, `weights[${i}]`));
  // A bad value in the first chunk is found while the second is copied, and still named.
  dense.data[7 * features + 5] = Infinity;
  await expect(a.fit(dense, y, args)).rejects.toThrow(/Received: x\[flat index 7005\]=Infinity$/);
  dense.data[7 * features + 5] = 0;
  dense.data[1_199 * features + 5] = NaN;
  await expect(a.fit(dense, y, args)).rejects.toThrow(/Received: x\[flat index 1199005\]=NaN$/);
  // A failed fit leaves the model as it was.
  a.getWeights().forEach((w, i) => expectClose(w.data, b.getWeights()[i].data, `weights after the failed fits [${i}]`));
});
