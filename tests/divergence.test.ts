/**
 * Divergence is caught by default: a NaN or infinite loss stops fit with a message naming the
 * epoch and batch, the last finite epoch's weights and optimizer state come back, and History
 * says where it stopped; earlyStopping and modelCheckpoint never restore or write non-finite
 * weights. Learning rate 1e6 makes any model diverge within a few batches.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Callback, callbacks, type Logs, loadModel, optimizers, Sequential, StateError, ValueError, layers } from 'kerasm';
import { linear } from './helpers/synthetic';

const data = linear(400, [3, -2, 0.5, 1, 0, 2, -1, 0.25, 1.5, -0.5, 0.75, 1, -3], 1, 6);

function regressor(learningRate: number): Sequential {
  const model = new Sequential({ seed: 2 });
  model.add(layers.dense({ units: 64, activation: 'relu', inputShape: [13] }));
  model.add(layers.dense({ units: 64, activation: 'relu' }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: optimizers.rmsprop({ learningRate }), loss: 'mse', metrics: ['mae'] });
  return model;
}

const flat = (m: Sequential) => m.getWeights().map((w) => Array.from(w.data));
const finite = (m: Sequential) => m.getWeights().every((w) => w.data.every(Number.isFinite));

/** Raises the learning rate to 1e6 at the end of epoch `at` (0-based), after copying the weights then. */
class BlowUpAfter extends Callback {
  weightsThen?: number[][];
  iterationsThen?: number;
  constructor(private readonly at: number) {
    super();
  }
  override onEpochEnd(epoch: number): void {
    if (epoch !== this.at) return;
    const model = this.requireModel() as Sequential;
    this.weightsThen = flat(model);
    this.iterationsThen = model.getOptimizerState().iterations;
    model.learningRate = 1e6;
  }
}

let warn: jest.SpyInstance;
beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => {})));
afterEach(() => warn.mockRestore());

describe('fit stops on a non-finite loss by default', () => {
  test('diverging in the first epoch: the weights from before fit come back; History and a warning say where', async () => {
    const model = regressor(1e6);
    const before = flat(model);
    const history = await model.fit(data.x, data.y, { epochs: 10, batchSize: 16, verbose: 0 });
    expect(history.stopped).toMatchObject({ reason: 'non-finite loss', epoch: 0, restored: true, restoredEpoch: undefined });
    expect(history.epoch).toEqual([]);
    expect(flat(model)).toEqual(before);
    expect(model.getOptimizerState().iterations).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    const batch = (history.stopped?.batch ?? -1) + 1;
    expect(warn.mock.calls[0][0]).toMatch(new RegExp(`^Training diverged: .* at epoch 1/10, batch ${batch}/25, so fit stopped and the weights it had before this fit were restored\\..*terminateOnNaN: false`));
    // The model is usable: a sane learning rate trains it.
    model.learningRate = 1e-3;
    const again = await model.fit(data.x, data.y, { epochs: 3, batchSize: 16, verbose: 0 });
    expect(again.stopped).toBeUndefined();
    expect(again.history.loss.every(Number.isFinite)).toBe(true);
  });

  test('diverging in a later epoch: that epoch is dropped and the last finite epoch comes back, optimizer state included', async () => {
    const model = regressor(1e-3);
    const blowUp = new BlowUpAfter(2);
    const history = await model.fit(data.x, data.y, { epochs: 10, batchSize: 16, verbose: 0, callbacks: [blowUp] });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history.loss.every(Number.isFinite)).toBe(true);
    expect(history.stopped).toMatchObject({ epoch: 3, restoredEpoch: 2, restored: true });
    expect(flat(model)).toEqual(blowUp.weightsThen);
    expect(model.getOptimizerState().iterations).toBe(blowUp.iterationsThen);
    expect(warn.mock.calls[0][0]).toMatch(/at epoch 4\/10, batch \d+\/25, .*the weights from the end of epoch 3 \(the last finite one\) were restored/);
  });

  test('the batch it names is the first whose loss or weights stopped being finite, as a batch-by-batch run sees it', async () => {
    class FirstBad extends Callback {
      first?: number;
      override onTrainBatchEnd(batch: number, logs: Logs): void {
        if (this.first !== undefined) return;
        if (!Number.isFinite(logs.loss) || !finite(this.requireModel() as Sequential)) {
          this.first = batch;
          this.requireModel().stopTraining = true;
        }
      }
    }
    const watcher = new FirstBad();
    await regressor(1e6).fit(data.x, data.y, { epochs: 1, batchSize: 16, verbose: 0, seed: 4, terminateOnNaN: false, callbacks: [watcher] });
    const history = await regressor(1e6).fit(data.x, data.y, { epochs: 1, batchSize: 16, verbose: 0, seed: 4 });
    expect(watcher.first).toBeDefined();
    expect(history.stopped?.batch).toBe(watcher.first);
  });

  test('terminateOnNaN: false trains on regardless (Keras without the callback); a non-boolean is refused', async () => {
    const model = regressor(1e6);
    const history = await model.fit(data.x, data.y, { epochs: 3, batchSize: 16, verbose: 0, terminateOnNaN: false });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.stopped).toBeUndefined();
    expect(history.history.loss.some((v) => !Number.isFinite(v))).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    await expect(regressor(1).fit(data.x, data.y, { terminateOnNaN: 'yes' as never })).rejects.toThrow(ValueError);
  });
});

