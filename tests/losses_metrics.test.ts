/**
 * Loss and metric values against Keras 3's formulas (keras/src/losses/losses.py,
 * keras/src/metrics/*.py), computed here in float64. An identity Dense (kernel = I, no bias)
 * makes `evaluate(yPred, yTrue)` score the given predictions exactly.
 */
import { layers, losses, metrics, ops, optimizers, Sequential, type SymbolicTensor, Tensor, ValueError } from 'kerasm';

const f32 = (values: number[], shape: number[]) => new Tensor<'float32'>(Float32Array.from(values), shape);

function identity(width: number, compile: Parameters<Sequential['compile']>[0]): Sequential {
  const m = new Sequential([layers.dense({ units: width, useBias: false, inputShape: [width] })]);
  m.setWeights([f32(Array.from({ length: width * width }, (_, i) => (i % (width + 1) === 0 ? 1 : 0)), [width, width])]);
  m.compile(compile);
  return m;
}

/** Rows of `values` as arrays. */
const rows = (values: number[], width: number) => Array.from({ length: values.length / width }, (_, r) => values.slice(r * width, (r + 1) * width));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const yTrue = [0, 1, 0.5, 1, 0, 0.25, 0.75, 0, 1, 0.2, 0.8, 0.5];
const yPred = [0.1, 0.7, 0.9, 0.6, 0.05, 0.3, 0.2, 0.4, 0.95, 0.35, 0.65, 0.5];
const W = 3;

async function scored(loss: Parameters<Sequential['compile']>[0]['loss'], truth = yTrue, pred = yPred): Promise<number> {
  const m = identity(W, { optimizer: 'sgd', loss });
  return (await m.evaluate(f32(pred, [pred.length / W, W]), f32(truth, [truth.length / W, W]), { verbose: 0, batchSize: 64 })) as number;
}

describe('losses', () => {
  const pairs = () => rows(yTrue, W).map((t, r) => [t, rows(yPred, W)[r]] as const);
  const eps = 1e-7;

  test('huber (delta 1 and 0.2)', async () => {
    for (const delta of [1, 0.2]) {
      const want = mean(pairs().map(([t, p]) => mean(t.map((v, i) => { const e = Math.abs(p[i] - v); return e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta); }))));
      expect(await scored(losses.huber({ delta }))).toBeCloseTo(want, 6);
    }
    expect(await scored('huber')).toBeCloseTo(await scored(losses.huber()), 7);
  });

  test('hinge, with {0, 1} labels mapped to {−1, 1}', async () => {
    const binary = yTrue.map((v) => (v >= 0.5 ? 1 : 0));
    const signed = binary.map((v) => 2 * v - 1);
    const want = mean(rows(signed, W).map((t, r) => mean(t.map((v, i) => Math.max(1 - v * rows(yPred, W)[r][i], 0)))));
    expect(await scored('hinge', binary)).toBeCloseTo(want, 6);
    expect(await scored(losses.hinge(), signed)).toBeCloseTo(want, 6);
  });

  test('kl_divergence: Σ t·log(t/p), both clipped to [1e-7, 1]', async () => {
    const clip = (v: number) => Math.min(Math.max(v, eps), 1);
    const want = mean(pairs().map(([t, p]) => t.reduce((s, v, i) => s + clip(v) * Math.log(clip(v) / clip(p[i])), 0)));
    expect(await scored('kl_divergence')).toBeCloseTo(want, 5);
  });

  test('poisson: mean(p − t·log(p + 1e-7))', async () => {
    const want = mean(pairs().map(([t, p]) => mean(t.map((v, i) => p[i] - v * Math.log(p[i] + eps)))));
    expect(await scored(losses.poisson())).toBeCloseTo(want, 6);
  });

  test('cosine_similarity: −Σ (t/|t|)·(p/|p|) (Keras negates it)', async () => {
    const norm = (v: number[]) => Math.sqrt(Math.max(v.reduce((s, x) => s + x * x, 0), 1e-12));
    const want = mean(pairs().map(([t, p]) => -t.reduce((s, v, i) => s + (v / norm(t)) * (p[i] / norm(p)), 0)));
    expect(await scored('cosine_similarity')).toBeCloseTo(want, 6);
  });

  test('mean_absolute_percentage_error: 100·mean(|t − p| / max(|t|, 1e-7))', async () => {
    const truth = yTrue.map((v) => v + 0.5);
    const want = mean(rows(truth, W).map((t, r) => 100 * mean(t.map((v, i) => Math.abs(v - rows(yPred, W)[r][i]) / Math.max(Math.abs(v), eps)))));
    expect(await scored('mape', truth)).toBeCloseTo(want, 4);
    expect(await scored(losses.meanAbsolutePercentageError(), truth)).toBeCloseTo(want, 4);
  });

  test('unknown loss names and bad options', () => {
    expect(() => identity(W, { optimizer: 'sgd', loss: 'msle' as 'mse' })).toThrow(/Unknown loss.*huber.*Received: loss="msle"/);
    expect(() => losses.huber({ delta: 0 })).toThrow(/Received: delta=0/);
  });
});

