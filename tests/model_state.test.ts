/** A disposed model refuses every call; a busy model refuses a second long call; a failed call leaves the model as it was. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Callback, KerasmError, layers, type Logs, Sequential, StateError, Tensor } from 'kerasm';
import { separableBinary } from './helpers/synthetic';

function classifier(seed = 5): Sequential {
  const model = new Sequential({ seed });
  model.add(layers.dense({ units: 8, activation: 'relu', inputShape: [20] }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  return model;
}

const data = separableBinary(256, 20, 4);
const fitArgs = { epochs: 3, batchSize: 32, verbose: 0 as const, seed: 1 };

async function codeOf(work: () => unknown): Promise<string | undefined> {
  try {
    await work();
  } catch (err) {
    expect(err).toBeInstanceOf(KerasmError);
    return (err as KerasmError).code;
  }
  return undefined;
}

describe('a disposed model', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-state-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('refuses every call with DISPOSED, naming the call, instead of rebuilding with fresh weights', async () => {
    const model = classifier();
    await model.fit(data.x, data.y, fitArgs);
    const saved = path.join(dir, 'before.weights.kerasm');
    model.saveWeights(saved);
    const layer = model.layers[0];
    model.dispose();
    expect(model.isDisposed).toBe(true);
    const calls: Record<string, () => unknown> = {
      predict: () => model.predict(data.x),
      fit: () => model.fit(data.x, data.y, fitArgs),
      evaluate: () => model.evaluate(data.x, data.y, { verbose: 0 }),
      getWeights: () => model.getWeights(),
      setWeights: () => model.setWeights([]),
      weightInfo: () => model.weightInfo,
      countParams: () => model.countParams(),
      summary: () => model.summary({ printFn: () => {} }),
      save: () => model.save(path.join(dir, 'after.kerasm')),
      saveToBuffers: () => model.saveToBuffers(),
      saveWeights: () => model.saveWeights(path.join(dir, 'after.weights.kerasm')),
      loadWeights: () => model.loadWeights(saved),
      toJSON: () => model.toJSON(),
      compile: () => model.compile({ optimizer: 'sgd', loss: 'mse' }),
      learningRate: () => model.learningRate,
      getOptimizerState: () => model.getOptimizerState(),
      metricsNames: () => model.metricsNames,
      add: () => model.add(layers.dense({ units: 1 })),
      pop: () => model.pop(),
      "a layer's getWeights": () => layer.getWeights(),
    };
    for (const [name, call] of Object.entries(calls)) {
      expect([name, await codeOf(call)]).toEqual([name, 'DISPOSED']);
    }
    await expect(model.predict(data.x)).rejects.toThrow(/Model 'sequential.*' was disposed, so `predict` cannot run.*Received: predict after dispose\(\)/);
    expect(fs.existsSync(path.join(dir, 'after.kerasm'))).toBe(false);
    expect(() => model.dispose()).not.toThrow();
  });
});

describe('a busy model', () => {
  test('refuses a second fit, an evaluate, a predict, compile and dispose during fit; the fit runs as if alone', async () => {
    const model = classifier();
    const twin = classifier();
    const running = model.fit(data.x, data.y, fitArgs);
    const evaluating = model.evaluate(data.x, data.y);
    // Started before the first fit takes its first await: each sees it running.
    const attempts = [
      () => model.fit(data.x, data.y, fitArgs),
      () => model.evaluate(data.x, data.y, { verbose: 0 }),
      () => model.predict(data.x),
      () => model.compile({ optimizer: 'sgd', loss: 'mse' }),
      () => model.dispose(),
      () => model.pop(),
    ].map((call) => codeOf(call));
    const refused = await Promise.all(attempts);
    expect(refused).toEqual(Array(6).fill('MODEL_BUSY'));
    await expect(evaluating).rejects.toBeInstanceOf(StateError);
    await expect(evaluating).rejects.toThrow(/is busy with `fit`; `evaluate` must wait.*Received: evaluate during fit/);
    const history = await running;
    const alone = await twin.fit(data.x, data.y, fitArgs);
    expect(history.history).toEqual(alone.history);
    expect(model.getWeights().map((w) => Array.from(w.data))).toEqual(twin.getWeights().map((w) => Array.from(w.data)));
    // Idle again: a new long call runs.
    expect((await model.predict(data.x)).shape).toEqual([256, 1]);
  });

  test('its own callbacks may predict, evaluate and read weights during fit (nested calls, as in Keras)', async () => {
    const model = classifier();
    const seen: number[] = [];
    class Probe extends Callback {
      override async onEpochEnd(_epoch: number, _logs: Logs): Promise<void> {
        const p = (await this.requireModel().predict(data.x)) as Tensor;
        const acc = (await this.requireModel().evaluate(data.x, data.y, { verbose: 0 })) as number[];
        seen.push(p.shape[0], acc.length, this.requireModel().getWeights().length);
      }
    }
    const history = await model.fit(data.x, data.y, { ...fitArgs, callbacks: [new Probe()] });
    expect(seen).toEqual([256, 2, 4, 256, 2, 4, 256, 2, 4]);
    expect(history.history.loss).toHaveLength(3);
  });
});

describe('a failed call', () => {
  test('a callback that throws mid-fit leaves the model idle and usable', async () => {
    const model = classifier();
    class Boom extends Callback {
      override onEpochEnd(epoch: number): void {
        if (epoch === 1) throw new Error('boom');
      }
    }
    await expect(model.fit(data.x, data.y, { ...fitArgs, callbacks: [new Boom()] })).rejects.toThrow('boom');
    const history = await model.fit(data.x, data.y, fitArgs);
    expect(history.history.loss).toHaveLength(3);
    expect((await model.predict(data.x)).shape).toEqual([256, 1]);
  });

  test('a refused fit, evaluate or predict leaves the weights bit for bit and the model idle', async () => {
    const model = classifier();
    await model.fit(data.x, data.y, fitArgs);
    const before = model.getWeights().map((w) => Array.from(w.data));
    const predicted = Array.from((await model.predict(data.x)).data);
    await expect(model.fit(data.x, data.y, { batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(model.evaluate(new Tensor(new Float32Array(30), [3, 10]), data.y)).rejects.toBeInstanceOf(KerasmError);
    await expect(model.predict(new Tensor(new Float32Array(30), [3, 10]))).rejects.toBeInstanceOf(KerasmError);
    expect(model.getWeights().map((w) => Array.from(w.data))).toEqual(before);
    expect(Array.from((await model.predict(data.x)).data)).toEqual(predicted);
    expect((await model.fit(data.x, data.y, fitArgs)).history.loss).toHaveLength(3);
  });
});
