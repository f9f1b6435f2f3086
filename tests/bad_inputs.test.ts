/**
 * No silent wrong result: a table of bad inputs across layers, compile, fit/evaluate/predict,
 * tensors, optimizers, callbacks, preprocessing, validation utilities, loaders, readers and
 * options. Each must be refused with a KerasmError (a ValueError or StateError with a code) —
 * never accepted, never an untyped error — and afterwards the shared model predicts bit for bit
 * as before and still trains. The closing test reports how many were tried and how many were
 * silent (accepted).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import {
  callbacks,
  datasets,
  io,
  KerasmError,
  layers,
  metrics,
  ops,
  optimizers,
  preprocessing,
  Sequential,
  SparseTensor,
  Tensor,
  tensor,
  validation,
} from 'kerasm';

const bad = (value: unknown): never => value as never;
const rows = (n: number, width: number, f: (i: number, j: number) => number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: width }, (_, j) => f(i, j)));

const x = rows(8, 4, (i, j) => ((i * 7 + j * 3) % 10) / 10);
const y = rows(8, 1, (i) => i % 2);
const yInts = y.map((r) => r[0]);

function shared(): Sequential {
  const m = new Sequential({ seed: 11 });
  m.add(layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));
  m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['acc'] });
  return m;
}
const m = shared();

/** A fresh model built from `stack` and used, so that a layer's bad argument surfaces wherever it is checked. */
async function useStack(stack: () => ConstructorParameters<typeof Sequential>[0]): Promise<unknown> {
  const s = new Sequential(stack());
  s.compile({ optimizer: 'sgd', loss: 'mse' });
  return s.predict(rows(2, 4, () => 1), { verbose: 0 });
}
const dense4 = (args: Record<string, unknown>) => () => ({ seed: 1, layers: [layers.dense(bad({ units: 2, inputShape: [4], ...args }))] });
const after4 = (layer: () => unknown) => () => ({ seed: 1, layers: [layers.dense({ units: 4, inputShape: [4] }), layer() as never] });
const compileWith = (args: Record<string, unknown>) => () => m.compile(bad({ optimizer: 'adam', loss: 'binary_crossentropy', ...args }));
const fitWith = (args: Record<string, unknown>) => () => m.fit(x, y, bad({ verbose: 0, ...args }));
const nowhere = path.join(os.tmpdir(), 'kerasm-no-such-dir', 'nothing');

