/**
 * A layer's engine config is its Keras config: `getConfig()` with the keys in Keras's snake_case
 * (`useBias` → `use_bias`, a regularizer's `className` → `class_name`), less what is not the
 * layer's arguments to the engine (its name, which the ModelSpec carries, and `inputShape`,
 * which the graph carries). One source, so the two sides cannot drift apart.
 */
import type { LayerConfig } from './layer';

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [snakeCase(key), snakeKeys(v)]));
}

/** The engine's config of a layer whose `getConfig()` is `config`. */
export function engineConfigOf(config: LayerConfig): Record<string, unknown> {
  const { name: _name, inputShape: _inputShape, ...args } = config;
  return snakeKeys(args) as Record<string, unknown>;
}
