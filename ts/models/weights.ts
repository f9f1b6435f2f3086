/** Moving weights and optimizer state between the engine's flat arrays and tensors. */
import { ValueError } from '../errors';
import { concatFloat32 } from '../saving/archive';
import { Tensor } from '../tensor';
import type { EngineModel, WeightInfo } from './engine_model';
import type { OptimizerState } from './model_args';

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `flat` cut into one tensor per weight of `info`, as copies. */
export function splitWeights(info: WeightInfo[], flat: Float32Array): Tensor<'float32'>[] {
  let offset = 0;
  return info.map((w) => {
    const n = size(w.shape);
    const t = new Tensor<'float32'>(flat.slice(offset, offset + n), w.shape);
    offset += n;
    return t;
  });
}

/** Every weight of `engine`, as tensors, with its list. */
export function engineWeights(engine: EngineModel): { info: WeightInfo[]; weights: Tensor<'float32'>[] } {
  const info = engine.weightInfo();
  return { info, weights: splitWeights(info, engine.getWeights()) };
}

/** Sets the weights named in `kept` (when their shapes still match), keeping the others. */
export function restoreKeptWeights(engine: EngineModel, kept: Map<string, Tensor<'float32'>>): void {
  const { info, weights } = engineWeights(engine);
  info.forEach((w, i) => {
    const old = kept.get(w.name);
    if (old && old.shape.join() === w.shape.join()) weights[i] = old;
  });
  engine.setWeights(concat(weights));
}

/** The optimizer's step count and its variables, copied out of `engine`. */
export function optimizerState(engine: EngineModel): OptimizerState {
  const flat = engine.getOptimizerState();
  let offset = 0;
  const variables = engine.optimizerStateSizes().map((n) => {
    const v = flat.slice(offset, offset + n);
    offset += n;
    return v;
  });
  return { iterations: engine.iterations(), variables };
}

export function concat(weights: Tensor<'float32'>[]): Float32Array {
  return concatFloat32(weights.map((w) => w.data));
}

export function checkWeightShapes(info: WeightInfo[], weights: Tensor<'float32'>[], argument: string): void {
  const expected = info.map((w) => `[${w.shape.join(', ')}]`).join(', ');
  const received = Array.isArray(weights) ? weights.map((w) => (w instanceof Tensor ? `[${w.shape.join(', ')}]` : typeof w)).join(', ') : String(weights);
  const ok =
    Array.isArray(weights) &&
    weights.length === info.length &&
    weights.every((w, i) => w instanceof Tensor && w.dtype === 'float32' && w.shape.join() === info[i].shape.join());
  if (!ok) {
    throw new ValueError(`${argument} must be float32 tensors of shapes ${expected}. Received: ${received}`, 'SHAPE_MISMATCH');
  }
  const bad = weights.findIndex((w) => w.data.some((v) => !Number.isFinite(v)));
  if (bad >= 0) throw new ValueError(`${argument} must be finite. Received: NaN or Infinity in ${argument}[${bad}]`, 'NON_FINITE');
}
