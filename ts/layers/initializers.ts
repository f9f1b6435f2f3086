/** Weight initializer names the engine knows (Keras's names and formulas). */
import { ValueError } from '../errors';

export const INITIALIZERS = [
  'zeros',
  'ones',
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'random_normal',
  'random_uniform',
  'truncated_normal',
  // Keras's class names, which its configs and saved files use.
  'Zeros',
  'Ones',
  'GlorotUniform',
  'GlorotNormal',
  'HeUniform',
  'HeNormal',
  'LecunUniform',
  'LecunNormal',
  'RandomNormal',
  'RandomUniform',
  'TruncatedNormal',
  // Keras's aliases: 'uniform' is RandomUniform(-0.05, 0.05), Embedding's default; 'normal',
  // 'zero' and 'one' name RandomNormal, Zeros and Ones.
  'uniform',
  'normal',
  'zero',
  'one',
] as const;

/** One of {@link INITIALIZERS}, as Keras names them. */
export type InitializerName = (typeof INITIALIZERS)[number];

/** Checks an initializer name; the error lists the accepted ones. */
export function checkInitializer(argument: string, value: unknown): InitializerName {
  if (typeof value === 'string' && (INITIALIZERS as readonly string[]).includes(value)) return value as InitializerName;
  throw new ValueError(`Unknown initializer. Expected one of ${INITIALIZERS.join(', ')}. Received: ${argument}=${JSON.stringify(value)}`, 'UNKNOWN_NAME');
}
