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

// Keras 3's other rules (keras/src/optimizers/{adamw,adagrad,adadelta,adamax,nadam}.py) with their
// defaults, and the base optimizer's clipping and decoupled weight decay
// (keras/src/optimizers/base_optimizer.py).

function adamStep(m: number[], v: number[], lr: number): Rule {
  return (p, g, t) => {
    const alpha = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    g.forEach((gi, i) => {
      m[i] += (gi - m[i]) * 0.1;
      v[i] += (gi * gi - v[i]) * 0.001;
      p[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + 1e-7);
    });
  };
}

test('AdamW: w −= lr·weight_decay·w before each Adam step (weight_decay 0.004)', async () => {
  const adamRule = adamStep([0, 0, 0], [0, 0, 0], 0.001);
  const want = simulate((p, g, t) => {
    p.forEach((w, i) => (p[i] = w - w * 0.004 * 0.001));
    adamRule(p, g, t);
  }, 3);
  expectClose(await train(optimizers.adamw(), 3), want);
});

test('Adagrad: accumulator from 0.1, w −= lr·g/sqrt(acc + ε)', async () => {
  const acc = [0.1, 0.1, 0.1];
  const want = simulate((p, g) => {
    g.forEach((gi, i) => {
      acc[i] += gi * gi;
      p[i] -= (0.001 * gi) / Math.sqrt(acc[i] + 1e-7);
    });
  }, 3);
  expectClose(await train(optimizers.adagrad(), 3), want);
});

test('Adadelta (rho 0.95): delta = −rms(Δ)·g/rms(g²), w += lr·delta', async () => {
  const accGrad = [0, 0, 0];
  const accDelta = [0, 0, 0];
  const lr = 1;
  const rms = (x: number) => Math.sqrt(x + 1e-7);
  const want = simulate((p, g) => {
    g.forEach((gi, i) => {
      accGrad[i] = 0.95 * accGrad[i] + 0.05 * gi * gi;
      const delta = (-rms(accDelta[i]) * gi) / rms(accGrad[i]);
      accDelta[i] = 0.95 * accDelta[i] + 0.05 * delta * delta;
      p[i] += lr * delta;
    });
  }, 3);
  expectClose(await train(optimizers.adadelta({ learningRate: lr }), 3), want);
});

test('Adamax: u = max(β2·u, |g|), w −= lr·m / ((1 − β1ᵗ)(u + ε))', async () => {
  const m = [0, 0, 0];
  const u = [0, 0, 0];
  const want = simulate((p, g, t) => {
    g.forEach((gi, i) => {
      m[i] += (gi - m[i]) * 0.1;
      u[i] = Math.max(0.999 * u[i], Math.abs(gi));
      p[i] -= (0.001 * m[i]) / ((1 - 0.9 ** t) * (u[i] + 1e-7));
    });
  }, 3);
  expectClose(await train(optimizers.adamax(), 3), want);
});

test("Nadam: Keras's momentum cache u_t = β1·(1 − ½·0.96ᵗ)", async () => {
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  let uProduct = 1;
  const want = simulate((p, g, t) => {
    const ut = 0.9 * (1 - 0.5 * 0.96 ** t);
    const ut1 = 0.9 * (1 - 0.5 * 0.96 ** (t + 1));
    uProduct *= ut;
    const uProduct1 = uProduct * ut1;
    g.forEach((gi, i) => {
      m[i] += (gi - m[i]) * 0.1;
      v[i] += (gi * gi - v[i]) * 0.001;
      const mHat = (ut1 * m[i]) / (1 - uProduct1) + ((1 - ut) * gi) / (1 - uProduct);
      const vHat = v[i] / (1 - 0.999 ** t);
      p[i] -= (mHat * 0.001) / (Math.sqrt(vHat) + 1e-7);
    });
  }, 3);
  expectClose(await train(optimizers.nadam(), 3), want);
});

