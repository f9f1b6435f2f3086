// brain.js 2.0.0-beta.24's NeuralNetwork (plain JS loops, one sample per update), for the
// batch-1 Boston workload only. What differs from the Keras model, because brain.js cannot express it:
// - every layer, the output one included, uses the same activation (relu here), where Keras's
//   output layer is linear; Boston's targets are positive, so relu passes them through;
// - no RMSprop: engine `brain.js` uses its `praxis: 'adam'` (learning rate 1e-3, Keras's betas),
//   the closest adaptive optimizer; `brain.js-sgd` its default SGD with momentum 0.1 (learning
//   rate 1e-3), the cheaper update, so the comparison is also made with brain.js's fastest step;
// - its loss is the squared error of each sample, as mse with batch 1;
// - it does not shuffle: samples are visited in the same order every epoch.
import brain from 'brain.js';

/** Nothing to start: brain.js runs on the calling thread. */
export async function init() {
  return { threads: 1 };
}

/** One epoch of `train` per `run` (`iterations: 1` is one pass over the samples). */
export function fitTask(workload, data, weights, engine) {
  const { arch } = workload;
  if (workload.batchSize !== 1 || workload.loss !== 'mse' || arch.layers.some((l) => l.activation !== 'relu' && l !== arch.layers.at(-1))) {
    throw new Error('bench: brain.js only runs the batch-1 mse model with relu hidden layers');
  }
  const net = new brain.NeuralNetwork({
    inputSize: arch.inputDim,
    hiddenLayers: arch.layers.slice(0, -1).map((l) => l.units),
    outputSize: arch.layers.at(-1).units,
    activation: 'relu',
    learningRate: 0.001,
    ...(engine.praxis === 'adam' ? { praxis: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } : { momentum: 0.1 }),
  });
  net.initialize();
  // brain.js keeps one weight row per output node: weights[layer][node][input] = kernel[input][node].
  weights.forEach((w, i) => {
    for (let node = 0; node < w.units; node++) {
      const row = net.weights[i + 1][node];
      for (let input = 0; input < w.fanIn; input++) row[input] = w.kernel[input * w.units + node];
      net.biases[i + 1][node] = w.bias[node];
    }
  });
  const samples = Array.from({ length: data.rows }, (_, r) => ({
    input: Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols)),
    output: Array.from(data.y.subarray(r * data.yCols, (r + 1) * data.yCols)),
  }));
  const losses = [];
  return {
    run: () => {
      // brain.js's error is the mean over samples of mean((target - output)^2): Keras's mse.
      losses.push(net.train(samples, { iterations: 1, errorThresh: 1e-9 }).error);
    },
    check: () => ({ firstEpochLoss: losses[0], lastEpochLoss: losses.at(-1) }),
  };
}
