import { ValueError } from './errors';

/** Element types a {@link Tensor} can hold. Models compute in float32; the others are for data. */
export type DType = 'float32' | 'int32' | 'uint8';

/** The typed array behind each {@link DType}. */
export type TypedArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'int32'
    ? Int32Array
    : Uint8Array;

/** Nested JS arrays of numbers, as a Keras user would write a small array literal. */
export type NestedArray = number | NestedArray[];

/**
 * A dense, row-major n-dimensional array: a typed array plus its shape.
 *
 * It is a plain value in JS memory (nothing to dispose). Models copy it into WASM memory once
 * per `fit`/`evaluate`/`predict`.
 *
 * TF.js's readers are here too: `arraySync()`, `array()`, `dataSync()`, and `dispose()` (which
 * frees nothing, there being nothing to free). `data` is a field — the values themselves — so
 * TF.js's `await t.data()` is `await t.dataAsync()` (or just `t.data`).
 *
 * @example
 * ```ts
 * const x = new Tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * x.shape; // [2, 3]
 * ```
 */
export class Tensor<D extends DType = DType> {
  readonly data: TypedArrayFor<D>;
  readonly shape: readonly number[];

  constructor(data: TypedArrayFor<D>, shape: readonly number[]) {
    const size = shape.reduce((a, b) => a * b, 1);
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) {
        throw new ValueError(`Tensor shape must hold non-negative integers. Received: shape=[${shape.join(', ')}]`);
      }
    }
    if (size !== data.length) {
      throw new ValueError(
        `Tensor data length must equal the product of its shape (${size}). Received: data.length=${data.length}, shape=[${shape.join(', ')}]`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  /** The element type, read off the typed array. */
  get dtype(): D {
    const d = this.data;
    return (d instanceof Float32Array ? 'float32' : d instanceof Int32Array ? 'int32' : 'uint8') as D;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Length of the first axis (the sample count of a batch). */
  get rows(): number {
    return this.shape.length === 0 ? 1 : this.shape[0];
  }

  /** The values as nested arrays, as TF.js's `arraySync()`; the same as {@link toArray}. */
  arraySync(): NestedArray {
    return this.toArray();
  }

  /** The values as nested arrays, as TF.js's `await t.array()`. */
  async array(): Promise<NestedArray> {
    return this.toArray();
  }

  /** A copy of the flat values, as TF.js's `dataSync()` (`data` is the values themselves, not a copy). */
  dataSync(): TypedArrayFor<D> {
    return this.data.slice() as TypedArrayFor<D>;
  }

  /** A copy of the flat values, as TF.js's `await t.data()` (here `data` is the field that holds them). */
  async dataAsync(): Promise<TypedArrayFor<D>> {
    return this.dataSync();
  }

  /**
   * Does nothing: the values are a JS typed array that the garbage collector frees. There so that
   * TF.js code, which must dispose its tensors, runs unchanged.
   */
  dispose(): void {}

  /** The same values as nested arrays (for printing and small results). */
  toArray(): NestedArray {
    const build = (offset: number, axis: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset];
      const stride = this.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: this.shape[axis] }, (_, i) => build(offset + i * stride, axis + 1));
    };
    return build(0, 0);
  }
}

/**
 * Builds a float32 {@link Tensor} from nested arrays or a flat array and a shape.
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]).shape; // [2, 2]
 * tensor(new Float32Array(6), [3, 2]).shape; // [3, 2]
 * ```
 */
export function tensor(values: NestedArray | Float32Array, shape?: readonly number[]): Tensor<'float32'> {
  if (values instanceof Float32Array) {
    return new Tensor(values, shape ?? [values.length]);
  }
  const t = fromNested(values, 'values');
  return shape ? new Tensor(t.data, shape) : t;
}

/** An array, or a typed array standing for one (a row given as a Float32Array). */
function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array));
}

/**
 * Nested arrays (whose innermost arrays may be typed arrays) as a float32 Tensor. Every leaf must
 * be a number: `null`, `true`, `'6'` or `[7]` where a number belongs is an error naming where it
 * is in `argument` (JS would otherwise coerce them to 0, 1, 6 and 7).
 */
export function fromNested(values: unknown, argument: string): Tensor<'float32'> {
  const shape: number[] = [];
  for (let v: unknown = values; isArrayLike(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const flat = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const where = (path: number[]): string => `${argument}${path.map((i) => `[${i}]`).join('')}`;
  const fill = (v: unknown, path: number[]): void => {
    if (path.length === shape.length) {
      if (typeof v !== 'number') {
        throw new ValueError(`Expected numbers in \`${argument}\`. Received: ${where(path)}=${describeLeaf(v)}`);
      }
      flat[k++] = v;
      return;
    }
    const axis = path.length;
    if (!isArrayLike(v) || v.length !== shape[axis]) {
      throw new ValueError(
        `Nested arrays must be rectangular: every array at depth ${axis} must have length ${shape[axis]}. Received: ${where(path)} ${isArrayLike(v) ? `of length ${v.length}` : `= ${describeLeaf(v)}`}`,
      );
    }
    if (ArrayBuffer.isView(v) && axis === shape.length - 1) {
      flat.set(v as unknown as ArrayLike<number>, k);
      k += v.length;
      return;
    }
    for (let i = 0; i < v.length; i++) fill(v[i], [...path, i]);
  };
  fill(values, []);
  return new Tensor(flat, shape);
}

function describeLeaf(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (isArrayLike(v)) return `an array of ${v.length}`;
  if (typeof v === 'object' && v !== null) return v.constructor?.name ?? 'an object';
  return String(v);
}