describe('gradient clipping', () => {
  const lr = 0.05;
  const sgdWith = (clip: (g: number[]) => number[]) => simulate((p, g) => clip(g).forEach((gi, i) => (p[i] -= lr * gi)), 3);
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const scaleTo = (v: number[], limit: number) => (norm(v) > limit ? v.map((x) => (x * limit) / norm(v)) : v);

  test('clipnorm: each weight (kernel, bias) to the norm on its own', async () => {
    const want = sgdWith((g) => [...scaleTo(g.slice(0, 2), 0.5), ...scaleTo(g.slice(2), 0.5)]);
    expectClose(await train(optimizers.sgd({ learningRate: lr, clipnorm: 0.5 }), 3), want);
  });

  test('globalClipnorm: all gradients together', async () => {
    expectClose(await train(optimizers.sgd({ learningRate: lr, globalClipnorm: 0.5 }), 3), sgdWith((g) => scaleTo(g, 0.5)));
  });

  test('clipvalue: each value to [−v, v]', async () => {
    expectClose(await train(optimizers.sgd({ learningRate: lr, clipvalue: 0.2 }), 3), sgdWith((g) => g.map((x) => Math.min(Math.max(x, -0.2), 0.2))));
  });

  test('only one kind of clipping at a time', () => {
    expect(() => optimizers.adam({ clipnorm: 1, clipvalue: 1 })).toThrow(/Only one of `clipnorm`, `clipvalue` and `globalClipnorm`.*Received: clipnorm=1, clipvalue=1/);
  });
});

describe('learning-rate schedules, evaluated at every step from the iteration count', () => {
  async function ratesOver(schedule: ReturnType<typeof optimizers.schedules.exponentialDecay>, steps: number): Promise<number[]> {
    const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: optimizers.sgd({ learningRate: schedule }), loss: 'mse' });
    const rates = [model.learningRate];
    for (let s = 0; s < steps; s++) {
      await model.fit([[1, 2]], [1], { epochs: 1, verbose: 0 });
      rates.push(model.learningRate);
    }
    return rates;
  }

  test('exponentialDecay, smooth and staircase', async () => {
    const smooth = await ratesOver(optimizers.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }), 4);
    smooth.forEach((r, step) => expect(r).toBeCloseTo(0.1 * 0.5 ** (step / 2), 7));
    const stairs = await ratesOver(optimizers.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5, staircase: true }), 4);
    stairs.forEach((r, step) => expect(r).toBeCloseTo(0.1 * 0.5 ** Math.floor(step / 2), 7));
  });

  test('cosineDecay with alpha', async () => {
    const rates = await ratesOver(optimizers.schedules.cosineDecay({ initialLearningRate: 0.2, decaySteps: 4, alpha: 0.1 }), 6);
    rates.forEach((r, step) => {
      const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, 4)) / 4));
      expect(r).toBeCloseTo(0.2 * ((1 - 0.1) * cosine + 0.1), 7);
    });
  });

  test('piecewiseConstantDecay', async () => {
    const rates = await ratesOver(optimizers.schedules.piecewiseConstantDecay({ boundaries: [1, 3], values: [0.3, 0.2, 0.1] }), 5);
    expect(rates.map((r) => Number(r.toFixed(7)))).toEqual([0.3, 0.3, 0.2, 0.2, 0.1, 0.1]);
    expect(() => optimizers.schedules.piecewiseConstantDecay({ boundaries: [1], values: [1] })).toThrow(/1 less than the length of values/);
  });

  test('setting learningRate replaces the schedule by a constant, as Keras callbacks do', async () => {
    const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: optimizers.sgd({ learningRate: optimizers.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }) }), loss: 'mse' });
    model.learningRate = 0.03;
    await model.fit([[1, 2]], [1], { epochs: 3, verbose: 0 });
    expect(model.learningRate).toBeCloseTo(0.03, 9);
  });
});

test('every optimizer by name, any case', () => {
  const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
  for (const name of ['SGD', 'RMSprop', 'Adam', 'AdamW', 'Adagrad', 'Adadelta', 'Adamax', 'Nadam']) {
    model.compile({ optimizer: name as 'adam', loss: 'mse' });
    expect(model.learningRate).toBeCloseTo(name === 'SGD' ? 0.01 : 0.001, 9);
  }
});
