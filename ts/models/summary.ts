/**
 * `model.summary()`: Keras 3's table, as it prints in an 80-column terminal (the width Keras
 * falls back to when it captures the summary for `print_fn`): layer and class, output shape,
 * parameter count, and for non-sequential graphs the inputs of each call; then the totals.
 */
import { InputLayer } from '../layers/input_layer';
import type { Layer } from '../layers/layer';
import type { Node } from '../layers/node';
import { formatShape } from '../layers/symbolic_tensor';
import type { ModelGraph } from './graph';

/** What summary needs of a model. */
export interface SummarySource {
  name: string;
  graph: ModelGraph;
  /** Rows in Keras's order: Sequential's layers, or a functional model's inputs then layers. */
  rows: readonly Layer[];
  /** A Sequential model (Keras's table without "Connected to"). */
  sequential: boolean;
  /** The optimizer's state size in values, once training has built it. */
  optimizerParams?: number;
}

/** Cell widths (between the borders, padding included) of Keras's two layouts. */
const SEQUENTIAL_WIDTHS = [33, 24, 15];
const GRAPH_WIDTHS = [31, 27, 17, 28];

/** The summary text: a title line, the table, and the parameter totals. */
export function summaryText(source: SummarySource): string {
  const { graph } = source;
  const sequentialLike = source.sequential || isSequentialLike(graph);
  const widths = sequentialLike ? SEQUENTIAL_WIDTHS : GRAPH_WIDTHS;
  const header = ['Layer (type)', 'Output Shape', 'Param #', ...(sequentialLike ? [] : ['Connected to'])];
  const right = [false, false, true, false];
  const nodesOf = new Map<Layer, Node[]>();
  for (const n of graph.nodes) if (n.node) nodesOf.set(n.layer, [...(nodesOf.get(n.layer) ?? []), n.node]);
  const shapeOf = new Map<Layer, number[]>();
  for (const i of graph.inputs) shapeOf.set(i.layer, i.shape);
  for (const n of graph.nodes) shapeOf.set(n.layer, n.outputShape);

  const rows = source.rows.map((layer) => {
    const shape = shapeOf.get(layer);
    const cells = [
      `${layer.name} (${layer.className})`,
      shape ? formatShape(shape) : '?',
      layer.built ? layer.countParams().toLocaleString('en-US') : '0 (unbuilt)',
    ];
    if (!sequentialLike) cells.push(connections(nodesOf.get(layer) ?? []));
    return cells;
  });

  const line = (left: string, fill: string, mid: string, end: string) => left + widths.map((w) => fill.repeat(w)).join(mid) + end;
  const renderRow = (cells: string[], sep: string) => {
    const wrapped = cells.map((c, i) => wrap(c, widths[i] - 2));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let r = 0; r < height; r++) {
      const parts = wrapped.map((w, i) => {
        const text = w[r] ?? '';
        const pad = ' '.repeat(widths[i] - 2 - text.length);
        return ` ${right[i] ? pad + text : text + pad} `;
      });
      out.push(sep + parts.join(sep) + sep);
    }
    return out;
  };

  const lines = [`Model: "${source.name}"`, line('┏', '━', '┳', '┓'), ...renderRow(header, '┃'), line('┡', '━', '╇', '┩')];
  rows.forEach((cells, i) => {
    if (i > 0) lines.push(line('├', '─', '┼', '┤'));
    lines.push(...renderRow(cells, '│'));
  });
  lines.push(line('└', '─', '┴', '┘'));

  let trainable = 0;
  let nonTrainable = 0;
  for (const layer of graph.layers) {
    for (const w of layer.weightSpecs()) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (w.trainable) trainable += n;
      else nonTrainable += n;
    }
  }
  const optimizer = source.optimizerParams ?? 0;
  const count = (n: number) => `${n.toLocaleString('en-US')} (${readableSize(n * 4)})`;
  lines.push(` Total params: ${count(trainable + nonTrainable + optimizer)}`);
  lines.push(` Trainable params: ${count(trainable)}`);
  lines.push(` Non-trainable params: ${count(nonTrainable)}`);
  if (source.optimizerParams !== undefined) lines.push(` Optimizer params: ${count(optimizer)}`);
  return `${lines.join('\n')}\n`;
}

/** Keras's test: one call per layer, each with one input, in a single chain. */
function isSequentialLike(graph: ModelGraph): boolean {
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) return false;
  let previous = graph.inputs[0].name;
  for (const node of graph.nodes) {
    if (node.inputs.length !== 1 || node.inputs[0] !== previous) return false;
    previous = node.output;
  }
  return new Set(graph.nodes.map((n) => n.layer)).size === graph.nodes.length;
}

/** `input_layer[0][0], dense[1][0]`: each input tensor as its layer, node index and tensor index. */
function connections(nodes: Node[]): string {
  const parts = nodes.flatMap((node) =>
    node.inputs.map((t) => {
      const origin = t.origin as { node: Node };
      return `${origin.node.layer.name}[${origin.node.index}][0]`;
    }),
  );
  return parts.length ? parts.join(', ') : '-';
}

/** Splits `text` into lines of at most `width` at spaces; a longer word is cut with an ellipsis, as rich does. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const fitted = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (current && current.length + 1 + fitted.length <= width) current += ` ${fitted}`;
    else {
      if (current) lines.push(current);
      current = fitted;
    }
  }
  lines.push(current);
  return lines;
}

/** Keras's `readable_memory_size`: bytes in B, KB, MB… with two decimals. */
function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}

/** The rows of a functional model's table: its inputs, then its layers in call order. */
export function functionalRows(graph: ModelGraph): Layer[] {
  return [...graph.inputs.map((i): InputLayer => i.layer), ...graph.layers];
}
