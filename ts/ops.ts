/**
 * Tensor operations, `keras.ops` style: `matMul` computes on concrete tensors with the engine's
 * kernels; the others build custom losses and metrics on symbolic tensors.
 */
import { call } from './engine/wasm';
import { ValueError } from './errors';
import { SymbolicTensor } from './layers/symbolic_tensor';
import type { ExpressionRef, ExpressionTrace } from './losses/expression';
import { Tensor } from './tensor';
import { checkOptions, optionNames } from './utils/options';

/** Options of {@link matMul}. */
export interface MatMulOptions {
  /** Use `aᵀ` instead of `a`. Default false. */
  transposeA?: boolean;
  /** Use `bᵀ` instead of `b`. Default false. */
  transposeB?: boolean;
}

const MAT_MUL_OPTIONS = optionNames<MatMulOptions>({ transposeA: true, transposeB: true });

/**
 * Matrix product of two 2-D float32 tensors, on the engine's SIMD, multithreaded GEMM.
 *
 * @example
 * ```ts
 * const c = ops.matMul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]]));
 * c.toArray(); // [[17], [39]]
 * ```
 */
export function matMul(a: Tensor<'float32'>, b: Tensor<'float32'>, options: MatMulOptions = {}): Tensor<'float32'> {
  options = checkOptions(options, MAT_MUL_OPTIONS, 'ops.matMul(a, b, options)');
  const { transposeA = false, transposeB = false } = options;
  for (const [name, t] of [['a', a], ['b', b]] as const) {
    if (t.shape.length !== 2 || t.dtype !== 'float32') {
      throw new ValueError(`matMul expects 2-D float32 tensors. Received: ${name} with shape [${t.shape.join(', ')}] and dtype ${t.dtype}`);
    }
  }
  const [m, ka] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (ka !== kb) {
    throw new ValueError(
      `matMul needs the inner dimensions to match. Received: a ${transposeA ? 'transposed ' : ''}[${m}, ${ka}] and b ${transposeB ? 'transposed ' : ''}[${kb}, ${n}]`,
    );
  }
  const out = call('matMul', (e) => e.matmul(a.data, b.data, m, n, ka, transposeA, transposeB));
  return new Tensor(out, [m, n]);
}

// Symbolic ops: the vocabulary of custom losses and metrics. Each records one node of the
// expression being traced (see losses/expression.ts); the engine computes it and its gradient.

/** A symbolic tensor, or a number (a constant, which broadcasts against any tensor). */
export type SymbolicOperand = SymbolicTensor | number;

interface Resolved {
  trace: ExpressionTrace;
  ref: ExpressionRef;
  shape: number[];
}

function resolve(op: string, value: unknown, argument: string): Resolved {
  if (value instanceof SymbolicTensor && value.origin.kind === 'expression') {
    return { trace: value.origin.trace, ref: value.origin.ref, shape: value.sampleShape };
  }
  const received =
    value instanceof SymbolicTensor
      ? `${value.toString()} from a functional model (ops on layer outputs are not supported: use layers)`
      : value instanceof Tensor
        ? `a concrete Tensor (ops.${op} builds custom losses and metrics from their symbolic yTrue and yPred)`
        : `${typeof value} ${String(value)}`;
  throw new ValueError(`ops.${op} expects a symbolic tensor from a custom loss or metric's yTrue/yPred. Received: ${argument}=${received}`);
}

function unary(op: string, x: SymbolicTensor): SymbolicTensor {
  const a = resolve(op, x, 'x');
  return a.trace.record({ op, inputs: [a.ref] }, a.shape);
}

