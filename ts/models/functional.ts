/** Functional: a model defined by its inputs and outputs, any DAG of layer calls between them, as Keras's functional API. */
import { ValueError } from '../errors';
import { type Layer, uniqueName } from '../layers/layer';
import { SymbolicTensor } from '../layers/symbolic_tensor';
import { checkOptions, optionNames } from '../utils/options';
import { functionalGraph, type ModelGraph } from './graph';
import { Model } from './model';
import { functionalRows } from './summary';

/** Options of {@link model}. */
export interface ModelArgs {
  /** The model's inputs, from `input({ shape })`: one, a list, or a record keyed by their names. */
  inputs: SymbolicTensor | SymbolicTensor[] | Record<string, SymbolicTensor>;
  /** The model's outputs: one tensor or a list. */
  outputs: SymbolicTensor | SymbolicTensor[];
  /** Default `functional`, `functional_1`, … */
  name?: string;
  /** Seed of the weight initialisation (default: from `setRandomSeed`, else random). */
  seed?: number;
}

const MODEL_OPTIONS = optionNames<ModelArgs>({ inputs: true, outputs: true, name: true, seed: true });

/**
 * A model made by {@link model}: any DAG of layer calls between its inputs and outputs.
 *
 * @example
 * ```ts
 * const outputs = layers.dense({ units: 10, activation: 'softmax' }).apply(inputs);
 * const m = new Functional({ inputs, outputs });
 * ```
 */
export class Functional extends Model {
  /** The input tensors, in order. */
  readonly inputs: readonly SymbolicTensor[];
  /** The output tensors, in order. */
  readonly outputs: readonly SymbolicTensor[];

  constructor(args: ModelArgs) {
    if (!args || typeof args !== 'object' || args.inputs === undefined || args.outputs === undefined) {
      throw new ValueError(`model() needs { inputs, outputs }. Received: ${args === undefined ? 'undefined' : `keys ${Object.keys(args ?? {}).join(', ')}`}`);
    }
    checkOptions(args, MODEL_OPTIONS, 'model(options)');
    super(args.seed, args.name ?? uniqueName('functional'));
    this.inputs = Object.freeze(toList(args.inputs, 'inputs'));
    this.outputs = Object.freeze(toList(args.outputs, 'outputs'));
    if (!Array.isArray(args.inputs) && !(args.inputs instanceof SymbolicTensor)) {
      for (const [key, tensor] of Object.entries(args.inputs)) {
        if (key !== tensor.name) {
          throw new ValueError(`When inputs are a record, each key must be its input's name. Received: key '${key}' for input '${tensor.name}'`);
        }
      }
    }
    // Checks the graph (connected, unique names) now rather than at first use.
    void this.graph;
  }

  /** The InputLayers, then every layer in call order (as Keras's `Functional.layers`). */
  get layers(): readonly Layer[] {
    return functionalRows(this.graph);
  }

  protected buildGraph(): ModelGraph {
    return functionalGraph([...this.inputs], [...this.outputs]);
  }

  protected summaryRows(): readonly Layer[] {
    return functionalRows(this.graph);
  }
}

function toList(value: SymbolicTensor | SymbolicTensor[] | Record<string, SymbolicTensor>, argument: string): SymbolicTensor[] {
  const list = value instanceof SymbolicTensor ? [value] : Array.isArray(value) ? value : Object.values(value ?? {});
  if (list.length === 0) throw new ValueError(`A model needs at least one of its \`${argument}\`. Received: ${argument} empty`);
  return list;
}

/**
 * A model from its inputs and outputs, as `keras.Model(inputs, outputs)`: any graph of layer
 * calls, several inputs and outputs, shared layers.
 *
 * @example
 * ```ts
 * const title = input({ shape: [100], name: 'title' });
 * const body = input({ shape: [500], name: 'body' });
 * const features = layers.concatenate().apply([layers.dense({ units: 16 }).apply(title), layers.dense({ units: 16 }).apply(body)]);
 * const priority = layers.dense({ units: 1, activation: 'sigmoid', name: 'priority' }).apply(features);
 * const department = layers.dense({ units: 4, activation: 'softmax', name: 'department' }).apply(features);
 * const m = model({ inputs: [title, body], outputs: [priority, department] });
 * m.compile({ optimizer: 'rmsprop', loss: ['binary_crossentropy', 'categorical_crossentropy'], lossWeights: [1, 0.2] });
 * ```
 */
export function model(args: ModelArgs): Functional {
  return new Functional(args);
}
