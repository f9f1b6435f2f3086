/** Activation names the engine computes (with their derivatives). */
import { ValueError } from '../errors';

export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;

/** One of {@link ACTIVATIONS}. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Checks an activation name; `undefined` and `null` mean `'linear'`, as in Keras. */
export function checkActivation(argument: string, value: unknown): ActivationName {
  if (value === undefined || value === null) return 'linear';
  if (typeof value === 'string' && (ACTIVATIONS as readonly string[]).includes(value)) return value as ActivationName;
  throw new ValueError(`Unknown activation. Expected one of ${ACTIVATIONS.join(', ')}. Received: ${argument}=${JSON.stringify(value)}`, 'UNKNOWN_NAME');
}
