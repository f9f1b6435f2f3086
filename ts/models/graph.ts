/**
 * A model's graph as the engine needs it: named inputs, the layers (each once, with its weights),
 * the calls of those layers in topological order, and the named outputs. Sequential and
 * functional models both reduce to it, so they share one engine graph (ModelSpec v2).
 */
import { ValueError } from '../errors';
import { InputLayer, inputLayerOf } from '../layers/input_layer';
import type { Layer } from '../layers/layer';
import type { Node } from '../layers/node';
import { SymbolicTensor } from '../layers/symbolic_tensor';

/** A model input: its InputLayer, name and sample shape. */
export interface GraphInput {
  layer: InputLayer;
  name: string;
  shape: number[];
}

/** One call of a layer: the tensors it reads and the one it makes, by engine name. */
export interface GraphNode {
  layer: Layer;
  inputs: string[];
  output: string;
  inputShapes: number[][];
  outputShape: number[];
  /** The symbolic node behind it (functional models), for Keras's config. */
  node?: Node;
}

/** A model output: the tensor's engine name, its sample shape and the layer that makes it. */
export interface GraphOutput {
  name: string;
  shape: number[];
  layer: Layer;
}

export interface ModelGraph {
  inputs: GraphInput[];
  /** The layers with weights or computation (not the InputLayers), in order of first call. */
  layers: Layer[];
  nodes: GraphNode[];
  outputs: GraphOutput[];
}

/** The engine's ModelSpec v2 for `graph`. */
export function modelSpec(graph: ModelGraph, seed: number): Record<string, unknown> {
  return {
    seed,
    inputs: graph.inputs.map((i) => ({ name: i.name, shape: i.shape })),
    layers: graph.layers.map((l) => l.toSpec()),
    nodes: graph.nodes.map((n) => ({ layer: n.layer.name, inputs: n.inputs, output: n.output })),
    outputs: graph.outputs.map((o) => o.name),
  };
}

/** A chain: each layer reads the previous one's output. Builds each layer for its input shape. */
export function sequentialGraph(input: InputLayer, stack: readonly Layer[]): ModelGraph {
  let previous = input.name;
  let shape = [...input.shape];
  const nodes = stack.map((layer) => {
    layer.build([shape]);
    const outputShape = layer.computeOutputShape(shape);
    const node: GraphNode = { layer, inputs: [previous], output: layer.name, inputShapes: [shape], outputShape };
    previous = layer.name;
    shape = outputShape;
    return node;
  });
  checkUniqueNames([input, ...stack]);
  const last = nodes.at(-1);
  return {
    inputs: [{ layer: input, name: input.name, shape: [...input.shape] }],
    layers: [...stack],
    nodes,
    outputs: [last ? { name: last.output, shape: last.outputShape, layer: last.layer } : { name: input.name, shape: [...input.shape], layer: input }],
  };
}

/**
 * The graph between `inputs` and `outputs`: every layer call the outputs depend on, in
 * topological order. A call of a layer gets the engine name `<layer>` the first time in this
 * model, then `<layer>:1`, `<layer>:2`, … (a shared layer).
 */
export function functionalGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): ModelGraph {
  const inputLayers = inputs.map((t, i) => {
    const layer = t instanceof SymbolicTensor ? inputLayerOf(t) : undefined;
    if (!layer) {
      throw new ValueError(
        `All \`inputs\` of a model must be tensors made by input({ shape }). Received: inputs[${i}]=${t instanceof SymbolicTensor ? t.toString() : String(t)}`,
      );
    }
    return layer;
  });
  if (new Set(inputLayers).size !== inputLayers.length) {
    throw new ValueError(`Each input of a model may appear once. Received: inputs=[${inputs.map((t) => t.name).join(', ')}]`);
  }
  outputs.forEach((t, i) => {
    if (!(t instanceof SymbolicTensor) || t.origin.kind !== 'layer') {
      throw new ValueError(`All \`outputs\` of a model must be symbolic tensors from layer.apply(). Received: outputs[${i}]=${String(t)}`);
    }
  });

  // Depth-first, inputs before the calls that read them, with an explicit stack: a chain of
  // 20 000 layers must not overflow the call stack, and no frame copies the path to it.
  const order: Node[] = [];
  const state = new Map<Node, 'visiting' | 'done'>();
  const stack: { tensor: SymbolicTensor; consumer?: string; expanded: boolean }[] = [...outputs].reverse().map((tensor) => ({ tensor, expanded: false }));
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const node = (frame.tensor.origin as { node: Node }).node;
    if (frame.expanded) {
      stack.pop();
      state.set(node, 'done');
      order.push(node);
      continue;
    }
    if (node.layer instanceof InputLayer) {
      if (!inputLayers.includes(node.layer)) {
        throw new ValueError(
          `Graph disconnected: cannot obtain value for tensor ${frame.tensor.toString()} at layer '${frame.consumer ?? frame.tensor.name}': its input '${node.layer.name}' is not among the model's inputs. Received: inputs=[${inputLayers.map((l) => l.name).join(', ')}]`,
        );
      }
      stack.pop();
      continue;
    }
    if (state.has(node)) {
      stack.pop();
      continue;
    }
    state.set(node, 'visiting');
    frame.expanded = true;
    for (let i = node.inputs.length - 1; i >= 0; i--) stack.push({ tensor: node.inputs[i], consumer: node.layer.name, expanded: false });
  }

  const names = new Map<Node, string>();
  for (const layer of inputLayers) names.set(layer.inboundNodes[0], layer.name);
  const calls = new Map<Layer, number>();
  const layers: Layer[] = [];
  const nodes = order.map((node) => {
    const k = calls.get(node.layer) ?? 0;
    calls.set(node.layer, k + 1);
    if (k === 0) layers.push(node.layer);
    const output = k === 0 ? node.layer.name : `${node.layer.name}:${k}`;
    names.set(node, output);
    const graphNode: GraphNode = {
      layer: node.layer,
      inputs: node.inputs.map((x) => names.get((x.origin as { node: Node }).node) as string),
      output,
      inputShapes: node.inputs.map((x) => x.sampleShape),
      outputShape: node.output.sampleShape,
      node,
    };
    return graphNode;
  });
  checkUniqueNames([...inputLayers, ...layers]);
  const seenNames = new Set<string>();
  const clash = [...names.values()].find((n) => seenNames.size === seenNames.add(n).size);
  if (clash !== undefined) {
    throw new ValueError(`Two tensors of the model would both be named '${clash}': rename the layer named '${clash}'. Received: a layer name that equals another layer's call name`);
  }
  return {
    inputs: inputLayers.map((layer) => ({ layer, name: layer.name, shape: [...layer.shape] })),
    layers,
    nodes,
    outputs: outputs.map((t) => {
      const node = (t.origin as { node: Node }).node;
      return { name: names.get(node) as string, shape: t.sampleShape, layer: node.layer };
    }),
  };
}

function checkUniqueNames(layers: readonly Layer[]): void {
  const seen = new Map<string, number>();
  for (const l of layers) seen.set(l.name, (seen.get(l.name) ?? 0) + 1);
  for (const [name, count] of seen) {
    if (count > 1) {
      throw new ValueError(`All layers added to a model must have unique names. Received: the name "${name}" used ${count} times`);
    }
  }
}
