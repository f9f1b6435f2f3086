/**
 * Optimizer updates through the public API against Keras 3's published update rules
 * (keras/src/optimizers/{sgd,rmsprop,adam}.py), simulated here in float64 on a linear model
 * with MSE, three steps each so momentum and moment estimates accumulate.
 */
import { layers, optimizers, Sequential, Tensor } from 'kerasm';

const x = [[1, 2], [3, -1], [0.5, 0.25]];
const y = [1, 0, -0.5];
const w0 = [0.5, -0.3];
const b0 = 0.1;

/** Gradient of mean((x·w + b − y)²) with respect to [w..., b]. */
function gradient(params: number[]): number[] {
  const g = new Array(params.length).fill(0);
  x.forEach((row, i) => {
    const pred = row[0] * params[0] + row[1] * params[1] + params[2];
    const d = (2 * (pred - y[i])) / x.length;
    g[0] += d * row[0];
    g[1] += d * row[1];
    g[2] += d;
  });
  return g;
}

type Rule = (params: number[], grads: number[], step: number) => void;

function simulate(rule: Rule, steps: number): number[] {
  const params = [...w0, b0];
  for (let t = 1; t <= steps; t++) rule(params, gradient(params), t);
  return params;
}

async function train(optimizer: ReturnType<typeof optimizers.sgd>, steps: number): Promise<number[]> {
  const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
  model.setWeights([new Tensor(Float32Array.from(w0), [2, 1]), new Tensor(Float32Array.from([b0]), [1])]);
  model.compile({ optimizer, loss: 'mse' });
  await model.fit(x, y, { epochs: steps, batchSize: x.length, shuffle: false, verbose: 0 });
  const [kernel, bias] = model.getWeights();
  return [...kernel.data, ...bias.data];
}

function expectClose(got: number[], want: number[]): void {
  want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThan(1e-6 * Math.max(1, Math.abs(w))));
}

test('SGD (lr 0.05)', async () => {
  const lr = 0.05;
  const want = simulate((p, g) => g.forEach((gi, i) => (p[i] -= lr * gi)), 3);
  expectClose(await train(optimizers.sgd({ learningRate: lr }), 3), want);
});

test.each([false, true])('SGD with momentum 0.9, nesterov=%s', async (nesterov) => {
  const lr = 0.05;
  const momentum = 0.9;
  const m = [0, 0, 0];
  const want = simulate((p, g) => {
    g.forEach((gi, i) => {
      m[i] = momentum * m[i] - lr * gi;
      p[i] += nesterov ? momentum * m[i] - lr * gi : m[i];
    });
  }, 3);
  expectClose(await train(optimizers.sgd({ learningRate: lr, momentum, nesterov }), 3), want);
});

test('RMSprop with Keras defaults (lr 0.001, rho 0.9, epsilon 1e-7)', async () => {
  const v = [0, 0, 0];
  const want = simulate((p, g) => {
    g.forEach((gi, i) => {
      v[i] = 0.9 * v[i] + 0.1 * gi * gi;
      p[i] -= (0.001 * gi) / Math.sqrt(v[i] + 1e-7);
    });
  }, 3);
  expectClose(await train(optimizers.rmsprop(), 3), want);
});

test("'rmsprop' by name is the same as optimizers.rmsprop()", async () => {
  const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
  model.setWeights([new Tensor(Float32Array.from(w0), [2, 1]), new Tensor(Float32Array.from([b0]), [1])]);
  model.compile({ optimizer: 'rmsprop', loss: 'mse' });
  await model.fit(x, y, { epochs: 3, batchSize: 3, shuffle: false, verbose: 0 });
  const [k, b] = model.getWeights();
  expect([...k.data, ...b.data]).toEqual(await train(optimizers.rmsprop(), 3));
});

test('Adam with Keras defaults (lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7)', async () => {
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  const want = simulate((p, g, t) => {
    const alpha = (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    g.forEach((gi, i) => {
      m[i] += (gi - m[i]) * 0.1;
      v[i] += (gi * gi - v[i]) * 0.001;
      p[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + 1e-7);
    });
  }, 3);
  expectClose(await train(optimizers.adam(), 3), want);
});

test('optimizer options are checked', () => {
  expect(() => optimizers.adam({ learningRate: -1 })).toThrow(/learningRate.*Received: learningRate=-1/);
  expect(() => optimizers.rmsprop({ rho: 1 })).toThrow(/rho.*Received: rho=1/);
});
