/** What `fit` trains and validates on, from its arguments: validation data or split, sample or class weights. */
import type { Float32Rows } from '../data/array_input';
import { ValueError } from '../errors';
import type { LossSpec } from '../losses';
import type { ModelGraph } from './graph';
import type { FitArgs } from './model_args';
import { checkSampleWeight, classWeightsToSampleWeights, type ModelData, splitAt, standardizeXY } from './model_data';

/** Inputs, targets and optional sample weights, one array per model input and output. */
export type Samples = [Float32Rows[], Float32Rows[], Float32Array | undefined];

/** The training samples and, when asked for, the validation samples of one `fit`. */
export interface FitData {
  train: Samples;
  validation?: Samples;
}

/** Standardises `fit`'s data against `graph` and cuts off the validation part. */
export function fitData(graph: ModelGraph, x: ModelData, y: ModelData, args: FitArgs, losses?: readonly LossSpec[]): FitData {
  if (args.validationData !== undefined && args.validationSplit !== undefined) {
    throw new ValueError('Pass either validationData or validationSplit, not both. Received: both');
  }
  if (args.sampleWeight !== undefined && args.classWeight !== undefined) {
    throw new ValueError('You cannot pass both `classWeight` and `sampleWeight` at the same time. Received: both');
  }
  const [xs, ys] = standardizeXY(graph, x, y, 'x', 'y', losses);
  let weights = args.sampleWeight !== undefined ? checkSampleWeight(args.sampleWeight, xs[0].shape[0]) : undefined;
  if (args.classWeight !== undefined) {
    if (ys.length !== 1) {
      throw new ValueError(`\`classWeight\` is only supported for models with a single output. Received: a model with ${ys.length} outputs`);
    }
    const units = graph.outputs[0].shape.at(-1) ?? 1;
    weights = classWeightsToSampleWeights(args.classWeight, ys[0], units > 1 ? units : 2);
  }
  if (args.validationData !== undefined) {
    const v = args.validationData;
    if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3)) {
      throw new ValueError(`validationData must be [xVal, yVal] or [xVal, yVal, sampleWeight]. Received: validationData of length ${(v as unknown[])?.length}`);
    }
    const [xv, yv] = standardizeXY(graph, v[0], v[1], 'validationData[0]', 'validationData[1]', losses);
    return { train: [xs, ys, weights], validation: [xv, yv, v.length === 3 ? checkSampleWeight(v[2], xv[0].shape[0]) : undefined] };
  }
  if (args.validationSplit !== undefined) {
    const cut = splitRows(xs[0].shape[0], args.validationSplit);
    const [xTrain, xVal] = splitAt(xs, cut);
    const [yTrain, yVal] = splitAt(ys, cut);
    return { train: [xTrain, yTrain, weights?.subarray(0, cut)], validation: [xVal, yVal, weights?.subarray(cut)] };
  }
  return { train: [xs, ys, weights] };
}

/** Where Keras's validation_split cuts: the last `fraction` of `rows`, before any shuffling. */
function splitRows(rows: number, fraction: number): number {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new ValueError(`validationSplit must be a number in (0, 1). Received: validationSplit=${fraction}`);
  }
  const cut = Math.floor(rows * (1 - fraction));
  if (cut === 0 || cut === rows) {
    throw new ValueError(`validationSplit=${fraction} of ${rows} samples leaves one side empty. Received: validationSplit=${fraction}`);
  }
  return cut;
}
