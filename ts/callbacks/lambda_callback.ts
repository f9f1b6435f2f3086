/** LambdaCallback: a callback made of plain functions, as `keras.callbacks.LambdaCallback`. */
import { ValueError } from '../errors';
import { Callback, type Logs } from './callback';

type Hook<A extends unknown[]> = (...args: A) => void | Promise<void>;

/** The hooks to run; any left out does nothing (and a missing batch hook costs nothing). */
export interface LambdaCallbackArgs {
  onEpochBegin?: Hook<[epoch: number, logs: Logs]>;
  onEpochEnd?: Hook<[epoch: number, logs: Logs]>;
  onTrainBegin?: Hook<[logs: Logs]>;
  onTrainEnd?: Hook<[logs: Logs]>;
  onTrainBatchBegin?: Hook<[batch: number, logs: Logs]>;
  onTrainBatchEnd?: Hook<[batch: number, logs: Logs]>;
  onTestBegin?: Hook<[logs: Logs]>;
  onTestEnd?: Hook<[logs: Logs]>;
}

const HOOKS = [
  'onEpochBegin',
  'onEpochEnd',
  'onTrainBegin',
  'onTrainEnd',
  'onTrainBatchBegin',
  'onTrainBatchEnd',
  'onTestBegin',
  'onTestEnd',
] as const;

/**
 * A callback built from functions, as `keras.callbacks.LambdaCallback`.
 *
 * @example
 * ```ts
 * const logLoss = new callbacks.LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) });
 * await model.fit(x, y, { epochs: 5, callbacks: [logLoss] });
 * ```
 */
export class LambdaCallback extends Callback {
  constructor(args: LambdaCallbackArgs = {}) {
    super();
    // Only the given hooks become own properties, so `fit` sees batch hooks only when given.
    for (const hook of HOOKS) {
      const fn = args[hook];
      if (fn === undefined) continue;
      if (typeof fn !== 'function') {
        throw new ValueError(`LambdaCallback hooks must be functions. Received: ${hook}=${String(fn)}`);
      }
      (this as unknown as Record<string, unknown>)[hook] = fn;
    }
  }
}

/**
 * The same as `new LambdaCallback(args)`.
 *
 * @example
 * ```ts
 * const seen: number[] = [];
 * await model.fit(x, y, { epochs: 3, callbacks: [callbacks.lambdaCallback({ onEpochEnd: (epoch) => void seen.push(epoch) })] });
 * ```
 */
export function lambdaCallback(args: LambdaCallbackArgs = {}): LambdaCallback {
  return new LambdaCallback(args);
}
