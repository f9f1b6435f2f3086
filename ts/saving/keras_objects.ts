/**
 * Layers, initializers and regularizers in Keras 3's serialized form (`serialize_keras_object`:
 * `{ module, class_name, config, registered_name }`, snake_case arguments), and back.
 */
import { ValueError } from '../errors';
import { InputLayer } from '../layers/input_layer';
import type { Layer } from '../layers/layer';
import { deserialize } from '../layers/registry';

/** A Keras serialized object. */
export interface KerasObject {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: string | null;
}

/** The float32 dtype policy every Keras 3 layer config carries. */
export const FLOAT32_POLICY: KerasObject = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

/** Keras's class and default arguments for each initializer name. */
const INITIALIZERS: Record<string, [string, Record<string, unknown>]> = {
  zeros: ['Zeros', {}],
  ones: ['Ones', {}],
  glorot_uniform: ['GlorotUniform', { seed: null }],
  glorot_normal: ['GlorotNormal', { seed: null }],
  he_uniform: ['HeUniform', { seed: null }],
  he_normal: ['HeNormal', { seed: null }],
  lecun_uniform: ['LecunUniform', { seed: null }],
  lecun_normal: ['LecunNormal', { seed: null }],
  random_normal: ['RandomNormal', { mean: 0.0, stddev: 0.05, seed: null }],
  random_uniform: ['RandomUniform', { minval: -0.05, maxval: 0.05, seed: null }],
  truncated_normal: ['TruncatedNormal', { mean: 0.0, stddev: 0.05, seed: null }],
};

/** Keras-only arguments kerasm accepts when they hold their inert defaults. */
const INERT: Record<string, unknown> = {
  trainable: true,
  dtype: undefined,
  kernel_constraint: null,
  bias_constraint: null,
  embeddings_constraint: null,
  beta_constraint: null,
  gamma_constraint: null,
  sparse: false,
  ragged: false,
  optional: false,
  synchronized: false,
  rms_scaling: false,
  data_format: 'channels_last',
  lora_rank: null,
  lora_alpha: null,
  quantization_config: null,
  input_length: null,
};

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Keras's aliases of initializers ('uniform' is RandomUniform(-0.05, 0.05), Embedding's default). */
const INITIALIZER_ALIASES: Record<string, string> = { uniform: 'random_uniform', normal: 'random_normal', zero: 'zeros', one: 'ones' };

function initializerToKeras(name: string): KerasObject {
  const byClass = Object.keys(INITIALIZERS).find((key) => INITIALIZERS[key][0] === name);
  const [className, config] = INITIALIZERS[INITIALIZER_ALIASES[name] ?? byClass ?? name];
  return { module: 'keras.initializers', class_name: className, config: { ...config }, registered_name: null };
}

function initializerFromKeras(value: KerasObject | string, argument: string): string {
  if (typeof value === 'string') return value;
  const entry = Object.entries(INITIALIZERS).find(([, [className]]) => className === value?.class_name);
  if (!entry) {
    throw new ValueError(`Unsupported initializer in the saved config. Expected one of ${Object.values(INITIALIZERS).map(([c]) => c).join(', ')}. Received: ${argument}=${JSON.stringify(value)}`, 'UNKNOWN_NAME');
  }
  const [name, [, defaults]] = entry;
  for (const [key, want] of Object.entries(defaults)) {
    const got = value.config?.[key];
    if (key !== 'seed' && got !== undefined && got !== want) {
      throw new ValueError(`kerasm's ${value.class_name} has ${key}=${String(want)} (Keras's default). Received: ${argument}.config.${key}=${String(got)}`);
    }
  }
  return name;
}

/** A layer's Keras 3 config (`layer.get_config()`): snake_case, initializers and regularizers as Keras objects. */
export function kerasLayerConfig(layer: Layer): Record<string, unknown> {
  if (layer instanceof InputLayer) {
    return { batch_shape: [null, ...layer.shape], dtype: 'float32', sparse: false, ragged: false, name: layer.name };
  }
  const config: Record<string, unknown> = { name: layer.name, trainable: true, dtype: FLOAT32_POLICY };
  for (const [key, value] of Object.entries(layer.getConfig())) {
    if (key === 'name' || key === 'inputShape') continue;
    const k = snake(key);
    if (k.endsWith('_initializer')) config[k] = initializerToKeras(value as string);
    else if (k.endsWith('_regularizer')) {
      const r = value as { className: string; config: Record<string, unknown> } | null;
      config[k] = r ? { module: 'keras.regularizers', class_name: r.className, config: { ...r.config }, registered_name: null } : null;
    } else config[k] = value;
  }
  return config;
}

/** Rebuilds a layer from its Keras class name and config; Keras-only arguments must be inert. */
export function layerFromKeras(className: string, config: Record<string, unknown>, where: string): Layer {
  if (className === 'InputLayer') {
    const shape = (config.batch_shape as (number | null)[] | undefined)?.slice(1) ?? (config.shape as number[] | undefined);
    return new InputLayer({ shape: shape as number[], name: config.name as string });
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key in INERT) {
      const inert = INERT[key];
      if (inert !== undefined && JSON.stringify(value) !== JSON.stringify(inert)) {
        throw new ValueError(`kerasm does not support ${key}=${JSON.stringify(value)} (only ${JSON.stringify(inert)}). Received: ${where}.config.${key}=${JSON.stringify(value)}`);
      }
      continue;
    }
    if (key.endsWith('_initializer')) args[camel(key)] = initializerFromKeras(value as KerasObject, `${where}.config.${key}`);
    else if (key.endsWith('_regularizer')) {
      const r = value as KerasObject | null;
      args[camel(key)] = r ? { className: r.class_name, config: r.config } : null;
    } else args[camel(key)] = value;
  }
  return deserialize({ className, config: args });
}