function binary(op: string, x: SymbolicOperand, y: SymbolicOperand): SymbolicTensor {
  if (typeof x === 'number' && typeof y === 'number') {
    throw new ValueError(`ops.${op} needs at least one symbolic tensor. Received: x=${x}, y=${y}`);
  }
  const tensorSide = typeof x === 'number' ? resolve(op, y, 'y') : resolve(op, x, 'x');
  const { trace } = tensorSide;
  const operand = (value: SymbolicOperand, argument: string): Resolved => {
    if (typeof value !== 'number') {
      const r = resolve(op, value, argument);
      if (r.trace !== trace) throw new ValueError(`ops.${op} got tensors from two different custom functions. Received: ${argument}=${value.toString()}`);
      return r;
    }
    if (!Number.isFinite(value)) throw new ValueError(`ops.${op} constants must be finite numbers. Received: ${argument}=${value}`);
    const constant = trace.record({ op: 'constant', inputs: [], value }, null).origin as { ref: number };
    return { trace, ref: constant.ref, shape: [] };
  };
  const a = operand(x, 'x');
  const b = operand(y, 'y');
  const aConst = typeof x === 'number';
  const bConst = typeof y === 'number';
  if (!aConst && !bConst && a.shape.join() !== b.shape.join()) {
    throw new ValueError(
      `ops.${op} needs operands of the same shape (or one a number). Received: x of shape (None, ${a.shape.join(', ')}) and y of shape (None, ${b.shape.join(', ')})`,
      'SHAPE_MISMATCH',
    );
  }
  return trace.record({ op, inputs: [a.ref, b.ref] }, aConst ? b.shape : a.shape);
}

function reduce(op: string, x: SymbolicTensor, axis: number): SymbolicTensor {
  const a = resolve(op, x, 'x');
  const rank = a.shape.length + 1;
  const resolved = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || resolved < 1 || resolved >= rank) {
    throw new ValueError(
      `ops.${op} reduces a non-batch axis: for a tensor of rank ${rank}, axis must be in [-${rank - 1}, -1] or [1, ${rank - 1}] (the result keeps one value per sample). Received: axis=${axis}`,
    );
  }
  return a.trace.record({ op, inputs: [a.ref], axis }, a.shape.filter((_, i) => i !== resolved - 1));
}

/**
 * `x + y`, element-wise (symbolic, for custom losses and metrics).
 *
 * @example
 * ```ts
 * const shifted = ops.add(yPred, 1);
 * ```
 */
export function add(x: SymbolicOperand, y: SymbolicOperand): SymbolicTensor {
  return binary('add', x, y);
}

/**
 * `x − y`, element-wise. Also named {@link subtract}, as in Keras.
 *
 * @example
 * ```ts
 * const error = ops.sub(yPred, yTrue);
 * ```
 */
export function sub(x: SymbolicOperand, y: SymbolicOperand): SymbolicTensor {
  return binary('sub', x, y);
}

/**
 * `x · y`, element-wise. Also named {@link multiply}.
 *
 * @example
 * ```ts
 * const weighted = ops.mul(ops.square(ops.sub(yPred, yTrue)), 0.5);
 * ```
 */
export function mul(x: SymbolicOperand, y: SymbolicOperand): SymbolicTensor {
  return binary('mul', x, y);
}

/**
 * `x / y`, element-wise. Also named {@link divide}.
 *
 * @example
 * ```ts
 * const relative = ops.div(ops.abs(ops.sub(yPred, yTrue)), ops.add(ops.abs(yTrue), 1e-7));
 * ```
 */
export function div(x: SymbolicOperand, y: SymbolicOperand): SymbolicTensor {
  return binary('div', x, y);
}

/**
 * The larger of `x` and `y`, element-wise.
 *
 * @example
 * ```ts
 * const hinge = ops.mean(ops.maximum(ops.sub(1, ops.mul(yTrue, yPred)), 0), -1);
 * ```
 */
export function maximum(x: SymbolicOperand, y: SymbolicOperand): SymbolicTensor {
  return binary('maximum', x, y);
}

/**
 * The smaller of `x` and `y`, element-wise.
 *
 * @example
 * ```ts
 * const capped = ops.minimum(ops.abs(ops.sub(yPred, yTrue)), 1);
 * ```
 */
export function minimum(x: SymbolicOperand, y: SymbolicOperand): SymbolicTensor {
  return binary('minimum', x, y);
}

/**
 * `−x`. Also named {@link negative}.
 *
 * @example
 * ```ts
 * const gain = ops.neg(ops.mean(yPred, -1));
 * ```
 */
export function neg(x: SymbolicTensor): SymbolicTensor {
  return unary('neg', x);
}

/**
 * `x²`, element-wise.
 *
 * @example
 * ```ts
 * const mse = (yTrue: SymbolicTensor, yPred: SymbolicTensor) => ops.mean(ops.square(ops.sub(yPred, yTrue)), -1);
 * ```
 */
export function square(x: SymbolicTensor): SymbolicTensor {
  return unary('square', x);
}

