/** InputLayer and `input()`: the entry points of a functional model, as `keras.Input`. */
import { ValueError } from '../errors';
import { checkShape, Layer, type LayerConfig, uniqueName, type WeightSpec } from './layer';
import { Node } from './node';
import { registerLayer } from './registry';
import { SymbolicTensor } from './symbolic_tensor';
import { checkOptions, optionNames } from '../utils/options';

/** Options of {@link input}. */
export interface InputArgs {
  /** Shape of one sample, without the batch axis, e.g. `[784]`. */
  shape: number[];
  /** Default `input_layer`, `input_layer_1`, … (the key of this input when `fit` gets a record). */
  name?: string;
  /** Only `'float32'`: integer data (e.g. embedding indices) travels as float32, as the engine computes. */
  dtype?: 'float32';
}

const INPUT_ARGS = optionNames<InputArgs>({ shape: true, name: true, dtype: true });

/** The layer behind an {@link input}: it has no weights and makes one symbolic tensor. */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';
  readonly kind = 'input';
  readonly shape: readonly number[];
  /** The tensor this layer makes (what `input()` returns). */
  readonly output: SymbolicTensor;

  constructor(args: InputArgs) {
    checkOptions(args, INPUT_ARGS, 'input(args)');
    checkShape('shape', args?.shape);
    if (args.dtype !== undefined && args.dtype !== 'float32') {
      throw new ValueError(`kerasm inputs are float32 (integer indices travel as float32). Received: dtype=${JSON.stringify(args.dtype)}`);
    }
    super('input_layer', { name: args.name ?? uniqueName('input_layer') }, []);
    this.shape = Object.freeze([...args.shape]);
    this.build([]);
    const node = new Node(this, [], this.shape, 0);
    this.inboundNodes.push(node);
    this.output = node.output;
  }

  getConfig(): LayerConfig {
    return { name: this.name, shape: [...this.shape] };
  }

  protected outputShapeFor(): number[] {
    return [...this.shape];
  }

  protected weightSpecsFor(): WeightSpec[] {
    return [];
  }

  override apply(): SymbolicTensor {
    throw new ValueError(`An InputLayer is not called on tensors: use its output (input({ shape }) returns it). Received: a call of '${this.name}'`);
  }
}

registerLayer('InputLayer', InputLayer);

/**
 * A symbolic input of a functional model, as `keras.Input`.
 *
 * @example
 * ```ts
 * const inputs = input({ shape: [784], name: 'digits' });
 * const outputs = layers.dense({ units: 10, activation: 'softmax' }).apply(inputs);
 * const m = model({ inputs, outputs });
 * ```
 */
export function input(args: InputArgs): SymbolicTensor {
  return new InputLayer(args).output;
}

/** The InputLayer behind `tensor`, when it is a model input. */
export function inputLayerOf(tensor: SymbolicTensor): InputLayer | undefined {
  return tensor.origin.kind === 'layer' && tensor.origin.node.layer instanceof InputLayer ? tensor.origin.node.layer : undefined;
}
