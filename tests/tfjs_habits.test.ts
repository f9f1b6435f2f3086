/**
 * Code written the TensorFlow.js way runs, or says how: plain-object callbacks, TF.js's camelCase
 * loss and metric names, uncalled loss factories, `optimizers.adam(0.01)`, TF.js's tensor
 * readers, and a real `tf.Tensor` passed to fit/evaluate/predict.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { callbacks, type KerasmError, layers, losses, metrics, optimizers, Sequential, Tensor, tensor, ValueError } from 'kerasm';

const xs = [
  [0.1, 0.9, 0.3],
  [0.8, 0.2, 0.5],
  [0.4, 0.4, 0.9],
  [0.9, 0.7, 0.1],
  [0.2, 0.1, 0.2],
  [0.6, 0.8, 0.7],
];
const binary = [[0], [1], [1], [1], [0], [1]];
const oneHot = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
  [0, 0, 1],
];
const sparse = [0, 1, 2, 1, 0, 2];

function classifier(units: number, activation: 'sigmoid' | 'softmax' | 'linear'): Sequential {
  return new Sequential({ seed: 7, layers: [layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), layers.dense({ units, activation })] });
}

/** evaluate's [loss, ...metrics] of a fresh seeded model compiled with `loss` and `metric`. */
async function scores(loss: unknown, metric: unknown, units: number, activation: 'sigmoid' | 'softmax' | 'linear', y: unknown): Promise<number[]> {
  const m = classifier(units, activation);
  m.compile({ optimizer: 'sgd', loss: loss as 'mse', metrics: [metric as 'mse'] });
  return (await m.evaluate(xs, y as number[][], { verbose: 0 })) as number[];
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('callbacks as plain objects, as TF.js passes them', () => {
  test('one object of hooks', async () => {
    const m = classifier(1, 'sigmoid');
    m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    const epochs: number[] = [];
    await m.fit(xs, binary, { epochs: 3, verbose: 0, callbacks: { onEpochEnd: (epoch, logs) => void epochs.push(epoch + (logs.loss > 0 ? 0 : NaN)) } });
    expect(epochs).toEqual([0, 1, 2]);
  });

  test('a list of objects, TF.js batch hook names included, beside a Callback', async () => {
    const m = classifier(1, 'sigmoid');
    m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    let batches = 0;
    let began = 0;
    const history = await m.fit(xs, binary, {
      epochs: 2,
      batchSize: 2,
      verbose: 0,
      callbacks: [{ onBatchEnd: () => void batches++ }, { onTrainBegin: () => void began++ }, callbacks.earlyStopping({ monitor: 'loss', patience: 5 })],
    });
    expect(batches).toBe(6); // 3 batches × 2 epochs
    expect(began).toBe(1);
    expect(history.history.loss).toHaveLength(2);
  });

  test('a hook that is not a function, or a value that is no callback, is a ValueError', async () => {
    const m = classifier(1, 'sigmoid');
    m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    await expect(m.fit(xs, binary, { verbose: 0, callbacks: { onEpochEnd: 5 } as never })).rejects.toThrow(/hooks must be functions.*onEpochEnd=5/);
    await expect(m.fit(xs, binary, { verbose: 0, callbacks: [42] as never })).rejects.toThrow(/`callbacks\[0\]` must be a Callback/);
    await expect(m.fit(xs, binary, { verbose: 0, callbacks: { onYield: () => {} } as never })).rejects.toThrow(/Unknown option `onYield`/);
  });
});

describe("TF.js's loss and metric names are Keras's", () => {
  const pairs: [string, string, string, string, number, 'sigmoid' | 'softmax' | 'linear', unknown][] = [
    ['meanSquaredError', 'mean_squared_error', 'meanAbsoluteError', 'mae', 1, 'linear', binary],
    ['meanAbsoluteError', 'mae', 'meanSquaredError', 'mse', 1, 'linear', binary],
    ['binaryCrossentropy', 'binary_crossentropy', 'binaryAccuracy', 'binary_accuracy', 1, 'sigmoid', binary],
    ['categoricalCrossentropy', 'categorical_crossentropy', 'categoricalAccuracy', 'categorical_accuracy', 3, 'softmax', oneHot],
    ['sparseCategoricalCrossentropy', 'sparse_categorical_crossentropy', 'sparseCategoricalAccuracy', 'sparse_categorical_accuracy', 3, 'softmax', sparse],
    ['categoricalCrossentropy', 'categorical_crossentropy', 'topKCategoricalAccuracy', 'top_k_categorical_accuracy', 3, 'softmax', oneHot],
  ];
  test.each(pairs)('loss %s = %s, metric %s = %s', async (tfLoss, kerasLoss, tfMetric, kerasMetric, units, activation, y) => {
    const byTf = await scores(tfLoss, tfMetric, units, activation, y);
    expect(byTf).toEqual(await scores(kerasLoss, kerasMetric, units, activation, y));
    expect(byTf.every(Number.isFinite)).toBe(true);
  });

  test('the logs use the Keras name', async () => {
    const m = classifier(1, 'sigmoid');
    m.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['binaryAccuracy'] });
    expect(m.metricsNames).toEqual(['loss', 'binary_accuracy']);
  });

  test('an unknown camelCase name is still unknown', () => {
    const m = classifier(1, 'sigmoid');
    expect(() => m.compile({ optimizer: 'sgd', loss: 'meanSquaredLogarithmicError' as 'mse' })).toThrow(/Unknown loss.*meanSquaredLogarithmicError/);
  });
});

