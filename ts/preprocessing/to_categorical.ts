import { Tensor } from '../tensor';
import { ValueError } from '../errors';

/**
 * One-hot encodes integer class labels, as Keras's `to_categorical`: labels of shape `[...s]`
 * become a float32 Tensor of shape `[...s, numClasses]` (a trailing axis of size 1 is dropped
 * first, so `[n, 1]` gives `[n, numClasses]`).
 *
 * @param numClasses - number of classes; omitted, `max(labels) + 1`.
 *
 * @example
 * ```ts
 * preprocessing.toCategorical([0, 2, 1]).toArray(); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function toCategorical(labels: ArrayLike<number> | Tensor, numClasses?: number): Tensor<'float32'> {
  let values: ArrayLike<number>;
  let shape: number[];
  if (labels instanceof Tensor) {
    values = labels.data;
    shape = [...labels.shape];
    if (shape.length > 1 && shape[shape.length - 1] === 1) shape.pop();
  } else if (labels != null && typeof labels.length === 'number') {
    values = labels;
    shape = [labels.length];
  } else {
    throw new ValueError(`toCategorical: \`labels\` must be an array or a Tensor of class indices. Received: labels=${String(labels)}`);
  }
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) {
      throw new ValueError(`toCategorical: labels must be non-negative integers (class indices). Received: labels[${i}]=${v}`);
    }
    if (v > max) max = v;
  }
  const classes = numClasses ?? max + 1;
  if (!Number.isInteger(classes) || classes < 1) {
    throw new ValueError(`toCategorical: \`numClasses\` must be a positive integer. Received: numClasses=${numClasses}`);
  }
  if (max >= classes) {
    throw new ValueError(
      `toCategorical: every label must be below numClasses=${classes}. Received: a label equal to ${max}`,
    );
  }
  const out = new Float32Array(values.length * classes);
  for (let i = 0; i < values.length; i++) out[i * classes + values[i]] = 1;
  return new Tensor(out, [...shape, classes]);
}
