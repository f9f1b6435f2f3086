/** An optimizer's name and hyper-parameters; its state lives in the engine once compiled. */
import { ValueError } from '../errors';

export class Optimizer {
  /** Keras's name, e.g. `'rmsprop'`. */
  readonly name: string;
  /** Hyper-parameters in Keras's snake_case, as the engine reads them. */
  readonly config: Readonly<Record<string, number | boolean>>;

  constructor(name: string, config: Record<string, number | boolean>) {
    this.name = name;
    this.config = Object.freeze({ ...config });
  }

  /** The initial learning rate. */
  get learningRate(): number {
    return this.config.learning_rate as number;
  }

  /** `{ name, ...config }`, the spec the engine compiles. */
  toSpec(): Record<string, unknown> {
    return { name: this.name, ...this.config };
  }
}

/** Checks `value` is a finite number within [min, max) (or (min, max) when `exclusiveMin`). */
export function checkRange(argument: string, value: number, min: number, max: number, exclusiveMin = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value < max;
  if (!ok) {
    const range = `${exclusiveMin ? '(' : '['}${min}, ${max === Infinity ? '∞' : max})`;
    throw new ValueError(`Argument \`${argument}\` must be a number in ${range}. Received: ${argument}=${value}`);
  }
  return value;
}
