/** A weight (or activity) penalty `l1·Σ|x| + l2·Σx²`, added to the loss as Keras 3 does. */
import { ValueError } from '../errors';

/** Keras's class names: `L1`, `L2`, `L1L2`. */
export type RegularizerClass = 'L1' | 'L2' | 'L1L2';

/** `{ className, config }`, as `getConfig` and saved models hold a regularizer. */
export interface RegularizerConfig {
  className: RegularizerClass;
  config: { l1?: number; l2?: number };
}

/**
 * An `L1L2` penalty, made by `regularizers.l1`, `l2` and `l1l2`.
 *
 * @example
 * ```ts
 * const r = regularizers.l2(0.001);
 * r.getConfig(); // { className: 'L2', config: { l2: 0.001 } }
 * ```
 */
export class Regularizer {
  readonly className: RegularizerClass;
  readonly l1: number;
  readonly l2: number;

  constructor(className: RegularizerClass, l1: number, l2: number) {
    for (const [argument, value] of [['l1', l1], ['l2', l2]] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ValueError(`Invalid value for argument ${argument}: expected a non-negative, finite number. Received: ${argument}=${String(value)}`);
      }
    }
    this.className = className;
    this.l1 = l1;
    this.l2 = l2;
  }

  /** The penalty's factors as Keras names them (`{ l2: 0.01 }` for `L2`). */
  getConfig(): RegularizerConfig {
    const config = this.className === 'L1' ? { l1: this.l1 } : this.className === 'L2' ? { l2: this.l2 } : { l1: this.l1, l2: this.l2 };
    return { className: this.className, config };
  }

  /** The engine's `{ l1, l2 }`. */
  toSpec(): { l1: number; l2: number } {
    return { l1: this.l1, l2: this.l2 };
  }
}
