/**
 * What `fit` and `evaluate` accept as `callbacks`: Callback objects, or — TF.js's habit — plain
 * objects of hooks (`{ onEpochEnd }`), alone or in a list, each wrapped as a LambdaCallback.
 */
import { ValueError } from '../errors';
import { Callback } from './callback';
import { LambdaCallback, type LambdaCallbackArgs } from './lambda_callback';

/** A callback, or a plain object of hooks made into a {@link LambdaCallback}. */
export type CallbackInput = Callback | LambdaCallbackArgs;

/** A callback object: this package's, or one with the same interface (e.g. from another copy of kerasm). */
function isCallback(value: object): value is Callback {
  if (value instanceof Callback) return true;
  const v = value as Partial<Callback>;
  return typeof v.setModel === 'function' && typeof v.setParams === 'function' && typeof v.onEpochEnd === 'function';
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `value` (the `callbacks` option) as a list of Callback objects; `argument` names it in errors. */
export function toCallbacks(value: CallbackInput | readonly CallbackInput[] | undefined | null, argument = 'callbacks'): Callback[] {
  if (value === undefined || value === null) return [];
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    const label = Array.isArray(value) ? `${argument}[${i}]` : argument;
    if (typeof item === 'object' && item !== null) {
      if (isCallback(item)) return item;
      if (isPlainObject(item)) return new LambdaCallback(item as LambdaCallbackArgs);
    }
    throw new ValueError(
      `\`${label}\` must be a Callback (e.g. callbacks.earlyStopping()) or an object of hooks such as { onEpochEnd: (epoch, logs) => ... }. Received: ${label}=${item === null ? 'null' : typeof item === 'object' ? item.constructor?.name ?? 'object' : `${typeof item} ${String(item)}`}`,
    );
  });
}
