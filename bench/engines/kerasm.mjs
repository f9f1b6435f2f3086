// kerasm through its public API, exactly as a user calls it. An engine spec with `sparse: true`
// (`kerasm-sparse`) passes the input as a SparseTensor (CSR), as vectorizeSequences({ sparse: true })
// returns it.
import { engineVariant, getThreads, layers, ops, Sequential, setThreads, SparseTensor, Tensor } from 'kerasm';
import { mean } from './summaries.mjs';

/** Starts the engine with the requested thread count; returns what actually runs. */
export async function init(engine) {
  await setThreads(engine.threads);
  return { variant: engineVariant(), threads: getThreads() };
}

/**
 * One GEMM per `run`. `ops.matMul` takes JS arrays, so each call also copies both operands into
 * WASM and the product out: that is part of what a user of `ops.matMul` pays.
 */
export function gemmTask(op, a, b) {
  const ta = new Tensor(a, op.transposeA ? [op.k, op.m] : [op.m, op.k]);
  const tb = new Tensor(b, op.transposeB ? [op.n, op.k] : [op.k, op.n]);
  let product;
  return {
    run: () => {
      product = ops.matMul(ta, tb, { transposeA: op.transposeA, transposeB: op.transposeB });
    },
    check: () => ({ meanOfProduct: mean(product.data) }),
  };
}

function buildModel(arch, weights, loss, metric) {
  const model = new Sequential({ seed: 1 });
  arch.layers.forEach((layer, i) => {
    model.add(layers.dense({ units: layer.units, activation: layer.activation, ...(i === 0 ? { inputShape: [arch.inputDim] } : {}) }));
  });
  model.compile({ optimizer: 'rmsprop', loss, metrics: [metric] });
  model.setWeights(weights.flatMap((w) => [new Tensor(w.kernel, [w.fanIn, w.units]), new Tensor(w.bias, [w.units])]));
  return model;
}

/** The input as the engine spec asks: dense, or the CSR the child read (never densified). */
function inputOf(data, engine) {
  if (!engine?.sparse) return new Tensor(data.x, [data.rows, data.cols]);
  const { indptr, indices, values } = data.csr;
  return new SparseTensor(indptr, indices, values, [data.rows, data.cols]);
}

/** One epoch of `fit` per `run`. */
export function fitTask(workload, data, weights, engine) {
  const model = buildModel(workload.arch, weights, workload.loss, workload.metric);
  const x = inputOf(data, engine);
  const y = new Tensor(data.y, data.yCols === 1 ? [data.rows] : [data.rows, data.yCols]);
  const losses = [];
  return {
    run: async () => {
      const history = await model.fit(x, y, { epochs: 1, batchSize: workload.batchSize, shuffle: true, verbose: 0 });
      losses.push(history.history.loss[0]);
    },
    check: () => ({ firstEpochLoss: losses[0], lastEpochLoss: losses.at(-1) }),
  };
}

/** One `predict` over all rows per `run`. */
export function predictTask(workload, data, weights, engine) {
  const model = buildModel(workload.arch, weights, workload.loss, workload.metric);
  const x = inputOf(data, engine);
  let predictions;
  return {
    run: async () => {
      predictions = await model.predict(x, { batchSize: workload.batchSize, verbose: 0 });
    },
    check: () => ({ meanPrediction: mean(predictions.data) }),
  };
}
