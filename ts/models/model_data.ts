/**
 * What `fit`/`evaluate`/`predict` receive, standardised as Keras's data adapters do: one array per
 * model input (or output), given alone, as a list in order, or as a record keyed by name; every
 * array with the same number of samples; `classWeight` turned into per-sample weights.
 */
import { type ArrayInput, type Float32Rows, isForeignTensor, toFloat32Rows } from '../data/array_input';
import { ValueError } from '../errors';
import type { LossSpec } from '../losses';
import { SparseTensor } from '../sparse_tensor';
import { Tensor } from '../tensor';
import type { ModelGraph } from './graph';
import { checkTargets } from './target_checks';

/** Data for a model's inputs (or outputs): one array, a list in order, or a record by name. */
export type ModelData = ArrayInput | ArrayInput[] | Record<string, ArrayInput>;

function isDataObject(value: unknown): boolean {
  if (value instanceof SparseTensor || isForeignTensor(value)) return true;
  return typeof value === 'object' && value !== null && (value as { data?: unknown }).data instanceof Float32Array;
}

/**
 * Splits `value` into one float32 array per name in `names` (in order). `argument` is `x` or `y`.
 */
export function standardizeData(value: unknown, names: string[], argument: string, kind: 'input' | 'output'): Float32Rows[] {
  let arrays: [unknown, string][];
  // A list is one array per input when the model has several, or when it holds Tensors; for a
  // single input, nested number arrays are the data itself.
  const isList = Array.isArray(value) && (names.length > 1 || (value.length > 0 && value.every((v) => v instanceof Tensor || isDataObject(v))));
  if (!isList && (value instanceof Tensor || isDataObject(value) || Array.isArray(value))) {
    if (names.length !== 1) {
      throw new ValueError(
        `The model has ${names.length} ${kind}s (${names.join(', ')}): pass \`${argument}\` as a list of ${names.length} arrays or a record keyed by ${kind} name. Received: a single array`,
      );
    }
    arrays = [[value, argument]];
  } else if (Array.isArray(value)) {
    if (value.length !== names.length) {
      throw new ValueError(`Expected \`${argument}\` to hold ${names.length} array(s), one per model ${kind} (${names.join(', ')}). Received: a list of ${value.length}`);
    }
    arrays = value.map((v, i) => [v, `${argument}[${i}]`]);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !names.includes(k));
    if (unknown.length) {
      throw new ValueError(`The keys of \`${argument}\` must be the model's ${kind} names: ${names.join(', ')}. Received: key(s) ${unknown.join(', ')}`);
    }
    const missing = names.filter((n) => !(n in record));
    if (missing.length) {
      throw new ValueError(`Missing data for the model's ${kind}(s) ${missing.join(', ')} in \`${argument}\`. Received: keys ${Object.keys(record).join(', ') || '(none)'}`);
    }
    arrays = names.map((n) => [record[n], `${argument}['${n}']`]);
  } else {
    throw new ValueError(`Expected \`${argument}\` to be a Tensor, nested arrays, { data, shape }, a list or a record of them. Received: ${String(value)}`);
  }
  return arrays.map(([v, label]) => toFloat32Rows(v, label, kind === 'input'));
}

/**
 * Checks that each input array holds samples of the input's shape. As Keras, a trailing axis of
 * size 1 may be left out or added (`[n]` for an input of shape `[1]`).
 */
export function checkInputShapes(arrays: Float32Rows[], shapes: number[][], names: string[], argument: string): Float32Rows[] {
  return arrays.map((a, i) => {
    const expected = shapes[i];
    const got = a.shape.slice(1);
    const label = names.length > 1 ? `${argument}['${names[i]}']` : argument;
    if (got.join() === expected.join()) return a;
    const dropsUnit = got.length === expected.length - 1 && expected.at(-1) === 1 && got.join() === expected.slice(0, -1).join();
    const addsUnit = got.length === expected.length + 1 && got.at(-1) === 1 && got.slice(0, -1).join() === expected.join();
    if (dropsUnit || addsUnit) return { ...a, shape: [a.shape[0], ...expected] };
    throw new ValueError(
      `Input of the model is incompatible: expected samples of shape [${expected.join(', ')}], i.e. ${label} of shape [n, ${expected.join(', ')}]. Received: ${label} with shape [${a.shape.join(', ')}]`,
      'SHAPE_MISMATCH',
    );
  });
}

/** Checks every array has `rows` samples, naming the first that does not. */
export function checkRows(groups: [string, Float32Rows[]][]): number {
  const rows = groups[0][1][0].shape[0];
  for (const [argument, arrays] of groups) {
    arrays.forEach((a, i) => {
      if (a.shape[0] !== rows) {
        throw new ValueError(
          `Data cardinality is ambiguous: x and ${argument} must have the same number of samples. Received: x with ${rows} samples, ${argument}${arrays.length > 1 ? `[${i}]` : ''} with ${a.shape[0]}`,
          'SHAPE_MISMATCH',
        );
      }
    });
  }
  return rows;
}