/**
 * `√x`, element-wise.
 *
 * @example
 * ```ts
 * const rmse = (yTrue: SymbolicTensor, yPred: SymbolicTensor) => ops.sqrt(ops.mean(ops.square(ops.sub(yPred, yTrue)), -1));
 * ```
 */
export function sqrt(x: SymbolicTensor): SymbolicTensor {
  return unary('sqrt', x);
}

/**
 * `|x|`, element-wise.
 *
 * @example
 * ```ts
 * const mae = (yTrue: SymbolicTensor, yPred: SymbolicTensor) => ops.mean(ops.abs(ops.sub(yPred, yTrue)), -1);
 * ```
 */
export function abs(x: SymbolicTensor): SymbolicTensor {
  return unary('abs', x);
}

/**
 * `eˣ`, element-wise.
 *
 * @example
 * ```ts
 * const rate = ops.exp(yPred);
 * ```
 */
export function exp(x: SymbolicTensor): SymbolicTensor {
  return unary('exp', x);
}

/**
 * Natural logarithm, element-wise.
 *
 * @example
 * ```ts
 * const logProb = ops.log(ops.clip(yPred, 1e-7, 1 - 1e-7));
 * ```
 */
export function log(x: SymbolicTensor): SymbolicTensor {
  return unary('log', x);
}

/**
 * `log(1 + eˣ)`, element-wise.
 *
 * @example
 * ```ts
 * const smooth = ops.softplus(ops.sub(yPred, yTrue));
 * ```
 */
export function softplus(x: SymbolicTensor): SymbolicTensor {
  return unary('softplus', x);
}

/**
 * `1 / (1 + e⁻ˣ)`, element-wise.
 *
 * @example
 * ```ts
 * const probabilities = ops.sigmoid(yPred);
 * ```
 */
export function sigmoid(x: SymbolicTensor): SymbolicTensor {
  return unary('sigmoid', x);
}

/**
 * `max(x, 0)`, element-wise.
 *
 * @example
 * ```ts
 * const overshoot = ops.relu(ops.sub(yPred, yTrue));
 * ```
 */
export function relu(x: SymbolicTensor): SymbolicTensor {
  return unary('relu', x);
}

/**
 * `x` limited to [min, max], element-wise.
 *
 * @example
 * ```ts
 * const safe = ops.clip(yPred, 1e-7, 1 - 1e-7);
 * ```
 */
export function clip(x: SymbolicTensor, min: number, max: number): SymbolicTensor {
  const a = resolve('clip', x, 'x');
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new ValueError(`ops.clip needs finite bounds with min ≤ max. Received: min=${min}, max=${max}`);
  }
  return a.trace.record({ op: 'clip', inputs: [a.ref], min, max }, a.shape);
}

/**
 * Mean over `axis` (Keras counts the batch axis; default -1, the last).
 *
 * @example
 * ```ts
 * const perSample = ops.mean(ops.square(ops.sub(yPred, yTrue)), -1);
 * ```
 */
export function mean(x: SymbolicTensor, axis = -1): SymbolicTensor {
  return reduce('mean', x, axis);
}

/**
 * Sum over `axis` (default -1).
 *
 * @example
 * ```ts
 * const perSample = ops.sum(ops.abs(ops.sub(yPred, yTrue)), -1);
 * ```
 */
export function sum(x: SymbolicTensor, axis = -1): SymbolicTensor {
  return reduce('sum', x, axis);
}

/**
 * Maximum over `axis` (default -1); its gradient goes to the first maximum.
 *
 * @example
 * ```ts
 * const worst = ops.max(ops.abs(ops.sub(yPred, yTrue)), -1);
 * ```
 */
export function max(x: SymbolicTensor, axis = -1): SymbolicTensor {
  return reduce('max', x, axis);
}

/**
 * Keras's name for {@link sub}.
 *
 * @example
 * ```ts
 * const error = ops.subtract(yPred, yTrue);
 * ```
 */
export const subtract = sub;

/**
 * Keras's name for {@link mul}.
 *
 * @example
 * ```ts
 * const scaled = ops.multiply(yPred, 2);
 * ```
 */
export const multiply = mul;

/**
 * Keras's name for {@link div}.
 *
 * @example
 * ```ts
 * const ratio = ops.divide(yPred, ops.add(yTrue, 1));
 * ```
 */
export const divide = div;

/**
 * Keras's name for {@link neg}.
 *
 * @example
 * ```ts
 * const flipped = ops.negative(yPred);
 * ```
 */
export const negative = neg;
