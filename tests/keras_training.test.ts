/**
 * Whole trainings against real Keras 3 (tests/keras_goldens/training_goldens.json, written by
 * make_training_goldens.py, which names the versions): the same model from the same initial
 * weights, trained without shuffling, must give Keras's loss and metrics at every epoch, its
 * final weights and its predictions, up to float32 rounding.
 */
import { input, layers, model, optimizers, regularizers, Sequential, Tensor, type SymbolicTensor } from 'kerasm';

type Layer = layers.Layer;
import goldens from './keras_goldens/training_goldens.json';

type Golden = (typeof goldens.cases)[number];
type KerasLayer = { class_name: string; config: Record<string, unknown> };
type Nested = number | Nested[];

/** Float32 rounding over a few dozen steps, relative to the value (absolute near zero). */
const TOLERANCE = 2e-5;

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A Keras `{ class_name, config }` layer as kerasm's factory call with camelCased arguments. */
function kerasmLayer({ class_name, config }: KerasLayer): Layer {
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const isRegularizer = key.endsWith('_regularizer');
    args[camel(key)] = isRegularizer ? regularizers.l2((value as KerasLayer).config.l2 as number) : value;
  }
  const factory = (layers as unknown as Record<string, (a: object) => Layer>)[class_name[0].toLowerCase() + class_name.slice(1)];
  return factory(args);
}

function buildModel(spec: Golden['model']) {
  if ('layers' in spec && spec.layers) {
    const m = new Sequential([input({ shape: spec.input as number[] })]);
    for (const l of spec.layers as KerasLayer[]) m.add(kerasmLayer(l));
    return m;
  }
  const graph = spec as { inputs: Record<string, number[]>; nodes: { name: string; layer: KerasLayer; calls: string[][] }[]; outputs: string[] };
  const tensors = new Map<string, SymbolicTensor>();
  for (const [name, shape] of Object.entries(graph.inputs)) tensors.set(name, input({ shape, name }));
  for (const node of graph.nodes) {
    const layer = kerasmLayer(node.layer);
    node.calls.forEach((args, i) => {
      const ins = args.map((a) => tensors.get(a)!);
      tensors.set(`${node.name}:${i}`, layer.apply(ins.length > 1 ? ins : ins[0]) as SymbolicTensor);
    });
  }
  return model({ inputs: Object.keys(graph.inputs).map((n) => tensors.get(n)!), outputs: graph.outputs.map((o) => tensors.get(o)!) });
}

function tensorOf(values: Nested): Tensor {
  const shape: number[] = [];
  for (let v: Nested = values; Array.isArray(v); v = v[0]) shape.push(v.length);
  const flat: number[] = [];
  const walk = (v: Nested): void => void (Array.isArray(v) ? v.forEach(walk) : flat.push(v));
  walk(values);
  return new Tensor(Float32Array.from(flat), shape);
}

/** The model's inputs: one tensor, or the columns of `rows` split by input width. */
function inputsOf(spec: Golden['model'], rows: number[][]): Tensor | Tensor[] {
  if ('layers' in spec && spec.layers) return tensorOf(rows);
  let start = 0;
  return Object.values((spec as { inputs: Record<string, number[]> }).inputs).map(([width]) => {
    const part = rows.map((r) => r.slice(start, start + width));
    start += width;
    return tensorOf(part);
  });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  if (worst > TOLERANCE) throw new Error(`${what}: worst relative difference ${worst} > ${TOLERANCE}`);
}

describe(`whole trainings against Keras ${goldens.keras} (${goldens.backend})`, () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', async (_name, golden) => {
    const m = buildModel(golden.model);
    const { name, config } = golden.compile.optimizer;
    const optimizerArgs = Object.fromEntries(Object.entries(config).map(([k, v]) => [camel(k), v]));
    const makeOptimizer = (optimizers as unknown as Record<string, (a: object) => unknown>)[name];
    m.compile({ optimizer: makeOptimizer(optimizerArgs) as never, loss: golden.compile.loss as never, metrics: golden.compile.metrics as never });
    m.setWeights((golden.initial_weights as Nested[]).map(tensorOf) as Tensor<'float32'>[]);

    const history = await m.fit(inputsOf(golden.model, golden.x as number[][]), tensorOf(golden.y as Nested), {
      epochs: golden.fit.epochs,
      batchSize: golden.fit.batch_size,
      shuffle: false,
      verbose: 0,
    });

    expect(Object.keys(history.history).sort()).toEqual(Object.keys(golden.history).sort());
    for (const [key, values] of Object.entries(golden.history)) expectClose(history.history[key], values, `history.${key}`);
    const finals = m.getWeights();
    (golden.final_weights as Nested[]).forEach((w, i) => expectClose(finals[i].data, tensorOf(w).data, `weight ${i}`));
    const predictions = await m.predict(inputsOf(golden.model, golden.x_new as number[][]), { verbose: 0 });
    expectClose((predictions as Tensor).data, (golden.predictions as number[][]).flat(), 'predictions');
    m.dispose();
  });
});