type Case = [category: string, name: string, call: () => unknown];
const cases: Case[] = [
  // layers
  ['layers', 'dense units 0', () => useStack(dense4({ units: 0 }))],
  ['layers', 'dense units -1', () => useStack(dense4({ units: -1 }))],
  ['layers', 'dense units 2.5', () => useStack(dense4({ units: 2.5 }))],
  ['layers', "dense units '4'", () => useStack(dense4({ units: '4' }))],
  ['layers', 'dense units 2**33', () => useStack(dense4({ units: 2 ** 33 }))],
  ['layers', 'dense units NaN', () => useStack(dense4({ units: NaN }))],
  ['layers', "dense activation 'gelu'", () => useStack(dense4({ activation: 'gelu' }))],
  ['layers', 'dense activation 5', () => useStack(dense4({ activation: 5 }))],
  ['layers', "dense kernelInitializer 'nope'", () => useStack(dense4({ kernelInitializer: 'nope' }))],
  ['layers', "dense useBias 'yes'", () => useStack(dense4({ useBias: 'yes' }))],
  ['layers', 'dense kernelRegularizer 5', () => useStack(dense4({ kernelRegularizer: 5 }))],
  ['layers', 'dense name 5', () => useStack(dense4({ name: 5 }))],
  ['layers', "dense name 'a/b'", () => useStack(dense4({ name: 'a/b' }))],
  ['layers', 'dense inputShape [-1]', () => useStack(dense4({ inputShape: [-1] }))],
  ['layers', "dense inputShape '4'", () => useStack(dense4({ inputShape: '4' }))],
  ['layers', 'dense inputShape []', () => useStack(dense4({ inputShape: [] }))],
  ['layers', 'dense inputShape [2.5]', () => useStack(dense4({ inputShape: [2.5] }))],
  ['layers', 'dropout rate -1', () => useStack(after4(() => layers.dropout(bad({ rate: -1 }))))],
  ['layers', 'dropout rate 1.5', () => useStack(after4(() => layers.dropout(bad({ rate: 1.5 }))))],
  ['layers', "dropout rate '0.5'", () => useStack(after4(() => layers.dropout(bad({ rate: '0.5' }))))],
  ['layers', 'batchNormalization momentum NaN', () => useStack(after4(() => layers.batchNormalization(bad({ momentum: NaN }))))],
  ['layers', 'embedding inputDim 0', () => useStack(after4(() => layers.embedding(bad({ inputDim: 0, outputDim: 2 }))))],
  ['layers', 'embedding outputDim -1', () => useStack(after4(() => layers.embedding(bad({ inputDim: 5, outputDim: -1 }))))],
  ['layers', 'first layer without inputShape', () => useStack(() => ({ layers: [layers.dense({ units: 2 })] }))],
  ['layers', "activation layer 'swishy'", () => useStack(after4(() => layers.activation(bad({ activation: 'swishy' }))))],
  ['layers', 'Sequential seed -1', () => new Sequential({ seed: -1 })],
  ['layers', 'Sequential layers 5', () => new Sequential(bad({ layers: 5 }))],
  ['layers', 'Sequential unknown option', () => new Sequential(bad({ seeds: 1 }))],
  // compile
  ['compile', "optimizer 'adamm'", compileWith({ optimizer: 'adamm' })],
  ['compile', 'optimizer 5', compileWith({ optimizer: 5 })],
  ['compile', 'optimizer {}', compileWith({ optimizer: {} })],
  ['compile', 'optimizer undefined', compileWith({ optimizer: undefined })],
  ['compile', "loss 'msee'", compileWith({ loss: 'msee' })],
  ['compile', 'loss 5', compileWith({ loss: 5 })],
  ['compile', 'loss null', compileWith({ loss: null })],
  ['compile', 'loss undefined', compileWith({ loss: undefined })],
  ['compile', 'loss [] (no entry for the output)', compileWith({ loss: [] })],
  ['compile', 'loss { nope: mse }', compileWith({ loss: { nope: 'mse' } })],
  ['compile', "loss 'meanSquaredLogarithmicError'", compileWith({ loss: 'meanSquaredLogarithmicError' })],
  ['compile', "metrics ['f1']", compileWith({ metrics: ['f1'] })],
  ['compile', "metrics 'acc' (not a list)", compileWith({ metrics: 'acc' })],
  ['compile', 'metrics [5]', compileWith({ metrics: [5] })],
  ['compile', "metrics ['acc', 'acc']", compileWith({ metrics: ['acc', 'acc'] })],
  ['compile', 'metrics two lists for one output', compileWith({ metrics: [['acc'], ['mae']] })],
  ['compile', 'lossWeights [-1]', compileWith({ lossWeights: [-1] })],
  ['compile', 'lossWeights [NaN]', compileWith({ lossWeights: [NaN] })],
  ['compile', "lossWeights 'x'", compileWith({ lossWeights: 'x' })],
  ['compile', 'loss_weights (snake_case)', compileWith({ loss_weights: [1] })],
  ['compile', 'weightedMetrics (not supported)', compileWith({ weightedMetrics: ['acc'] })],
  ['compile', 'compile(null)', () => m.compile(bad(null))],
  ['compile', "compile('adam')", () => m.compile(bad('adam'))],
  ['compile', 'metrics.topKCategoricalAccuracy k 0', () => metrics.topKCategoricalAccuracy({ k: 0 })],
  ['compile', 'metrics.precision thresholds 2', () => metrics.precision({ thresholds: 2 })],
  // optimizers
  ['optimizers', 'adam(-1)', () => optimizers.adam(-1)],
  ['optimizers', 'adam(NaN)', () => optimizers.adam(NaN)],
  ['optimizers', 'adam(Infinity)', () => optimizers.adam(Infinity)],
  ['optimizers', "adam('0.01')", () => optimizers.adam(bad('0.01'))],
  ['optimizers', 'adam([0.01])', () => optimizers.adam(bad([0.01]))],
  ['optimizers', 'adam beta1 1', () => optimizers.adam({ beta1: 1 })],
  ['optimizers', 'adam beta2 -0.1', () => optimizers.adam({ beta2: -0.1 })],
  ['optimizers', 'adam epsilon 0', () => optimizers.adam({ epsilon: 0 })],
  ['optimizers', 'adam lr (Keras 2)', () => optimizers.adam(bad({ lr: 0.01 }))],
  ['optimizers', 'adam learning_rate', () => optimizers.adam(bad({ learning_rate: 0.01 }))],
  ['optimizers', 'sgd momentum 1.5', () => optimizers.sgd({ momentum: 1.5 })],
  ['optimizers', 'sgd decay (Keras 2)', () => optimizers.sgd(bad({ decay: 1e-6 }))],
  ['optimizers', "sgd nesterov 'yes'", () => m.compile({ optimizer: optimizers.sgd(bad({ nesterov: 'yes' })), loss: 'binary_crossentropy' })],
  ['optimizers', 'rmsprop rho 2', () => optimizers.rmsprop({ rho: 2 })],
  ['optimizers', "rmsprop centered 'no'", () => m.compile({ optimizer: optimizers.rmsprop(bad({ centered: 'no' })), loss: 'binary_crossentropy' })],
  ['optimizers', 'adamw weightDecay -1', () => optimizers.adamw({ weightDecay: -1 })],
  ['optimizers', 'adagrad initialAccumulatorValue -1', () => optimizers.adagrad({ initialAccumulatorValue: -1 })],
  ['optimizers', 'adadelta rho -1', () => optimizers.adadelta({ rho: -1 })],
  ['optimizers', 'clipnorm 0', () => optimizers.adam({ clipnorm: 0 })],
  ['optimizers', 'clipnorm and clipvalue', () => optimizers.adam({ clipnorm: 1, clipvalue: 1 })],
  ['optimizers', 'exponentialDecay decaySteps 0', () => m.compile({ optimizer: optimizers.adam({ learningRate: optimizers.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }) }), loss: 'mse' })],
  ['optimizers', 'exponentialDecay unknown option', () => optimizers.schedules.exponentialDecay(bad({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, stair: true }))],
  ['optimizers', 'model.learningRate = -1', () => (m.learningRate = -1)],
  ['optimizers', "model.learningRate = '0.1'", () => (m.learningRate = bad('0.1'))],
  // fit
  ['fit', 'batchSize 0', fitWith({ batchSize: 0 })],
  ['fit', 'batchSize -1', fitWith({ batchSize: -1 })],
  ['fit', 'batchSize 2.5', fitWith({ batchSize: 2.5 })],
  ['fit', 'batchSize 2**32 + 16 (would wrap to 16)', fitWith({ batchSize: 2 ** 32 + 16 })],
  ['fit', "batchSize '32'", fitWith({ batchSize: '32' })],
  ['fit', 'batchSize NaN', fitWith({ batchSize: NaN })],
  ['fit', 'epochs 0', fitWith({ epochs: 0 })],
  ['fit', 'epochs -1', fitWith({ epochs: -1 })],
  ['fit', 'epochs 1.5', fitWith({ epochs: 1.5 })],
  ['fit', "epochs '3'", fitWith({ epochs: '3' })],
  ['fit', 'epochs Infinity', fitWith({ epochs: Infinity })],
  ['fit', 'initialEpoch -1', fitWith({ initialEpoch: -1 })],
  ['fit', 'validationSplit 0', fitWith({ validationSplit: 0 })],
  ['fit', 'validationSplit 1', fitWith({ validationSplit: 1 })],
  ['fit', 'validationSplit 1.5', fitWith({ validationSplit: 1.5 })],
  ['fit', "validationSplit '0.2'", fitWith({ validationSplit: '0.2' })],
  ['fit', 'validationSplit and validationData', fitWith({ validationSplit: 0.2, validationData: [x, y] })],
  ['fit', 'validationData [x]', fitWith({ validationData: [x] })],
  ['fit', "validationData 'x'", fitWith({ validationData: 'x' })],
  ['fit', 'validationData of the wrong width', fitWith({ validationData: [rows(2, 3, () => 0), rows(2, 1, () => 0)] })],
  ['fit', 'validationData targets of 2', fitWith({ validationData: [x, rows(8, 1, () => 2)] })],
  ['fit', "shuffle 'yes'", fitWith({ shuffle: 'yes' })],
  ['fit', 'shuffle 1', fitWith({ shuffle: 1 })],
  ['fit', 'verbose 3', fitWith({ verbose: 3 })],
  ['fit', "verbose 'yes'", fitWith({ verbose: 'yes' })],
  ['fit', 'seed NaN', fitWith({ seed: NaN })],
  ['fit', 'seed -1', fitWith({ seed: -1 })],
  ['fit', 'seed 1.5', fitWith({ seed: 1.5 })],
  ['fit', 'callbacks 5', fitWith({ callbacks: 5 })],
  ['fit', 'callbacks [5]', fitWith({ callbacks: [5] })],
  ['fit', 'callbacks { onEpochEnd: 5 }', fitWith({ callbacks: { onEpochEnd: 5 } })],
  ['fit', 'callbacks { on_epoch_end }', fitWith({ callbacks: { on_epoch_end: () => {} } })],
  ['fit', 'sampleWeight of the wrong length', fitWith({ sampleWeight: [1, 2] })],
  ['fit', 'sampleWeight negative', fitWith({ sampleWeight: x.map((_, i) => (i === 3 ? -1 : 1)) })],
  ['fit', 'sampleWeight NaN', fitWith({ sampleWeight: x.map((_, i) => (i === 3 ? NaN : 1)) })],
  ['fit', "sampleWeight 'x'", fitWith({ sampleWeight: 'x' })],
  ['fit', 'classWeight for class 5 (no such class)', fitWith({ classWeight: { 5: 2 } })],
  ['fit', 'classWeight for class 2 of a binary output', fitWith({ classWeight: { 0: 1, 2: 3 } })],
  ['fit', "classWeight key 'a'", fitWith({ classWeight: { a: 1 } })],
  ['fit', 'classWeight weight -1', fitWith({ classWeight: { 0: -1 } })],
  ['fit', 'classWeight and sampleWeight', fitWith({ classWeight: { 0: 1 }, sampleWeight: x.map(() => 1) })],
  ['fit', 'batch_size (snake_case)', fitWith({ batch_size: 4 })],
  ['fit', 'validation_data (snake_case)', fitWith({ validation_data: [x, y] })],
  ['fit', 'validation_split (snake_case)', fitWith({ validation_split: 0.2 })],
  ['fit', 'nb_epoch (Keras 1)', fitWith({ nb_epoch: 2 })],
  ['fit', 'options 5', () => m.fit(x, y, bad(5))],
  ['fit', 'x with 3 features', () => m.fit(rows(8, 3, () => 0), y, { verbose: 0 })],
  ['fit', 'x and y row counts differ', () => m.fit(x, y.slice(0, 7), { verbose: 0 })],
  ['fit', 'x with NaN', () => m.fit(rows(8, 4, (i, j) => (i === 2 && j === 1 ? NaN : 0)), y, { verbose: 0 })],
  ['fit', 'x with Infinity', () => m.fit(rows(8, 4, (i, j) => (i === 2 && j === 1 ? Infinity : 0)), y, { verbose: 0 })],
  ['fit', 'x null', () => m.fit(bad(null), y, { verbose: 0 })],
  ['fit', "x 'str'", () => m.fit(bad('str'), y, { verbose: 0 })],
  ['fit', 'x {}', () => m.fit(bad({}), y, { verbose: 0 })],
  ['fit', 'x [] (no samples)', () => m.fit([], [], { verbose: 0 })],
  ['fit', 'x with null inside', () => m.fit(bad(x.map((r, i) => (i === 1 ? [r[0], null, r[2], r[3]] : r))), y, { verbose: 0 })],
  ['fit', 'x with true inside', () => m.fit(bad(x.map((r, i) => (i === 1 ? [r[0], true, r[2], r[3]] : r))), y, { verbose: 0 })],
  ['fit', "x with '6' inside", () => m.fit(bad(x.map((r, i) => (i === 1 ? [r[0], '6', r[2], r[3]] : r))), y, { verbose: 0 })],
  ['fit', 'x with [7] inside', () => m.fit(bad(x.map((r, i) => (i === 1 ? [r[0], [7], r[2], r[3]] : r))), y, { verbose: 0 })],
  ['fit', 'x with undefined inside', () => m.fit(bad(x.map((r, i) => (i === 1 ? [r[0], undefined, r[2], r[3]] : r))), y, { verbose: 0 })],
  ['fit', 'x ragged', () => m.fit(x.map((r, i) => (i === 5 ? r.slice(1) : r)), y, { verbose: 0 })],
  ['fit', 'x one axis too deep', () => m.fit(x.map((r) => r.map((v) => [v, v])), y, { verbose: 0 })],
  ['fit', 'x { data: Float64Array }', () => m.fit(bad({ data: new Float64Array(32), shape: [8, 4] }), y, { verbose: 0 })],
  ['fit', 'x Tensor of the wrong shape', () => m.fit(new Tensor(new Float32Array(16), [8, 2]), y, { verbose: 0 })],
  ['fit', 'x record with an unknown input name', () => m.fit(bad({ nope: x }), y, { verbose: 0 })],
  ['fit', 'binary targets of 2', () => m.fit(x, rows(8, 1, (i) => (i === 4 ? 2 : 0)), { verbose: 0 })],
  ['fit', 'binary targets of -1', () => m.fit(x, rows(8, 1, (i) => (i === 4 ? -1 : 1)), { verbose: 0 })],
  ['fit', 'y NaN', () => m.fit(x, rows(8, 1, (i) => (i === 4 ? NaN : 1)), { verbose: 0 })],
  ['fit', 'y null', () => m.fit(x, bad(null), { verbose: 0 })],
  ['fit', 'y with null inside', () => m.fit(x, bad(y.map((r, i) => (i === 2 ? [null] : r))), { verbose: 0 })],
  ['fit', 'y ragged', () => m.fit(x, bad(y.map((r, i) => (i === 2 ? [] : r))), { verbose: 0 })],
  ['fit', 'y two columns for one unit', () => m.fit(x, rows(8, 2, () => 0), { verbose: 0 })],
  // evaluate
  ['evaluate', 'batchSize 0', () => m.evaluate(x, y, { batchSize: 0, verbose: 0 })],
  ['evaluate', 'batchSize 2**32 + 16', () => m.evaluate(x, y, { batchSize: 2 ** 32 + 16, verbose: 0 })],
  ['evaluate', 'binary targets of 2', () => m.evaluate(x, rows(8, 1, () => 2), { verbose: 0 })],
  ['evaluate', 'row counts differ', () => m.evaluate(x, y.slice(1), { verbose: 0 })],
  ['evaluate', 'x with 5 features', () => m.evaluate(rows(8, 5, () => 0), y, { verbose: 0 })],
  ['evaluate', 'sampleWeight NaN', () => m.evaluate(x, y, { verbose: 0, sampleWeight: x.map(() => NaN) })],
  ['evaluate', 'callbacks [5]', () => m.evaluate(x, y, bad({ verbose: 0, callbacks: [5] }))],
  ['evaluate', "verbose 'x'", () => m.evaluate(x, y, bad({ verbose: 'x' }))],
  ['evaluate', 'batch_size (snake_case)', () => m.evaluate(x, y, bad({ batch_size: 2 }))],
  ['evaluate', 'return_dict (not supported)', () => m.evaluate(x, y, bad({ return_dict: true }))],
  ['evaluate', 'x null', () => m.evaluate(bad(null), y, { verbose: 0 })],
  ['evaluate', "x with '6' inside", () => m.evaluate(bad(x.map((r, i) => (i === 0 ? ['6', 1, 1, 1] : r))), y, { verbose: 0 })],
  // predict
  ['predict', 'batchSize 0', () => m.predict(x, { batchSize: 0, verbose: 0 })],
  ['predict', 'batchSize -1', () => m.predict(x, { batchSize: -1, verbose: 0 })],
  ['predict', 'batchSize 2**40', () => m.predict(x, { batchSize: 2 ** 40, verbose: 0 })],
  ['predict', 'x with 3 features', () => m.predict(rows(2, 3, () => 0), { verbose: 0 })],
  ['predict', 'x null', () => m.predict(bad(null), { verbose: 0 })],
  ['predict', "x with '6' inside", () => m.predict(bad([['6', 1, 1, 1]]), { verbose: 0 })],
  ['predict', 'x []', () => m.predict([], { verbose: 0 })],
  ['predict', 'x 3-D', () => m.predict([x], { verbose: 0 })],
  ['predict', 'x {}', () => m.predict(bad({}), { verbose: 0 })],
  ['predict', 'batch_size (snake_case)', () => m.predict(x, bad({ batch_size: 2 }))],
  ['predict', 'verbose 9', () => m.predict(x, bad({ verbose: 9 }))],
  ['predict', "options 'x'", () => m.predict(x, bad('x'))],
  ['predict', 'steps (not supported)', () => m.predict(x, bad({ steps: 2 }))],
  // tensors
  ['tensors', 'tensor ragged', () => tensor([[1, 2], [3]])],
  ['tensors', 'tensor with null', () => tensor(bad([[1, null]]))],
  ['tensors', "tensor with 'a'", () => tensor(bad([['a']]))],
  ['tensors', 'tensor with true', () => tensor(bad([[true]]))],
  ['tensors', 'tensor with {}', () => tensor(bad([[{}]]))],
  ['tensors', 'Tensor data length ≠ shape', () => new Tensor(new Float32Array(3), [2, 2])],
  ['tensors', 'Tensor shape [-1]', () => new Tensor(new Float32Array(0), [-1])],
  ['tensors', 'Tensor shape [1.5]', () => new Tensor(new Float32Array(1), [1.5])],
  ['tensors', 'tensor(Float32Array(3), [2, 2])', () => tensor(new Float32Array(3), [2, 2])],
  ['tensors', 'ops.matMul shapes disagree', () => ops.matMul(tensor([[1, 2]]), tensor([[1, 2]]))],
  ['tensors', 'ops.matMul unknown option', () => ops.matMul(tensor([[1]]), tensor([[1]]), bad({ transpose_a: true }))],
  ['tensors', 'SparseTensor indptr of the wrong length', () => new SparseTensor(Int32Array.from([0, 1]), Int32Array.from([0]), Float32Array.from([1]), [2, 2])],
  ['tensors', 'SparseTensor column out of range', () => new SparseTensor(Int32Array.from([0, 1]), Int32Array.from([5]), Float32Array.from([1]), [1, 2])],
  // callbacks
  ['callbacks', 'earlyStopping patience -1', () => callbacks.earlyStopping({ patience: -1 })],
  ['callbacks', "earlyStopping mode 'up'", () => callbacks.earlyStopping(bad({ mode: 'up' }))],
  ['callbacks', 'earlyStopping restore_best_weights', () => callbacks.earlyStopping(bad({ restore_best_weights: true }))],
  ['callbacks', 'reduceLROnPlateau factor 1', () => callbacks.reduceLROnPlateau({ factor: 1 })],
  ['callbacks', 'reduceLROnPlateau min_lr', () => callbacks.reduceLROnPlateau(bad({ min_lr: 0 }))],
  ['callbacks', 'csvLogger without filename', () => callbacks.csvLogger(bad({}))],
  ['callbacks', 'modelCheckpoint without filepath', () => callbacks.modelCheckpoint(bad({}))],
  ['callbacks', 'modelCheckpoint save_best_only', () => callbacks.modelCheckpoint(bad({ filepath: 'a.kerasm', save_best_only: true }))],
  ['callbacks', 'lambdaCallback onEpochEnd 5', () => callbacks.lambdaCallback(bad({ onEpochEnd: 5 }))],
  ['callbacks', 'terminateOnNaN raise_error', () => callbacks.terminateOnNaN(bad({ raise_error: true }))],
  // preprocessing
  ['preprocessing', "padSequences padding 'middle'", () => preprocessing.padSequences([[1]], bad({ padding: 'middle' }))],
  ['preprocessing', "padSequences truncating 'x'", () => preprocessing.padSequences([[1]], bad({ truncating: 'x' }))],
  ['preprocessing', 'padSequences maxlen -1', () => preprocessing.padSequences([[1]], { maxlen: -1 })],
  ['preprocessing', "padSequences dtype 'int8'", () => preprocessing.padSequences([[1]], bad({ dtype: 'int8' }))],
  ['preprocessing', 'padSequences sequences null', () => preprocessing.padSequences(bad(null))],
  ['preprocessing', 'padSequences value 0.5 into int32', () => preprocessing.padSequences([[1]], { maxlen: 3, value: 0.5 })],
  ['preprocessing', 'padSequences max_len', () => preprocessing.padSequences([[1]], bad({ max_len: 3 }))],
  ['preprocessing', 'toCategorical [-1]', () => preprocessing.toCategorical([-1])],
  ['preprocessing', 'toCategorical [1.5]', () => preprocessing.toCategorical([1.5])],
  ['preprocessing', 'toCategorical numClasses 0', () => preprocessing.toCategorical([0], 0)],
  ['preprocessing', 'toCategorical numClasses below a label', () => preprocessing.toCategorical([0, 3], 2)],
  ['preprocessing', 'vectorizeSequences dimension 0', () => preprocessing.vectorizeSequences([[1]], 0)],
  ['preprocessing', 'vectorizeSequences sequences 5', () => preprocessing.vectorizeSequences(bad(5), 10)],
  ['preprocessing', 'vectorizeSequences index ≥ dimension', () => preprocessing.vectorizeSequences([[12]], 10)],
  ['preprocessing', 'Tokenizer numWords 0', () => new preprocessing.Tokenizer({ numWords: 0 })],
  ['preprocessing', "Tokenizer sequencesToMatrix mode 'x'", () => new preprocessing.Tokenizer({ numWords: 5 }).sequencesToMatrix([[1]], bad('x'))],
  ['preprocessing', 'Tokenizer num_words', () => new preprocessing.Tokenizer(bad({ num_words: 5 }))],
  ['preprocessing', 'textToWordSequence 5', () => preprocessing.textToWordSequence(bad(5))],
  ['preprocessing', "textToWordSequence split ''", () => preprocessing.textToWordSequence('a b', { split: '' })],
  ['preprocessing', 'StandardScaler transform before fit', () => new preprocessing.StandardScaler().transform([[1]])],
  ['preprocessing', 'StandardScaler fit on no rows', () => new preprocessing.StandardScaler().fit(new Tensor(new Float32Array(0), [0, 2]))],
  ['preprocessing', 'MinMaxScaler featureRange [1, 0]', () => new preprocessing.MinMaxScaler({ featureRange: [1, 0] })],
  ['preprocessing', 'MinMaxScaler feature_range', () => new preprocessing.MinMaxScaler(bad({ feature_range: [0, 1] }))],
  ['preprocessing', 'fillMissing value NaN', () => preprocessing.fillMissing([[1]], NaN)],
  ['preprocessing', "textVectorization outputMode 'x'", () => preprocessing.textVectorization(bad({ outputMode: 'x' }))],
  // validation utilities
  ['validation', 'kFold n 0', () => validation.kFold(0, { k: 2 })],
  ['validation', 'kFold k 1', () => validation.kFold(10, { k: 1 })],
  ['validation', 'kFold k > n', () => validation.kFold(3, { k: 4 })],
  ['validation', 'kFold k 2.5', () => validation.kFold(10, { k: 2.5 })],
  ['validation', 'kFold n_splits', () => validation.kFold(10, bad({ k: 2, n_splits: 2 }))],
  ['validation', 'holdOut validationFraction 1.5', () => validation.holdOut(10, { validationFraction: 1.5 })],
  ['validation', 'trainTestSplit ratios not summing to 1', () => validation.trainTestSplit(10, { ratios: [0.5, 0.6] })],
  ['validation', "stratifiedKFold labels 'x'", () => validation.stratifiedKFold(bad('x'), { k: 2 })],
  ['validation', 'groupKFold more folds than groups', () => validation.groupKFold([0, 0, 1], { k: 3 })],
  ['validation', 'iteratedKFold repeats 0', () => validation.iteratedKFold(10, { k: 2, repeats: 0 })],
  ['validation', 'take x 5', () => validation.take(bad(5), [0])],
  ['validation', 'crossValidate buildModel 5', () => validation.crossValidate(bad(5), x, yInts)],
  ['validation', 'crossValidate fitOptions.epochs', () => validation.crossValidate(shared, x, y, bad({ k: 2, fitOptions: { epochs: 2 } }))],
  // loaders and readers
  ['loaders', 'imdb.loadData from a missing directory', () => datasets.imdb.loadData({ path: nowhere })],
  ['loaders', 'imdb.loadData numWords 0', () => datasets.imdb.loadData({ path: nowhere, numWords: 0 })],
  ['loaders', 'imdb.loadData num_words', () => datasets.imdb.loadData(bad({ path: nowhere, num_words: 100 }))],
  ['loaders', 'reuters.loadData testSplit 1.5', () => datasets.reuters.loadData({ path: nowhere, testSplit: 1.5 })],
  ['loaders', 'reuters.loadData test_split', () => datasets.reuters.loadData(bad({ path: nowhere, test_split: 0.2 }))],
  ['loaders', 'bostonHousing.loadData testSplit -1', () => datasets.bostonHousing.loadData({ path: nowhere, testSplit: -1 })],
  ['loaders', 'bostonHousing.loadData from a missing directory', () => datasets.bostonHousing.loadData({ path: nowhere })],
  ['loaders', 'fashionMnist.loadData from a missing directory', () => datasets.fashionMnist.loadData({ path: nowhere })],
  ['loaders', 'fashionMnist.loadData dir', () => datasets.fashionMnist.loadData(bad({ dir: nowhere }))],
  ['readers', 'io.readNpy of junk', () => io.readNpy(new Uint8Array(32))],
  ['readers', 'io.readIdx of junk', () => io.readIdx(Uint8Array.from([1, 2, 3, 4, 5]))],
  ['readers', 'io.gunzip of junk', () => io.gunzip(Uint8Array.from([1, 2, 3]))],
  ['readers', 'io.readNpz of junk', () => io.readNpz(new Uint8Array(10))],
  ['readers', 'io.readCsv of a number', () => io.readCsv(bad(5))],
  ['readers', 'io.readCsv ragged rows', () => io.readCsv('a,b\n1,2\n3')],
  ['readers', 'io.readCsv delimeter', () => io.readCsv('a\n1', bad({ delimeter: ';' }))],
  ['readers', 'io.readNpyFile of a missing file', () => io.readNpyFile(nowhere)],
  ['readers', 'io.readCsvFile of a directory', () => io.readCsvFile(os.tmpdir())],
];

