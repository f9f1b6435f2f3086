/**
 * Custom losses and metrics as data: a TypeScript function of `(yTrue, yPred)` written with
 * `ops.*` runs once, on symbolic tensors, and what it did is recorded as the engine's Expression
 * (a small DAG the engine evaluates and differentiates per batch).
 */
import { ValueError } from '../errors';
import { SymbolicTensor } from '../layers/symbolic_tensor';

/** An operand of an expression node: the batch's labels, its predictions, or an earlier node. */
export type ExpressionRef = 'y_true' | 'y_pred' | number;

/** One op of an Expression, as the engine's JSON spells it. */
export interface ExpressionNode {
  op: string;
  inputs: ExpressionRef[];
  axis?: number;
  value?: number;
  min?: number;
  max?: number;
}

/** The engine's Expression: nodes in order, and which one yields the per-sample values. */
export interface Expression {
  nodes: ExpressionNode[];
  output: number;
}

/** A function a user writes as a loss or metric. */
export type ExpressionFunction = (yTrue: SymbolicTensor, yPred: SymbolicTensor) => SymbolicTensor;

/** The nodes recorded while one function runs, with the sample shape of each (null: a scalar constant). */
export class ExpressionTrace {
  readonly nodes: ExpressionNode[] = [];
  private readonly shapes: (number[] | null)[] = [];

  /** Records `node` whose sample shape is `shape`, and returns its symbolic tensor. */
  record(node: ExpressionNode, shape: number[] | null): SymbolicTensor {
    this.nodes.push(node);
    this.shapes.push(shape);
    const ref = this.nodes.length - 1;
    return new SymbolicTensor(shape ?? [], node.op, { kind: 'expression', trace: this, ref });
  }

  /** The sample shape of `ref` (null for a constant). */
  shapeOf(ref: ExpressionRef, labels: number[]): number[] | null {
    return typeof ref === 'number' ? this.shapes[ref] : labels;
  }
}

/**
 * Runs `fn` on symbolic `yTrue` and `yPred` of sample shape `outputShape` and returns the
 * Expression it built. The result must hold one value per sample (shape `[batch]`), as a Keras
 * loss function returns; `argument` names the function in errors.
 */
export function traceExpression(fn: ExpressionFunction, outputShape: number[], argument: string): Expression {
  const trace = new ExpressionTrace();
  const yTrue = new SymbolicTensor(outputShape, 'y_true', { kind: 'expression', trace, ref: 'y_true' });
  const yPred = new SymbolicTensor(outputShape, 'y_pred', { kind: 'expression', trace, ref: 'y_pred' });
  const result = fn(yTrue, yPred);
  if (!(result instanceof SymbolicTensor) || result.origin.kind !== 'expression' || result.origin.trace !== trace) {
    throw new ValueError(
      `${argument} must return a symbolic tensor computed from yTrue and yPred with ops.* (e.g. ops.mean(ops.square(ops.sub(yPred, yTrue)), -1)). Received: ${describe(result)}`,
    );
  }
  if (typeof result.origin.ref !== 'number' || result.sampleShape.length !== 0 || trace.nodes[result.origin.ref].op === 'constant') {
    throw new ValueError(
      `${argument} must return one value per sample, i.e. a tensor of shape (None,): reduce the last axes with ops.mean or ops.sum. Received: a tensor of shape ${result.toString()}`,
      'SHAPE_MISMATCH',
    );
  }
  return prune(trace.nodes, result.origin.ref);
}

/** Drops nodes the output does not depend on, renumbering the rest. */
function prune(nodes: ExpressionNode[], output: number): Expression {
  const needed = new Set<number>();
  const visit = (i: number): void => {
    if (needed.has(i)) return;
    needed.add(i);
    for (const ref of nodes[i].inputs) if (typeof ref === 'number') visit(ref);
  };
  visit(output);
  const renumber = new Map<number, number>();
  const kept: ExpressionNode[] = [];
  nodes.forEach((node, i) => {
    if (!needed.has(i)) return;
    renumber.set(i, kept.length);
    kept.push({ ...node, inputs: node.inputs.map((ref) => (typeof ref === 'number' ? (renumber.get(ref) as number) : ref)) });
  });
  return { nodes: kept, output: renumber.get(output) as number };
}

function describe(value: unknown): string {
  if (value instanceof SymbolicTensor) return `${value.toString()} from outside this function`;
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : `${typeof value} ${String(value)}`;
}