describe('metrics', () => {
  async function metric(m: Parameters<Sequential['compile']>[0]['metrics'], truth: number[], pred: number[], width: number, loss = 'mse'): Promise<number> {
    const model = identity(width, { optimizer: 'sgd', loss: loss as 'mse', metrics: m });
    const results = (await model.evaluate(f32(pred, [pred.length / width, width]), f32(truth, [truth.length / width, width]), { verbose: 0, batchSize: 3 })) as number[];
    return results[1];
  }

  test('top_k_categorical_accuracy (k = 2 and the default 5)', async () => {
    const pred = [0.1, 0.5, 0.2, 0.15, 0.05, 0.6, 0.1, 0.1, 0.15, 0.05, 0.3, 0.25, 0.2, 0.15, 0.1];
    const truth = [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1];
    // Row 0: class 2 is 2nd → in top 2; row 1: class 3 is 2nd (0.15 vs 0.1, 0.1) → in; row 2: class 4 is last → out.
    expect(await metric([metrics.topKCategoricalAccuracy({ k: 2 })], truth, pred, 5)).toBeCloseTo(2 / 3, 6);
    expect(await metric(['top_k_categorical_accuracy'], truth, pred, 5)).toBeCloseTo(1, 6);
  });

  const probabilities = [0.9, 0.8, 0.3, 0.6, 0.1, 0.45, 0.7, 0.2, 0.55, 0.35, 0.95, 0.05];
  const labels = [1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0];

  test('precision and recall at threshold 0.5, counted over the whole evaluation', async () => {
    const positive = probabilities.map((p) => p > 0.5);
    const tp = positive.filter((p, i) => p && labels[i] === 1).length;
    const fp = positive.filter((p, i) => p && labels[i] === 0).length;
    const fn = positive.filter((p, i) => !p && labels[i] === 1).length;
    expect(await metric([metrics.precision()], labels, probabilities, 1, 'binary_crossentropy')).toBeCloseTo(tp / (tp + fp), 6);
    expect(await metric(['recall'], labels, probabilities, 1, 'binary_crossentropy')).toBeCloseTo(tp / (tp + fn), 6);
    const strict = probabilities.map((p) => p > 0.7);
    const tp7 = strict.filter((p, i) => p && labels[i] === 1).length;
    expect(await metric([metrics.precision({ thresholds: 0.7 })], labels, probabilities, 1, 'binary_crossentropy')).toBeCloseTo(tp7 / strict.filter(Boolean).length, 6);
  });

  test('auc: ROC over 200 thresholds, interpolated Riemann sum (keras/src/metrics/confusion_metrics.py)', async () => {
    const n = 200;
    const thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
    const tpr: number[] = [];
    const fpr: number[] = [];
    for (const t of thresholds) {
      const pos = probabilities.map((p) => p > t);
      const tp = pos.filter((p, i) => p && labels[i] === 1).length;
      const fp = pos.filter((p, i) => p && labels[i] === 0).length;
      tpr.push(tp / labels.filter((l) => l === 1).length);
      fpr.push(fp / labels.filter((l) => l === 0).length);
    }
    let want = 0;
    for (let i = 0; i < n - 1; i++) want += (fpr[i] - fpr[i + 1]) * ((tpr[i] + tpr[i + 1]) / 2);
    expect(await metric([metrics.auc()], labels, probabilities, 1, 'binary_crossentropy')).toBeCloseTo(want, 5);
  });

  test('unknown metrics are refused, naming the accepted ones', () => {
    expect(() => identity(2, { optimizer: 'sgd', loss: 'mse', metrics: ['f1' as 'acc'] })).toThrow(/Unknown metric.*auc.*Received: metrics\[0\]="f1"/);
    expect(() => metrics.topKCategoricalAccuracy({ k: 0 })).toThrow(/Received: k=0/);
  });
});

