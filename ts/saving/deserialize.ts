/**
 * Rebuilding models from Keras 3 configs (`model.to_json()`), from in-memory artifacts (any
 * host), and from `.kerasm` files through the host's files.
 */
import { KerasmError, ValueError } from '../errors';
import { DEFAULT_MAX_JSON_DEPTH, parseJsonBounded, valueDepth } from '../io/bounded_json';
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
import { MAX_ARCHIVE_BYTES, type ModelArtifacts, unpackArchive } from './archive';
import { type KerasObject, layerFromKeras } from './keras_objects';
import { restoreWeights } from './restore_weights';

interface LayerEntry {
  class_name: string;
  config: Record<string, unknown>;
  name?: string;
  inbound_nodes?: { args: unknown[]; kwargs?: Record<string, unknown> }[];
}

/** The most layers a config may list; loading is linear in the layer count (20 000 layers load in about a second). */
export const MAX_LAYERS = 100_000;

/**
 * A model from its Keras 3 config (`model.toJSON()`, or Keras's own `model.to_json()` for the
 * layers kerasm has), compiled when the config holds a `compile_config`. Weights are fresh
 * (from `seed`).
 */
export function modelFromConfig(json: Record<string, unknown>, seed?: number): Model {
  if (valueDepth(json) > DEFAULT_MAX_JSON_DEPTH) {
    throw new ValueError(`A model config nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels; it is not read. Received: a deeper config`, 'INVALID_CONFIG');
  }
  const layerCount = (json?.config as { layers?: unknown } | undefined)?.layers;
  if (Array.isArray(layerCount) && layerCount.length > MAX_LAYERS) {
    throw new ValueError(`A model config may list at most ${MAX_LAYERS} layers. Received: ${layerCount.length} layers`, 'INVALID_CONFIG');
  }
  try {
    return buildFromConfig(json, seed);
  } catch (error) {
    if (error instanceof KerasmError) throw error;
    // A config from a file can be malformed in any way; whatever the checks above missed still reaches the user typed.
    throw new ValueError(`The model config is malformed: ${(error as Error).message}. Received: a config that cannot be rebuilt`, 'INVALID_CONFIG');
  }
}

function buildFromConfig(json: Record<string, unknown>, seed?: number): Model {
  const className = json?.class_name;
  const config = json?.config as Record<string, unknown> | undefined;
  if (!config || !Array.isArray(config.layers)) {
    throw new ValueError(`A model config needs { class_name, config: { layers, ... } }. Received: ${preview(json)}`, 'INVALID_CONFIG');
  }
  const name = typeof config.name === 'string' ? config.name : undefined;
  let model: Model;
  if (className === 'Sequential') {
    const layers = (config.layers as LayerEntry[]).map((entry, i) => layerFromKeras(entry?.class_name, entry?.config ?? {}, `config.layers[${i}]`));
    model = new Sequential({ name, seed, layers: layers.map((l) => (l instanceof InputLayer ? l.output : l)) });
  } else if (className === 'Functional' || className === 'Model') {
    const [inputs, outputs] = rebuildGraph(config);
    model = new Functional({ inputs, outputs, name, seed });
  } else {
    throw new ValueError(`Unknown model class. Expected Sequential or Functional. Received: class_name=${preview(className)}`, 'UNKNOWN_NAME');
  }
  const compile = json.compile_config as Record<string, unknown> | null | undefined;
  if (compile) compileFromConfig(model, compile);
  return model;
}

/** At most 200 characters of `value` as JSON, for error messages (never throws). */
function preview(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 200);
  } catch {
    return String(value).slice(0, 200);
  }
}

/**
 * Replays a Functional config's layer calls. A node waits until the tensors it reads exist, so
 * layers shared at different depths resolve (as Keras's `functional_from_config`). A layer whose
 * next call is blocked waits on the one layer it needs and is retried only when that layer makes
 * an output, so the replay is linear in the number of calls in any order the config lists them.
 */
