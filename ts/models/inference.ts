/** `evaluate` and `predict`: their arguments checked, the data through the engine, the results. */
import { callbackList } from '../callbacks/callback_list';
import type { ProgbarLogger } from '../callbacks/progbar_logger';
import { resolveVerbose } from '../callbacks/verbosity';
import type { Float32Rows } from '../data/array_input';
import { ensureThreads } from '../engine/threads';
import { Tensor } from '../tensor';
import type { EngineModel } from './engine_model';
import type { Model } from './model';
import { checkSignal, Cooperation } from './cooperation';
import { type CheckedEvaluateArgs, checkInteger, type PredictArgs } from './model_args';
import type { LongCall } from './model_state';
import { checkRows, checkSampleWeight, type ModelData, sliceRows, standardizeInputs, standardizeXY } from './model_data';
import { forEachInOrder, toLogs } from './training_loop';

/** About how much input `predict` copies into the engine at a time. */
const PREDICT_CHUNK_BYTES = 64 * 1024 * 1024;

/** {@link Model.evaluate} of a compiled `model`, its engine model built (by `call`) once the pool is up. */
export async function evaluateModel(model: Model, call: LongCall, x: ModelData, y: ModelData, args: CheckedEvaluateArgs): Promise<number | number[]> {
  const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
  const verbose = resolveVerbose(args.verbose);
  const [xs, ys] = standardizeXY(model.graph, x, y, 'x', 'y', model.compiledSpec?.losses);
  const weights = args.sampleWeight !== undefined ? checkSampleWeight(args.sampleWeight, xs[0].shape[0]) : undefined;
  const cooperation = new Cooperation('evaluate', checkSignal('evaluate', args.signal));
  await ensureThreads();
  const engine = call.engine();
  const steps = Math.ceil(xs[0].shape[0] / batchSize);
  const { callbacks } = callbackList(model, args.callbacks ?? [], { epochs: 1, steps, verbose });
  await call.hook(() => forEachInOrder(callbacks, (cb) => cb.onTestBegin({})));
  const data = engine.upload(xs, ys, weights, 'x');
  try {
    await cooperation.pause(() => 'before its first batch');
    engine.resetMetrics();
    await engine.testBatches(data, batchSize);
  } finally {
    data.free();
  }
  await cooperation.pause(() => 'after its last batch');
  await cooperation.finish();
  const results = Array.from(engine.metricResults());
  const names = engine.metricNames();
  await call.hook(() => forEachInOrder(callbacks, (cb) => cb.onTestEnd(toLogs(names, results))));
  return results.length === 1 ? results[0] : results;
}

/** {@link Model.predict} of `model`, its engine model from `call`. */
export async function predictModel(model: Model, call: LongCall, x: ModelData, args: PredictArgs): Promise<Tensor<'float32'> | Tensor<'float32'>[]> {
  const batchSize = checkInteger('batchSize', args.batchSize ?? 32, 1);
  const verbose = resolveVerbose(args.verbose);
  const graph = model.graph;
  const xs = standardizeInputs(graph, x, 'x');
  const rows = checkRows([['x', xs]]);
  const cooperation = new Cooperation('predict', checkSignal('predict', args.signal));
  const { progbar } = callbackList(model, [], { epochs: 1, steps: Math.ceil(rows / batchSize), verbose });
  progbar?.onPredictBegin();
  const tensors = await streamPredictions(
    call.engine(),
    xs,
    rows,
    graph.outputs.map((o) => o.shape),
    batchSize,
    progbar,
    cooperation,
  );
  progbar?.onPredictEnd();
  await cooperation.finish();
  return tensors.length === 1 ? tensors[0] : tensors;
}

/**
 * The outputs for `xs`, one tensor per output of per-sample shape `outputShapes[k]`. The input
 * streams through the engine in chunks of whole batches (about PREDICT_CHUNK_BYTES each), so the
 * engine holds one chunk at a time, never the whole input. Sized by dense rows: a sparse input is
 * densified in the engine, chunk by chunk.
 */
async function streamPredictions(
  engine: EngineModel,
  xs: Float32Rows[],
  rows: number,
  outputShapes: number[][],
  batchSize: number,
  progbar: ProgbarLogger | undefined,
  cooperation: Cooperation,
): Promise<Tensor<'float32'>[]> {
  const sizes = outputShapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  const outputs = sizes.map((size) => new Float32Array(rows * size));
  const rowBytes = 4 * xs.reduce((sum, a) => sum + a.shape.slice(1).reduce((p, d) => p * d, 1), 0);
  const chunkRows = batchSize * Math.max(1, Math.floor(PREDICT_CHUNK_BYTES / (rowBytes * batchSize)));
  for (let start = 0; start < rows; start += chunkRows) {
    const end = Math.min(rows, start + chunkRows);
    const data = engine.upload(
      xs.map((a) => sliceRows(a, start, end)),
      [],
      undefined,
      'x',
    );
    let flat: Float32Array;
    try {
      flat = await engine.predict(data, batchSize);
    } finally {
      data.free();
    }
    let offset = 0;
    sizes.forEach((size, k) => {
      const length = (end - start) * size;
      outputs[k].set(flat.subarray(offset, offset + length), start * size);
      offset += length;
    });
    progbar?.progress(Math.ceil(end / batchSize), {});
    await cooperation.pause(() => `after row ${end} of ${rows}`);
  }
  return outputs.map((data, k) => new Tensor<'float32'>(data, [rows, ...outputShapes[k]]));
}
