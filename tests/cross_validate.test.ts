/** crossValidate: the notes' K-fold loop, one fresh model per fold, memory flat over the folds. */
import { callbacks, layers, preprocessing, Random, Sequential, setRandomSeed, SparseTensor, Tensor, validation, wasmMemoryBytes } from 'kerasm';

/** y = 2·x₀ − x₁ + noise-free, on uniform inputs. */
function regression(rows: number, features: number, seed: number): { x: Tensor<'float32'>; y: Tensor<'float32'> } {
  const rng = new Random(seed);
  const x = new Float32Array(rows * features);
  for (let i = 0; i < x.length; i++) x[i] = rng.nextFloat();
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = 2 * x[i * features] - x[i * features + 1];
  return { x: new Tensor(x, [rows, features]), y: new Tensor(y, [rows]) };
}

function smallRegressor(features: number, units = 8): Sequential {
  const model = new Sequential();
  model.add(layers.dense({ units, activation: 'relu', inputShape: [features] }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'] });
  return model;
}

const data = regression(60, 4, 11);
const fit = { epochs: 3, batchSize: 8 };

describe('crossValidate', () => {
  test('trains k models, each validated on the rows kFold gives for the same seed', async () => {
    const result = await validation.crossValidate(() => smallRegressor(4), data.x, data.y, { k: 4, seed: 3, ...fit });
    const expected = validation.kFold(60, { k: 4, seed: 3 });
    expect(result.folds).toHaveLength(4);
    result.folds.forEach((fold, i) => {
      expect(Array.from(fold.validation)).toEqual(Array.from(expected[i].validation));
      expect(Array.from(fold.train)).toEqual(Array.from(expected[i].train));
      expect(fold.history.history.val_mae).toHaveLength(3);
      expect(Object.keys(fold.scores)).toEqual(['loss', 'mae']);
    });
  });

  // Zero inputs and no bias: the output is 0 whatever the training, so every loss is the mean
  // of y² over the rows it was computed on, which reveals those rows.
  const blindRows = 24;
  const blindX = new Tensor(new Float32Array(blindRows * 2), [blindRows, 2]);
  const blindY = new Tensor(Float32Array.from({ length: blindRows }, (_, i) => i + 1), [blindRows]);
  const blind = () => {
    const model = new Sequential([layers.dense({ units: 1, useBias: false, inputShape: [2] })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    return model;
  };

  test("a model that always predicts 0 scores exactly mean(y²) of its fold's validation rows", async () => {
    const [n, x, y] = [blindRows, blindX, blindY];
    const meanSquare = (rows: Int32Array) => Array.from(rows).reduce((s, r) => s + (r + 1) ** 2, 0) / rows.length;
    const result = await validation.crossValidate(blind, x, y, { k: 3, repeats: 2, seed: 9, epochs: 2, batchSize: 4 });
    const expected = validation.iteratedKFold(n, { k: 3, repeats: 2, seed: 9 });
    expect(result.folds).toHaveLength(6);
    result.folds.forEach((fold, i) => {
      expect(Array.from(fold.validation)).toEqual(Array.from(expected[i].validation));
      expect(fold.scores.loss).toBeCloseTo(meanSquare(expected[i].validation), 3);
      for (const v of fold.history.history.val_loss) expect(v).toBeCloseTo(meanSquare(expected[i].validation), 3);
      for (const v of fold.history.history.loss) expect(v).toBeCloseTo(meanSquare(expected[i].train), 3);
    });
  });

  test("sampleWeight is split with the rows: each fold is validated and scored with its rows' weights", async () => {
    const weights = Float32Array.from({ length: blindRows }, (_, i) => (i % 3 === 0 ? 2 : 0.5));
    // One validation batch of 8 rows: Keras's weighted loss Σ wᵢ·lossᵢ / 8.
    const result = await validation.crossValidate(blind, blindX, blindY, { k: 3, seed: 4, epochs: 1, batchSize: 8, fitOptions: { sampleWeight: weights } });
    result.folds.forEach((fold) => {
      const expected = Array.from(fold.validation).reduce((s, r) => s + weights[r] * (r + 1) ** 2, 0) / fold.validation.length;
      expect(fold.scores.loss).toBeCloseTo(expected, 3);
      expect(fold.history.history.val_loss[0]).toBeCloseTo(expected, 3);
    });
    await expect(
      validation.crossValidate(blind, blindX, blindY, { k: 3, fitOptions: { sampleWeight: weights.subarray(1) } }),
    ).rejects.toThrow(/one weight per sample \(24\)/);
  });

  test('gives the same numbers as the hand-written loop with the same seeds', async () => {
    setRandomSeed(21);
    const result = await validation.crossValidate(() => smallRegressor(4), data.x, data.y, { k: 3, seed: 5, ...fit });
    setRandomSeed(21);
    for (const [i, fold] of validation.kFold(60, { k: 3, seed: 5 }).entries()) {
      const model = smallRegressor(4);
      const xVal = validation.take(data.x, fold.validation);
      const yVal = validation.take(data.y, fold.validation);
      const history = await model.fit(validation.take(data.x, fold.train), validation.take(data.y, fold.train), {
        ...fit,
        validationData: [xVal, yVal],
        verbose: 0,
      });
      const [loss, mae] = (await model.evaluate(xVal, yVal, { batchSize: fit.batchSize, verbose: 0 })) as number[];
      model.dispose();
      expect(result.folds[i].history.history).toEqual(history.history);
      expect(result.folds[i].scores).toEqual({ loss, mae });
    }
  });

  test('mean, std (population) and meanCurve are the fold averages', async () => {
    const result = await validation.crossValidate(() => smallRegressor(4), data.x, data.y, { k: 5, seed: 1, ...fit });
    for (const name of ['loss', 'mae']) {
      const scores = result.folds.map((f) => f.scores[name]);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      const variance = scores.reduce((s, v) => s + (v - mean) ** 2, 0) / scores.length;
      expect(result.mean[name]).toBeCloseTo(mean, 12);
      expect(result.std[name]).toBeCloseTo(Math.sqrt(variance), 12);
      expect(result.std[name]).toBeGreaterThan(0);
    }
    expect(Object.keys(result.meanCurve).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    for (const [key, curve] of Object.entries(result.meanCurve)) {
      expect(curve).toHaveLength(fit.epochs);
      curve.forEach((v, epoch) => {
        const perFold = result.folds.map((f) => f.history.history[key][epoch]);
        expect(v).toBeCloseTo(perFold.reduce((a, b) => a + b, 0) / perFold.length, 12);
      });
    }
    // After the last epoch, evaluate sees the same weights as fit's validation pass.
    expect(result.meanCurve.val_mae[fit.epochs - 1]).toBeCloseTo(result.mean.mae, 5);
  });

  test('meanCurve averages each epoch over the folds that reached it', async () => {
    let fold = 0;
    // Stops the first fold after its first epoch; the others run all three.
    const stopFirstFold = new (class extends callbacks.Callback {
      override onTrainBegin(): void {
        fold++;
      }
      override onEpochEnd(): void {
        if (fold === 1) (this.model as Sequential).stopTraining = true;
      }
    })();
    const result = await validation.crossValidate(() => smallRegressor(4), data.x, data.y, {
      k: 3,
      seed: 2,
      ...fit,
      fitOptions: { callbacks: [stopFirstFold] },
    });
    const [a, b, c] = result.folds.map((f) => f.history.history.val_loss);
    expect(a).toHaveLength(1);
    expect(result.meanCurve.val_loss[0]).toBeCloseTo((a[0] + b[0] + c[0]) / 3, 12);
    expect(result.meanCurve.val_loss[2]).toBeCloseTo((b[2] + c[2]) / 2, 12);
  });

  test('is deterministic under setRandomSeed, and the seed changes the folds', async () => {
    const run = async (seed: number) => {
      setRandomSeed(8);
      return validation.crossValidate(() => smallRegressor(4), data.x, data.y, { k: 3, seed, ...fit });
    };
    const [first, again, other] = [await run(4), await run(4), await run(5)];
    expect(again.folds.map((f) => f.scores)).toEqual(first.folds.map((f) => f.scores));
    expect(again.meanCurve).toEqual(first.meanCurve);
    expect(Array.from(other.folds[0].validation)).not.toEqual(Array.from(first.folds[0].validation));
  });

  test('takes nested arrays, shuffle: false keeps the order, and an async buildModel is awaited', async () => {
    const rows = data.x.toArray() as number[][];
    const targets = Array.from(data.y.data);
    const result = await validation.crossValidate(async () => smallRegressor(4), rows, targets.map((t) => [t]), { k: 4, shuffle: false, ...fit });
    expect(Array.from(result.folds[1].validation)).toEqual(Array.from({ length: 15 }, (_, i) => 15 + i));
    expect(result.mean.loss).toBeGreaterThan(0);
  });

  test('takes a SparseTensor and scores each fold as its dense twin, to float rounding', async () => {
    const rng = new Random(5);
    const seqs = Array.from({ length: 48 }, () => Array.from({ length: 6 }, () => Math.floor(rng.nextFloat() * 30)));
    const y = new Tensor(Float32Array.from(seqs, (s) => (s[0] < 15 ? 1 : 0)), [48]);
    const sparse = preprocessing.vectorizeSequences(seqs, 30, { sparse: true });
    const taken = validation.take(sparse, [5, 0, 5]);
    expect(taken).toBeInstanceOf(SparseTensor);
    expect(Array.from(taken.toDense().data)).toEqual(Array.from(validation.take(sparse.toDense(), [5, 0, 5]).data));
    const options = { k: 3, seed: 2, ...fit };
    setRandomSeed(9); // the same initial weights for both runs
    const dense = await validation.crossValidate(() => smallRegressor(30), sparse.toDense(), y, options);
    setRandomSeed(9);
    const viaSparse = await validation.crossValidate(() => smallRegressor(30), sparse, y, options);
    viaSparse.folds.forEach((fold, i) => expect(fold.scores.loss).toBeCloseTo(dense.folds[i].scores.loss, 5));
  });

  test('memory stays flat over 50 folds: each model is disposed before the next is built', async () => {
    const big = regression(200, 32, 4);
    const samples: { wasm: number; rss: number }[] = [];
    const sample = new (class extends callbacks.Callback {
      override onTrainEnd(): void {
        samples.push({ wasm: wasmMemoryBytes(), rss: process.memoryUsage().rss });
      }
    })();
    // 256 units: each undisposed model would keep ~100 KB of weights and optimizer state.
    const result = await validation.crossValidate(() => smallRegressor(32, 256), big.x, big.y, {
      k: 5,
      repeats: 10,
      seed: 0,
      epochs: 2,
      batchSize: 32,
      fitOptions: { callbacks: [sample] },
    });
    expect(result.folds).toHaveLength(50);
    expect(samples).toHaveLength(50);
    const settled = samples[4];
    for (const s of samples.slice(5)) expect(s.wasm).toBe(settled.wasm);
    expect(samples[49].rss - settled.rss).toBeLessThan(64 * 2 ** 20);
  });

  test('errors say what was wrong and what was received', async () => {
    const build = () => smallRegressor(4);
    await expect(validation.crossValidate(build, data.x, data.y, { k: 1 })).rejects.toThrow(/`k` must be an integer of at least 2.*Received: k=1/);
    await expect(validation.crossValidate(build, data.x, validation.take(data.y, new Int32Array([0, 1, 2])))).rejects.toThrow(
      /same number of samples. Received: x with 60 samples and y with 3/,
    );
    await expect(validation.crossValidate(build, data.x, data.y, { repeats: 2, shuffle: false })).rejects.toThrow(/needs `shuffle: true`/);
    await expect(validation.crossValidate(build, data.x, data.y, { repeats: 0 })).rejects.toThrow(/Received: repeats=0/);
    await expect(validation.crossValidate((() => ({})) as never, data.x, data.y)).rejects.toThrow(/must return a kerasm Model.*Received: Object for fold 1/);
    await expect(validation.crossValidate(() => new Sequential([layers.dense({ units: 1, inputShape: [4] })]), data.x, data.y)).rejects.toThrow(
      /must return a new compiled model on every call.*uncompiled/,
    );
    const reused = smallRegressor(4);
    await expect(validation.crossValidate(() => reused, data.x, data.y, { k: 2, epochs: 1 })).rejects.toThrow(/already disposed\) model '.*' for fold 2/);
    await expect(validation.crossValidate('model' as never, data.x, data.y)).rejects.toThrow(/`buildModel` must be a function/);
    await expect(validation.crossValidate(build, 'x' as never, data.y)).rejects.toThrow(/`x` must be a Tensor, a SparseTensor, nested arrays/);
  });
});
