/** Layer classes by Keras class name, so a config (`{ className, config }`) rebuilds its layer. */
import { ValueError } from '../errors';
import type { Layer } from './layer';

/** A layer class: constructible from its `getConfig()`. */
export type LayerClass = (new (args: never) => Layer) & { fromConfig(config: Record<string, unknown>): Layer };

const registry = new Map<string, LayerClass>();

/** Makes `cls` known under its Keras class name (each layer module registers its class). */
export function registerLayer(className: string, cls: LayerClass): void {
  registry.set(className, cls);
}

/**
 * Rebuilds a layer from its class name and `getConfig()`, as `keras.layers.deserialize`.
 *
 * @example
 * ```ts
 * const copy = layers.deserialize({ className: 'Dense', config: layers.dense({ units: 4 }).getConfig() });
 * ```
 */
export function deserialize(serialized: { className: string; config: Record<string, unknown> }): Layer {
  const cls = registry.get(serialized?.className);
  if (!cls) {
    throw new ValueError(`Unknown layer class. Expected one of ${[...registry.keys()].join(', ')}. Received: className=${JSON.stringify(serialized?.className)}`, 'UNKNOWN_NAME');
  }
  return cls.fromConfig(serialized.config ?? {});
}

/**
 * A layer as `{ className, config }`, the inverse of {@link deserialize}.
 *
 * @example
 * ```ts
 * layers.serialize(layers.dropout({ rate: 0.5, name: 'drop' })); // { className: 'Dropout', config: { name: 'drop', rate: 0.5, ... } }
 * ```
 */
export function serialize(layer: Layer): { className: string; config: Record<string, unknown> } {
  return { className: layer.className, config: layer.getConfig() };
}
