/**
 * What the documentation's examples take for granted: the notes' IMDB model (`model`), the
 * README's two-input functional model (`m`), data of the right shapes (`x`, `xTrain`, …), a
 * `.npy` file's bytes. Small, so every example runs in a moment; built fresh for each example.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { input, layers, model as functionalModel, ops, preprocessing, Sequential, Tensor, utils, type Functional, type History, type SparseTensor, type SymbolicTensor } from 'kerasm';

export interface DocFixtures {
  /** The notes' IMDB classifier (10 000 → 16 → 16 → 1), compiled with rmsprop. */
  model: Sequential;
  /** A second model of the same architecture. */
  other: Sequential;
  /** The README's functional model: inputs `title` and `body`, outputs `priority` and `department`. */
  m: Functional;
  /** Multi-hot rows for `model` and binary labels. */
  x: Tensor;
  y: Tensor;
  xTrain: Tensor;
  yTrain: Tensor;
  xVal: Tensor;
  yVal: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  /** The History of a short fit of `model`. */
  history: History;
  /** `x` as a SparseTensor. */
  xSparse: SparseTensor;
  /** The word-index sequences `x` was made from. */
  sequences: number[][];
  /** A model of the same architecture as `model`, trained a little. */
  twin: Sequential;
  /** Builds and compiles a fresh model for `x` (mse loss, mae metric), as the notes' K-fold does. */
  buildModel: () => Sequential;
  /** Symbolic tensors of shape [8] (layer inputs). */
  a: SymbolicTensor;
  b: SymbolicTensor;
  /** An input of shape [784]. */
  inputs: SymbolicTensor;
  /** Two feature vectors of 16 (outputs of dense layers on two inputs). */
  titleFeatures: SymbolicTensor;
  bodyFeatures: SymbolicTensor;
  /** The targets and predictions a custom loss receives (here from `model`'s output). */
  yTrue: SymbolicTensor;
  yPred: SymbolicTensor;
  /** The bytes of a `.npy` (float32 [2, 3]), a `.npz` (x and y), an IDX file and a gzip file. */
  npyBytes: Uint8Array;
  npzBytes: Uint8Array;
  idxBytes: Uint8Array;
  gzBytes: Uint8Array;
  /** A progress bar of 20 steps writing nowhere. */
  bar: utils.Progbar;
  /** 500 validation MAEs, one per epoch. */
  mae: number[];
  /** A few training texts. */
  trainTexts: string[];
}

const WORDS = 10000;

function wordSequences(rows: number, seed: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: 20 }, (_, j) => ((i + 1) * 7919 * (j + seed)) % WORDS));
}

function multiHot(rows: number, seed: number): Tensor {
  return preprocessing.vectorizeSequences(wordSequences(rows, seed), WORDS);
}

function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(__dirname, '..', file)));
}

/** What a custom loss receives: captured from a compile of `model`'s architecture. */
function lossArguments(): [SymbolicTensor, SymbolicTensor] {
  let captured: [SymbolicTensor, SymbolicTensor] | undefined;
  imdbModel().compile({ optimizer: 'rmsprop', loss: (yTrue, yPred) => ((captured = [yTrue, yPred]), ops.mean(yPred, -1)) });
  return captured!;
}

function features(): SymbolicTensor {
  return layers.dense({ units: 16 }).apply(input({ shape: [100] })) as SymbolicTensor;
}

function labels(rows: number): Tensor {
  return new Tensor(Float32Array.from({ length: rows }, (_, i) => i % 2), [rows, 1]);
}

function imdbModel(): Sequential {
  const m = new Sequential();
  m.add(layers.dense({ units: 16, activation: 'relu', inputShape: [WORDS] }));
  m.add(layers.dense({ units: 16, activation: 'relu' }));
  m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  return m;
}

function readmeModel(): Functional {
  const title = input({ shape: [WORDS], name: 'title' });
  const body = input({ shape: [WORDS], name: 'body' });
  const encode = layers.dense({ units: 8, activation: 'relu' });
  const features = layers.concatenate().apply([encode.apply(title), encode.apply(body)]);
  const normalized = layers.batchNormalization().apply(features);
  const priority = layers.dense({ units: 1, activation: 'sigmoid', name: 'priority' }).apply(normalized);
  const department = layers.dense({ units: 4, activation: 'softmax', name: 'department' }).apply(normalized);
  const m = functionalModel({ inputs: [title, body], outputs: [priority, department] });
  m.compile({ optimizer: 'adam', loss: { priority: 'binary_crossentropy', department: 'categorical_crossentropy' } });
  return m;
}

/** The fixtures an example names, built when it first reads them (most examples need few). */
export async function makeDocFixtures(names: (keyof DocFixtures)[]): Promise<Partial<DocFixtures>> {
  let lossPair: [SymbolicTensor, SymbolicTensor] | undefined;
  const make: { [K in keyof DocFixtures]: () => DocFixtures[K] | Promise<DocFixtures[K]> } = {
    model: imdbModel,
    other: imdbModel,
    m: readmeModel,
    x: () => multiHot(32, 1),
    y: () => labels(32),
    xTrain: () => multiHot(32, 1),
    yTrain: () => labels(32),
    xVal: () => multiHot(16, 2),
    yVal: () => labels(16),
    xTest: () => multiHot(16, 3),
    yTest: () => labels(16),
    history: () => imdbModel().fit(multiHot(32, 1), labels(32), { epochs: 2, batchSize: 16, verbose: 0 }),
    xSparse: () => preprocessing.vectorizeSequences(wordSequences(32, 1), WORDS, { sparse: true }),
    sequences: () => wordSequences(32, 1),
    twin: async () => {
      const twin = imdbModel();
      await twin.fit(multiHot(32, 1), labels(32), { epochs: 1, verbose: 0 });
      return twin;
    },
    buildModel: () => () => {
      const m = new Sequential([layers.dense({ units: 4, activation: 'relu', inputShape: [WORDS] }), layers.dense({ units: 1 })]);
      m.compile({ optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'] });
      return m;
    },
    a: () => input({ shape: [8] }),
    b: () => input({ shape: [8] }),
    inputs: () => input({ shape: [784] }),
    titleFeatures: features,
    bodyFeatures: features,
    yTrue: () => (lossPair ??= lossArguments())[0],
    yPred: () => (lossPair ??= lossArguments())[1],
    npyBytes: () => fixtureBytes('io_fixtures/f4_2x3.npy'),
    npzBytes: () => fixtureBytes('io_fixtures/pair.npz'),
    idxBytes: () => zlib.gunzipSync(fixtureBytes('data_fixtures/fashion-mnist/train-labels-idx1-ubyte.gz')),
    gzBytes: () => fixtureBytes('data_fixtures/fashion-mnist/train-labels-idx1-ubyte.gz'),
    bar: () => new utils.Progbar(20, { stream: { write: () => true, isTTY: false } }),
    mae: () => Array.from({ length: 500 }, (_, i) => 2.4 + 3 / (i + 1)),
    trainTexts: () => ['the cat sat on the mat', 'the dog ate my homework', 'a cat and a dog'],
  };
  const fixtures: Partial<Record<keyof DocFixtures, unknown>> = {};
  for (const name of names) fixtures[name] = await make[name]();
  return fixtures as Partial<DocFixtures>;
}
