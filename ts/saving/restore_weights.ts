/** Puts saved weights and optimizer state back into a model. */
import { ValueError } from '../errors';
import type { Model } from '../models/model';
import { Tensor } from '../tensor';
import { fromBytes, type WeightsArtifacts } from './archive';

/**
 * Sets every weight of `model` from `artifacts`, in order — as Keras matches weights by the
 * model's structure, not by layer names, which are generated and differ between two instances of
 * one architecture — then the optimizer's state when both the file and the model have one. Every
 * shape must match; all or nothing for the weights. `source` names the file in errors.
 */
export function restoreWeights(model: Model, artifacts: WeightsArtifacts, source: string): void {
  const entries = artifacts.metadata?.weights;
  if (!Array.isArray(entries)) throw new ValueError(`${source} has no weight manifest. Received: metadata without weights`, 'CORRUPT_FILE');
  const sizes = entries.map((e) => e.shape.reduce((a, b) => a * b, 1));
  const flat = fromBytes(artifacts.weights, sizes.reduce((a, b) => a + b, 0), `${source}'s model.weights.bin`);
  const info = model.weightInfo;
  const describe = (list: { name: string; shape: number[] }[]) => list.map((w) => `${w.name} [${w.shape.join(', ')}]`).join(', ');
  if (entries.length !== info.length || entries.some((e, i) => e.shape.join() !== info[i].shape.join())) {
    throw new ValueError(
      `${source} does not fit this model: it expects weights ${describe(info)}. Received: saved weights ${describe(entries)}`,
      'SHAPE_MISMATCH',
    );
  }
  let offset = 0;
  const weights = entries.map((e, i) => {
    const t = new Tensor<'float32'>(flat.slice(offset, offset + sizes[i]), e.shape);
    offset += sizes[i];
    return t;
  });
  // The optimizer state is checked before any weight is set, so a bad file changes nothing.
  const optimizer = artifacts.metadata.optimizer;
  let variables: Float32Array[] | undefined;
  if (optimizer && artifacts.optimizer && model.isCompiled) {
    const values = fromBytes(artifacts.optimizer, optimizer.sizes.reduce((a, b) => a + b, 0), `${source}'s optimizer.bin`);
    checkOptimizerState(model, optimizer, values, source);
    let at = 0;
    variables = optimizer.sizes.map((n) => {
      const v = values.slice(at, at + n);
      at += n;
      return v;
    });
  }
  model.setWeights(weights);
  if (optimizer && variables) model.setOptimizerState({ iterations: optimizer.iterations, variables });
}

/**
 * A saved optimizer state must fit the model's optimizer (as many variables, each of the size the
 * model's has) and be finite: a NaN moment would poison every later step.
 */
function checkOptimizerState(model: Model, saved: { iterations: number; sizes: number[] }, values: Float32Array, source: string): void {
  const expected = model.getOptimizerState().variables.map((v) => v.length);
  if (expected.length !== saved.sizes.length || expected.some((n, i) => n !== saved.sizes[i])) {
    throw new ValueError(
      `${source}'s optimizer state does not fit this model's optimizer: it expects variables of sizes [${expected.join(', ')}]. Received: sizes [${saved.sizes.slice(0, 20).join(', ')}${saved.sizes.length > 20 ? ', …' : ''}]`,
      'SHAPE_MISMATCH',
    );
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new ValueError(`${source}'s optimizer state must be finite. Received: optimizer.bin value ${bad} = ${values[bad]}`, 'NON_FINITE');
  }
}
