/** Sequential models train as Keras users expect: they learn, report Keras's keys, and repeat. */
import { layers, optimizers, Sequential, setRandomSeed, setThreads, Tensor } from 'kerasm';
import { blobs, linear, separableBinary } from './helpers/synthetic';

function imdbStyleModel(inputs: number, seed: number): Sequential {
  const model = new Sequential({ seed });
  model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [inputs] }));
  model.add(layers.dense({ units: 16, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  return model;
}

describe('the IMDB-style binary classifier', () => {
  const train = separableBinary(3000, 200, 1);
  const heldOut = separableBinary(1000, 200, 2);

  test('learns a separable task to ≥ 95 % test accuracy, with Keras history keys', async () => {
    const model = imdbStyleModel(200, 7);
    // A fixed shuffle seed: without one the epochs' order (and the last digits of accuracy) vary by run.
    const history = await model.fit(train.x, train.y, { epochs: 20, batchSize: 128, validationData: [heldOut.x, heldOut.y], verbose: 0, seed: 3 });
    expect(Object.keys(history.history).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(history.history.val_loss).toHaveLength(20);
    expect(history.epoch).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(history.history.loss[19]).toBeLessThan(history.history.loss[0]);
    const [loss, acc] = (await model.evaluate(heldOut.x, heldOut.y, { verbose: 0 })) as number[];
    expect(acc).toBeGreaterThanOrEqual(0.95);
    expect(loss).toBeCloseTo(history.history.val_loss[19], 5);
    const p = await model.predict(heldOut.x);
    expect(p.shape).toEqual([1000, 1]);
    let correct = 0;
    p.data.forEach((v, i) => (correct += Number(v > 0.5) === heldOut.y.data[i] ? 1 : 0));
    expect(correct / 1000).toBeCloseTo(acc, 6);
  });

  test('validationSplit takes the last fraction, before shuffling', async () => {
    const model = imdbStyleModel(200, 3);
    const history = await model.fit(train.x, train.y, { epochs: 1, batchSize: 256, validationSplit: 0.2, verbose: 0 });
    const holdOut = new Tensor(train.x.data.slice(2400 * 200), [600, 200]);
    const holdOutY = new Tensor(train.y.data.slice(2400), [600]);
    const [valLoss] = (await model.evaluate(holdOut, holdOutY, { verbose: 0, batchSize: 256 })) as number[];
    expect(history.history.val_loss[0]).toBeCloseTo(valLoss, 6);
  });
});

test('linear regression reaches near-zero MSE', async () => {
  const { x, y } = linear(512, [1.5, -2, 0.5], 0.25, 3);
  const model = new Sequential({ seed: 1, layers: [layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
  const history = await model.fit(x, y, { epochs: 100, batchSize: 32, verbose: 0 });
  expect(history.history.loss[99]).toBeLessThan(1e-8);
  expect(history.history.mae[99]).toBeLessThan(1e-4);
  const [kernel, bias] = model.getWeights();
  [1.5, -2, 0.5].forEach((w, i) => expect(kernel.data[i]).toBeCloseTo(w, 2));
  expect(bias.data[0]).toBeCloseTo(0.25, 2);
});

test('softmax classifier on three blobs, sparse and one-hot labels agree', async () => {
  const { x, y } = blobs(600, 5);
  const oneHot = new Tensor(new Float32Array(600 * 3), [600, 3]);
  y.data.forEach((c, i) => (oneHot.data[i * 3 + c] = 1));
  const results: number[][] = [];
  for (const [loss, labels] of [['sparse_categorical_crossentropy', y], ['categorical_crossentropy', oneHot]] as const) {
    const model = new Sequential({ seed: 11 });
    model.add(layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }));
    model.add(layers.dense({ units: 3, activation: 'softmax' }));
    model.compile({ optimizer: 'adam', loss, metrics: ['accuracy'] });
    await model.fit(x, labels, { epochs: 30, batchSize: 32, verbose: 0, seed: 4 });
    results.push((await model.evaluate(x, labels, { verbose: 0 })) as number[]);
  }
  expect(results[0][1]).toBeGreaterThan(0.97);
  expect(results[0][0]).toBeCloseTo(results[1][0], 4);
  expect(results[0][1]).toBe(results[1][1]);
});

describe('determinism', () => {
  const data = separableBinary(1000, 64, 9);

  async function run(threads: number): Promise<{ weights: Float32Array[]; loss: number[] }> {
    await setThreads(threads);
    setRandomSeed(1234);
    const model = imdbStyleModel(64, undefined as unknown as number);
    const history = await model.fit(data.x, data.y, { epochs: 3, batchSize: 100, verbose: 0 });
    return { weights: model.getWeights().map((w) => w.data as Float32Array), loss: history.history.loss };
  }

  test('one seed gives the same weights and losses on 1, 2 and 3 threads, bit for bit', async () => {
    const one = await run(1);
    for (const threads of [2, 3, 1]) {
      const other = await run(threads);
      expect(other.loss).toEqual(one.loss);
      other.weights.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(one.weights[i].buffer))).toBe(true));
    }
  });

  test('different seeds give different initial weights', () => {
    const a = new Sequential({ seed: 1, layers: [layers.dense({ units: 4, inputShape: [3] })] }).getWeights()[0];
    const b = new Sequential({ seed: 2, layers: [layers.dense({ units: 4, inputShape: [3] })] }).getWeights()[0];
    const c = new Sequential({ seed: 1, layers: [layers.dense({ units: 4, inputShape: [3] })] }).getWeights()[0];
    expect(a.data).not.toEqual(b.data);
    expect(a.data).toEqual(c.data);
  });
});

test('glorot_uniform stays within ±sqrt(6 / (fanIn + fanOut)) and bias starts at zero', () => {
  const model = new Sequential({ seed: 3, layers: [layers.dense({ units: 50, inputShape: [70] })] });
  const [kernel, bias] = model.getWeights();
  const limit = Math.sqrt(6 / 120);
  expect(Math.max(...kernel.data.map(Math.abs))).toBeLessThanOrEqual(limit);
  expect(Math.max(...kernel.data.map(Math.abs))).toBeGreaterThan(0.9 * limit);
  expect([...bias.data].every((v) => v === 0)).toBe(true);
  expect(model.countParams()).toBe(70 * 50 + 50);
});

test('accepts nested arrays, {data, shape} and Tensors alike', async () => {
  const model = new Sequential({ seed: 5, layers: [layers.dense({ units: 2, inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const nested = await model.predict([[1, 2], [3, 4]]);
  const flat = await model.predict({ data: Float32Array.from([1, 2, 3, 4]), shape: [2, 2] });
  expect(nested.data).toEqual(flat.data);
  expect(nested.shape).toEqual([2, 2]);
});
