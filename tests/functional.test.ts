/**
 * The functional API (keras/src/models/functional.py): inputs, layer calls, several inputs and
 * outputs, shared layers, per-output losses, loss weights and metric names.
 */
import { Functional, input, layers, model, optimizers, Random, Sequential, Tensor, ValueError } from 'kerasm';

const f32 = (values: ArrayLike<number>, shape: number[]) => new Tensor<'float32'>(Float32Array.from(values), shape);

/** Two inputs; `priority` = [title sum > 0], `department` = argmax of the body's first 3 features. */
function ticketData(rows: number, seed: number) {
  const rng = new Random(seed);
  const title = Array.from({ length: rows * 6 }, () => rng.nextFloat() * 2 - 1);
  const body = Array.from({ length: rows * 8 }, () => rng.nextFloat() * 2 - 1);
  const priority: number[] = [];
  const department: number[] = [];
  for (let r = 0; r < rows; r++) {
    priority.push(title.slice(r * 6, r * 6 + 6).reduce((a, b) => a + b) > 0 ? 1 : 0);
    const first = body.slice(r * 8, r * 8 + 3);
    const best = first.indexOf(Math.max(...first));
    department.push(...[0, 1, 2].map((c) => (c === best ? 1 : 0)));
  }
  return {
    title: f32(title, [rows, 6]),
    body: f32(body, [rows, 8]),
    priority: f32(priority, [rows, 1]),
    department: f32(department, [rows, 3]),
  };
}

function ticketModel(seed: number): Functional {
  const title = input({ shape: [6], name: 'title' });
  const body = input({ shape: [8], name: 'body' });
  const features = layers.concatenate().apply([
    layers.dense({ units: 16, activation: 'relu' }).apply(title),
    layers.dense({ units: 16, activation: 'relu' }).apply(body),
  ]);
  const priority = layers.dense({ units: 1, activation: 'sigmoid', name: 'priority' }).apply(features);
  const department = layers.dense({ units: 3, activation: 'softmax', name: 'department' }).apply(features);
  return model({ inputs: [title, body], outputs: [priority, department], seed });
}

