/**
 * Training that cooperates: fit, evaluate and predict give the event loop macrotasks between
 * engine calls, so timers tick and signal handlers run mid-fit; `stopTraining` set from outside
 * stops the fit; an AbortSignal cancels with an AbortError and leaves the model usable; how the
 * batches are split into engine calls never changes the numerics. A child process shows Ctrl-C
 * with a handler that saves a checkpoint.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AbortError, Callback, KerasmError, layers, loadModel, Sequential, Tensor, ValueError } from 'kerasm';
import { separableBinary } from './helpers/synthetic';

function imdbShaped(width: number, seed = 3): Sequential {
  const model = new Sequential({ seed });
  model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [width] }));
  model.add(layers.dense({ units: 16, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  return model;
}

const width = 1000;
const data = separableBinary(3000, width, 8);
/** A large input: `data`'s rows repeated (copied natively: element loops are slow under jest at this size). */
function bigInput(rows: number): Tensor<'float32'> {
  const x = new Float32Array(rows * width);
  const source = data.x.data;
  const sourceRows = data.x.shape[0];
  for (let i = 0; i < rows; i += sourceRows) x.set(source.subarray(0, Math.min(sourceRows, rows - i) * width), i * width);
  return new Tensor(x, [rows, width]);
}

const weightsOf = (m: Sequential) => m.getWeights().map((w) => Array.from(w.data));

