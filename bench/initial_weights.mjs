// One set of initial weights for every engine, so each trains the same model from the same start.
import { uniformArray } from './random_values.mjs';

/**
 * Glorot-uniform kernels (Keras's default: limit = sqrt(6 / (fanIn + fanOut))) and zero biases
 * for a stack of Dense layers. Kernels are row-major `[fanIn, fanOut]`, Keras's layout.
 */
export function initialWeights(arch, seed) {
  const weights = [];
  let fanIn = arch.inputDim;
  arch.layers.forEach((layer, i) => {
    const limit = Math.sqrt(6 / (fanIn + layer.units));
    weights.push({
      kernel: uniformArray(fanIn * layer.units, seed + i, -limit, limit),
      bias: new Float32Array(layer.units),
      fanIn,
      units: layer.units,
    });
    fanIn = layer.units;
  });
  return weights;
}