describe('custom losses and metrics written with ops', () => {
  const x = f32(Array.from({ length: 40 }, (_, i) => Math.sin(i)), [20, 2]);
  const y = f32(Array.from({ length: 20 }, (_, i) => Math.cos(i)), [20, 1]);

  test('a custom MSE trains as the built-in one', async () => {
    const customMse = (t: SymbolicTensor, p: SymbolicTensor) => ops.mean(ops.square(ops.sub(p, t)), -1);
    const train = async (loss: Parameters<Sequential['compile']>[0]['loss']) => {
      const m = new Sequential({ seed: 3, layers: [layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }), layers.dense({ units: 1 })] });
      m.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss });
      const h = await m.fit(x, y, { epochs: 5, batchSize: 5, shuffle: false, verbose: 0 });
      return h.history.loss;
    };
    const custom = await train(customMse);
    const builtIn = await train('mse');
    custom.forEach((l, i) => expect(l).toBeCloseTo(builtIn[i], 5));
  });

  test('every op, in a loss whose value is checked against the same formula in float64', async () => {
    const t = [0.2, 0.8, 0.5, 0.1, 0.9, 0.4];
    const p = [0.3, 0.6, 0.5, 0.2, 0.7, 0.45];
    const wild = (yt: SymbolicTensor, yp: SymbolicTensor) => {
      const e = ops.sub(yp, yt);
      const a = ops.add(ops.mul(ops.abs(e), 2), ops.div(ops.square(e), 0.5));
      const b = ops.maximum(ops.sqrt(ops.add(ops.exp(ops.neg(yp)), 1)), ops.log(ops.add(yt, 1)));
      const c = ops.minimum(ops.softplus(e), ops.sigmoid(yp));
      const d = ops.relu(ops.clip(ops.sub(yp, 0.4), -0.05, 0.1));
      return ops.add(ops.add(ops.mean(ops.add(a, b), -1), ops.sum(c, -1)), ops.max(d, -1));
    };
    const want = mean(
      rows(t, W).map((tr, r) => {
        const pr = rows(p, W)[r];
        const e = pr.map((v, i) => v - tr[i]);
        const a = e.map((v) => 2 * Math.abs(v) + (v * v) / 0.5);
        const b = pr.map((v, i) => Math.max(Math.sqrt(Math.exp(-v) + 1), Math.log(tr[i] + 1)));
        const c = pr.map((v, i) => Math.min(Math.log1p(Math.exp(e[i])), 1 / (1 + Math.exp(-v))));
        const d = pr.map((v) => Math.max(Math.min(Math.max(v - 0.4, -0.05), 0.1), 0));
        return mean(a.map((v, i) => v + b[i])) + c.reduce((s, v) => s + v, 0) + Math.max(...d);
      }),
    );
    expect(await scored(wild, t, p)).toBeCloseTo(want, 5);
  });

  test('a custom metric is the mean of its per-sample values, under the function name', async () => {
    function maxError(t: SymbolicTensor, p: SymbolicTensor) {
      return ops.max(ops.abs(ops.sub(p, t)), -1);
    }
    const m = identity(W, { optimizer: 'sgd', loss: 'mse', metrics: [maxError] });
    const results = (await m.evaluate(f32(yPred, [4, W]), f32(yTrue, [4, W]), { verbose: 0, batchSize: 3 })) as number[];
    expect(m.metricsNames).toEqual(['loss', 'maxError']);
    expect(results[1]).toBeCloseTo(mean(rows(yTrue, W).map((t, r) => Math.max(...t.map((v, i) => Math.abs(rows(yPred, W)[r][i] - v))))), 6);
  });

  test('tracing errors say what was wrong', () => {
    const model = () => new Sequential([layers.dense({ units: 2, inputShape: [2] })]);
    expect(() => model().compile({ optimizer: 'sgd', loss: (t, p) => ops.square(ops.sub(p, t)) })).toThrow(
      /must return one value per sample.*shape \(None,\)/,
    );
    expect(() => model().compile({ optimizer: 'sgd', loss: () => 3 as unknown as SymbolicTensor })).toThrow(/must return a symbolic tensor/);
    expect(() => model().compile({ optimizer: 'sgd', loss: (_t, p) => ops.mean(p, 0) })).toThrow(/reduces a non-batch axis.*Received: axis=0/);
    expect(() => ops.add(f32([1], [1]) as never, 1)).toThrow(ValueError);
    expect(() => ops.add(1, 2)).toThrow(/at least one symbolic tensor/);
  });
});