/** Runs `work` with an interval timer of `ms` ticking; returns its result and the ticks seen. */
async function withTicks<T>(ms: number, work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, ms);
  try {
    return { result: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('fit, evaluate and predict yield to the event loop', () => {
  test('a timer ticks during a fit, an evaluate and a predict', async () => {
    const model = imdbShaped(width);
    const fit = await withTicks(5, () => model.fit(data.x, data.y, { epochs: 8, batchSize: 16, verbose: 0, validationSplit: 0.2 }));
    expect(fit.result.history.loss).toHaveLength(8);
    expect(fit.ticks).toBeGreaterThan(0);
    const big = { x: bigInput(20000), y: new Tensor(new Float32Array(20000), [20000]) };
    const predict = await withTicks(1, () => model.predict(big.x, { verbose: 0 }));
    expect(predict.result.shape).toEqual([20000, 1]);
    // evaluate is one engine call: the event loop runs between the upload and it, and after it.
    const evaluate = await withTicks(1, () => model.evaluate(big.x, big.y, { verbose: 0 }));
    expect(evaluate.ticks).toBeGreaterThan(0);
  });

  test('splitting the batches into engine calls does not change a bit', async () => {
    // A per-batch hook makes every batch its own call; without one, calls are sized by time.
    class EveryBatch extends Callback {
      override onTrainBatchEnd(): void {}
    }
    const perBatch = imdbShaped(width);
    const chunked = imdbShaped(width);
    const a = await perBatch.fit(data.x, data.y, { epochs: 3, batchSize: 16, verbose: 0, seed: 5, callbacks: [new EveryBatch()] });
    const b = await chunked.fit(data.x, data.y, { epochs: 3, batchSize: 16, verbose: 0, seed: 5 });
    expect(b.history).toEqual(a.history);
    expect(weightsOf(chunked)).toEqual(weightsOf(perBatch));
  });

  test('an evaluate started by a timer mid-fit is refused (MODEL_BUSY); the fit goes on', async () => {
    const model = imdbShaped(width);
    let refused: unknown;
    const timer = setTimeout(() => {
      model.evaluate(data.x, data.y, { verbose: 0 }).catch((err: unknown) => (refused = err));
    }, 5);
    const history = await model.fit(data.x, data.y, { epochs: 6, batchSize: 16, verbose: 0 });
    clearTimeout(timer);
    expect(history.history.loss).toHaveLength(6);
    expect((refused as KerasmError)?.code).toBe('MODEL_BUSY');
  });
});

test('the web host yields too (a MessageChannel macrotask), and lets the process exit afterwards', () => {
  // dist/browser.mjs in a Node child whose fetch reads files, as tests/hosts.test.ts runs it.
  const script = `
    import { readFile } from 'node:fs/promises';
    import { fileURLToPath } from 'node:url';
    globalThis.fetch = async (url) => new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': 'application/wasm' } });
    const k = await import(${JSON.stringify(path.join(__dirname, '..', 'dist', 'browser.mjs'))});
    await k.init();
    const rows = 2000, width = 500;
    const x = new Float32Array(rows * width).map((_, i) => (i % 7 === 0 ? 1 : 0));
    const m = new k.Sequential({ seed: 1 });
    m.add(k.layers.dense({ units: 16, activation: 'relu', inputShape: [width] }));
    m.add(k.layers.dense({ units: 1 }));
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await m.fit(new k.Tensor(x, [rows, width]), new k.Tensor(new Float32Array(rows), [rows]), { epochs: 20, batchSize: 8, verbose: 0 });
    clearInterval(timer);
    console.log(JSON.stringify({ variant: k.engineVariant(), ticks }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 60000, encoding: 'utf8' })) as { variant: string; ticks: number };
  expect(out.variant).toBe('single');
  expect(out.ticks).toBeGreaterThan(0);
});

describe('stopping and cancelling', () => {
  test('model.stopTraining = true set by a timer stops the fit after the current engine call', async () => {
    const model = imdbShaped(width);
    const timer = setTimeout(() => (model.stopTraining = true), 30);
    const history = await model.fit(data.x, data.y, { epochs: 500, batchSize: 16, verbose: 0 });
    clearTimeout(timer);
    expect(history.epoch.length).toBeGreaterThan(0);
    expect(history.epoch.length).toBeLessThan(500);
    // A new fit starts afresh (Keras resets stopTraining).
    expect((await model.fit(data.x, data.y, { epochs: 2, batchSize: 64, verbose: 0 })).epoch).toEqual([0, 1]);
  });

  test('an AbortSignal cancels fit with an AbortError (code ABORTED); the model is idle, keeps its weights and trains again', async () => {
    const model = imdbShaped(width);
    const controller = new AbortController();
    const epochsSeen: number[] = [];
    class Watch extends Callback {
      override onEpochEnd(epoch: number): void {
        epochsSeen.push(epoch);
      }
    }
    setTimeout(() => controller.abort(new Error('user pressed stop')), 30);
    const fit = model.fit(data.x, data.y, { epochs: 500, batchSize: 16, verbose: 0, signal: controller.signal, callbacks: [new Watch()] });
    await expect(fit).rejects.toBeInstanceOf(AbortError);
    const error = (await fit.then(
      () => undefined,
      (e: unknown) => e,
    )) as AbortError;
    expect(error.code).toBe('ABORTED');
    expect(error.name).toBe('AbortError');
    expect(error.message).toMatch(/^fit was aborted through its `signal` (in|after) epoch \d+\/500.*reason: Error: user pressed stop/);
    expect(epochsSeen.length).toBeLessThan(500);
    const after = weightsOf(model);
    expect((await model.predict(data.x, { verbose: 0 })).shape).toEqual([3000, 1]);
    expect(weightsOf(model)).toEqual(after);
    expect((await model.fit(data.x, data.y, { epochs: 1, verbose: 0 })).epoch).toEqual([0]);
  });

  test('an already aborted signal refuses fit, evaluate and predict before any work; a bad signal is a ValueError', async () => {
    const model = imdbShaped(width);
    const before = weightsOf(model);
    const signal = AbortSignal.abort();
    for (const call of [
      () => model.fit(data.x, data.y, { signal, verbose: 0 }),
      () => model.evaluate(data.x, data.y, { signal, verbose: 0 }),
      () => model.predict(data.x, { signal, verbose: 0 }),
    ]) {
      await expect(call()).rejects.toThrow(/aborted through its `signal` before it started/);
    }
    expect(weightsOf(model)).toEqual(before);
    await expect(model.fit(data.x, data.y, { signal: 'stop' as never })).rejects.toThrow(ValueError);
    await expect(model.fit(data.x, data.y, { signal: {} as never })).rejects.toThrow(/`signal` must be an AbortSignal.*Received: signal=Object/);
  });

  test('an AbortSignal cancels a long predict between its chunks', async () => {
    const model = imdbShaped(width);
    const big = { x: bigInput(40000) };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1);
    await expect(model.predict(big.x, { verbose: 0, batchSize: 256, signal: controller.signal })).rejects.toThrow(/predict was aborted through its `signal` after row \d+ of 40000/);
    expect((await model.predict(new Tensor(big.x.data.subarray(0, width), [1, width]))).shape).toEqual([1, 1]);
  });
});

describe('Ctrl-C during fit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-sigint-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a SIGINT handler that sets stopTraining and saves a checkpoint runs mid-fit; the fit then ends", async () => {
    const checkpoint = path.join(dir, 'interrupted.kerasm');
    const script = `
      const k = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'index.cjs'))});
      const rows = 3000, width = ${width};
      const x = new Float32Array(rows * width), y = new Float32Array(rows);
      const rng = new k.Random(1);
      for (let i = 0; i < x.length; i++) x[i] = rng.nextFloat() < 0.1 ? 1 : 0;
      for (let i = 0; i < rows; i++) y[i] = x[i * width] ;
      const model = new k.Sequential({ seed: 1 });
      model.add(k.layers.dense({ units: 16, activation: 'relu', inputShape: [width] }));
      model.add(k.layers.dense({ units: 16, activation: 'relu' }));
      model.add(k.layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
      process.on('SIGINT', () => {
        const handler = performance.timeOrigin + performance.now();
        model.stopTraining = true;
        model.save(${JSON.stringify(checkpoint)});
        console.log(JSON.stringify({ handler, saved: performance.timeOrigin + performance.now() }));
      });
      class Ready extends k.Callback {
        onEpochEnd(epoch) { if (epoch === 0) console.log('ready'); }
      }
      model.fit(new k.Tensor(x, [rows, width]), new k.Tensor(y, [rows]), { epochs: 100000, batchSize: 16, verbose: 0, callbacks: [new Ready()] })
        .then((h) => console.log(JSON.stringify({ epochs: h.epoch.length })));
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let sent = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!sent && out.includes('ready')) {
        sent = performance.timeOrigin + performance.now();
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { handler?: number; saved?: number; epochs?: number });
    const { handler, saved } = lines.find((l) => l.saved !== undefined) as { handler: number; saved: number };
    const epochs = lines.find((l) => l.epochs !== undefined)?.epochs as number;
    expect(epochs).toBeGreaterThan(0);
    expect(epochs).toBeLessThan(100000);
    expect(saved).toBeGreaterThan(sent);
    const restored = loadModel(checkpoint);
    expect(restored.getWeights().every((w) => w.data.every(Number.isFinite))).toBe(true);
    // The figure for the closing note (npx jest tests/cooperation.test.ts shows it).
    console.log(`SIGINT → handler ${(handler - sent).toFixed(1)} ms, → checkpoint saved ${(saved - sent).toFixed(1)} ms; the fit ended after ${epochs} epochs`);
  });
});