/** Checks `sampleWeight`: one finite, non-negative weight per sample. */
export function checkSampleWeight(value: unknown, rows: number): Float32Array {
  const data =
    value instanceof Tensor ? value.data : value instanceof Float32Array ? value : Array.isArray(value) ? Float32Array.from(value as number[]) : undefined;
  const shape = value instanceof Tensor ? value.shape : [data?.length ?? 0];
  if (!data || shape.length !== 1 || data.length !== rows) {
    throw new ValueError(
      `sampleWeight must hold one weight per sample (${rows}). Received: sampleWeight ${data ? `of shape [${shape.join(', ')}]` : `of type ${typeof value}`}`,
      'SHAPE_MISMATCH',
    );
  }
  const bad = Array.from(data).findIndex((w) => !(w >= 0) || !Number.isFinite(w));
  if (bad >= 0) throw new ValueError(`sampleWeight must be finite and non-negative. Received: sampleWeight[${bad}]=${data[bad]}`, 'NON_FINITE');
  return Float32Array.from(data);
}

/**
 * Keras's `class_weight`: each sample weighs its class's weight (1 for a class not listed). The
 * class is the label, or its argmax for one-hot labels. A class index of `classes` or more (the
 * output's units; 2 for a one-unit binary output) names no class: an error, not a weight that
 * silently never applies.
 */
export function classWeightsToSampleWeights(classWeight: Record<number, number>, y: Float32Rows, classes: number): Float32Array {
  if (!classWeight || typeof classWeight !== 'object') {
    throw new ValueError(`classWeight must be a record from class index to weight, e.g. { 0: 1, 1: 5 }. Received: classWeight=${String(classWeight)}`);
  }
  for (const [cls, w] of Object.entries(classWeight)) {
    if (!/^\d+$/.test(cls) || typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) {
      throw new ValueError(`classWeight maps class indices (integers ≥ 0) to non-negative weights. Received: classWeight[${cls}]=${String(w)}`);
    }
    if (Number(cls) >= classes) {
      throw new ValueError(
        `classWeight names class ${cls}, but the model's output has ${classes} classes (0 to ${classes - 1}). Received: classWeight[${cls}]=${String(w)}`,
        'UNKNOWN_CLASS',
      );
    }
  }
  const rows = y.shape[0];
  const width = y.data.length / rows;
  const weights = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let cls = 0;
    if (width > 1) {
      for (let j = 1; j < width; j++) if (y.data[i * width + j] > y.data[i * width + cls]) cls = j;
    } else {
      cls = Math.round(y.data[i]);
    }
    weights[i] = classWeight[cls] ?? 1;
  }
  return weights;
}

/** Samples `[from, to)` of `t`, a view (no copy) that remembers where it starts in the user's array. */
export function sliceRows(t: Float32Rows, from: number, to: number): Float32Rows {
  if (t.sparse) {
    const cols = t.shape[1];
    return { ...t, shape: [to - from, cols], firstIndex: (t.firstIndex ?? 0) + from * cols, sparse: t.sparse.sliceRows(from, to) };
  }
  const width = t.data.length / t.shape[0];
  return {
    data: t.data.subarray(from * width, to * width),
    shape: [to - from, ...t.shape.slice(1)],
    argument: t.argument,
    firstIndex: (t.firstIndex ?? 0) + from * width,
  };
}

/** The first `cut` samples and the rest of every array (Keras's validation_split, before shuffling). */
export function splitAt(arrays: Float32Rows[], cut: number): [Float32Rows[], Float32Rows[]] {
  return [arrays.map((a) => sliceRows(a, 0, cut)), arrays.map((a) => sliceRows(a, cut, a.shape[0]))];
}

/** `x` as one array per input of `graph`, each of the input's sample shape. */
export function standardizeInputs(graph: ModelGraph, x: unknown, argument: string): Float32Rows[] {
  const names = graph.inputs.map((i) => i.name);
  return checkInputShapes(
    standardizeData(x, names, argument, 'input'),
    graph.inputs.map((i) => i.shape),
    names,
    argument,
  );
}

/**
 * `x` and `y` as one array per input and output of `graph`, with matching sample counts and input
 * shapes, and targets that fit the compiled `losses` (when given).
 */
export function standardizeXY(
  graph: ModelGraph,
  x: unknown,
  y: unknown,
  xArgument: string,
  yArgument: string,
  losses?: readonly LossSpec[],
): [Float32Rows[], Float32Rows[]] {
  const xs = standardizeInputs(graph, x, xArgument);
  const ys = standardizeData(
    y,
    graph.outputs.map((o) => o.layer.name),
    yArgument,
    'output',
  );
  checkRows([
    [xArgument, xs],
    [yArgument, ys],
  ]);
  if (losses) checkTargets(losses, ys);
  return [xs, ys];
}
