/**
 * Save and load: `.kerasm` files (a zip of Keras 3's config.json, metadata.json and float32
 * weight and optimizer buffers), in-memory artifacts, JSON architectures, weights-only files and
 * ModelCheckpoint. A loaded model predicts bit for bit as the original and continues training as
 * the original would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  callbacks,
  Functional,
  input,
  layers,
  loadModel,
  loadModelFromBuffers,
  type Model,
  model,
  modelFromJSON,
  ops,
  optimizers,
  Random,
  regularizers,
  Sequential,
  type SymbolicTensor,
  Tensor,
  ValueError,
} from 'kerasm';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-saving-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function data(rows: number, width: number, seed: number): Tensor<'float32'> {
  const rng = new Random(seed);
  return new Tensor(Float32Array.from({ length: rows * width }, () => rng.nextFloat() * 2 - 1), [rows, width]);
}

const bits = (t: Tensor) => Buffer.from((t.data as Float32Array).buffer, t.data.byteOffset, t.data.byteLength);
const sameBits = (a: Tensor | Tensor[], b: Tensor | Tensor[]) => {
  const [xs, ys] = [Array.isArray(a) ? a : [a], Array.isArray(b) ? b : [b]];
  expect(xs.length).toBe(ys.length);
  xs.forEach((t, i) => {
    expect(t.shape).toEqual(ys[i].shape);
    expect(bits(t).equals(bits(ys[i]))).toBe(true);
  });
};

function classifier(seed: number): Sequential {
  const m = new Sequential({ seed, name: 'classifier' });
  m.add(layers.dense({ units: 16, activation: 'relu', inputShape: [10], kernelRegularizer: regularizers.l2(0.001) }));
  m.add(layers.batchNormalization());
  m.add(layers.dropout({ rate: 0.3 }));
  m.add(layers.dense({ units: 3, activation: 'softmax' }));
  m.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['acc'] });
  return m;
}

const x = data(64, 10, 1);
const y = new Tensor(Float32Array.from({ length: 64 }, (_, i) => i % 3), [64]);

test('save → loadModel: same architecture, compile config, bit-identical predictions', async () => {
  const original = classifier(1);
  await original.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 2 });
  const file = path.join(dir, 'classifier.kerasm');
  original.save(file);
  const loaded = loadModel(file);
  expect(loaded).toBeInstanceOf(Sequential);
  expect(loaded.name).toBe('classifier');
  expect(loaded.layers.map((l) => l.className)).toEqual(['Dense', 'BatchNormalization', 'Dropout', 'Dense']);
  expect(loaded.weightInfo).toEqual(original.weightInfo);
  sameBits(await loaded.predict(x), await original.predict(x));
  expect(await loaded.evaluate(x, y, { verbose: 0 })).toEqual(await original.evaluate(x, y, { verbose: 0 }));
  expect(loaded.metricsNames).toEqual(['loss', 'acc']);
  expect(loaded.learningRate).toBeCloseTo(0.01, 7);
});

test('a loaded model continues training exactly as the original (weights, batch-norm statistics, optimizer state)', async () => {
  // Dropout is left out: its masks follow a pass counter the engine does not save.
  const build = () => {
    const m = new Sequential({ seed: 3 });
    m.add(layers.dense({ units: 8, activation: 'tanh', inputShape: [10] }));
    m.add(layers.batchNormalization());
    m.add(layers.dense({ units: 3, activation: 'softmax' }));
    m.compile({ optimizer: optimizers.nadam({ learningRate: 0.01, clipnorm: 1 }), loss: 'sparse_categorical_crossentropy' });
    return m;
  };
  const straight = build();
  await straight.fit(x, y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0 });

  const first = build();
  await first.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
  const file = path.join(dir, 'resume.kerasm');
  first.save(file);
  const resumed = loadModel(file);
  await resumed.fit(x, y, { epochs: 4, initialEpoch: 2, batchSize: 16, shuffle: false, verbose: 0 });
  sameBits(resumed.getWeights(), straight.getWeights());

  // Without the optimizer state (a fresh compile), the same weights train differently.
  const recompiled = loadModel(file);
  recompiled.compile({ optimizer: optimizers.nadam({ learningRate: 0.01, clipnorm: 1 }), loss: 'sparse_categorical_crossentropy' });
  await recompiled.fit(x, y, { epochs: 4, initialEpoch: 2, batchSize: 16, shuffle: false, verbose: 0 });
  expect(bits(recompiled.getWeights()[0]).equals(bits(straight.getWeights()[0]))).toBe(false);
});

test('a functional model with shared layers, several outputs, a schedule and a custom loss round-trips', async () => {
  const a = input({ shape: [4], name: 'left' });
  const b = input({ shape: [4], name: 'right' });
  const ids = input({ shape: [3], name: 'ids' });
  const shared = layers.dense({ units: 5, activation: 'relu', name: 'shared' });
  const words = layers.flatten().apply(layers.embedding({ inputDim: 10, outputDim: 2, name: 'words' }).apply(ids));
  const merged = layers.concatenate({ name: 'merged' }).apply([shared.apply(a), shared.apply(b), words]);
  const score = layers.dense({ units: 1, name: 'score' }).apply(layers.layerNormalization().apply(merged));
  const kind = layers.dense({ units: 2, activation: 'softmax', name: 'kind' }).apply(layers.add().apply([shared.apply(a), shared.apply(b)]));
  const original = model({ inputs: [a, b, ids], outputs: [score, kind], seed: 4, name: 'two_heads' });
  const absError = (t: SymbolicTensor, p: SymbolicTensor) => ops.mean(ops.abs(ops.sub(p, t)), -1);
  original.compile({
    optimizer: optimizers.sgd({ learningRate: optimizers.schedules.exponentialDecay({ initialLearningRate: 0.05, decaySteps: 3, decayRate: 0.5 }), momentum: 0.9 }),
    loss: [absError, 'categorical_crossentropy'],
    lossWeights: [1, 0.3],
    metrics: [[], ['acc']],
  });
  const inputs = [data(30, 4, 5), data(30, 4, 6), new Tensor(Float32Array.from({ length: 90 }, (_, i) => (i * 7) % 10), [30, 3])];
  const targets = [data(30, 1, 7), new Tensor(Float32Array.from({ length: 60 }, (_, i) => (i % 2 === (Math.floor(i / 2) % 2) ? 1 : 0)), [30, 2])];
  await original.fit(inputs, targets, { epochs: 2, batchSize: 10, verbose: 0 });

  const artifacts = original.saveToBuffers();
  expect(artifacts.config.class_name).toBe('Functional');
  const config = artifacts.config.config as { layers: { name: string; inbound_nodes: unknown[] }[]; input_layers: unknown; output_layers: unknown };
  expect(config.input_layers).toEqual([['left', 0, 0], ['right', 0, 0], ['ids', 0, 0]]);
  expect(config.output_layers).toEqual([['score', 0, 0], ['kind', 0, 0]]);
  expect(config.layers.find((l) => l.name === 'shared')?.inbound_nodes).toHaveLength(4);
  expect(artifacts.metadata.optimizer?.iterations).toBe(6);

  const loaded = loadModelFromBuffers(artifacts);
  expect(loaded).toBeInstanceOf(Functional);
  expect(loaded.outputNames).toEqual(['score', 'kind']);
  sameBits(await loaded.predict(inputs), await original.predict(inputs));
  // The schedule continues from the saved step count: 0.05·0.5^(6/3).
  expect(loaded.learningRate).toBeCloseTo(0.0125, 7);
  expect(await loaded.evaluate(inputs, targets, { verbose: 0 })).toEqual(await original.evaluate(inputs, targets, { verbose: 0 }));

  // The bytes of a .kerasm file load in any host.
  const file = path.join(dir, 'two_heads.kerasm');
  original.save(file);
  const fromBytes = loadModelFromBuffers(new Uint8Array(fs.readFileSync(file)));
  sameBits(await fromBytes.predict(inputs), await original.predict(inputs));
});

test("toJSON is Keras 3's to_json; modelFromJSON rebuilds the architecture with fresh weights", async () => {
  const m = classifier(5);
  const json = JSON.parse(m.toJSON());
  expect(json).toMatchObject({ module: 'keras', class_name: 'Sequential', registered_name: null, build_config: { input_shape: [null, 10] } });
  expect(json.config.layers[0]).toEqual({
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: { batch_shape: [null, 10], dtype: 'float32', sparse: false, ragged: false, name: m.graph.inputs[0].name },
    registered_name: null,
  });
  expect(json.config.layers[1].config).toMatchObject({
    units: 16,
    activation: 'relu',
    use_bias: true,
    kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
    kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.001 }, registered_name: null },
  });
  expect(json.compile_config.optimizer).toMatchObject({ class_name: 'Adam', config: { name: 'adam', learning_rate: 0.01 } });
  const twin = modelFromJSON(m.toJSON());
  expect(twin.toJSON()).toBe(m.toJSON());
  twin.setWeights(m.getWeights());
  sameBits(await twin.predict(x), await m.predict(x));
  expect(() => modelFromJSON('{"class_name": "Sequential"}')).toThrow(/needs \{ class_name, config: \{ layers/);
  expect(() => modelFromJSON('{ nope')).toThrow(ValueError);
});

test('saveWeights / loadWeights into another instance of the architecture, with the optimizer state', async () => {
  const m = classifier(6);
  await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
  const file = path.join(dir, 'w.weights.kerasm');
  m.saveWeights(file);
  const other = classifier(7);
  other.loadWeights(file);
  sameBits(other.getWeights(), m.getWeights());
  expect(other.getOptimizerState().iterations).toBe(2);
  const wrong = new Sequential([layers.dense({ units: 2, inputShape: [10] })]);
  expect(() => wrong.loadWeights(file)).toThrow(/does not fit this model/);
  expect(() => m.saveWeights(path.join(dir, 'w.h5'))).toThrow(/must end in `.weights.kerasm`/);
  expect(() => m.save(path.join(dir, 'm.keras'))).toThrow(/must end in `.kerasm`/);
  expect(() => loadModel(path.join(dir, 'missing.kerasm'))).toThrow(/the file does not exist/);
  expect(() => loadModel(file)).toThrow(/weights only/);
});

describe('modelCheckpoint', () => {
  test('writes one file per epoch with {epoch:02d} and {val_loss:.2f} in the name', async () => {
    const m = classifier(8);
    const template = path.join(dir, 'ckpt', 'model-{epoch:02d}-{val_loss:.2f}.kerasm');
    const history = await m.fit(x, y, { epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0, callbacks: [callbacks.modelCheckpoint({ filepath: template })] });
    const names = fs.readdirSync(path.join(dir, 'ckpt')).sort();
    expect(names).toEqual(history.history.val_loss.map((v, i) => `model-0${i + 1}-${v.toFixed(2)}.kerasm`).sort());
    const last = loadModel(path.join(dir, 'ckpt', names.find((n) => n.startsWith('model-03')) as string));
    sameBits(await last.predict(x), await m.predict(x));
  });

  test('saveBestOnly keeps the best epoch; saveWeightsOnly writes weights', async () => {
    const m = classifier(9);
    const best = path.join(dir, 'best.weights.kerasm');
    const checkpoint = callbacks.modelCheckpoint({ filepath: best, monitor: 'val_loss', saveBestOnly: true, saveWeightsOnly: true });
    const xVal = data(20, 10, 3);
    const yVal = new Tensor(new Float32Array(20), [20]);
    const history = await m.fit(x, y, { epochs: 6, batchSize: 16, validationData: [xVal, yVal], verbose: 0, callbacks: [checkpoint] });
    const losses = history.history.val_loss;
    expect(checkpoint.best).toBe(Math.min(...losses));
    // The file holds the weights of the best epoch: they score exactly the best val_loss.
    const restored = classifier(10);
    restored.loadWeights(best);
    expect(await restored.evaluate(xVal, yVal, { verbose: 0, batchSize: 16 })).toEqual([Math.min(...losses), expect.any(Number)]);
    expect(() => callbacks.modelCheckpoint({ filepath: 'x.kerasm', saveWeightsOnly: true })).toThrow(/must end in `.weights.kerasm`/);
    expect(() => callbacks.modelCheckpoint({ filepath: 'x.h5' })).toThrow(/must end in `.kerasm`/);
  });
});

test('a model saved untrained and uncompiled loads as such', () => {
  const m = new Sequential([layers.dense({ units: 2, inputShape: [3] })]) as Model;
  const loaded = loadModelFromBuffers(m.saveToBuffers());
  expect(loaded.isCompiled).toBe(false);
  sameBits(loaded.getWeights(), m.getWeights());
});
