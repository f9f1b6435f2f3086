/**
 * Rebuilding models from Keras 3 configs (`model.to_json()`), from in-memory artifacts (any
 * host), and from `.kerasm` files through the host's files.
 */
import { ValueError } from '../errors';
import { hostFiles } from '../hosts/host';
import { InputLayer } from '../layers/input_layer';
import type { Layer } from '../layers/layer';
import type { SymbolicTensor } from '../layers/symbolic_tensor';
import type { LossSpec } from '../losses';
import type { MetricSpec } from '../metrics';
import { Functional } from '../models/functional';
import type { Model } from '../models/model';
import { Sequential } from '../models/sequential';
import { fromSpec } from '../optimizers';
import { type ModelArtifacts, unpackArchive } from './archive';
import { type KerasObject, layerFromKeras } from './keras_objects';
import { restoreWeights } from './restore_weights';

interface LayerEntry {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  inbound_nodes?: { args: unknown[]; kwargs?: Record<string, unknown> }[];
}

/**
 * A model from its Keras 3 config (`model.toJSON()`, or Keras's own `model.to_json()` for the
 * layers kerasm has), compiled when the config holds a `compile_config`. Weights are fresh
 * (from `seed`).
 */
export function modelFromConfig(json: Record<string, unknown>, seed?: number): Model {
  const className = json?.class_name;
  const config = json?.config as Record<string, unknown> | undefined;
  if (!config || !Array.isArray(config.layers)) {
    throw new ValueError(`A model config needs { class_name, config: { layers, ... } }. Received: ${JSON.stringify(json)?.slice(0, 200)}`, 'INVALID_CONFIG');
  }
  const name = typeof config.name === 'string' ? config.name : undefined;
  let model: Model;
  if (className === 'Sequential') {
    const layers = (config.layers as LayerEntry[]).map((entry, i) => layerFromKeras(entry.class_name, entry.config ?? {}, `config.layers[${i}]`));
    model = new Sequential({ name, seed, layers: layers.map((l) => (l instanceof InputLayer ? l.output : l)) });
  } else if (className === 'Functional' || className === 'Model') {
    const [inputs, outputs] = rebuildGraph(config);
    model = new Functional({ inputs, outputs, name, seed });
  } else {
    throw new ValueError(`Unknown model class. Expected Sequential or Functional. Received: class_name=${JSON.stringify(className)}`, 'UNKNOWN_NAME');
  }
  const compile = json.compile_config as Record<string, unknown> | null | undefined;
  if (compile) compileFromConfig(model, compile);
  return model;
}

/**
 * Replays a Functional config's layer calls. A node waits until the tensors it reads exist, so
 * layers shared at different depths resolve (as Keras's `functional_from_config`).
 */
function rebuildGraph(config: Record<string, unknown>): [SymbolicTensor[], SymbolicTensor[]] {
  const entries = config.layers as LayerEntry[];
  const layers = new Map<string, Layer>();
  const outputs = new Map<string, SymbolicTensor[]>();
  const pending = new Map<string, LayerEntry['inbound_nodes']>();
  entries.forEach((entry, i) => {
    const name = entry.name ?? (entry.config?.name as string);
    const layer = layerFromKeras(entry.class_name, entry.config ?? {}, `config.layers[${i}]`);
    layers.set(name, layer);
    if (layer instanceof InputLayer) outputs.set(name, [layer.output]);
    else {
      outputs.set(name, []);
      pending.set(name, [...(entry.inbound_nodes ?? [])]);
    }
  });
  const tensor = (ref: unknown): SymbolicTensor | undefined => {
    const history = (ref as { config?: { keras_history?: [string, number, number] } })?.config?.keras_history ?? (ref as [string, number, number]);
    const [layerName, nodeIndex] = history ?? [];
    return outputs.get(layerName as string)?.[nodeIndex as number];
  };
  let progress = true;
  while (progress && [...pending.values()].some((nodes) => nodes?.length)) {
    progress = false;
    for (const [name, nodes] of pending) {
      while (nodes?.length) {
        const args = nodes[0].args?.[0];
        const refs = Array.isArray(args) && !(args.length === 3 && typeof args[0] === 'string') ? args : [args];
        const inputs = refs.map(tensor);
        if (inputs.some((t) => t === undefined)) break;
        const layer = layers.get(name) as Layer;
        outputs.get(name)?.push(layer.apply(layer.takesList ? (inputs as SymbolicTensor[]) : (inputs[0] as SymbolicTensor)));
        nodes.shift();
        progress = true;
      }
    }
  }
  const stuck = [...pending].filter(([, nodes]) => nodes?.length).map(([name]) => name);
  if (stuck.length) {
    throw new ValueError(`The config's graph cannot be rebuilt: the inputs of layer(s) ${stuck.join(', ')} never appear. Received: a disconnected config`, 'INVALID_CONFIG');
  }
  const resolve = (refs: unknown, argument: string): SymbolicTensor[] =>
    (refs as unknown[]).map((ref, i) => {
      const t = tensor(ref);
      if (!t) throw new ValueError(`config.${argument}[${i}] names no tensor of the model. Received: ${JSON.stringify(ref)}`, 'INVALID_CONFIG');
      return t;
    });
  return [resolve(config.input_layers, 'input_layers'), resolve(config.output_layers, 'output_layers')];
}

