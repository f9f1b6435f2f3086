/**
 * Code written the way the Keras book writes it runs as it reads: a Sequential stack, compile with
 * strings, fit with validationSplit or validationData, History.history's keys, evaluate's
 * `[loss, metric]`, predict's shape — on small synthetic problems a model must actually learn.
 */
import { layers, Random, Sequential, Tensor } from 'kerasm';

/** A linearly separable binary problem: label 1 when the first half of the features outweighs the second. */
function separable(rows: number, features: number, seed: number): { x: Tensor<'float32'>; y: Tensor<'float32'> } {
  const rng = new Random(seed);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let score = 0;
    for (let j = 0; j < features; j++) {
      const v = rng.nextFloat();
      x[i * features + j] = v;
      score += j < features / 2 ? v : -v;
    }
    y[i] = score > 0 ? 1 : 0;
  }
  return { x: new Tensor(x, [rows, features]), y: new Tensor(y, [rows]) };
}

describe('the IMDB chapter: binary classification', () => {
  const { x, y } = separable(600, 8, 1);
  const [xVal, yVal] = [new Tensor(x.data.slice(0, 100 * 8), [100, 8]), new Tensor(y.data.slice(0, 100), [100])];
  const [xTrain, yTrain] = [new Tensor(x.data.slice(100 * 8), [500, 8]), new Tensor(y.data.slice(100), [500])];

  function build(): Sequential {
    const model = new Sequential({ seed: 42 });
    model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [8] }));
    model.add(layers.dense({ units: 16, activation: 'relu' }));
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    return model;
  }

  test('fit with validationData: History has loss, accuracy and their val_ twins, one value per epoch; it learns', async () => {
    const model = build();
    const history = await model.fit(xTrain, yTrain, { epochs: 20, batchSize: 32, validationData: [xVal, yVal], verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    for (const values of Object.values(history.history)) expect(values).toHaveLength(20);
    expect(history.history.loss[19]).toBeLessThan(history.history.loss[0]);
    expect(history.history.val_accuracy[19]).toBeGreaterThan(0.85);

    const [loss, acc] = (await model.evaluate(xVal, yVal, { verbose: 0 })) as number[];
    expect(loss).toBeCloseTo(history.history.val_loss[19], 5);
    expect(acc).toBeCloseTo(history.history.val_accuracy[19], 5);

    const probabilities = (await model.predict(xVal, { verbose: 0 })) as Tensor;
    expect(probabilities.shape).toEqual([100, 1]);
    expect(Array.from(probabilities.data).every((p) => p > 0 && p < 1)).toBe(true);
  });

  test('fit with validationSplit holds out the last fraction, before shuffling, as Keras', async () => {
    const split = await build().fit(x, y, { epochs: 3, batchSize: 32, validationSplit: 100 / 600, shuffle: false, verbose: 0 });
    const given = await build().fit(new Tensor(x.data.slice(0, 500 * 8), [500, 8]), new Tensor(y.data.slice(0, 500), [500]), {
      epochs: 3,
      batchSize: 32,
      validationData: [new Tensor(x.data.slice(500 * 8), [100, 8]), new Tensor(y.data.slice(500), [100])],
      shuffle: false,
      verbose: 0,
    });
    expect(split.history).toEqual(given.history);
  });

  test('History.epoch, as Keras', async () => {
    const history = await build().fit(xTrain, yTrain, { epochs: 4, batchSize: 100, verbose: 0 });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
  });
});

describe('the Boston chapter: regression with mse and mae', () => {
  test('compile with strings; History keys loss, mae, val_loss, val_mae; evaluate returns [mse, mae]', async () => {
    const rng = new Random(5);
    const rows = 200;
    const x = new Float32Array(rows * 4);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < 4; j++) x[i * 4 + j] = rng.nextFloat() * 2 - 1;
      y[i] = 3 * x[i * 4] - 2 * x[i * 4 + 1] + 0.5 * x[i * 4 + 2] + 1;
    }
    const xs = new Tensor(x, [rows, 4]);
    const ys = new Tensor(y, [rows]);
    const model = new Sequential({ seed: 3 });
    model.add(layers.dense({ units: 64, activation: 'relu', inputShape: [4] }));
    model.add(layers.dense({ units: 64, activation: 'relu' }));
    model.add(layers.dense({ units: 1 }));
    model.compile({ optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'] });
    const history = await model.fit(xs, ys, { epochs: 40, batchSize: 16, validationSplit: 0.2, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    expect(history.history.val_mae[39]).toBeLessThan(history.history.val_mae[0] / 3);
    const [mse, mae] = (await model.evaluate(xs, ys, { verbose: 0 })) as number[];
    expect(mae).toBeLessThan(1);
    expect(mse).toBeGreaterThan(0);
    const predictions = (await model.predict(xs, { verbose: 0 })) as Tensor;
    expect(predictions.shape).toEqual([rows, 1]);
  });
});

test('the loss alone when compiled without metrics, as Keras', async () => {
  const model = new Sequential({ seed: 1, layers: [layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const loss = await model.evaluate([[1, 2]], [[3]], { verbose: 0 });
  expect(typeof loss).toBe('number');
});
