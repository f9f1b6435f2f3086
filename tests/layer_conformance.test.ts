/**
 * The TypeScript layers against the engine, on the engine's own examples of every layer kind
 * (`layerExamples()`): the same output shapes, the same weights, the same resolved configuration
 * (Keras's defaults on both sides), the same answer — accept or refuse — when an argument is
 * pushed to its edges, and the same name lists (`engineCatalogue()`). A layer kind added to the
 * engine is covered here without a line of this file changing.
 */
import { describeLayer, engineCatalogue, layerExamples, layers, metrics, Sequential } from 'kerasm';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Config = Record<string, Json>;

const catalogue = engineCatalogue();
const examples = layerExamples();

const camelCase = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const pascalCase = (kind: string): string => kind.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

function mapKeys(value: Json, rename: (key: string) => string): Json {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), mapKeys(v, rename)]));
}

/** The TS layer of `kind` built from the engine's snake_case `config`, as a user (or a loaded file) would. */
function tsLayer(kind: string, config: Config): layers.Layer {
  return layers.deserialize({ className: pascalCase(kind), config: mapKeys(config, camelCase) as Record<string, unknown> });
}

/** The engine config the TS layer sends: its getConfig(), snake_cased, less name and inputShape. */
function tsEngineConfig(layer: layers.Layer): Config {
  const { name: _name, inputShape: _inputShape, ...args } = layer.getConfig();
  return mapKeys(args as Config, snakeCase) as Config;
}

function outcome(run: () => unknown): string {
  try {
    run();
    return 'accepted';
  } catch (e) {
    return `refused`;
  }
}

describe('every engine layer kind has its TS layer', () => {
  test.each(catalogue.layers)('%s', (kind) => {
    const example = examples.find((e) => e.kind === kind);
    expect(example).toBeDefined();
    expect(tsLayer(kind, example!.config as Config).kind).toBe(kind);
  });
});

describe('on the engine examples, TS and engine agree', () => {
  test.each(examples.map((e) => [`${e.kind} ${JSON.stringify(e.config)} on ${JSON.stringify(e.input_shapes)}`, e] as const))('%s', (_title, example) => {
    const engine = describeLayer(example.kind, example.config, example.input_shapes);
    const layer = tsLayer(example.kind, example.config as Config);
    const shapes = example.input_shapes;

    expect(layer.computeOutputShape(shapes.length === 1 ? shapes[0] : shapes)).toEqual(engine.output_shapes[0]);
    layer.build(shapes);
    expect(layer.weightSpecs()).toEqual(engine.weights);
    // Keras's defaults: what TS sends resolves, in the engine, to what the example resolves to,
    // and TS states every argument the engine has (none missing, none extra).
    const sent = tsEngineConfig(layer);
    expect(describeLayer(example.kind, sent, shapes).config).toEqual(engine.config);
    expect(Object.keys(sent).sort()).toEqual(Object.keys(engine.config).sort());
  });
});

/** Values to push an argument to: its edges and beyond, by the kind of value it holds. */
function probes(key: string, value: Json): Json[] {
  const names = key.endsWith('initializer') ? [...catalogue.initializers, 'no_such_initializer'] : key === 'activation' ? [...catalogue.activations, 'no_such_activation'] : undefined;
  if (names) return names;
  if (key.endsWith('regularizer')) return [null, { class_name: 'L2', config: { l2: 0.01 } }, { class_name: 'L1L2', config: { l1: 0.1, l2: 0.2 } }, 'l2', { class_name: 'L2', config: { l2: -1 } }];
  if (typeof value === 'boolean') return [true, false, 1, 'yes'];
  if (key === 'axis') return [-1, [-1], 0, 1, [0, 1], 7, 'x'];
  if (typeof value === 'number' || value === null) return [-1, 0, 0.25, 0.5, 1, 1.5, 2, 3.5, 1e9, 2 ** 53, 'x', null];
  if (Array.isArray(value)) return [[-1], [1, -1], [0], [2, 2, 2], []];
  return [];
}

describe('pushed to its edges, an argument is accepted or refused alike', () => {
  const cases = examples.flatMap((example) => {
    const resolved = describeLayer(example.kind, example.config, example.input_shapes).config as Config;
    return Object.entries(resolved).flatMap(([key, value]) =>
      probes(key, value).map((probe) => [`${example.kind}.${key} = ${JSON.stringify(probe)} on ${JSON.stringify(example.input_shapes)}`, example, key, probe] as const),
    );
  });
  const unique = [...new Map(cases.map((c) => [c[0], c])).values()];

  test.each(unique)('%s', (_title, example, key, probe) => {
    const config = { ...(example.config as Config), [key]: probe };
    const shapes = example.input_shapes;
    const inEngine = outcome(() => describeLayer(example.kind, config, shapes));
    const inTs = outcome(() => {
      const layer = tsLayer(example.kind, config);
      layer.computeOutputShape(shapes.length === 1 ? shapes[0] : shapes);
      layer.build(shapes);
    });
    expect(inTs).toBe(inEngine);
  });
});

describe('name lists', () => {
  test('activations', () => expect([...layers.ACTIVATIONS].sort()).toEqual([...catalogue.activations].sort()));
  test('initializers', () => expect([...layers.INITIALIZERS].sort()).toEqual([...catalogue.initializers].sort()));
  test('metrics', () => expect([...metrics.METRICS].sort()).toEqual([...catalogue.metrics].sort()));
});

describe('every name the engine knows, TS accepts', () => {
  const compileWith = (options: Record<string, unknown>): void => {
    const model = new Sequential([layers.dense({ units: 2, activation: 'softmax', inputShape: [3] })]);
    model.compile({ optimizer: 'sgd', loss: 'mse', ...options } as never);
  };
  test.each(catalogue.losses)('loss %s', (name) => expect(() => compileWith({ loss: name })).not.toThrow());
  test.each(catalogue.optimizers)('optimizer %s', (name) => expect(() => compileWith({ optimizer: name })).not.toThrow());
  test.each(catalogue.regularizers)('regularizer %s', (name) =>
    expect(() => layers.dense({ units: 2, kernelRegularizer: /^[a-z]/.test(name) ? (name as never) : { className: name as never, config: {} } })).not.toThrow(),
  );
});
