/** Moving weights and optimizer state between the engine's flat arrays and tensors. */
import { ValueError } from '../errors';
import { concatFloat32 } from '../saving/archive';
import { Tensor } from '../tensor';
import type { ModelHandle } from './engine_handles';

/** A weight as the engine lists it. */
export interface WeightInfo {
  name: string;
  shape: number[];
  trainable: boolean;
}

export function weightInfo(handle: ModelHandle): WeightInfo[] {
  return JSON.parse(handle.weight_info()) as WeightInfo[];
}

export function optimizerSizes(handle: ModelHandle): number[] {
  return JSON.parse(handle.optimizer_state_info()) as number[];
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function splitWeights(info: WeightInfo[], flat: Float32Array): Tensor<'float32'>[] {
  let offset = 0;
  return info.map((w) => {
    const n = size(w.shape);
    const t = new Tensor<'float32'>(flat.slice(offset, offset + n), w.shape);
    offset += n;
    return t;
  });
}

/** Sets the weights named in `kept` (when their shapes still match), keeping the others. */
export function restoreKeptWeights(handle: ModelHandle, kept: Map<string, Tensor<'float32'>>): void {
  const info = weightInfo(handle);
  const all = splitWeights(info, handle.weights_flat());
  info.forEach((w, i) => {
    const old = kept.get(w.name);
    if (old && old.shape.join() === w.shape.join()) all[i] = old;
  });
  handle.set_weights_flat(concat(all));
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