/** The model's predictions on `x`, bit for bit. */
async function predictions(): Promise<number[]> {
  return Array.from(((await m.predict(x, { verbose: 0 })) as Tensor).data);
}

const outcomes: { name: string; outcome: 'refused' | 'silent' | 'untyped' }[] = [];

describe('every bad input is refused with a typed error; the model predicts as before and still trains', () => {
  test.each(cases)('%s: %s', async (category, name, call) => {
    const before = await predictions();
    const weightsBefore = m.getWeights().map((w) => Array.from(w.data));
    let error: unknown;
    let accepted = false;
    try {
      await call();
      accepted = true;
    } catch (err) {
      error = err;
    }
    outcomes.push({ name: `${category}: ${name}`, outcome: accepted ? 'silent' : error instanceof KerasmError ? 'refused' : 'untyped' });
    expect(accepted).toBe(false);
    expect(error).toBeInstanceOf(KerasmError);
    expect(typeof (error as KerasmError).code).toBe('string');
    expect((error as Error).message).not.toMatch(/usize|invalid value: integer|invalid type:/);

    expect(await predictions()).toEqual(before);
    await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    const weightsAfter = m.getWeights().map((w) => Array.from(w.data));
    expect(weightsAfter).not.toEqual(weightsBefore);
    expect(weightsAfter.flat().every(Number.isFinite)).toBe(true);
  });

  test('the count', () => {
    const silent = outcomes.filter((o) => o.outcome === 'silent');
    const untyped = outcomes.filter((o) => o.outcome === 'untyped');
    console.log(`bad inputs tried: ${outcomes.length}; refused with a KerasmError: ${outcomes.length - silent.length - untyped.length}; silent: ${silent.length}; untyped: ${untyped.length}`);
    expect(outcomes.length).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(silent.map((o) => o.name)).toEqual([]);
    expect(untyped.map((o) => o.name)).toEqual([]);
  });
});

