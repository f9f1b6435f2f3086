/**
 * Callbacks with Keras 3's semantics (keras/src/callbacks/*.py): driven by scripted logs where the
 * rule is the point, and inside real fits where the wiring is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Callback, callbacks, type Logs, optimizers, Random, Sequential, StateError, Tensor, ValueError, layers } from 'kerasm';

function tinyModel(seed = 1, learningRate = 0.1): Sequential {
  const model = new Sequential({ seed, layers: [layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: optimizers.sgd({ learningRate }), loss: 'mse' });
  return model;
}

/** Runs `callback` over one log per epoch as `fit` would; returns the epochs that ran. */
async function drive(callback: Callback, model: Sequential, values: Logs[], onEpoch?: (epoch: number) => void): Promise<number> {
  callback.setModel(model);
  model.stopTraining = false;
  await callback.onTrainBegin({});
  let ran = 0;
  for (let epoch = 0; epoch < values.length && !model.stopTraining; epoch++) {
    onEpoch?.(epoch);
    await callback.onEpochBegin(epoch, {});
    await callback.onEpochEnd(epoch, values[epoch]);
    ran++;
  }
  await callback.onTrainEnd({});
  return ran;
}

const valLoss = (...v: number[]): Logs[] => v.map((val_loss) => ({ loss: 1, val_loss }));

describe('earlyStopping on scripted losses', () => {
  const model = tinyModel();

  test('stops `patience` epochs after the last improvement', async () => {
    // Improvements at epochs 0, 1 and 3; epochs 4 and 5 do not improve: patience 2 stops after epoch 5.
    const stop = callbacks.earlyStopping({ patience: 2 });
    expect(await drive(stop, model, valLoss(1, 0.8, 0.85, 0.7, 0.75, 0.71, 0.5, 0.4))).toBe(6);
    expect(stop.stoppedEpoch).toBe(5);
    expect(stop.best).toBe(0.7);
    expect(stop.bestEpoch).toBe(3);
  });

  test('patience 0 stops at the first epoch that does not improve (never at epoch 0)', async () => {
    expect(await drive(callbacks.earlyStopping(), model, valLoss(1, 0.9, 0.95, 0.1))).toBe(3);
    expect(await drive(callbacks.earlyStopping({ monitor: 'loss' }), model, valLoss(1, 0.9))).toBe(2);
  });

  test('minDelta: a change smaller than it is no improvement', async () => {
    expect(await drive(callbacks.earlyStopping({ patience: 1, minDelta: 0.1 }), model, valLoss(1, 0.95, 0.92, 0.5))).toBe(2);
    expect(await drive(callbacks.earlyStopping({ patience: 1, minDelta: 0.01 }), model, valLoss(1, 0.95, 0.92, 0.95, 0.3))).toBe(4);
  });

  test("mode 'auto' maximises accuracies and 'max'/'min' force a direction", async () => {
    const acc = (...v: number[]) => v.map((val_acc) => ({ val_acc }));
    expect(await drive(callbacks.earlyStopping({ monitor: 'val_acc', patience: 1 }), model, acc(0.5, 0.6, 0.7, 0.65, 0.6, 0.9))).toBe(4);
    expect(await drive(callbacks.earlyStopping({ monitor: 'val_acc', mode: 'min' }), model, acc(0.5, 0.6, 0.7))).toBe(2);
    expect(await drive(callbacks.earlyStopping({ monitor: 'val_out_binary_accuracy', patience: 0 }), model, [{ val_out_binary_accuracy: 0.5 }, { val_out_binary_accuracy: 0.4 }])).toBe(2);
  });

  test('baseline: improving on the best but not the baseline keeps the patience running', async () => {
    expect(await drive(callbacks.earlyStopping({ patience: 2 }), model, valLoss(0.9, 0.95, 0.96, 0.97))).toBe(3);
    expect(await drive(callbacks.earlyStopping({ patience: 2, baseline: 0.5 }), model, valLoss(0.9, 0.95, 0.96, 0.97))).toBe(2);
    expect(await drive(callbacks.earlyStopping({ patience: 2, baseline: 0.95 }), model, valLoss(0.9, 0.95, 0.96, 0.97))).toBe(3);
  });

  test('startFromEpoch ignores the warm-up epochs', async () => {
    expect(await drive(callbacks.earlyStopping({ startFromEpoch: 3 }), model, valLoss(1, 2, 3, 4, 5, 6))).toBe(5);
  });

  test('restoreBestWeights puts back the weights of the best epoch', async () => {
    const stop = callbacks.earlyStopping({ patience: 1, restoreBestWeights: true });
    // Epoch e ends with every weight equal to e, so the restored values name the epoch.
    const setTo = (e: number) => model.setWeights(model.getWeights().map((w) => new Tensor(new Float32Array(w.size).fill(e), w.shape)));
    expect(await drive(stop, model, valLoss(1, 0.5, 0.7, 0.8, 0.1), setTo)).toBe(3);
    expect(model.getWeights().every((w) => w.data.every((v) => v === 1))).toBe(true);
  });

  test('a metric it cannot orient, a missing key, bad options', async () => {
    await expect(drive(callbacks.earlyStopping({ monitor: 'my_score' }), model, [{ my_score: 1 }])).rejects.toThrow(
      /isn't able to automatically determine.*Received: monitor=my_score/,
    );
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await drive(callbacks.earlyStopping(), model, [{ loss: 1 }, { loss: 2 }, { loss: 3 }])).toBe(3);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/`val_loss` which is not available. Available metrics are: loss/));
    warn.mockRestore();
    expect(() => callbacks.earlyStopping({ mode: 'up' as 'max' })).toThrow(/Received: mode="up"/);
    expect(() => callbacks.earlyStopping({ patience: -1 })).toThrow(/Received: patience=-1/);
  });
});

