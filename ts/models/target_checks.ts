/**
 * Targets that a loss would turn into a wrong number without a word: a binary crossentropy target
 * of 2 or −1 (the loss goes negative), a categorical crossentropy row summing to 0 or 3 (integer
 * labels given to the one-hot loss). Caught before the engine sees them, naming the sample.
 */
import type { Float32Rows } from '../data/array_input';
import { ValueError } from '../errors';
import type { LossSpec } from '../losses';

/** How far a categorical target row's sum may stray from 1 (float32 probabilities, label smoothing). */
const ROW_SUM_TOLERANCE = 1e-3;

function lossName(loss: LossSpec): string {
  return typeof loss === 'string' ? loss : loss.name;
}

/** Checks each output's targets `ys` against its loss in `losses` (one per output). */
export function checkTargets(losses: readonly LossSpec[], ys: readonly Float32Rows[]): void {
  ys.forEach((y, i) => {
    const loss = losses.length === 1 ? losses[0] : losses[i];
    if (loss === undefined || y.sparse) return;
    const name = lossName(loss);
    if (name === 'binary_crossentropy') checkProbabilities(y);
    else if (name === 'categorical_crossentropy') checkRowsSumToOne(y);
  });
}

/** Where flat index `i` of a part of the user's array lies in the whole of it. */
function label(y: Float32Rows, i: number): string {
  return `${y.argument ?? 'y'}[flat index ${(y.firstIndex ?? 0) + i}]`;
}

function checkProbabilities(y: Float32Rows): void {
  const d = y.data;
  for (let i = 0; i < d.length; i++) {
    // NaN and ±Infinity are the engine's NON_FINITE error, with the same index.
    if (Number.isFinite(d[i]) && !(d[i] >= 0 && d[i] <= 1)) {
      throw new ValueError(
        `Targets of binary_crossentropy must be in [0, 1] (0/1 labels or probabilities); for other labels use another loss. Received: ${label(y, i)}=${d[i]}`,
        'TARGET_OUT_OF_RANGE',
      );
    }
  }
}

function checkRowsSumToOne(y: Float32Rows): void {
  const rows = y.shape[0];
  const width = rows === 0 ? 0 : y.data.length / rows;
  if (width < 2) return; // one unit: the compile-time warning says why that loss is always 0
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const v = y.data[r * width + j];
      if (!Number.isFinite(v)) return;
      if (v < 0) {
        throw new ValueError(`Targets of categorical_crossentropy must be non-negative (one-hot rows or probabilities). Received: ${label(y, r * width + j)}=${v}`, 'TARGET_OUT_OF_RANGE');
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new ValueError(
        `Targets of categorical_crossentropy must be one-hot rows (or probabilities) summing to 1; for integer class labels use sparse_categorical_crossentropy. Received: row ${r} of ${y.argument ?? 'y'} sums to ${sum}`,
        'TARGET_OUT_OF_RANGE',
      );
    }
  }
}
