/** The `verbose` argument of `fit`, `evaluate` and `predict`, as Keras 3 takes it. */
import { ValueError } from '../errors';

/**
 * `'auto'` (the default, which is 1), 0 silent, 1 a progress bar, 2 one line per epoch (or per
 * `evaluate`/`predict`). Off a terminal, 1 prints what 2 prints (see `utils.Progbar`).
 */
export type Verbosity = 'auto' | 0 | 1 | 2;

/** `value` as 0, 1 or 2 (`'auto'` and undefined are 1, as in Keras 3); anything else is a ValueError. */
export function resolveVerbose(value: unknown): 0 | 1 | 2 {
  if (value === undefined || value === 'auto') return 1;
  if (value === 0 || value === 1 || value === 2) return value;
  throw new ValueError(`Argument \`verbose\` must be 'auto', 0, 1 or 2. Received: verbose=${typeof value === 'string' ? `'${value}'` : String(value)}`);
}