describe('an uncalled factory is called', () => {
  test('loss: losses.meanSquaredError is the mean squared error', async () => {
    expect(await scores(losses.meanSquaredError, 'mae', 1, 'linear', binary)).toEqual(await scores('mse', 'mae', 1, 'linear', binary));
    expect(await scores(losses.binaryCrossentropy, 'acc', 1, 'sigmoid', binary)).toEqual(await scores('binary_crossentropy', 'acc', 1, 'sigmoid', binary));
  });

  test('metrics: [metrics.auc] is the AUC', async () => {
    expect(await scores('binary_crossentropy', metrics.auc, 1, 'sigmoid', binary)).toEqual(await scores('binary_crossentropy', metrics.auc(), 1, 'sigmoid', binary));
  });
});

test('optimizers.adam(0.01) trains at 0.01, as tf.train.adam(0.01)', () => {
  const m = classifier(1, 'sigmoid');
  m.compile({ optimizer: optimizers.adam(0.01), loss: 'binaryCrossentropy' });
  expect(m.learningRate).toBeCloseTo(0.01, 8);
  m.compile({ optimizer: optimizers.rmsprop(0.02), loss: 'binaryCrossentropy' });
  expect(m.learningRate).toBeCloseTo(0.02, 8);
});

describe("TF.js's tensor readers", () => {
  const t = tensor([
    [1, 2],
    [3, 4],
  ]);
  test('arraySync and array give nested arrays', async () => {
    expect(t.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await t.array()).toEqual(t.arraySync());
  });

  test('dataSync and dataAsync give a copy of the flat values', async () => {
    const copy = t.dataSync();
    expect(copy).toBeInstanceOf(Float32Array);
    expect(Array.from(copy)).toEqual([1, 2, 3, 4]);
    copy[0] = 99;
    expect(t.data[0]).toBe(1);
    expect(Array.from(await t.dataAsync())).toEqual([1, 2, 3, 4]);
  });

  test('dispose runs and the values stay readable', () => {
    t.dispose();
    expect(t.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  test('await model.predict(x).data() and .array() read the prediction, as in TF.js', async () => {
    const m = classifier(1, 'sigmoid');
    const awaited = (await m.predict(xs, { verbose: 0 })) as Tensor;
    expect(Array.from(await m.predict(xs, { verbose: 0 }).data())).toEqual(Array.from(awaited.data));
    expect(await m.predict(xs, { verbose: 0 }).array()).toEqual(awaited.arraySync());
  });

  test('model.predict(x).dataSync() without await says to await', async () => {
    const m = classifier(1, 'sigmoid');
    const pending = m.predict(xs, { verbose: 0 });
    expect(() => pending.dataSync()).toThrow(/await it before reading it.*\(await model\.predict\(x\)\)\.dataSync\(\)/);
    expect(() => pending.arraySync()).toThrow(expect.objectContaining({ code: 'PREDICTION_PENDING' }));
    expect(((await pending) as Tensor).shape).toEqual([6, 1]);
  });

  test('a prediction is read the TF.js way once awaited', async () => {
    const m = classifier(1, 'sigmoid');
    const p = (await m.predict(xs, { verbose: 0 })) as Tensor;
    expect((p.arraySync() as number[][]).map((row) => row[0])).toEqual(Array.from(p.dataSync()));
  });
});

describe('a tf.Tensor is read as a tensor', () => {
  test('by fit, evaluate and predict, with the results of the same arrays', async () => {
    const run = async (x: unknown, y: unknown) => {
      const m = classifier(1, 'sigmoid');
      m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['acc'] });
      const history = await m.fit(x as number[][], y as number[][], { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
      const evaluation = await m.evaluate(x as number[][], y as number[][], { verbose: 0 });
      const prediction = ((await m.predict(x as number[][], { verbose: 0 })) as Tensor).dataSync();
      return { loss: history.history.loss, evaluation, prediction: Array.from(prediction) };
    };
    const x = tf.tensor2d(xs);
    const y = tf.tensor2d(binary);
    expect(await run(x, y)).toEqual(await run(xs, binary));
  });

  test('one per input, in a list', async () => {
    const m = classifier(1, 'sigmoid');
    const viaTf = (await m.predict([tf.tensor2d(xs)], { verbose: 0 })) as Tensor;
    expect(Array.from(viaTf.data)).toEqual(Array.from(((await m.predict(xs, { verbose: 0 })) as Tensor).data));
  });

  test('a string tensor, or a disposed one, is a ValueError', async () => {
    const m = classifier(1, 'sigmoid');
    const err = await m.predict(tf.tensor1d(['a', 'b'], 'string') as never, { verbose: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as KerasmError).message).toMatch(/dtype string/);
    const gone = tf.tensor2d(xs);
    gone.dispose();
    await expect(m.predict(gone as never, { verbose: 0 })).rejects.toThrow(/Could not read `x`/);
  });
});