/** Random labels a wide model memorises: validation loss turns up after a few epochs. */
function overfitting(rows: number, seed: number): { x: Tensor<'float32'>; y: Tensor<'float32'> } {
  const rng = new Random(seed);
  const x = new Tensor<'float32'>(Float32Array.from({ length: rows * 40 }, () => rng.nextFloat() * 2 - 1), [rows, 40]);
  const y = new Tensor<'float32'>(Float32Array.from({ length: rows }, () => (rng.nextFloat() < 0.5 ? 0 : 1)), [rows]);
  return { x, y };
}

describe('earlyStopping in a real fit', () => {
  test("the notes' stop-at-the-best-epoch is one callback away: it stops and keeps the best weights", async () => {
    const train = overfitting(64, 1);
    const val = overfitting(64, 2);
    const model = new Sequential({ seed: 3 });
    model.add(layers.dense({ units: 64, activation: 'relu', inputShape: [40] }));
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    model.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'binary_crossentropy' });
    const stop = callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const history = await model.fit(train.x, train.y, { epochs: 60, batchSize: 16, validationData: [val.x, val.y], verbose: 0, seed: 5, callbacks: [stop] });
    const losses = history.history.val_loss;
    const best = losses.indexOf(Math.min(...losses));
    expect(losses.length).toBeLessThan(60);
    expect(losses.length).toBe(best + 2 + 1);
    expect(stop.stoppedEpoch).toBe(losses.length - 1);
    expect(stop.bestEpoch).toBe(best);
    const restored = (await model.evaluate(val.x, val.y, { verbose: 0 })) as number;
    expect(restored).toBeCloseTo(losses[best], 6);
  });
});

