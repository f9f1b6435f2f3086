/** One call of a layer on symbolic tensors: the edge list of a functional model's graph. */
import type { Layer } from './layer';
import { SymbolicTensor } from './symbolic_tensor';

/**
 * A layer call recorded by `layer.apply` (Keras's `Node`); models read their graph from these.
 */
export class Node {
  readonly layer: Layer;
  readonly inputs: readonly SymbolicTensor[];
  readonly output: SymbolicTensor;
  /** Its position among `layer`'s calls (Keras's node index). */
  readonly index: number;

  constructor(layer: Layer, inputs: readonly SymbolicTensor[], outputShape: readonly number[], index: number) {
    this.layer = layer;
    this.inputs = Object.freeze([...inputs]);
    this.index = index;
    this.output = new SymbolicTensor(outputShape, index === 0 ? layer.name : `${layer.name}_${index}`, { kind: 'layer', node: this });
  }
}