describe('sample and class weights (Keras: Σ wᵢ·lossᵢ / batch size)', () => {
  const truth = [1, 0, 0, 1];
  const pred = [0.5, 0.25, 1, 0.75];
  const perSample = pred.map((p, i) => (p - truth[i]) ** 2);

  test('sampleWeight in evaluate and fit', async () => {
    const m = identity(1, { optimizer: optimizers.sgd({ learningRate: 1e-9 }), loss: 'mse' });
    const w = [1, 2, 0, 0.5];
    const want = perSample.reduce((s, l, i) => s + w[i] * l, 0) / 4;
    expect(await m.evaluate(f32(pred, [4, 1]), f32(truth, [4, 1]), { verbose: 0, sampleWeight: w })).toBeCloseTo(want, 6);
    const history = await m.fit(f32(pred, [4, 1]), f32(truth, [4, 1]), { verbose: 0, batchSize: 4, shuffle: false, sampleWeight: Float32Array.from(w) });
    expect(history.history.loss[0]).toBeCloseTo(want, 6);
    await expect(m.fit(f32(pred, [4, 1]), f32(truth, [4, 1]), { verbose: 0, sampleWeight: [1, 2] })).rejects.toThrow(/one weight per sample \(4\)/);
  });

  test('classWeight weighs each sample by its class', async () => {
    const m = identity(1, { optimizer: optimizers.sgd({ learningRate: 1e-9 }), loss: 'mse' });
    const history = await m.fit(f32(pred, [4, 1]), f32(truth, [4, 1]), { verbose: 0, batchSize: 4, shuffle: false, classWeight: { 0: 1, 1: 3 } });
    const want = perSample.reduce((s, l, i) => s + (truth[i] === 1 ? 3 : 1) * l, 0) / 4;
    expect(history.history.loss[0]).toBeCloseTo(want, 6);
    await expect(m.fit(f32(pred, [4, 1]), f32(truth, [4, 1]), { verbose: 0, classWeight: { 0: 1 }, sampleWeight: [1, 1, 1, 1] })).rejects.toThrow(
      /cannot pass both `classWeight` and `sampleWeight`/,
    );
  });
});
