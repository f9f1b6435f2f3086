/**
 * TF.js spells loss and metric names in camelCase (`'meanSquaredError'`, `'binaryCrossentropy'`,
 * `'sparseCategoricalAccuracy'`); Keras, and so kerasm, in snake_case. A camelCase name is read as
 * its snake_case twin, so code written for TF.js compiles the same losses and metrics here.
 */

/** The camelCase spelling of a snake_case name, as a type: `CamelCase<'mean_squared_error'>` is `'meanSquaredError'`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** `'meanSquaredError'` → `'mean_squared_error'`, `'topKCategoricalAccuracy'` → `'top_k_categorical_accuracy'`; snake_case unchanged. */
export function kerasName(name: string): string {
  return /^[a-z][A-Za-z]*$/.test(name) ? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : name;
}
