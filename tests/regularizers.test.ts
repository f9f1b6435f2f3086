/**
 * Regularizers (keras/src/regularizers/regularizers.py): `l1·Σ|w| + l2·Σw²`, added to the loss by
 * Keras 3's trainer in training and in evaluation, so it shows in `loss` and `val_loss` alike.
 */
import { layers, optimizers, regularizers, Sequential, Tensor } from 'kerasm';

const f32 = (values: number[], shape: number[]) => new Tensor<'float32'>(Float32Array.from(values), shape);

const kernel = [0.5, -1, 2, 0.25, -0.75, 1.5];
const bias = [0.1, -0.2];
const x = f32([1, 2, -1, 0.5, 0, 3], [2, 3]);
const y = f32([0, 1, 1, 0], [2, 2]);

/** MSE of the linear map x·kernel + bias against y, in float64. */
function mse(): number {
  let sum = 0;
  for (let r = 0; r < 2; r++) {
    for (let j = 0; j < 2; j++) {
      let out = bias[j];
      for (let i = 0; i < 3; i++) out += x.data[r * 3 + i] * kernel[i * 2 + j];
      sum += (out - y.data[r * 2 + j]) ** 2;
    }
  }
  return sum / 4;
}

function regularized(args: Parameters<typeof layers.dense>[0]): Sequential {
  const m = new Sequential([layers.dense({ ...args, inputShape: [3] })]);
  m.setWeights([f32(kernel, [3, 2]), f32(bias, [2])]);
  m.compile({ optimizer: optimizers.sgd({ learningRate: 1e-9 }), loss: 'mse' });
  return m;
}

test('kernel l2 and bias l1 penalties are added to the loss, in evaluate, fit and validation', async () => {
  const m = regularized({ units: 2, kernelRegularizer: regularizers.l2(0.01), biasRegularizer: regularizers.l1(0.1) });
  const penalty = 0.01 * kernel.reduce((s, w) => s + w * w, 0) + 0.1 * bias.reduce((s, b) => s + Math.abs(b), 0);
  expect(await m.evaluate(x, y, { verbose: 0 })).toBeCloseTo(mse() + penalty, 5);
  const history = await m.fit(x, y, { epochs: 1, batchSize: 2, shuffle: false, validationData: [x, y], verbose: 0 });
  expect(history.history.loss[0]).toBeCloseTo(mse() + penalty, 5);
  expect(history.history.val_loss[0]).toBeCloseTo(mse() + penalty, 4);
});

test('l1l2 (and its Keras name l1_l2) adds both terms; names give Keras defaults', async () => {
  const both = regularized({ units: 2, kernelRegularizer: regularizers.l1_l2({ l1: 0.01, l2: 0.02 }) });
  const penalty = 0.01 * kernel.reduce((s, w) => s + Math.abs(w), 0) + 0.02 * kernel.reduce((s, w) => s + w * w, 0);
  expect(await both.evaluate(x, y, { verbose: 0 })).toBeCloseTo(mse() + penalty, 5);
  expect(regularizers.get('l2')?.l2).toBe(0.01);
  expect(regularizers.l1().l1).toBe(0.01);
  expect(regularizers.l1l2()).toMatchObject({ l1: 0, l2: 0 });
  expect(regularizers.serialize(regularizers.l2(0.5))).toEqual({ className: 'L2', config: { l2: 0.5 } });
  expect(() => regularizers.l2(-1)).toThrow(/Received: l2=-1/);
});

test('an activity regularizer penalises the outputs of each sample', async () => {
  const m = regularized({ units: 2, activityRegularizer: regularizers.l2(0.05) });
  const outputs = ((await m.predict(x)) as Tensor).data;
  // One sample per batch: the penalty of a batch is that sample's l2·Σa², and the loss is the
  // mean over batches.
  let want = 0;
  for (let r = 0; r < 2; r++) {
    let sample = 0;
    for (let j = 0; j < 2; j++) {
      let out = bias[j];
      for (let i = 0; i < 3; i++) out += x.data[r * 3 + i] * kernel[i * 2 + j];
      sample += (out - y.data[r * 2 + j]) ** 2 / 2;
      expect(outputs[r * 2 + j]).toBeCloseTo(out, 5);
    }
    want += sample + 0.05 * (outputs[r * 2] ** 2 + outputs[r * 2 + 1] ** 2);
  }
  expect(await m.evaluate(x, y, { verbose: 0, batchSize: 1 })).toBeCloseTo(want / 2, 5);
});

test('an embedding regularizer penalises the whole table', async () => {
  const m = new Sequential([layers.embedding({ inputDim: 3, outputDim: 2, inputShape: [1], embeddingsRegularizer: regularizers.l1(0.1) }), layers.flatten()]);
  const table = [0.5, -0.5, 1, 2, -3, 0];
  m.setWeights([f32(table, [3, 2])]);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  const loss = (await m.evaluate(f32([1], [1, 1]), f32([1, 2], [1, 2]), { verbose: 0 })) as number;
  expect(loss).toBeCloseTo(0 + 0.1 * table.reduce((s, v) => s + Math.abs(v), 0), 5);
});