describe("Keras's warnings for a last activation that does not suit the loss, once each", () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  afterAll(() => warn.mockRestore());

  test('softmax + binary_crossentropy', () => {
    const s = new Sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    s.compile({ optimizer: 'sgd', loss: 'binary_crossentropy' });
    s.compile({ optimizer: 'sgd', loss: 'binary_crossentropy' });
    const said = warn.mock.calls.map((c) => String(c[0])).filter((t) => /softmax but is trained with binary_crossentropy/.test(t));
    expect(said).toHaveLength(1);
  });

  test('a one-unit sigmoid + categorical_crossentropy (a loss that is always 0)', () => {
    const s = new Sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [4] })]);
    s.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
    expect(warn.mock.calls.some((c) => /1 unit but is trained with categorical_crossentropy.*always 0/.test(String(c[0])))).toBe(true);
  });

  test('a matching pair says nothing', () => {
    warn.mockClear();
    const s = new Sequential([layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    s.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('rows given as typed arrays are data', () => {
  test('an array of Float32Array rows trains and predicts as nested arrays do', async () => {
    const typed = x.map((r) => Float32Array.from(r));
    expect(Array.from(((await m.predict(typed, { verbose: 0 })) as Tensor).data)).toEqual(await predictions());
    const a = shared();
    const b = shared();
    await a.fit(typed, y, { epochs: 2, shuffle: false, verbose: 0 });
    await b.fit(x, y, { epochs: 2, shuffle: false, verbose: 0 });
    expect(a.getWeights().map((w) => Array.from(w.data))).toEqual(b.getWeights().map((w) => Array.from(w.data)));
  });
});
