/**
 * `compile()`'s arguments resolved against the model's outputs into the engine's CompileSpec v2:
 * one loss per output (a single loss applies to every output), optional loss weights, and a list
 * of metrics per output — each given as a list, or a record keyed by output name, as in Keras.
 */
import { ValueError } from '../errors';
import { type LossIdentifier, lossSpec, type LossSpec } from '../losses';
import { type MetricIdentifier, metricSpec, metricSpecName, type MetricSpec } from '../metrics';
import { type Optimizer, type OptimizerName, resolveOptimizer } from '../optimizers';
import { checkOptions, optionNames } from '../utils/options';
import type { GraphOutput } from './graph';
import { warnMismatchedLosses } from './loss_activation_warnings';

/** Options of {@link Model.compile}, as Keras's `compile`. */
export interface CompileArgs {
  optimizer: OptimizerName | Optimizer;
  /** One loss for every output, or one per output (a list in output order, or a record by output name). */
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  /** Weights of the outputs' losses in the total loss (a list, or a record by output name). Default 1 each. */
  lossWeights?: number[] | Record<string, number>;
  /** Metrics for every output, or per output (a list of lists, or a record by output name). */
  metrics?: MetricIdentifier[] | MetricIdentifier[][] | Record<string, MetricIdentifier[]>;
}

const COMPILE_OPTIONS = optionNames<CompileArgs>({ optimizer: true, loss: true, lossWeights: true, metrics: true });

/** The resolved compile: what the engine compiles, and the optimizer object. */
export interface CompiledSpec {
  optimizer: Optimizer;
  losses: LossSpec[];
  lossWeights?: number[];
  metrics: MetricSpec[][];
}

/** Resolves and checks `args` for a model with `outputs`. */
export function resolveCompile(args: CompileArgs, outputs: GraphOutput[]): CompiledSpec {
  if (!args || typeof args !== 'object') {
    throw new ValueError(`compile expects { optimizer, loss, metrics? }. Received: ${String(args)}`);
  }
  checkOptions(args, COMPILE_OPTIONS, 'compile(options)');
  const names = outputs.map((o) => o.layer.name);
  const perOutput = <T>(value: unknown, argument: string, isItem: (v: unknown) => boolean): T[] => {
    if (isItem(value)) return outputs.map(() => value as T);
    if (Array.isArray(value)) {
      if (value.length !== outputs.length) {
        throw new ValueError(`\`${argument}\` must have one entry per model output (${names.join(', ')}). Received: ${argument} with ${value.length} entries`);
      }
      return value as T[];
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, T>;
      const unknown = Object.keys(record).filter((k) => !names.includes(k));
      const missing = names.filter((n) => !(n in record));
      if (unknown.length || missing.length) {
        throw new ValueError(
          `The keys of \`${argument}\` must be the model's output names: ${names.join(', ')}. Received: ${argument} with keys ${Object.keys(record).join(', ') || '(none)'}`,
        );
      }
      return names.map((n) => record[n]);
    }
    throw new ValueError(`Invalid \`${argument}\`. Received: ${argument}=${JSON.stringify(value)}`);
  };

  const isLoss = (v: unknown) => typeof v === 'string' || typeof v === 'function' || (typeof v === 'object' && v !== null && !Array.isArray(v) && 'name' in v);
  const losses = perOutput<LossIdentifier>(args.loss, 'loss', isLoss).map((l, i) =>
    lossSpec(l, outputs[i].shape, outputs.length > 1 ? `loss[${names[i]}]` : 'loss'),
  );

  let lossWeights: number[] | undefined;
  if (args.lossWeights !== undefined && args.lossWeights !== null) {
    lossWeights = perOutput<number>(args.lossWeights, 'lossWeights', (v) => typeof v === 'number');
    lossWeights.forEach((w, i) => {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new ValueError(`Loss weights must be non-negative numbers. Received: lossWeights[${names[i]}]=${String(w)}`);
      }
    });
  }

  const metrics = resolveMetrics(args.metrics, outputs, perOutput);
  warnMismatchedLosses(losses, outputs);
  return { optimizer: resolveOptimizer(args.optimizer), losses, lossWeights, metrics };
}

function resolveMetrics(
  value: unknown,
  outputs: GraphOutput[],
  perOutput: <T>(value: unknown, argument: string, isItem: (v: unknown) => boolean) => T[],
): MetricSpec[][] {
  if (value === undefined || value === null) return outputs.map(() => []);
  const isFlatList = Array.isArray(value) && value.every((m) => !Array.isArray(m));
  if (Array.isArray(value) && !isFlatList && !value.every(Array.isArray)) {
    throw new ValueError(`\`metrics\` must be a list of metrics, or one list per output. Received: metrics=${JSON.stringify(value)}`);
  }
  // A flat list applies to every output; a list of lists or a record gives each output its own.
  const lists = isFlatList ? outputs.map(() => value as unknown[]) : perOutput<unknown[]>(value, 'metrics', () => false);
  return lists.map((list, i) => {
    if (!Array.isArray(list)) {
      throw new ValueError(`The metrics of output '${outputs[i].layer.name}' must be a list. Received: ${JSON.stringify(list)}`);
    }
    const specs = list.map((m, j) => metricSpec(m, outputs[i].shape, outputs.length > 1 ? `metrics[${outputs[i].layer.name}][${j}]` : `metrics[${j}]`));
    const shown = specs.map(metricSpecName);
    const repeated = shown.find((n, j) => shown.indexOf(n) !== j);
    if (repeated !== undefined) {
      throw new ValueError(`Each metric may appear once per output. Received: metrics=${JSON.stringify(shown)}`);
    }
    return specs;
  });
}

/** The engine's CompileSpec v2 JSON. A single-output model gets a plain loss and a flat metric list. */
export function compileSpecJson(compiled: CompiledSpec, learningRateOverride?: number): string {
  const single = compiled.losses.length === 1;
  const optimizer = compiled.optimizer.toSpec();
  if (learningRateOverride !== undefined) optimizer.learning_rate = learningRateOverride;
  return JSON.stringify({
    loss: single ? compiled.losses[0] : compiled.losses,
    ...(compiled.lossWeights ? { loss_weights: compiled.lossWeights } : {}),
    optimizer,
    metrics: single ? compiled.metrics[0] : compiled.metrics,
  });
}
