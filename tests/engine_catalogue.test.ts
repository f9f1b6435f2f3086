/** The engine's catalogue, layer descriptions and examples, as the package exposes them. */
import { describeLayer, engineCatalogue, layerExamples, ValueError } from 'kerasm';

test('the catalogue lists every kind of name', () => {
  const catalogue = engineCatalogue();
  expect(catalogue.layers).toEqual(expect.arrayContaining(['dense', 'dropout', 'batch_normalization', 'layer_normalization', 'embedding']));
  expect(catalogue.initializers).toEqual(expect.arrayContaining(['glorot_uniform', 'uniform', 'normal', 'zero', 'one']));
  expect(catalogue.regularizers).toEqual(['L1', 'L2', 'L1L2', 'l1', 'l2', 'l1l2']);
  for (const names of Object.values(catalogue)) expect(names.length).toBeGreaterThan(0);
});

test('a described layer has its Keras defaults, output shapes and weights', () => {
  const described = describeLayer('layer_normalization', { axis: [-1] }, [[2, 5]]);
  expect(described.config).toMatchObject({ axis: [-1], epsilon: 0.001, center: true, scale: true, gamma_regularizer: null });
  expect(described.output_shapes).toEqual([[2, 5]]);
  expect(described.weights).toEqual([
    { name: 'gamma', shape: [5], trainable: true },
    { name: 'beta', shape: [5], trainable: true },
  ]);
});

test('a bad configuration is a ValueError naming the field', () => {
  let caught: unknown;
  try {
    describeLayer('dropout', { rate: 1.5 }, [[4]]);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ValueError);
  expect((caught as ValueError).code).toBe('INVALID_ARGUMENT');
  expect((caught as ValueError).message).toContain('config.rate');
});

test('every layer kind has examples the engine describes', () => {
  const examples = layerExamples();
  const kinds = new Set(examples.map((example) => example.kind));
  expect([...kinds].sort()).toEqual([...engineCatalogue().layers].sort());
  for (const example of examples) {
    expect(describeLayer(example.kind, example.config, example.input_shapes).output_shapes.length).toBe(1);
  }
});