describe('a two-input, two-output model', () => {
  const train = ticketData(600, 1);
  const heldOut = ticketData(200, 2);

  test('learns both tasks; history has the total and per-output losses and metrics', async () => {
    const m = ticketModel(3);
    expect(m.inputNames).toEqual(['title', 'body']);
    expect(m.outputNames).toEqual(['priority', 'department']);
    m.compile({
      optimizer: optimizers.adam({ learningRate: 0.01 }),
      loss: { priority: 'binary_crossentropy', department: 'categorical_crossentropy' },
      lossWeights: [1, 0.5],
      metrics: { priority: ['acc'], department: ['acc'] },
    });
    const history = await m.fit({ title: train.title, body: train.body }, [train.priority, train.department], {
      epochs: 15,
      batchSize: 32,
      validationData: [[heldOut.title, heldOut.body], { priority: heldOut.priority, department: heldOut.department }],
      verbose: 0,
    });
    const keys = Object.keys(history.history).sort();
    expect(keys).toEqual(
      ['loss', 'priority_loss', 'department_loss', 'priority_acc', 'department_acc'].flatMap((k) => [k, `val_${k}`]).sort(),
    );
    expect(m.metricsNames[0]).toBe('loss');
    const results = (await m.evaluate([heldOut.title, heldOut.body], [heldOut.priority, heldOut.department], { verbose: 0 })) as number[];
    const named = Object.fromEntries(m.metricsNames.map((n, i) => [n, results[i]]));
    expect(named.priority_acc).toBeGreaterThan(0.9);
    expect(named.department_acc).toBeGreaterThan(0.85);
    // Keras's total: Σ weight · output loss.
    expect(named.loss).toBeCloseTo(named.priority_loss + 0.5 * named.department_loss, 5);
    const [p, d] = (await m.predict([heldOut.title, heldOut.body])) as Tensor[];
    expect(p.shape).toEqual([200, 1]);
    expect(d.shape).toEqual([200, 3]);
  });

  test('data for several inputs must say which array goes where', async () => {
    const m = ticketModel(4);
    m.compile({ optimizer: 'adam', loss: ['binary_crossentropy', 'categorical_crossentropy'] });
    await expect(m.fit(train.title, [train.priority, train.department], { verbose: 0 })).rejects.toThrow(
      /The model has 2 inputs \(title, body\).*Received: a single array/,
    );
    await expect(m.fit({ title: train.title, bdy: train.body }, [train.priority, train.department], { verbose: 0 })).rejects.toThrow(
      /must be the model's input names: title, body. Received: key\(s\) bdy/,
    );
    await expect(m.fit([train.title, heldOut.body], [train.priority, train.department], { verbose: 0 })).rejects.toThrow(/Data cardinality is ambiguous/);
    expect(() => m.compile({ optimizer: 'adam', loss: ['mse'] })).toThrow(/one entry per model output \(priority, department\)/);
    expect(() => m.compile({ optimizer: 'adam', loss: { priority: 'mse' } as never })).toThrow(/keys of `loss` must be the model's output names/);
  });

  test('one loss for every output, flat metrics for every output', async () => {
    const m = ticketModel(5);
    m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const results = (await m.evaluate([heldOut.title, heldOut.body], [heldOut.priority, heldOut.department], { verbose: 0 })) as number[];
    expect(m.metricsNames.sort()).toEqual(['department_loss', 'department_mae', 'loss', 'priority_loss', 'priority_mae'].sort());
    expect(results).toHaveLength(5);
  });
});

test('a shared layer: one set of weights, used by both branches (a siamese distance)', async () => {
  const a = input({ shape: [4], name: 'a' });
  const b = input({ shape: [4], name: 'b' });
  const encoder = layers.dense({ units: 3, name: 'encoder' });
  const diff = layers.add().apply([encoder.apply(a), layers.activation({ activation: 'linear' }).apply(encoder.apply(b))]);
  const m = model({ inputs: [a, b], outputs: layers.dense({ units: 1, name: 'score' }).apply(diff), seed: 6 });
  expect(m.weightInfo.map((w) => w.name)).toEqual(['encoder/kernel', 'encoder/bias', 'score/kernel', 'score/bias']);
  expect(m.countParams()).toBe(15 + 4);
  // The same inputs on both sides give the same encoding twice.
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = f32([1, 2, 3, 4], [1, 4]);
  const [kernel, bias] = encoder.getWeights();
  const [scoreKernel, scoreBias] = m.getWeights().slice(2);
  const encoded = [0, 1, 2].map((j) => [0, 1, 2, 3].reduce((s, i) => s + x.data[i] * kernel.data[i * 3 + j], bias.data[j]));
  const want = encoded.reduce((s, e, j) => s + 2 * e * scoreKernel.data[j], scoreBias.data[0]);
  expect(((await m.predict([x, x])) as Tensor).data[0]).toBeCloseTo(want, 4);
});

test('graph errors: disconnected inputs, duplicate names, inputs that are not input()', () => {
  const a = input({ shape: [2] });
  const b = input({ shape: [2] });
  const out = layers.dense({ units: 1 }).apply(b);
  expect(() => model({ inputs: a, outputs: out })).toThrow(/Graph disconnected/);
  const hidden = layers.dense({ units: 2 }).apply(a);
  expect(() => model({ inputs: hidden, outputs: out })).toThrow(/must be tensors made by input/);
  const c = input({ shape: [2] });
  const twin = layers.dense({ units: 1, name: 'same' }).apply(layers.dense({ units: 2, name: 'same' }).apply(c));
  expect(() => model({ inputs: c, outputs: twin })).toThrow(/unique names/);
  expect(() => layers.dense({ units: 1 }).apply([a, b])).toThrow(/takes a single input tensor/);
  expect(() => new Sequential([layers.dense({ units: 2, inputShape: [2] }), layers.concatenate()])).toThrow(/functional API/);
  expect(() => model({ inputs: { wrong: a }, outputs: layers.dense({ units: 1 }).apply(a) })).toThrow(ValueError);
});

test('a model built on trained layers starts from their weights, as Keras layers share them', async () => {
  const x = input({ shape: [3] });
  const hidden = layers.dense({ units: 4, activation: 'relu' });
  const h = hidden.apply(x);
  const full = model({ inputs: x, outputs: layers.dense({ units: 1 }).apply(h), seed: 8 });
  full.compile({ optimizer: 'sgd', loss: 'mse' });
  await full.fit(f32([1, 2, 3, 4, 5, 6], [2, 3]), f32([1, 2], [2]), { epochs: 3, verbose: 0 });
  const trained = hidden.getWeights();
  const features = model({ inputs: x, outputs: h, seed: 99 });
  expect(features.getWeights().map((w) => Array.from(w.data))).toEqual(trained.map((w) => Array.from(w.data)));
});