describe('callbacks never keep or write non-finite weights', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-diverge-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('callbacks.terminateOnNaN (with the default off) restores the last finite epoch; raiseError throws after restoring', async () => {
    const model = regressor(1e-3);
    const blowUp = new BlowUpAfter(1);
    const history = await model.fit(data.x, data.y, { epochs: 10, batchSize: 16, verbose: 0, terminateOnNaN: false, callbacks: [blowUp, callbacks.terminateOnNaN()] });
    expect(history.epoch.length).toBeLessThan(10);
    expect(flat(model)).toEqual(blowUp.weightsThen);
    const raising = regressor(1e6);
    const before = flat(raising);
    await expect(raising.fit(data.x, data.y, { epochs: 3, verbose: 0, terminateOnNaN: false, callbacks: [callbacks.terminateOnNaN({ raiseError: true })] })).rejects.toThrow(StateError);
    expect(flat(raising)).toEqual(before);
  });

  test('earlyStopping({ restoreBestWeights }) restores the best finite epoch, never NaN weights, and does not throw', async () => {
    const model = regressor(1e-3);
    const blowUp = new BlowUpAfter(2);
    const stop = callbacks.earlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true });
    await model.fit(data.x, data.y, { epochs: 10, batchSize: 16, verbose: 0, terminateOnNaN: false, callbacks: [blowUp, stop] });
    expect(finite(model)).toBe(true);
    expect(flat(model)).toEqual(blowUp.weightsThen);
    // A run that diverges at once has no finite epoch to restore: the weights are left, no error.
    const diverged = regressor(1e6);
    await expect(diverged.fit(data.x, data.y, { epochs: 3, verbose: 0, terminateOnNaN: false, callbacks: [callbacks.earlyStopping({ monitor: 'loss', restoreBestWeights: true })] })).resolves.toBeDefined();
  });

  test('modelCheckpoint keeps the last good file when the model diverges (with the default off), and skips with a warning', async () => {
    const file = path.join(dir, 'latest.kerasm');
    const model = regressor(1e-3);
    const blowUp = new BlowUpAfter(1);
    await model.fit(data.x, data.y, { epochs: 5, batchSize: 16, verbose: 0, terminateOnNaN: false, callbacks: [blowUp, callbacks.modelCheckpoint({ filepath: file })] });
    expect(warn.mock.calls.some(([m]) => /not saving the model to .*latest\.kerasm: its weights are not finite/.test(String(m)))).toBe(true);
    const restored = loadModel(file) as Sequential;
    expect(flat(restored)).toEqual(blowUp.weightsThen);
    // With the default on, the diverged epoch never reaches the checkpoint at all.
    warn.mockClear();
    const best = path.join(dir, 'best.kerasm');
    await regressor(1e-3).fit(data.x, data.y, { epochs: 5, batchSize: 16, verbose: 0, callbacks: [new BlowUpAfter(1), callbacks.modelCheckpoint({ filepath: best, monitor: 'loss', saveBestOnly: true })] });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^Training diverged/);
    expect(finite(loadModel(best) as Sequential)).toBe(true);
  });
});
