/** Stand-alone tensor operations, computed by the engine's kernels (`keras.ops` style). */
import { call } from './engine/wasm';
import { ValueError } from './errors';
import { Tensor } from './tensor';

/** Options of {@link matMul}. */
export interface MatMulOptions {
  /** Use `aᵀ` instead of `a`. Default false. */
  transposeA?: boolean;
  /** Use `bᵀ` instead of `b`. Default false. */
  transposeB?: boolean;
}

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
