/** The weights worth keeping: a diverged model's (NaN or ±Infinity) are not. */
import type { Model } from '../models/model';
import type { OptimizerState } from '../models/model_args';
import type { Tensor } from '../tensor';

/** A model's weights and optimizer state at the end of an epoch, all finite. */
export interface FiniteCopy {
  weights: Tensor<'float32'>[];
  optimizer?: OptimizerState;
  /** The epoch they are from (0-based); undefined: from before training. */
  epoch?: number;
}

/** The model's weights, when every value is finite; else undefined. */
export function finiteWeights(model: Model): Tensor<'float32'>[] | undefined {
  const weights = model.getWeights();
  return weights.every((w) => allFinite(w.data)) ? weights : undefined;
}

/** The model's weights and (when compiled) optimizer state, when every value is finite; else undefined. */
export function finiteCopy(model: Model, epoch: number | undefined): FiniteCopy | undefined {
  const weights = finiteWeights(model);
  if (!weights) return undefined;
  const optimizer = model.isCompiled ? model.getOptimizerState() : undefined;
  if (optimizer && !optimizer.variables.every(allFinite)) return undefined;
  return { weights, optimizer, epoch };
}

/** Puts `copy` back into `model`. */
export function restoreCopy(model: Model, copy: FiniteCopy): void {
  model.setWeights(copy.weights);
  if (copy.optimizer && model.isCompiled) model.setOptimizerState(copy.optimizer);
}

function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
