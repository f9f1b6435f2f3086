/** Seeded synthetic data sets for tests that need a task with a known answer. */
import { Random, Tensor } from 'kerasm';

/** Multi-hot rows; the label is 1 when more "positive" columns than "negative" ones are set. */
export function separableBinary(rows: number, columns: number, seed: number): { x: Tensor<'float32'>; y: Tensor<'float32'> } {
  const rng = new Random(seed);
  const x = new Float32Array(rows * columns);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let score = 0;
    for (let j = 0; j < columns; j++) {
      if (rng.nextFloat() < 0.15) {
        x[i * columns + j] = 1;
        score += j < columns / 2 ? 1 : -1;
      }
    }
    y[i] = score > 0 ? 1 : 0;
  }
  return { x: new Tensor(x, [rows, columns]), y: new Tensor(y, [rows]) };
}

/** y = x·w + b exactly, with x uniform in [-1, 1). */
export function linear(rows: number, w: number[], b: number, seed: number): { x: Tensor<'float32'>; y: Tensor<'float32'> } {
  const rng = new Random(seed);
  const d = w.length;
  const x = new Float32Array(rows * d);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = b;
    for (let j = 0; j < d; j++) {
      const v = rng.nextFloat() * 2 - 1;
      x[i * d + j] = v;
      s += v * w[j];
    }
    y[i] = s;
  }
  return { x: new Tensor(x, [rows, d]), y: new Tensor(y, [rows]) };
}

/** Three Gaussian blobs in 2-D, labels 0..2. */
export function blobs(rows: number, seed: number): { x: Tensor<'float32'>; y: Tensor<'float32'> } {
  const rng = new Random(seed);
  const centres = [[2, 0], [-1, 1.7], [-1, -1.7]];
  const x = new Float32Array(rows * 2);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    x[i * 2] = centres[c][0] + 0.5 * gauss();
    x[i * 2 + 1] = centres[c][1] + 0.5 * gauss();
    y[i] = c;
  }
  return { x: new Tensor(x, [rows, 2]), y: new Tensor(y, [rows]) };
}
