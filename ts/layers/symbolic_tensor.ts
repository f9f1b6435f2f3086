/**
 * A placeholder for values that do not exist yet, as Keras's `KerasTensor`: the output of
 * `input()` or of `layer.apply(x)` (a node of a functional model's graph), or — inside a custom
 * loss or metric — `yTrue`, `yPred` and what `ops.*` make of them (a node of an expression).
 */
import type { ExpressionTrace } from '../losses/expression';
import type { Node } from './node';

/** Where a symbolic tensor comes from. */
export type SymbolicOrigin =
  | { kind: 'layer'; node: Node }
  | { kind: 'expression'; trace: ExpressionTrace; ref: 'y_true' | 'y_pred' | number };

/**
 * A symbolic tensor: a placeholder with a shape, from `input()`, `layer.apply()`, or `ops.*` in a custom loss.
 *
 * @example
 * ```ts
 * const x = input({ shape: [784] });
 * x.shape; // [null, 784]
 * ```
 */
export class SymbolicTensor {
  /** The shape with the batch axis first, as `null` (Keras prints it as `None`). */
  readonly shape: readonly (number | null)[];
  /** The layer (or input) that makes it, e.g. `'dense'`, or the op in an expression. */
  readonly name: string;
  /** What made it: a layer call or an expression op. Internal to kerasm. */
  readonly origin: SymbolicOrigin;

  constructor(sampleShape: readonly number[], name: string, origin: SymbolicOrigin) {
    this.shape = Object.freeze([null, ...sampleShape]);
    this.name = name;
    this.origin = origin;
  }

  /** The shape of one sample (without the batch axis). */
  get sampleShape(): number[] {
    return this.shape.slice(1) as number[];
  }

  /** Number of axes, the batch axis included. */
  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `<SymbolicTensor shape=(${this.shape.map((d) => (d === null ? 'None' : d)).join(', ')}${this.shape.length === 1 ? ',' : ''}), name=${this.name}>`;
  }
}

/** `[null, 16]` as Keras prints it: `(None, 16)`. */
export function formatShape(sampleShape: readonly number[]): string {
  const dims = ['None', ...sampleShape.map(String)];
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}
