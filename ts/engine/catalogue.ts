/**
 * What the engine accepts, straight from it: every name list, one layer described on its own, and
 * every layer kind's examples. The TypeScript layers are checked against these answers, so the two
 * sides cannot drift apart.
 */
import { call } from './wasm';

/** Every name the engine accepts, by kind (Keras's aliases included where Keras has them). */
export interface EngineCatalogue {
  /** Layer kinds, as configs name them (`'dense'`, `'batch_normalization'`, …). */
  layers: string[];
  activations: string[];
  initializers: string[];
  losses: string[];
  metrics: string[];
  optimizers: string[];
  /** Regularizer class names (`'L1'`, `'L2'`, `'L1L2'` and their snake_case forms). */
  regularizers: string[];
  /** Learning-rate schedules (`'exponential_decay'`, …). */
  schedules: string[];
  /** Ops of custom loss and metric expressions. */
  expression_ops: string[];
}

/** One weight of a described layer. */
export interface EngineWeightSpec {
  /** The weight's name within its layer (`'kernel'`, `'moving_mean'`, …). */
  name: string;
  shape: number[];
  trainable: boolean;
}

/** A layer as the engine builds it. */
export interface LayerDescription {
  /** Every argument, snake_case, with Keras's defaults filled in. */
  config: Record<string, unknown>;
  /** Per-sample output shapes (no batch axis). */
  output_shapes: number[][];
  /** The weights, trainable first, in `model.weights` order. */
  weights: EngineWeightSpec[];
}

/** A configuration of a layer kind and the inputs to call it on. */
export interface LayerExample {
  kind: string;
  /** Snake_case Keras arguments. */
  config: Record<string, unknown>;
  /** Per-sample input shapes. */
  input_shapes: number[][];
  /** When the inputs are integer indices, they lie in `[0, indices_below)`; else `null`. */
  indices_below: number | null;
}

/**
 * Every name the engine accepts, by kind.
 *
 * @example
 * ```ts
 * const { layers, activations } = engineCatalogue();
 * layers.includes('dense'); // true
 * activations.includes('softmax'); // true
 * ```
 */
export function engineCatalogue(): EngineCatalogue {
  return JSON.parse(call('engineCatalogue', (e) => e.catalogue())) as EngineCatalogue;
}

/**
 * The engine's view of one layer of `kind` with `config` (snake_case Keras arguments) called on
 * inputs of per-sample `inputShapes`: its configuration with Keras's defaults, output shapes and
 * weights. A bad configuration throws a ValueError naming the field (`config.units`).
 *
 * @example
 * ```ts
 * const dense = describeLayer('dense', { units: 4 }, [[3]]);
 * dense.output_shapes; // [[4]]
 * dense.weights.map((w) => w.name); // ['kernel', 'bias']
 * ```
 */
export function describeLayer(kind: string, config: Record<string, unknown>, inputShapes: number[][]): LayerDescription {
  const json = call('describeLayer', (e) => e.describe_layer(kind, JSON.stringify(config), JSON.stringify(inputShapes)));
  return JSON.parse(json) as LayerDescription;
}

/**
 * Configurations that exercise each layer kind, with input shapes: the engine gradient-checks
 * every one, and conformance tests compare the TypeScript layers with the engine on them.
 *
 * @example
 * ```ts
 * const kinds = new Set(layerExamples().map((example) => example.kind));
 * kinds.has('embedding'); // true
 * ```
 */
export function layerExamples(): LayerExample[] {
  return JSON.parse(call('layerExamples', (e) => e.layer_examples())) as LayerExample[];
}