describe('reduceLROnPlateau', () => {
  test('multiplies the rate by factor after patience flat epochs, then cools down, never below minLr', async () => {
    const model = tinyModel(1, 0.1);
    const reduce = callbacks.reduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, minLr: 0.02 });
    const logs = valLoss(1, 1, 1, 1, 1, 1, 1, 1, 1);
    await drive(reduce, model, logs);
    // Flat from the start: reductions after epochs 2, 4 (one cooling epoch, then one more of patience)
    // and 6, the last one clamped to minLr. Each epoch logs the rate it trained with.
    expect(logs.map((l) => Number(l.learning_rate.toPrecision(6)))).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02]);
    expect(model.learningRate).toBeCloseTo(0.02, 9);
  });

  test('an improvement larger than minDelta resets the wait', async () => {
    const model = tinyModel(1, 0.1);
    const reduce = callbacks.reduceLROnPlateau({ factor: 0.5, patience: 2, minDelta: 0.01 });
    await drive(reduce, model, valLoss(1, 0.995, 0.98, 0.979, 0.5));
    expect(model.learningRate).toBeCloseTo(0.1, 9);
    await drive(reduce, model, valLoss(1, 0.995, 0.991, 0.5));
    expect(model.learningRate).toBeCloseTo(0.05, 9);
  });

  test('in a fit, the rate it logs reaches the History, and training uses the new rate', async () => {
    const model = tinyModel(2, 0.05);
    const x = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]];
    const y = [0, 0, 0, 0];
    // The loss keeps falling, so mode max sees no improvement after epoch 0 and reduces every epoch.
    const reduce = callbacks.reduceLROnPlateau({ monitor: 'loss', mode: 'max', factor: 0.5, patience: 1 });
    const history = await model.fit(x, y, { epochs: 4, batchSize: 4, verbose: 0, callbacks: [reduce] });
    expect(history.history.learning_rate.map((r) => Number(r.toPrecision(6)))).toEqual([0.05, 0.05, 0.025, 0.0125]);
    expect(model.learningRate).toBeCloseTo(0.00625, 9);
    expect(() => callbacks.reduceLROnPlateau({ factor: 1 })).toThrow(/Received: factor=1/);
  });
});

describe('learningRateScheduler', () => {
  test("Keras's docstring example: SGD 0.01, decay after epoch 10, ends at 0.00607", async () => {
    const model = new Sequential({ seed: 1, layers: [layers.dense({ units: 10, inputShape: [20] })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = new Tensor(Float32Array.from({ length: 100 }, (_, i) => i / 100), [5, 20]);
    const y = new Tensor(new Float32Array(50), [5, 10]);
    const scheduler = callbacks.learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
    const history = await model.fit(x, y, { epochs: 15, verbose: 0, callbacks: [scheduler] });
    expect(Number(model.learningRate.toFixed(5))).toBe(0.00607);
    expect(history.history.learning_rate).toHaveLength(15);
    expect(history.history.learning_rate[10]).toBeCloseTo(0.01 * Math.exp(-0.1), 7);
  });

  test('a schedule that returns something other than a positive number fails', async () => {
    const model = tinyModel();
    const bad = callbacks.learningRateScheduler(() => Number.NaN);
    await expect(model.fit([[1, 2]], [1], { verbose: 0, callbacks: [bad] })).rejects.toThrow(/should be a positive, finite number. Received: NaN/);
  });
});

describe('terminateOnNaN', () => {
  // Inputs of 1e3 with a rate of 10 make SGD diverge to Infinity, then NaN, within a few steps.
  const x = new Tensor(Float32Array.from({ length: 64 }, (_, i) => 1000 * (i % 7)), [32, 2]);
  const y = new Tensor(Float32Array.from({ length: 32 }, (_, i) => i), [32]);

  test('stops the fit at the first non-finite batch loss', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const model = tinyModel(1, 10);
    const history = await model.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0, callbacks: [callbacks.terminateOnNaN()] });
    expect(history.history.loss.length).toBeLessThan(20);
    expect(Number.isFinite(history.history.loss.at(-1))).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^Batch \d+: Invalid loss, terminating training$/));
    log.mockRestore();
  });

  test('raiseError throws instead', async () => {
    const model = tinyModel(1, 10);
    await expect(model.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0, callbacks: [callbacks.terminateOnNaN({ raiseError: true })] })).rejects.toThrow(StateError);
  });
});

