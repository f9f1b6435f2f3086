/**
 * A model as data: its architecture in Keras 3's `model.to_json()` form (Sequential's or
 * Functional's config, with `compile_config`), its weights and its optimizer state as float32
 * buffers with a manifest.
 */
import { ValueError } from '../errors';
import { InputLayer } from '../layers/input_layer';
import type { Layer } from '../layers/layer';
import type { Model } from '../models/model';
import type { LearningRateSchedule } from '../optimizers/schedules';
import { concatFloat32, KERAS_VERSION, KERASM_VERSION, type Metadata, type ModelArtifacts, toBytes, type WeightsArtifacts } from './archive';
import { FLOAT32_POLICY, kerasLayerConfig } from './keras_objects';

/** Keras's optimizer class names. */
export const OPTIMIZER_CLASSES: Record<string, string> = {
  sgd: 'SGD',
  rmsprop: 'RMSprop',
  adam: 'Adam',
  adamw: 'AdamW',
  adagrad: 'Adagrad',
  adadelta: 'Adadelta',
  adamax: 'Adamax',
  nadam: 'Nadam',
};

const batchShape = (shape: readonly number[]) => [null, ...shape];

/** `build_config` of a built layer: its input shape(s) with the batch axis. */
function buildConfig(layer: Layer): { input_shape: unknown } {
  const shapes = layer.builtInputShapes ?? [];
  return { input_shape: layer.takesList ? shapes.map(batchShape) : batchShape(shapes[0] ?? []) };
}

function layerEntry(layer: Layer): Record<string, unknown> {
  return {
    module: 'keras.layers',
    class_name: layer.className,
    config: kerasLayerConfig(layer),
    registered_name: null,
    ...(layer instanceof InputLayer ? {} : { build_config: buildConfig(layer) }),
  };
}

/** The architecture (and compile config) as Keras 3's `json.loads(model.to_json())`. */
export function modelConfig(model: Model): Record<string, unknown> {
  const graph = model.graph;
  if (model.isSequential) {
    const input = graph.inputs[0];
    return {
      module: 'keras',
      class_name: 'Sequential',
      config: {
        name: model.name,
        trainable: true,
        dtype: FLOAT32_POLICY,
        layers: [layerEntry(input.layer), ...graph.layers.map(layerEntry)],
        build_input_shape: batchShape(input.shape),
      },
      registered_name: null,
      build_config: { input_shape: batchShape(input.shape) },
      compile_config: compileConfig(model),
    };
  }
  // Keras's node indices count a layer's calls within this model; tensors are [layer, node, 0].
  const history = new Map<string, [string, number, number]>();
  for (const i of graph.inputs) history.set(i.name, [i.name, 0, 0]);
  const calls = new Map<Layer, number>();
  const inbound = new Map<Layer, unknown[]>();
  for (const node of graph.nodes) {
    const k = calls.get(node.layer) ?? 0;
    calls.set(node.layer, k + 1);
    history.set(node.output, [node.layer.name, k, 0]);
    const tensors = node.inputs.map((name, j) => ({
      class_name: '__keras_tensor__',
      config: { shape: batchShape(node.inputShapes[j]), dtype: 'float32', keras_history: history.get(name) },
    }));
    const args = node.layer.takesList ? [tensors] : tensors;
    inbound.set(node.layer, [...(inbound.get(node.layer) ?? []), { args, kwargs: {} }]);
  }
  const layers = [...graph.inputs.map((i) => i.layer), ...graph.layers].map((layer) => ({
    ...layerEntry(layer),
    name: layer.name,
    inbound_nodes: inbound.get(layer) ?? [],
  }));
  return {
    module: 'keras',
    class_name: 'Functional',
    config: {
      name: model.name,
      trainable: true,
      layers,
      input_layers: graph.inputs.map((i) => [i.name, 0, 0]),
      output_layers: graph.outputs.map((o) => history.get(o.name)),
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    compile_config: compileConfig(model),
  };
}

function scheduleObject(schedule: LearningRateSchedule): Record<string, unknown> {
  return { module: 'keras.optimizers.schedules', class_name: schedule.className, config: { ...schedule.config }, registered_name: null };
}

/**
 * Keras's `compile_config`: the optimizer as a Keras object (its config in kerasm's snake_case
 * spec, the learning rate as set now), losses and metrics as the engine's specs (names, or
 * objects with options or a custom Expression).
 */
function compileConfig(model: Model): Record<string, unknown> | null {
  const compiled = model.compiledSpec;
  if (!compiled) return null;
  const { optimizer } = compiled;
  const config = optimizer.toSpec();
  const override = model.learningRateSet;
  config.learning_rate = override ?? (typeof optimizer.learningRate === 'number' ? optimizer.learningRate : scheduleObject(optimizer.learningRate));
  const single = compiled.losses.length === 1;
  return {
    optimizer: { module: 'keras.optimizers', class_name: OPTIMIZER_CLASSES[optimizer.name], config, registered_name: null },
    loss: single ? compiled.losses[0] : compiled.losses,
    loss_weights: compiled.lossWeights ?? null,
    metrics: single ? compiled.metrics[0] : compiled.metrics,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}

/** The weights and (after training) the optimizer's variables as arrays, with their manifest. */
export interface WeightsPayload {
  metadata: Metadata;
  weights: Float32Array[];
  optimizer?: Float32Array[];
}

/** What a weights file holds, as the model's arrays (nothing concatenated yet). */
export function weightsPayload(model: Model): WeightsPayload {
  const info = model.weightInfo;
  const weights = model.getWeights().map((w) => w.data as Float32Array);
  let optimizer: Metadata['optimizer'] = null;
  let variables: Float32Array[] | undefined;
  if (model.isCompiled) {
    const state = model.getOptimizerState();
    if (state.iterations > 0) {
      optimizer = { iterations: state.iterations, sizes: state.variables.map((v) => v.length) };
      variables = state.variables;
    }
  }
  const metadata: Metadata = {
    keras_version: KERAS_VERSION,
    kerasm_version: KERASM_VERSION,
    date_saved: new Date().toISOString(),
    seed: model.seed,
    weights: info.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32', trainable: w.trainable })),
    optimizer,
  };
  return { metadata, weights, ...(variables ? { optimizer: variables } : {}) };
}

/** The weights and (after training) the optimizer state, with their manifest. */
export function weightsArtifacts(model: Model): WeightsArtifacts {
  const { metadata, weights, optimizer } = weightsPayload(model);
  return { metadata, weights: toBytes(concatFloat32(weights)), ...(optimizer ? { optimizer: toBytes(concatFloat32(optimizer)) } : {}) };
}

/** Everything that rebuilds the model: architecture, compile config, weights, optimizer state. */
export function modelArtifacts(model: Model): ModelArtifacts {
  return { config: modelConfig(model), ...weightsArtifacts(model) };
}

/** Checks a path ends with `extension`, naming the method and the format. */
export function checkExtension(path: unknown, extension: string, method: string): string {
  if (typeof path !== 'string' || !path.endsWith(extension)) {
    throw new ValueError(
      `${method} writes kerasm's zip format, whose file name must end in \`${extension}\`. Received: filepath=${JSON.stringify(path)}`,
    );
  }
  return path;
}
