/**
 * No option is silently ignored: an unknown option name anywhere is a ValueError (UNKNOWN_OPTION)
 * naming the key and where it was given, and suggesting the accepted name (snake_case →
 * camelCase, Keras 2 aliases, near spellings). Optimizers take a number as the learning rate.
 */
import { callbacks, datasets, init, io, KerasmError, layers, losses, metrics, model, input, optimizers, plotHistory, preprocessing, regularizers, Sequential, Tensor, utils, validation, ValueError } from 'kerasm';

function dense(): Sequential {
  const m = new Sequential({ seed: 3 });
  m.add(layers.dense({ units: 2, activation: 'relu', inputShape: [3] }));
  m.add(layers.dense({ units: 1 }));
  return m;
}

const x = [
  [0.1, 0.2, 0.3],
  [0.4, 0.5, 0.6],
  [0.7, 0.8, 0.9],
  [1.0, 1.1, 1.2],
];
const y = [[1], [2], [3], [4]];

/** What `fn` threw or rejected with. */
async function failure(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

// [where, the call, unknown key, suggestion (or null for none)]
type Case = [string, () => unknown, string, string | null];
const compiled = (): Sequential => {
  const m = dense();
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
};
const bad = <T>(o: Record<string, unknown>): T => o as T;

const cases: Case[] = [
  ['compile', () => dense().compile(bad({ optimizer: 'sgd', loss: 'mse', loss_weights: [1] })), 'loss_weights', 'lossWeights'],
  ['compile', () => dense().compile(bad({ optimizer: 'sgd', loss: 'mse', metric: ['mae'] })), 'metric', 'metrics'],
  ['fit', () => compiled().fit(x, y, bad({ batch_size: 4 })), 'batch_size', 'batchSize'],
  ['fit', () => compiled().fit(x, y, bad({ validation_data: [x, y] })), 'validation_data', 'validationData'],
  ['fit', () => compiled().fit(x, y, bad({ validation_split: 0.25 })), 'validation_split', 'validationSplit'],
  ['fit', () => compiled().fit(x, y, bad({ nb_epoch: 3 })), 'nb_epoch', 'epochs'],
  ['fit', () => compiled().fit(x, y, bad({ epoch: 3 })), 'epoch', 'epochs'],
  ['fit', () => compiled().fit(x, y, bad({ class_weight: { 0: 1 } })), 'class_weight', 'classWeight'],
  ['fit', () => compiled().fit(x, y, bad({ batchsize: 2 })), 'batchsize', 'batchSize'],
  ['fit', () => compiled().fit(x, y, bad({ yieldEvery: 'auto' })), 'yieldEvery', null],
  ['evaluate', () => compiled().evaluate(x, y, bad({ batch_size: 2 })), 'batch_size', 'batchSize'],
  ['predict', () => compiled().predict(x, bad({ batch_size: 2 })), 'batch_size', 'batchSize'],
  ['summary', () => compiled().summary(bad({ print_fn: () => {} })), 'print_fn', 'printFn'],
  ['Sequential', () => new Sequential(bad({ seeds: 1 })), 'seeds', 'seed'],
  ['model', () => { const a = input({ shape: [2] }); return model(bad({ inputs: a, outputs: layers.dense({ units: 1 }).apply(a), nmae: 'm' })); }, 'nmae', 'name'],
  ['optimizers.rmsprop', () => optimizers.rmsprop(bad({ lr: 0.01 })), 'lr', 'learningRate'],
  ['optimizers.adam', () => optimizers.adam(bad({ beta_1: 0.8 })), 'beta_1', 'beta1'],
  ['optimizers.adam', () => optimizers.adam(bad({ learning_rate: 0.01 })), 'learning_rate', 'learningRate'],
  ['optimizers.sgd', () => optimizers.sgd(bad({ decay: 0.01 })), 'decay', null],
  ['optimizers.adamw', () => optimizers.adamw(bad({ weight_decay: 0.1 })), 'weight_decay', 'weightDecay'],
  ['optimizers.adagrad', () => optimizers.adagrad(bad({ initial_accumulator_value: 0.2 })), 'initial_accumulator_value', 'initialAccumulatorValue'],
  ['optimizers.adadelta', () => optimizers.adadelta(bad({ Rho: 0.9 })), 'Rho', 'rho'],
  ['optimizers.adamax', () => optimizers.adamax(bad({ epsilion: 1e-7 })), 'epsilion', 'epsilon'],
  ['optimizers.nadam', () => optimizers.nadam(bad({ clip_norm: 1 })), 'clip_norm', 'clipnorm'],
  ['optimizers.schedules.exponentialDecay', () => optimizers.schedules.exponentialDecay(bad({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, stair_case: true })), 'stair_case', 'staircase'],
  ['callbacks.earlyStopping', () => callbacks.earlyStopping(bad({ restore_best_weights: true })), 'restore_best_weights', 'restoreBestWeights'],
  ['callbacks.reduceLROnPlateau', () => callbacks.reduceLROnPlateau(bad({ min_lr: 1e-5 })), 'min_lr', 'minLr'],
  ['callbacks.terminateOnNaN', () => callbacks.terminateOnNaN(bad({ raise_error: true })), 'raise_error', 'raiseError'],
  ['callbacks.csvLogger', () => callbacks.csvLogger(bad({ filename: 'x.csv', seperator: ';' })), 'seperator', 'separator'],
  ['callbacks.modelCheckpoint', () => callbacks.modelCheckpoint(bad({ filepath: 'm.kerasm', save_best_only: true })), 'save_best_only', 'saveBestOnly'],
  ['callbacks.LambdaCallback', () => callbacks.lambdaCallback(bad({ on_epoch_end: () => {} })), 'on_epoch_end', 'onEpochEnd'],
  ['callbacks.ProgbarLogger', () => new callbacks.ProgbarLogger(bad({ count_mode: 'steps' })), 'count_mode', null],
  ['losses.binaryCrossentropy', () => losses.binaryCrossentropy(bad({ from_logits: true })), 'from_logits', 'fromLogits'],
  ['metrics.auc', () => metrics.auc(bad({ num_thresholds: 100 })), 'num_thresholds', 'numThresholds'],
  ['regularizers.l1l2', () => regularizers.l1l2(bad({ L2: 0.1 })), 'L2', 'l2'],
  ['datasets.imdb.loadData', () => datasets.imdb.loadData(bad({ num_words: 10000 })), 'num_words', 'numWords'],
  ['datasets.imdb.loadData', () => datasets.imdb.loadData(bad({ nb_words: 10000 })), 'nb_words', 'numWords'],
  ['datasets.reuters.loadData', () => datasets.reuters.loadData(bad({ test_split: 0.3 })), 'test_split', 'testSplit'],
  ['datasets.reuters.getWordIndex', () => datasets.reuters.getWordIndex(bad({ paht: '.' })), 'paht', 'path'],
  ['datasets.bostonHousing.loadData', () => datasets.bostonHousing.loadData(bad({ test_split: 0.3 })), 'test_split', 'testSplit'],
  ['datasets.fashionMnist.loadData', () => datasets.fashionMnist.loadData(bad({ dir: '.' })), 'dir', null],
  ['preprocessing.padSequences', () => preprocessing.padSequences([[1]], bad({ max_len: 3 })), 'max_len', 'maxlen'],
  ['preprocessing.Tokenizer', () => new preprocessing.Tokenizer(bad({ num_words: 10 })), 'num_words', 'numWords'],
  ['preprocessing.textVectorization', () => preprocessing.textVectorization(bad({ output_mode: 'int' })), 'output_mode', 'outputMode'],
  ['preprocessing.textToWordSequence', () => preprocessing.textToWordSequence('a b', bad({ lowercase: true })), 'lowercase', 'lower'],
  ['preprocessing.vectorizeSequences', () => preprocessing.vectorizeSequences([[1]], 10, bad({ sprase: true })), 'sprase', 'sparse'],
  ['preprocessing.MinMaxScaler', () => new preprocessing.MinMaxScaler(bad({ feature_range: [0, 1] })), 'feature_range', 'featureRange'],
  ['validation.kFold', () => validation.kFold(10, bad({ k: 2, n_splits: 2 })), 'n_splits', null],
  ['validation.stratifiedKFold', () => validation.stratifiedKFold([0, 1, 0, 1], bad({ k: 2, random_state: 1 })), 'random_state', null],
  ['validation.groupKFold', () => validation.groupKFold([0, 1, 2], bad({ k: 2, K: 2 })), 'K', 'k'],
  ['validation.iteratedKFold', () => validation.iteratedKFold(10, bad({ k: 2, repeat: 2 })), 'repeat', 'repeats'],
  ['validation.holdOut', () => validation.holdOut(10, bad({ validation_fraction: 0.2 })), 'validation_fraction', 'validationFraction'],
  ['validation.trainTestSplit', () => validation.trainTestSplit(10, bad({ ratio: [0.5, 0.5] })), 'ratio', 'ratios'],
  ['validation.crossValidate', () => validation.crossValidate(compiled, x, y, bad({ folds: 2 })), 'folds', null],
  ['validation.crossValidate options.fitOptions', () => validation.crossValidate(compiled, x, y, bad({ k: 2, fitOptions: { epochs: 5 } })), 'epochs', null],
  ['io.readCsv', () => io.readCsv('a\n1', bad({ delimeter: ';' })), 'delimeter', 'delimiter'],
  ['CsvTable.toTensor', () => io.readCsv('a\n1').toTensor(bad({ cols: ['a'] })), 'cols', null],
  ['plotHistory', () => plotHistory({ history: { loss: [1, 2] } }, bad({ metric: ['loss'] })), 'metric', 'metrics'],
  ['utils.Progbar', () => new utils.Progbar(10, bad({ stateful_metrics: [] })), 'stateful_metrics', 'statefulMetrics'],
  ['init', () => init(bad({ wasmPath: 'x' })), 'wasmPath', 'wasm'],
];

describe('an unknown option is a ValueError naming it, where, and the likely right name', () => {
  test.each(cases)('%s: %s', async (where, call, key, suggestion) => {
    const err = await failure(call);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as KerasmError).code).toBe('UNKNOWN_OPTION');
    const message = (err as Error).message;
    expect(message).toContain(`Unknown option \`${key}\``);
    expect(message).toContain(where);
    if (suggestion) expect(message).toContain(`did you mean \`${suggestion}\`?`);
    else expect(message).not.toContain('did you mean');
  });

  test(`the table covers ${cases.length} entry points and keys`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(55);
  });

  test('options that are not an object are refused', async () => {
    await expect(compiled().fit(x, y, 4 as never)).rejects.toThrow(/options of fit\(x, y, options\) must be an object/);
    expect(() => preprocessing.padSequences([[1]], [3] as never)).toThrow(ValueError);
  });

  test('null and undefined mean no options', async () => {
    await expect(compiled().fit(x, y, null as never)).resolves.toBeDefined();
    expect(preprocessing.padSequences([[1, 2]], undefined).shape).toEqual([1, 2]);
  });

  test('a failed call leaves the model as it was', async () => {
    const m = compiled();
    const before = (await m.predict(x, { verbose: 0 })) as Tensor;
    await expect(m.fit(x, y, { batch_size: 1, epochs: 3 } as never)).rejects.toThrow(ValueError);
    expect(Array.from(((await m.predict(x, { verbose: 0 })) as Tensor).data)).toEqual(Array.from(before.data));
  });
});