describe('csvLogger', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-csv-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes a header and one row per epoch, as Keras (sorted keys, CRLF); append continues the file', async () => {
    const filename = path.join(dir, 'logs', 'training.csv');
    const model = new Sequential({ seed: 4, layers: [layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const x = [[1, 2], [3, 4], [5, 6], [7, 8]];
    const y = [1, 2, 3, 4];
    const first = await model.fit(x, y, { epochs: 3, batchSize: 2, validationData: [x, y], verbose: 0, callbacks: [callbacks.csvLogger({ filename })] });
    let text = fs.readFileSync(filename, 'utf8');
    let lines = text.split('\r\n');
    expect(lines[0]).toBe('epoch,loss,mae,val_loss,val_mae');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    lines.slice(1, 4).forEach((line, epoch) => {
      const [e, loss, mae, vLoss, vMae] = line.split(',');
      expect(Number(e)).toBe(epoch);
      expect(Number(loss)).toBe(first.history.loss[epoch]);
      expect(Number(mae)).toBe(first.history.mae[epoch]);
      expect(Number(vLoss)).toBe(first.history.val_loss[epoch]);
      expect(Number(vMae)).toBe(first.history.val_mae[epoch]);
    });
    const second = await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, callbacks: [callbacks.csvLogger({ filename, separator: ';', append: true })] });
    lines = fs.readFileSync(filename, 'utf8').split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[4].split(';').map(Number)).toEqual([0, second.history.loss[0], second.history.mae[0]]);
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [callbacks.csvLogger({ filename })] });
    text = fs.readFileSync(filename, 'utf8');
    expect(text.split('\r\n')).toHaveLength(3);
  });

  test('values are written as Python writes floats', async () => {
    const filename = path.join(dir, 'python.csv');
    const logger = callbacks.csvLogger({ filename });
    logger.setModel(tinyModel());
    await logger.onTrainBegin({});
    await logger.onEpochEnd(0, { loss: 1, tiny: 0.00001, small: 0.0001, huge: 1e16, nan: Number.NaN });
    expect(fs.readFileSync(filename, 'utf8')).toBe('epoch,huge,loss,nan,small,tiny\r\n0,1e+16,1.0,nan,0.0001,1e-05\r\n');
    expect(() => callbacks.csvLogger({ filename: '' })).toThrow(ValueError);
  });
});

describe('LambdaCallback and the hook order', () => {
  test('hooks run in Keras order; batch hooks once per batch; stopTraining in a batch ends the epoch', async () => {
    const events: string[] = [];
    const cb = new callbacks.LambdaCallback({
      onTrainBegin: () => void events.push('train_begin'),
      onEpochBegin: (e) => void events.push(`epoch_begin ${e}`),
      onTrainBatchEnd: (b) => void events.push(`batch_end ${b}`),
      onTestBegin: () => void events.push('test_begin'),
      onTestEnd: (logs) => void events.push(`test_end ${Object.keys(logs).join(',')}`),
      onEpochEnd: (e, logs) => void events.push(`epoch_end ${e} ${Object.keys(logs).join(',')}`),
      onTrainEnd: () => void events.push('train_end'),
    });
    const model = tinyModel();
    const x = [[1, 2], [3, 4], [5, 6]];
    await model.fit(x, [1, 2, 3], { epochs: 2, batchSize: 2, validationData: [x, [1, 2, 3]], verbose: 0, callbacks: [cb] });
    expect(events).toEqual([
      'train_begin',
      'epoch_begin 0', 'batch_end 0', 'batch_end 1', 'test_begin', 'test_end loss', 'epoch_end 0 loss,val_loss',
      'epoch_begin 1', 'batch_end 0', 'batch_end 1', 'test_begin', 'test_end loss', 'epoch_end 1 loss,val_loss',
      'train_end',
    ]);
    let batches = 0;
    const stopper = new callbacks.LambdaCallback({
      onTrainBatchEnd: () => {
        batches++;
        model.stopTraining = true;
      },
    });
    const history = await model.fit(x, [1, 2, 3], { epochs: 5, batchSize: 1, verbose: 0, callbacks: [stopper] });
    expect(batches).toBe(1);
    expect(history.epoch).toEqual([0]);
    expect(() => new callbacks.LambdaCallback({ onEpochEnd: 3 as unknown as () => void })).toThrow(/Received: onEpochEnd=3/);
  });

  test('evaluate runs onTestBegin/onTestEnd with its results', async () => {
    const model = tinyModel();
    let seen: Logs = {};
    const loss = await model.evaluate([[1, 2]], [1], { verbose: 0, callbacks: [callbacks.lambdaCallback({ onTestEnd: (logs) => void (seen = logs) })] });
    expect(seen).toEqual({ loss });
  });
});
