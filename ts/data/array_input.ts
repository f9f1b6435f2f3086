/** Turns what users pass as data (Tensor, nested arrays, `{ data, shape }`) into float32 rows. */
import { ValueError } from '../errors';
import { SparseTensor } from '../sparse_tensor';
import { fromNested, type NestedArray, Tensor } from '../tensor';

/**
 * Data a model accepts: a {@link Tensor}, nested number arrays (rows may be typed arrays), a Float32Array with its shape, a
 * tensor of another library with `shape` and `dataSync()` (a TF.js `tf.Tensor`), or (for a model
 * input) a {@link SparseTensor}.
 */
export type ArrayInput = Tensor | SparseTensor | NestedArray[] | ArrayLike<number>[] | { data: Float32Array; shape: readonly number[] } | ForeignTensor;

/** Float32 values and shape (first axis: samples). */
export interface Float32Rows {
  data: Float32Array;
  shape: number[];
  /** The user's name for the array (`x`, `y['out']`), for the engine's errors. */
  argument?: string;
  /** Flat index of `data[0]` in the user's array (non-zero for a part cut from it). */
  firstIndex?: number;
  /** A sparse input: its rows are these (and `data` is empty); they are densified in the engine. */
  sparse?: SparseTensor;
}

/** A tensor of another library (a TF.js `tf.Tensor`): a `shape` and a synchronous `dataSync()`. */
export interface ForeignTensor {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number>;
}

/** Whether `value` looks like a {@link ForeignTensor}. */
export function isForeignTensor(value: unknown): value is ForeignTensor {
  if (typeof value !== 'object' || value === null || value instanceof Tensor) return false;
  const v = value as Partial<ForeignTensor>;
  return Array.isArray(v.shape) && typeof v.dataSync === 'function';
}

/** A foreign tensor's values as a kerasm Tensor; `argument` names it in errors. */
function fromForeign(value: ForeignTensor, argument: string): Tensor {
  const dtype = (value as { dtype?: unknown }).dtype;
  if (dtype !== undefined && !['float32', 'int32', 'bool'].includes(dtype as string)) {
    throw new ValueError(`Expected \`${argument}\` to hold numbers. Received: a tensor of dtype ${String(dtype)}`);
  }
  let values: ArrayLike<number>;
  try {
    values = value.dataSync();
  } catch (err) {
    throw new ValueError(`Could not read \`${argument}\` (a tensor of another library) with its dataSync(): ${(err as Error).message}. Received: ${argument} of shape [${value.shape.join(', ')}]`);
  }
  return new Tensor(Float32Array.from(values), value.shape);
}

/**
 * Converts and checks `value` (named `argument` in errors): at least 1-D and non-empty. Values
 * are not scanned here: the engine checks they are finite while it reads them (`NON_FINITE`). A
 * SparseTensor stays sparse when `allowSparse` (model inputs), else it is densified.
 */
export function toFloat32Rows(value: unknown, argument: string, allowSparse = false): Float32Rows {
  let t: Tensor;
  if (value instanceof SparseTensor && allowSparse) {
    if (value.shape[0] === 0) {
      throw new ValueError(`Expected \`${argument}\` to hold at least one sample. Received: ${argument} with shape [${value.shape.join(', ')}]`);
    }
    return { data: new Float32Array(0), shape: [...value.shape], argument, firstIndex: 0, sparse: value };
  }
  if (value instanceof SparseTensor) {
    t = value.toDense();
  } else if (value instanceof Tensor) {
    t = value;
  } else if (Array.isArray(value)) {
    t = fromNested(value, argument);
  } else if (isForeignTensor(value)) {
    t = fromForeign(value, argument);
  } else if (value && typeof value === 'object' && (value as { data?: unknown }).data instanceof Float32Array) {
    const v = value as { data: Float32Array; shape: readonly number[] };
    t = new Tensor(v.data, v.shape);
  } else {
    throw new ValueError(
      `Expected \`${argument}\` to be a Tensor, nested arrays of numbers, or { data: Float32Array, shape }. Received: ${describe(value)}`,
    );
  }
  if (t.shape.length === 0 || t.shape[0] === 0) {
    throw new ValueError(`Expected \`${argument}\` to hold at least one sample. Received: ${argument} with shape [${t.shape.join(', ')}]`);
  }
  const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
  return { data, shape: [...t.shape], argument, firstIndex: 0 };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} without a shape`;
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : `${typeof value} ${String(value)}`;
}
