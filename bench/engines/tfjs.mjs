// TensorFlow.js 4.22 (tfjs-core + tfjs-layers) on its wasm (XNNPACK) or plain-JS cpu backend,
// through tf.sequential()/model.fit as its users write it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { mean } from './summaries.mjs';

const LOSSES = { binary_crossentropy: 'binaryCrossentropy', categorical_crossentropy: 'categoricalCrossentropy', mse: 'meanSquaredError' };
const METRICS = { acc: 'accuracy', mae: 'mae' };

/**
 * Selects the backend. The wasm backend's thread count is left at its default: in Node it has no
 * multithreading support (no Web Workers), so it runs one thread whatever `setThreadsCount` says.
 */
export async function init(engine) {
  if (!(await tf.setBackend(engine.backend))) throw new Error(`bench: TF.js could not start its ${engine.backend} backend`);
  await tf.ready();
  const wasm = engine.backend === 'wasm';
  return {
    backend: tf.getBackend(),
    threads: wasm ? getThreadsCount() : 1,
    ...(wasm ? { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), multithread: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') } : {}),
  };
}

/** One GEMM per `run`, on operands already on the backend; `dataSync` waits for the product. */
export function gemmTask(op, a, b) {
  const ta = tf.tensor2d(a, op.transposeA ? [op.k, op.m] : [op.m, op.k]);
  const tb = tf.tensor2d(b, op.transposeB ? [op.n, op.k] : [op.k, op.n]);
  let product;
  return {
    run: () => {
      const c = tf.matMul(ta, tb, op.transposeA, op.transposeB);
      product = c.dataSync();
      c.dispose();
    },
    check: () => ({ meanOfProduct: mean(product) }),
  };
}

function buildModel(arch, weights, loss, metric) {
  const model = tfl.sequential();
  arch.layers.forEach((layer, i) => {
    model.add(tfl.layers.dense({ units: layer.units, activation: layer.activation, ...(i === 0 ? { inputShape: [arch.inputDim] } : {}) }));
  });
  // Keras's RMSprop defaults: learning rate 1e-3, rho 0.9, no momentum, epsilon 1e-7.
  model.compile({ optimizer: tf.train.rmsprop(0.001, 0.9, 0, 1e-7), loss: LOSSES[loss], metrics: [METRICS[metric]] });
  model.setWeights(weights.flatMap((w) => [tf.tensor2d(w.kernel, [w.fanIn, w.units]), tf.tensor1d(w.bias)]));
  return model;
}

/** One epoch of `model.fit` per `run` (no per-batch yielding to the event loop). */
export function fitTask(workload, data, weights) {
  const model = buildModel(workload.arch, weights, workload.loss, workload.metric);
  const x = tf.tensor2d(data.x, [data.rows, data.cols]);
  const y = tf.tensor2d(data.y, [data.rows, data.yCols]);
  const losses = [];
  return {
    run: async () => {
      const history = await model.fit(x, y, { epochs: 1, batchSize: workload.batchSize, shuffle: true, verbose: 0, yieldEvery: 'never' });
      losses.push(history.history.loss[0]);
    },
    check: () => ({ firstEpochLoss: losses[0], lastEpochLoss: losses.at(-1) }),
  };
}

/** One `model.predict` over all rows per `run`. */
export function predictTask(workload, data, weights) {
  const model = buildModel(workload.arch, weights, workload.loss, workload.metric);
  const x = tf.tensor2d(data.x, [data.rows, data.cols]);
  let predictions;
  return {
    run: () => {
      const out = model.predict(x, { batchSize: workload.batchSize });
      predictions = out.dataSync();
      out.dispose();
    },
    check: () => ({ meanPrediction: mean(predictions) }),
  };
}