describe('an optimizer takes its learning rate alone, as TF.js', () => {
  const factories = ['sgd', 'rmsprop', 'adam', 'adamw', 'adagrad', 'adadelta', 'adamax', 'nadam'] as const;
  test.each(factories)('optimizers.%s(0.05) is optimizers.%s({ learningRate: 0.05 })', (name) => {
    const byNumber = optimizers[name](0.05);
    expect(byNumber.learningRate).toBe(0.05);
    expect(byNumber.toSpec()).toEqual(optimizers[name]({ learningRate: 0.05 }).toSpec());
  });

  test('and trains at it: the same weights as with { learningRate }', async () => {
    const train = async (optimizer: ReturnType<typeof optimizers.adam>) => {
      const m = dense();
      m.compile({ optimizer, loss: 'mse' });
      expect(m.learningRate).toBeCloseTo(optimizer.learningRate as number, 7);
      await m.fit(x, y, { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
      return m.getWeights().map((w) => Array.from(w.data));
    };
    const byNumber = await train(optimizers.adam(0.05));
    expect(optimizers.adam(0.05).learningRate).toBe(0.05);
    expect(byNumber).toEqual(await train(optimizers.adam({ learningRate: 0.05 })));
    expect(byNumber).not.toEqual(await train(optimizers.adam({ learningRate: 0.001 })));
  });

  test('a bad number is still checked', () => {
    expect(() => optimizers.adam(-1)).toThrow(/learningRate.*Received: learningRate=-1/);
  });
});
