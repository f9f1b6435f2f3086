/** ops.matMul against a naive product, on shapes that exercise every edge of the blocked GEMM. */
import { ops, Random, Tensor, ValueError } from 'kerasm';

function random(shape: [number, number], seed: number): Tensor<'float32'> {
  const rng = new Random(seed);
  return new Tensor(Float32Array.from({ length: shape[0] * shape[1] }, () => rng.nextFloat() * 2 - 1), shape);
}

function naive(a: Tensor<'float32'>, b: Tensor<'float32'>, ta: boolean, tb: boolean): Float64Array {
  const [m, k] = ta ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const n = tb ? b.shape[0] : b.shape[1];
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a.data[p * m + i] : a.data[i * k + p]) * (tb ? b.data[j * k + p] : b.data[p * n + j]);
      out[i * n + j] = s;
    }
  return out;
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 37, 5],
  [37, 1, 5],
  [7, 13, 5],
  [33, 65, 17],
  [130, 3, 257],
  [64, 64, 64],
  [129, 70, 300],
];

describe('ops.matMul', () => {
  test.each(shapes)('m=%i n=%i k=%i, every transpose', (m, n, k) => {
    for (const ta of [false, true])
      for (const tb of [false, true]) {
        const a = random(ta ? [k, m] : [m, k], m * 7 + k);
        const b = random(tb ? [n, k] : [k, n], n * 11 + k);
        const got = ops.matMul(a, b, { transposeA: ta, transposeB: tb });
        expect(got.shape).toEqual([m, n]);
        const want = naive(a, b, ta, tb);
        for (let i = 0; i < want.length; i++) expect(Math.abs(got.data[i] - want[i])).toBeLessThan(1e-5 * Math.sqrt(k) + 1e-6);
      }
  });

  test('explains mismatched inner dimensions', () => {
    expect(() => ops.matMul(random([2, 3], 1), random([4, 5], 2))).toThrow(ValueError);
    expect(() => ops.matMul(random([2, 3], 1), random([4, 5], 2))).toThrow(/inner dimensions to match. Received: a \[2, 3\] and b \[4, 5\]/);
  });
});
