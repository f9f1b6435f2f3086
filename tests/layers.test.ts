/**
 * Every layer, as Keras's `run_layer_test` checks it: output shapes, weight counts and shapes,
 * getConfig/fromConfig round trips, Keras-voiced errors; forward values against Keras's formulas
 * (keras/src/layers/**); and gradients through the public API — one SGD step against central
 * differences of `evaluate`.
 */
import { input, layers, model, optimizers, regularizers, Sequential, Tensor, ValueError } from 'kerasm';

type Layer = layers.Layer;

const f32 = (values: number[], shape: number[]) => new Tensor<'float32'>(Float32Array.from(values), shape);

describe('shapes, parameter counts and config round trips', () => {
  const cases: [string, () => Layer, number[] | number[][], number[], number][] = [
    ['dense', () => layers.dense({ units: 3, activation: 'relu', kernelRegularizer: regularizers.l2(0.01) }), [4], [3], 15],
    ['dense on rank 3', () => layers.dense({ units: 2, useBias: false }), [5, 4], [5, 2], 8],
    ['activation', () => layers.activation({ activation: 'tanh' }), [4], [4], 0],
    ['dropout', () => layers.dropout({ rate: 0.3, seed: 7 }), [6], [6], 0],
    ['flatten', () => layers.flatten(), [2, 3, 4], [24], 0],
    ['reshape', () => layers.reshape({ targetShape: [4, -1] }), [12], [4, 3], 0],
    ['batchNormalization', () => layers.batchNormalization({ momentum: 0.9 }), [5], [5], 20],
    ['batchNormalization without scale/center', () => layers.batchNormalization({ center: false, scale: false }), [5], [5], 10],
    ['layerNormalization', () => layers.layerNormalization(), [3, 6], [3, 6], 12],
    ['embedding', () => layers.embedding({ inputDim: 50, outputDim: 8, embeddingsRegularizer: 'l1' }), [10], [10, 8], 400],
    ['concatenate', () => layers.concatenate(), [[2, 3], [2, 5]], [2, 8], 0],
    ['concatenate on axis 1', () => layers.concatenate({ axis: 1 }), [[2, 3], [4, 3]], [6, 3], 0],
    ['add', () => layers.add(), [[7], [7], [7]], [7], 0],
  ];

  test.each(cases)('%s', (_, make, inputShape, outputShape, params) => {
    const layer = make();
    expect(layer.computeOutputShape(inputShape)).toEqual(outputShape);
    const inputs = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as number[][];
    const symbols = inputs.map((shape) => input({ shape }));
    const out = layer.apply(layer.takesList ? symbols : symbols[0]);
    expect(out.shape).toEqual([null, ...outputShape]);
    expect(layer.countParams()).toBe(params);

    const config = layer.getConfig();
    const twin = layers.deserialize(layers.serialize(layer));
    expect(twin.className).toBe(layer.className);
    expect(twin.getConfig()).toEqual(config);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    const viaClass = (layer.constructor as unknown as { fromConfig(c: unknown): Layer }).fromConfig(config);
    expect(viaClass.getConfig()).toEqual(config);
  });

  test('weight names and trainable flags follow Keras', () => {
    const bn = layers.batchNormalization();
    bn.build([[4]]);
    expect(bn.weightSpecs().map((w) => [w.name, w.trainable])).toEqual([
      ['gamma', true],
      ['beta', true],
      ['moving_mean', false],
      ['moving_variance', false],
    ]);
    const emb = layers.embedding({ inputDim: 3, outputDim: 2 });
    expect(emb.getConfig()).toMatchObject({ embeddingsInitializer: 'uniform' });
  });

  test('a layer in a model reads and sets its weights at once, before any compile', async () => {
    const dense = layers.dense({ units: 2, inputShape: [3] });
    expect(dense.getWeights()).toEqual([]);
    const m = new Sequential([dense]);
    dense.setWeights([f32([1, 2, 3, 4, 5, 6], [3, 2]), f32([0.5, -0.5], [2])]);
    expect(Array.from(m.getWeights()[0].data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from((await m.predict(f32([1, 0, 0], [1, 3]))).data)).toEqual([1.5, 1.5]);
    expect(() => dense.setWeights([f32([1], [1])])).toThrow(/weights of layer 'dense.*' must be float32 tensors of shapes \[3, 2\], \[2\]/);
  });

  test('errors in Keras voice', () => {
    expect(() => layers.dropout({ rate: 1.5 })).toThrow(/Expected a float value between 0 and 1. Received: rate=1.5/);
    expect(() => layers.reshape({ targetShape: [-1, -1] })).toThrow(/at most one -1. Received: targetShape=\[-1,-1\]/);
    expect(() => layers.reshape({ targetShape: [5] }).computeOutputShape([12])).toThrow(
      /total size of the new array must be unchanged, input_shape = \[12\], output_shape = \[5\]/,
    );
    expect(() => layers.embedding({ inputDim: 0, outputDim: 2 })).toThrow(/Received: inputDim=0/);
    expect(() => layers.concatenate().computeOutputShape([[2, 3], [3, 3]])).toThrow(/matching shapes except for the concatenation axis/);
    expect(() => layers.add().computeOutputShape([[2], [3]])).toThrow(/same shape. Received: input_shape=\[\(None, 2\), \(None, 3\)\]/);
    expect(() => layers.batchNormalization({ axis: 0 })).toThrow(/Received: axis=0/);
    expect(() => layers.batchNormalization({ axis: 3 }).computeOutputShape([4])).toThrow(/Received: axis=3/);
    expect(() => layers.dense({ units: 2, kernelRegularizer: 'l3' as 'l2' })).toThrow(/Could not interpret regularizer identifier.*Received: kernelRegularizer="l3"/);
    expect(() => layers.deserialize({ className: 'Conv2D', config: {} })).toThrow(/Unknown layer class.*Received: className="Conv2D"/);
    expect(() => layers.dense({ units: 2 }).countParams()).toThrow(/isn't built/);
    expect(() => layers.concatenate().apply(input({ shape: [2] }))).toThrow(ValueError);
    expect(() => layers.dense({ units: 2 }).apply(f32([1, 2], [1, 2]) as never)).toThrow(/concrete Tensor/);
  });

  test('a shared layer has one set of weights and refuses inputs that need other weights', () => {
    const shared = layers.dense({ units: 4 });
    shared.apply(input({ shape: [3] }));
    shared.apply(input({ shape: [3] }));
    expect(shared.countParams()).toBe(16);
    expect(() => shared.apply(input({ shape: [5] }))).toThrow(/was built for inputs of shape \(None, 3\).*Received: input of shape \(None, 5\)/);
  });
});

/** A one-layer model, compiled, with `weights` set when given. */
function single(layer: Layer, inputShape: number[], weights?: Tensor<'float32'>[]) {
  const x = input({ shape: inputShape });
  const m = model({ inputs: x, outputs: layer.apply(x), seed: 1 });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  if (weights) layer.setWeights(weights);
  return m;
}

describe('forward values against Keras formulas', () => {
  const x = f32([0.5, -1, 2, 3, 0.25, -0.75, 1.5, -2], [2, 4]);

  test('BatchNormalization in inference: gamma·(x − moving_mean)/sqrt(moving_var + ε) + beta', async () => {
    const gamma = [1, 2, 0.5, -1];
    const beta = [0, 0.1, -0.2, 0.3];
    const mean = [0.5, 0, 1, -1];
    const variance = [1, 4, 0.25, 2];
    const bn = layers.batchNormalization({ epsilon: 0.001 });
    const m = single(bn, [4], [f32(gamma, [4]), f32(beta, [4]), f32(mean, [4]), f32(variance, [4])]);
    const y = (await m.predict(x)) as Tensor;
    y.data.forEach((v, i) => {
      const c = i % 4;
      const want = (gamma[c] * (x.data[i] - mean[c])) / Math.sqrt(variance[c] + 0.001) + beta[c];
      expect(v).toBeCloseTo(want, 5);
    });
  });

  test('BatchNormalization in training updates the moving statistics as Keras: m·momentum + batch·(1 − momentum)', async () => {
    const bn = layers.batchNormalization({ momentum: 0.9 });
    const inputs = input({ shape: [4] });
    const m = model({ inputs, outputs: bn.apply(inputs), seed: 2 });
    m.compile({ optimizer: optimizers.sgd({ learningRate: 0 + 1e-12 }), loss: 'mse' });
    await m.fit(x, f32(new Array(8).fill(0), [2, 4]), { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    const [, , movingMean, movingVariance] = bn.getWeights();
    for (let c = 0; c < 4; c++) {
      const a = x.data[c];
      const b = x.data[4 + c];
      const batchMean = (a + b) / 2;
      const batchVar = ((a - batchMean) ** 2 + (b - batchMean) ** 2) / 2;
      expect(movingMean.data[c]).toBeCloseTo(0 * 0.9 + batchMean * 0.1, 5);
      expect(movingVariance.data[c]).toBeCloseTo(1 * 0.9 + batchVar * 0.1, 5);
    }
    expect(m.weightInfo.filter((w) => !w.trainable).map((w) => w.name)).toEqual([`${bn.name}/moving_mean`, `${bn.name}/moving_variance`]);
  });

  test('LayerNormalization: per sample, (x − mean)/sqrt(var + ε)·gamma + beta', async () => {
    const gamma = [1, -2, 0.5, 3];
    const beta = [0.5, 0, -1, 0.25];
    const ln = layers.layerNormalization();
    const y = (await single(ln, [4], [f32(gamma, [4]), f32(beta, [4])]).predict(x)) as Tensor;
    for (let r = 0; r < 2; r++) {
      const row = Array.from(x.data.slice(r * 4, r * 4 + 4));
      const mean = row.reduce((a, b) => a + b) / 4;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      row.forEach((v, c) => expect(y.data[r * 4 + c]).toBeCloseTo(((v - mean) / Math.sqrt(variance + 0.001)) * gamma[c] + beta[c], 5));
    }
  });

  test('Embedding looks rows up; an index outside [0, inputDim) is a ValueError, not a trap', async () => {
    const table = Array.from({ length: 15 }, (_, i) => i / 10);
    const emb = layers.embedding({ inputDim: 5, outputDim: 3 });
    const m = single(emb, [2], [f32(table, [5, 3])]);
    const y = (await m.predict(f32([4, 0, 2, 2], [2, 2]))) as Tensor;
    expect(Array.from(y.data).map((v) => Math.round(v * 10))).toEqual([12, 13, 14, 0, 1, 2, 6, 7, 8, 6, 7, 8]);
    const error = await m.predict(f32([5, 0], [1, 2])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).code).toBe('INDEX_OUT_OF_RANGE');
  });

  test('Dropout is the identity in inference; Flatten and Reshape keep the values in order', async () => {
    const y = (await single(layers.dropout({ rate: 0.5 }), [4]).predict(x)) as Tensor;
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
    const flat = (await single(layers.reshape({ targetShape: [2, 2] }), [4]).predict(x)) as Tensor;
    expect(flat.shape).toEqual([2, 2, 2]);
    expect(Array.from(flat.data)).toEqual(Array.from(x.data));
  });

  test('Concatenate and Add', async () => {
    const a = input({ shape: [2] });
    const b = input({ shape: [3] });
    const c = input({ shape: [2] });
    const m = model({ inputs: [a, b, c], outputs: [layers.concatenate().apply([a, b]), layers.add().apply([a, c])] });
    const [cat, sum] = (await m.predict([f32([1, 2, 3, 4], [2, 2]), f32([5, 6, 7, 8, 9, 10], [2, 3]), f32([0.5, 0.5, 1, 1], [2, 2])])) as Tensor[];
    expect(Array.from(cat.data)).toEqual([1, 2, 5, 6, 7, 3, 4, 8, 9, 10]);
    expect(Array.from(sum.data)).toEqual([1.5, 2.5, 4, 5]);
  });

  test('Dropout in training drops about `rate` and scales the rest by 1/(1 − rate), the same way for the same seed', async () => {
    // With an identity kernel and MSE against 0, the training loss is the mean of the squared
    // dropped-and-scaled inputs: E = (1 − rate)·(1/(1 − rate))² · mean(x²) = mean(x²)/(1 − rate).
    const rate = 0.25;
    const run = async () => {
      const inputs = input({ shape: [400] });
      const dense = layers.dense({ units: 1, useBias: false });
      const m = model({ inputs, outputs: dense.apply(layers.dropout({ rate, seed: 3 }).apply(inputs)), seed: 9 });
      m.compile({ optimizer: optimizers.sgd({ learningRate: 1e-9 }), loss: 'mse' });
      dense.setWeights([f32(new Array(400).fill(1), [400, 1])]);
      const xs = f32(Array.from({ length: 400 * 50 }, (_, i) => ((i * 7919) % 13) / 13 - 0.5), [50, 400]);
      const history = await m.fit(xs, f32(new Array(50).fill(0), [50]), { epochs: 1, batchSize: 50, verbose: 0, shuffle: false });
      const evaluated = (await m.evaluate(xs, f32(new Array(50).fill(0), [50]), { verbose: 0, batchSize: 50 })) as number;
      return [history.history.loss[0], evaluated];
    };
    const [train, test] = await run();
    // Without dropout the output is Σx; with it each term is kept w.p. 0.75 and scaled by 4/3,
    // so the training loss differs from the (deterministic) evaluation loss, and repeats.
    expect(train).not.toBeCloseTo(test, 3);
    expect(await run()).toEqual([train, test]);
  });
});

/**
 * Gradient check through the API: with SGD at rate η and one full batch, the weights move by
 * −η·∇loss; the gradient is compared with central differences of `evaluate`'s loss.
 */
async function gradientCheck(build: (x: ReturnType<typeof input>[]) => ReturnType<typeof input>, inputShapes: number[][], data: Tensor<'float32'>[], y: Tensor<'float32'>) {
  const xs = inputShapes.map((shape) => input({ shape }));
  const m = model({ inputs: xs, outputs: build(xs), seed: 4 });
  const lr = 1e-3;
  m.compile({ optimizer: optimizers.sgd({ learningRate: lr }), loss: 'mse' });
  const w0 = m.getWeights();
  const rows = y.shape[0];
  const loss = async (weights: Tensor<'float32'>[]) => {
    m.setWeights(weights);
    return (await m.evaluate(data, y, { verbose: 0, batchSize: rows })) as number;
  };
  const numeric: number[] = [];
  const h = 1e-2;
  for (let k = 0; k < w0.length; k++) {
    for (let i = 0; i < w0[k].size; i++) {
      const shifted = (delta: number) => w0.map((w, j) => (j === k ? f32(Array.from(w.data, (v, n) => (n === i ? v + delta : v)), [...w.shape]) : w));
      numeric.push(((await loss(shifted(h))) - (await loss(shifted(-h)))) / (2 * h));
    }
  }
  m.setWeights(w0);
  await m.fit(data, y, { epochs: 1, batchSize: rows, shuffle: false, verbose: 0 });
  const w1 = m.getWeights();
  const analytic = w0.flatMap((w, k) => Array.from(w.data, (v, i) => (v - w1[k].data[i]) / lr));
  const scale = Math.max(...numeric.map(Math.abs), 1e-3);
  analytic.forEach((g, i) => expect(Math.abs(g - numeric[i]) / scale).toBeLessThan(0.02));
}

describe('gradients through the public API', () => {
  const rows = 5;
  const data = (n: number, seed: number) => f32(Array.from({ length: rows * n }, (_, i) => Math.sin(i * 1.7 + seed)), [rows, n]);

  test('layerNormalization', async () => {
    await gradientCheck(([x]) => layers.dense({ units: 2 }).apply(layers.layerNormalization().apply(x)), [[4]], [data(4, 1)], data(2, 2));
  });

  test('embedding', async () => {
    const idx = f32([0, 3, 1, 2, 2, 0, 4, 4, 1, 3], [rows, 2]);
    await gradientCheck(([x]) => layers.dense({ units: 1 }).apply(layers.flatten().apply(layers.embedding({ inputDim: 5, outputDim: 2 }).apply(x))), [[2]], [idx], data(1, 3));
  });

  test('concatenate, add, reshape and a shared dense', async () => {
    await gradientCheck(
      ([a, b]) => {
        const shared = layers.dense({ units: 3, activation: 'tanh' });
        const merged = layers.concatenate().apply([shared.apply(a), shared.apply(b)]);
        const summed = layers.add().apply([shared.apply(a), layers.dense({ units: 3 }).apply(b)]);
        const both = layers.concatenate().apply([merged, summed]);
        return layers.dense({ units: 1 }).apply(layers.flatten().apply(layers.reshape({ targetShape: [3, 3] }).apply(both)));
      },
      [[2], [2]],
      [data(2, 4), data(2, 5)],
      data(1, 6),
    );
  });

  test('regularizers add their gradient (kernel l1l2, bias l2, activity l2)', async () => {
    await gradientCheck(
      ([x]) =>
        layers
          .dense({
            units: 2,
            activation: 'tanh',
            kernelRegularizer: regularizers.l1l2({ l1: 0.01, l2: 0.02 }),
            biasRegularizer: regularizers.l2(0.03),
            activityRegularizer: regularizers.l2(0.05),
          })
          .apply(x),
      [[3]],
      [data(3, 7)],
      data(2, 8),
    );
  });
});

test('a Sequential stack of the new layers trains and predicts', async () => {
  const m = new Sequential({ seed: 5 });
  m.add(input({ shape: [6] }));
  m.add(layers.reshape({ targetShape: [2, 3] }));
  m.add(layers.layerNormalization());
  m.add(layers.flatten());
  m.add(layers.dense({ units: 8, activation: 'relu' }));
  m.add(layers.batchNormalization());
  m.add(layers.dropout({ rate: 0.2 }));
  m.add(layers.dense({ units: 1 }));
  m.compile({ optimizer: 'adam', loss: 'mse' });
  const xs = f32(Array.from({ length: 60 }, (_, i) => Math.cos(i)), [10, 6]);
  const ys = f32(Array.from({ length: 10 }, (_, i) => i / 10), [10]);
  const history = await m.fit(xs, ys, { epochs: 5, batchSize: 5, verbose: 0 });
  expect(history.history.loss).toHaveLength(5);
  expect((await m.predict(xs)).shape).toEqual([10, 1]);
  expect(m.countParams()).toBe(6 + 56 + 32 + 9);
});
