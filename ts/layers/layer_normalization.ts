/** LayerNormalization: normalises each sample over its last axis, as `keras.layers.LayerNormalization`. */
import type { LayerConfig, WeightSpec } from './layer';
import { Normalization, type NormalizationArgs } from './normalization';
import { registerLayer } from './registry';

/** Options of {@link layerNormalization}, with Keras's defaults. */
export type LayerNormalizationArgs = NormalizationArgs;

/**
 * The layer behind {@link layerNormalization}.
 *
 * @example
 * ```ts
 * const norm = new layers.LayerNormalization({ epsilon: 1e-6 });
 * ```
 */
export class LayerNormalization extends Normalization {
  readonly className = 'LayerNormalization';
  readonly kind = 'layer_normalization';

  constructor(args: LayerNormalizationArgs = {}) {
    super('layer_normalization', 'LayerNormalization', args, [], true);
  }

  getConfig(): LayerConfig {
    return { ...this.normalizationConfig(), ...this.commonConfig() };
  }

  protected weightSpecsFor(shapes: number[][]): WeightSpec[] {
    return this.scaleAndOffset(shapes);
  }
}
registerLayer('LayerNormalization', LayerNormalization);

/**
 * Normalises each sample to zero mean and unit variance over the last axis, then scales and
 * shifts, as `keras.layers.LayerNormalization`.
 *
 * @example
 * ```ts
 * const x = layers.layerNormalization().apply(layers.dense({ units: 64 }).apply(inputs));
 * ```
 */
export function layerNormalization(args: LayerNormalizationArgs = {}): LayerNormalization {
  return new LayerNormalization(args);
}