function rebuildGraph(config: Record<string, unknown>): [SymbolicTensor[], SymbolicTensor[]] {
  const entries = config.layers as LayerEntry[];
  const invalid = (what: string, received: unknown): never => {
    throw new ValueError(`${what}. Received: ${preview(received)}`, 'INVALID_CONFIG');
  };
  const layers = new Map<string, Layer>();
  const outputs = new Map<string, SymbolicTensor[]>();
  const pending = new Map<string, { nodes: unknown[]; next: number }>();
  entries.forEach((entry, i) => {
    const name = entry?.name ?? (entry?.config?.name as string);
    if (typeof name !== 'string') invalid(`config.layers[${i}] needs a name`, entry?.name);
    if (layers.has(name)) invalid(`config.layers[${i}] repeats the layer name '${name}'`, name);
    const layer = layerFromKeras(entry.class_name, entry.config ?? {}, `config.layers[${i}]`);
    layers.set(name, layer);
    if (layer instanceof InputLayer) outputs.set(name, [layer.output]);
    else {
      const nodes = entry.inbound_nodes ?? [];
      if (!Array.isArray(nodes)) invalid(`config.layers[${i}].inbound_nodes must be a list`, nodes);
      outputs.set(name, []);
      pending.set(name, { nodes, next: 0 });
    }
  });
  const historyOf = (ref: unknown): unknown[] => {
    const history = (ref as { config?: { keras_history?: unknown } } | null)?.config?.keras_history ?? ref;
    return Array.isArray(history) ? history : [];
  };
  const tensor = (ref: unknown): SymbolicTensor | undefined => {
    const [layerName, nodeIndex] = historyOf(ref);
    return typeof layerName === 'string' && typeof nodeIndex === 'number' ? outputs.get(layerName)?.[nodeIndex] : undefined;
  };
  const waiting = new Map<string, string[]>();
  const queue = [...pending.keys()];
  for (let q = 0; q < queue.length; q++) {
    const name = queue[q];
    const state = pending.get(name) as { nodes: unknown[]; next: number };
    const before = state.next;
    while (state.next < state.nodes.length) {
      const node = state.nodes[state.next] as { args?: unknown } | null;
      const args = Array.isArray(node?.args) ? node.args[0] : invalid(`layer '${name}' has an inbound node without args`, node);
      const refs = Array.isArray(args) && !(args.length === 3 && typeof args[0] === 'string') ? args : [args];
      const inputs = refs.map(tensor);
      const missing = inputs.findIndex((t) => t === undefined);
      if (missing >= 0) {
        const producer = historyOf(refs[missing])[0];
        // A reference to no layer of the config can never resolve; it is reported below as stuck.
        if (typeof producer === 'string' && layers.has(producer)) waiting.set(producer, [...(waiting.get(producer) ?? []), name]);
        break;
      }
      const layer = layers.get(name) as Layer;
      outputs.get(name)?.push(layer.apply(layer.takesList ? (inputs as SymbolicTensor[]) : (inputs[0] as SymbolicTensor)));
      state.next++;
    }
    if (state.next > before) {
      queue.push(...(waiting.get(name) ?? []));
      waiting.delete(name);
    }
  }
  const stuck = [...pending].filter(([, state]) => state.next < state.nodes.length).map(([name]) => name);
  if (stuck.length) {
    throw new ValueError(`The config's graph cannot be rebuilt: the inputs of layer(s) ${stuck.slice(0, 20).join(', ')} never appear. Received: a disconnected config`, 'INVALID_CONFIG');
  }
  const resolve = (refs: unknown, argument: string): SymbolicTensor[] => {
    if (!Array.isArray(refs)) invalid(`config.${argument} must be a list of [layer, node, tensor] references`, refs);
    return (refs as unknown[]).map((ref, i) => tensor(ref) ?? invalid(`config.${argument}[${i}] names no tensor of the model`, ref));
  };
  return [resolve(config.input_layers, 'input_layers'), resolve(config.output_layers, 'output_layers')];
}

function compileFromConfig(model: Model, compile: Record<string, unknown>): void {
  const optimizer = compile.optimizer as KerasObject | string;
  if (typeof optimizer !== 'string' && (typeof optimizer?.config !== 'object' || optimizer.config === null)) {
    throw new ValueError(`compile_config.optimizer must be a name or a Keras object with a config. Received: ${preview(optimizer)}`, 'INVALID_CONFIG');
  }
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
  const artifacts = unpackArchive(files.readBytes(filepath, 'the model', { maxBytes: MAX_ARCHIVE_BYTES }), filepath);
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
  const parsed = typeof json === 'string' ? parseJsonBounded(json, 'modelFromJSON(json)') : json;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValueError(`modelFromJSON needs the text (or object) of model.toJSON(). Received: ${preview(parsed)}`, 'INVALID_CONFIG');
  }
  return modelFromConfig(parsed as Record<string, unknown>);
}
