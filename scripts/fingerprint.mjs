// Trains a fixed set of small models (every layer kind, every optimizer, sparse and dense input,
// 1 and 2 threads) from fixed seeds and prints a SHA-256 of each model's weights, predictions and
// loss history. A refactor that must not change numerics leaves every line identical:
//   node scripts/fingerprint.mjs > before.txt   (on the old commit, after npm run build)
//   node scripts/fingerprint.mjs > after.txt && diff before.txt after.txt
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const k = require('../dist/index.cjs');
const { layers, Sequential, model: functionalModel, input, Tensor, SparseTensor, setThreads } = k;

function data(rows, width, seed) {
  const rng = new k.Random(seed);
  const x = new Float32Array(rows * width);
  for (let i = 0; i < x.length; i++) x[i] = rng.nextFloat() * 2 - 1;
  return new Tensor(x, [rows, width]);
}

function labels(rows, classes, seed) {
  const rng = new k.Random(seed);
  return new Tensor(Float32Array.from({ length: rows }, () => rng.nextInt(classes)), [rows]);
}

function hash(...arrays) {
  const h = createHash('sha256');
  for (const a of arrays) h.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex').slice(0, 16);
}

/** A CSR input with a few ones per row. */
function sparseRows(rows, width) {
  const indptr = [0];
  const indices = [];
  for (let r = 0; r < rows; r++) {
    for (let c = r % 5; c < width; c += 7) indices.push(c);
    indptr.push(indices.length);
  }
  return new SparseTensor(Int32Array.from(indptr), Int32Array.from(indices), new Float32Array(indices.length).fill(1), [rows, width]);
}

async function fingerprint(name, build, x, y, compileArgs, fitArgs = {}) {
  const model = build();
  model.compile(compileArgs);
  const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 7, ...fitArgs });
  const weights = model.getWeights().map((w) => w.data);
  const predicted = await model.predict(x, { verbose: 0 });
  const outputs = Array.isArray(predicted) ? predicted : [predicted];
  const losses = Float64Array.from(history.history.loss);
  console.log(`${name}: weights ${hash(...weights)} predict ${hash(...outputs.map((t) => t.data))} loss ${hash(losses)}`);
  model.dispose();
}

const x = data(64, 12, 1);
const y = labels(64, 3, 2);
const yReg = data(64, 1, 3);

const cases = [
  ['dense-relu-softmax-adam', () => new Sequential({ seed: 1, layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [12] }), layers.dense({ units: 3, activation: 'softmax' })] }), x, y, { optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['acc'] }],
  ['dense-dropout-rmsprop', () => new Sequential({ seed: 2, layers: [layers.dense({ units: 16, activation: 'tanh', inputShape: [12], kernelRegularizer: k.regularizers.l2(0.01) }), layers.dropout({ rate: 0.3 }), layers.dense({ units: 1 })] }), x, yReg, { optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'] }],
  ['batchnorm-sgd', () => new Sequential({ seed: 3, layers: [layers.dense({ units: 8, inputShape: [12] }), layers.batchNormalization(), layers.activation({ activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })] }), x, y, { optimizer: k.optimizers.sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }), loss: 'sparse_categorical_crossentropy' }],
  ['layernorm-adamw', () => new Sequential({ seed: 4, layers: [layers.dense({ units: 8, activation: 'sigmoid', inputShape: [12] }), layers.layerNormalization(), layers.dense({ units: 1, activation: 'sigmoid' })] }), x, new Tensor(y.data.map((v) => (v > 0 ? 1 : 0)), [64]), { optimizer: 'adamw', loss: 'binary_crossentropy', metrics: ['acc'] }],
  ['embedding-flatten-nadam', () => new Sequential({ seed: 5, layers: [layers.embedding({ inputDim: 20, outputDim: 4, inputShape: [6] }), layers.flatten(), layers.dense({ units: 3, activation: 'softmax' })] }), new Tensor(Float32Array.from({ length: 64 * 6 }, (_, i) => (i * 7) % 20), [64, 6]), y, { optimizer: 'nadam', loss: 'sparse_categorical_crossentropy' }],
  ['reshape-adamax-huber', () => new Sequential({ seed: 6, layers: [layers.reshape({ targetShape: [3, 4], inputShape: [12] }), layers.dense({ units: 2, activation: 'tanh' }), layers.flatten(), layers.dense({ units: 1 })] }), x, yReg, { optimizer: 'adamax', loss: 'huber' }],
  ['functional-concat-add', () => {
    const a = input({ shape: [12], name: 'a' });
    const h1 = layers.dense({ units: 6, activation: 'relu' }).apply(a);
    const h2 = layers.dense({ units: 6, activation: 'sigmoid' }).apply(a);
    const s = layers.add().apply([h1, h2]);
    const c = layers.concatenate().apply([s, h1]);
    const out = layers.dense({ units: 3, activation: 'softmax', name: 'out' }).apply(c);
    return functionalModel({ inputs: a, outputs: out, seed: 8 });
  }, x, y, { optimizer: 'adagrad', loss: 'sparse_categorical_crossentropy' }],
  ['sparse-input-dense', () => new Sequential({ seed: 9, layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [40] }), layers.dense({ units: 1, activation: 'sigmoid' })] }),
    sparseRows(64, 40), new Tensor(y.data.map((v) => v % 2), [64]), { optimizer: 'adadelta', loss: 'binary_crossentropy' }],
  // Big enough per batch (256 × 512 × 128 multiply-adds) that the pool splits the work.
  ['pool-sized-dense', () => new Sequential({ seed: 10, layers: [layers.dense({ units: 128, activation: 'relu', inputShape: [512] }), layers.dense({ units: 10, activation: 'softmax' })] }), data(1024, 512, 11), labels(1024, 10, 12), { optimizer: 'adam', loss: 'sparse_categorical_crossentropy' }, { batchSize: 256 }],
];

for (const threads of [1, 2]) {
  await setThreads(threads);
  for (const [name, build, xs, ys, compileArgs, fitArgs] of cases) {
    await fingerprint(`${name} (${threads} thread${threads > 1 ? 's' : ''})`, build, xs, ys, compileArgs, fitArgs);
  }
}
