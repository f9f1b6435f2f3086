/** LambdaCallback: a callback made of plain functions, as `keras.callbacks.LambdaCallback`. */
import { ValueError } from '../errors';
import { checkOptions, optionNames } from '../utils/options';
import { Callback, type Logs } from './callback';

type Hook<A extends unknown[]> = (...args: A) => void | Promise<void>;

/**
 * The hooks to run; any left out does nothing (and a missing batch hook costs nothing).
 * `onBatchBegin`/`onBatchEnd` are Keras 2's and TF.js's names of the training batch hooks.
 */
export interface LambdaCallbackArgs {
  onEpochBegin?: Hook<[epoch: number, logs: Logs]>;
  onEpochEnd?: Hook<[epoch: number, logs: Logs]>;
  onTrainBegin?: Hook<[logs: Logs]>;
  onTrainEnd?: Hook<[logs: Logs]>;
  onTrainBatchBegin?: Hook<[batch: number, logs: Logs]>;
  onTrainBatchEnd?: Hook<[batch: number, logs: Logs]>;
  onTestBegin?: Hook<[logs: Logs]>;
  onTestEnd?: Hook<[logs: Logs]>;
  /** The same as `onTrainBatchBegin`. */
  onBatchBegin?: Hook<[batch: number, logs: Logs]>;
  /** The same as `onTrainBatchEnd`. */
  onBatchEnd?: Hook<[batch: number, logs: Logs]>;
}

const LAMBDA_OPTIONS = optionNames<LambdaCallbackArgs>({
  onEpochBegin: true,
  onEpochEnd: true,
  onTrainBegin: true,
  onTrainEnd: true,
  onTrainBatchBegin: true,
  onTrainBatchEnd: true,
  onTestBegin: true,
  onTestEnd: true,
  onBatchBegin: true,
  onBatchEnd: true,
});

/** Hooks under another name, and the hook each is. */
const HOOK_ALIASES = { onBatchBegin: 'onTrainBatchBegin', onBatchEnd: 'onTrainBatchEnd' } as const;

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
    args = checkOptions(args, LAMBDA_OPTIONS, 'callbacks.LambdaCallback(hooks)');
    // Only the given hooks become own properties, so `fit` sees batch hooks only when given.
    for (const name of [...HOOKS, ...(Object.keys(HOOK_ALIASES) as (keyof typeof HOOK_ALIASES)[])]) {
      const fn = args[name];
      if (fn === undefined) continue;
      if (typeof fn !== 'function') {
        throw new ValueError(`LambdaCallback hooks must be functions. Received: ${name}=${String(fn)}`);
      }
      const hook = name in HOOK_ALIASES ? HOOK_ALIASES[name as keyof typeof HOOK_ALIASES] : name;
      if (hook !== name && args[hook as keyof LambdaCallbackArgs] !== undefined) {
        throw new ValueError(`Give \`${hook}\` or \`${name}\` (the same hook), not both. Received: both`);
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
