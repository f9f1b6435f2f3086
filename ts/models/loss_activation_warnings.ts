/**
 * Last-activation and loss pairs that train without an error but not as meant — Keras's own
 * warnings, and the notes' two pitfalls — each warned once per process (`console.warn`), as
 * Python warns once:
 * - softmax + binary_crossentropy: each unit is scored as its own yes/no question, but softmax
 *   ties the units together (use categorical_crossentropy, or sigmoid units for multi-label);
 * - a one-unit output + categorical_crossentropy: a one-entry probability row is always 1, so the
 *   loss is always 0 and nothing is learned (use binary_crossentropy);
 * - a sigmoid or softmax output + a crossentropy with `fromLogits: true`: probabilities read as logits.
 */
import type { LossSpec } from '../losses';
import type { GraphOutput } from './graph';

const warned = new Set<string>();

function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

/** Warns about each output whose last activation does not suit its loss. */
export function warnMismatchedLosses(losses: readonly LossSpec[], outputs: readonly GraphOutput[]): void {
  outputs.forEach((output, i) => {
    const loss = losses.length === 1 ? losses[0] : losses[i];
    if (loss === undefined) return;
    const name = typeof loss === 'string' ? loss : loss.name;
    const fromLogits = typeof loss === 'object' && 'from_logits' in loss && loss.from_logits === true;
    const activation = (output.layer as { activation?: unknown }).activation;
    const units = output.shape.at(-1) ?? 1;
    const where = `output '${output.layer.name}'`;
    if (name === 'binary_crossentropy' && activation === 'softmax' && units > 1) {
      warnOnce(
        `kerasm: ${where} ends in a softmax but is trained with binary_crossentropy, which scores each unit on its own; use categorical_crossentropy (one-hot labels) or sparse_categorical_crossentropy (integer labels), or sigmoid units for multi-label targets.`,
      );
    }
    if (name === 'categorical_crossentropy' && units === 1) {
      warnOnce(
        `kerasm: ${where} has 1 unit but is trained with categorical_crossentropy: a one-entry probability row is always 1, so the loss is always 0 and nothing is learned. For two classes use 1 sigmoid unit with binary_crossentropy.`,
      );
    }
    if (fromLogits && (activation === 'sigmoid' || activation === 'softmax')) {
      warnOnce(`kerasm: ${where} ends in a ${activation} but its ${name} has fromLogits: true, so probabilities are read as logits; drop the activation or fromLogits.`);
    }
  });
}