function compileFromConfig(model: Model, compile: Record<string, unknown>): void {
  const optimizer = compile.optimizer as KerasObject | string;
  const spec: Record<string, unknown> = typeof optimizer === 'string' ? { name: optimizer } : { ...optimizer.config };
  const lr = spec.learning_rate as KerasObject | number | undefined;
  if (lr && typeof lr === 'object') {
    const schedule = { ExponentialDecay: 'exponential_decay', CosineDecay: 'cosine_decay', PiecewiseConstantDecay: 'piecewise_constant_decay' }[lr.class_name];
    spec.learning_rate = { schedule, ...lr.config };
  }
  const loss = compile.loss as LossSpec | LossSpec[];
  const metrics = (compile.metrics ?? []) as MetricSpec[] | MetricSpec[][];
  // The saved specs are what compile's resolvers produce, and they accept them back as they are.
  model.compile({
    optimizer: fromSpec(spec),
    loss: loss as never,
    ...(compile.loss_weights ? { lossWeights: compile.loss_weights as number[] } : {}),
    metrics: metrics as never,
  });
}

/**
 * A model from `model.saveToBuffers()`, or from the bytes of a `.kerasm` file — in any host.
 * It predicts exactly as the saved model and continues training from its optimizer state.
 *
 * @example
 * ```ts browser
 * const bytes = await (await fetch('/models/imdb.kerasm')).arrayBuffer();
 * const model = loadModelFromBuffers(bytes);
 * ```
 */
export function loadModelFromBuffers(source: ModelArtifacts | ArrayBuffer | Uint8Array): Model {
  const artifacts =
    source instanceof ArrayBuffer || source instanceof Uint8Array
      ? unpackArchive(source instanceof Uint8Array ? source : new Uint8Array(source), 'The model bytes')
      : source;
  if (!artifacts?.config) {
    throw new ValueError('loadModelFromBuffers needs a whole model (config.json), not a weights file. Received: no config', 'CORRUPT_FILE');
  }
  const model = modelFromConfig(artifacts.config, artifacts.metadata?.seed);
  restoreWeights(model, artifacts, 'The saved model');
  return model;
}

/**
 * Loads a model saved with `model.save(path)` (Node), as `keras.models.load_model`. Other hosts
 * fetch the bytes and use `loadModelFromBuffers`.
 *
 * @example
 * ```ts
 * const model = loadModel('imdb.kerasm');
 * await model.predict(xTest);
 * ```
 */
export function loadModel(filepath: string): Model {
  const files = hostFiles('loadModel(path)', 'fetch the file and use loadModelFromBuffers(bytes)');
  const artifacts = unpackArchive(files.readBytes(filepath, 'the model'), filepath);
  if (!artifacts.config) throw new ValueError(`${filepath} holds weights only (use model.loadWeights). Received: no config.json`, 'CORRUPT_FILE');
  const model = modelFromConfig(artifacts.config, artifacts.metadata?.seed);
  restoreWeights(model, artifacts, filepath);
  return model;
}

/**
 * A model from `model.toJSON()` (architecture and compile config; fresh weights), as
 * `keras.models.model_from_json`.
 *
 * @example
 * ```ts
 * const twin = modelFromJSON(model.toJSON());
 * twin.setWeights(model.getWeights());
 * ```
 */
export function modelFromJSON(json: string | Record<string, unknown>): Model {
  let parsed: Record<string, unknown>;
  try {
    parsed = typeof json === 'string' ? JSON.parse(json) : json;
  } catch (error) {
    throw new ValueError(`modelFromJSON needs the text of model.toJSON(): ${(error as Error).message}. Received: ${String(json).slice(0, 80)}`, 'INVALID_CONFIG');
  }
  return modelFromConfig(parsed);
}
