/** Bad input gets a clear error in Keras's voice, and a failed call leaves the model as it was. */
import { KerasmError, layers, Sequential, StateError, Tensor, ValueError } from 'kerasm';

function model(): Sequential {
  const m = new Sequential({ seed: 1 });
  m.add(layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
  m.add(layers.dense({ units: 3, activation: 'softmax' }));
  return m;
}

const x = new Tensor(Float32Array.from({ length: 12 }, (_, i) => i / 10), [4, 3]);
const y = new Tensor(Float32Array.from([0, 1, 2, 1]), [4]);

test('fit before compile', async () => {
  await expect(model().fit(x, y)).rejects.toThrow(StateError);
  await expect(model().fit(x, y)).rejects.toThrow('You must call `compile()` before using `fit`.');
});

test('unknown names are rejected at compile, naming the accepted ones', () => {
  const m = model();
  expect(() => m.compile({ optimizer: 'adamm' as 'adam', loss: 'mse' })).toThrow(/Unknown optimizer.*Received: optimizer="adamm"/);
  expect(() => m.compile({ optimizer: 'adam', loss: 'msee' as 'mse' })).toThrow(/Unknown loss. Expected one of mse, .*Received: loss="msee"/);
  expect(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acc', 'f1' as 'acc'] })).toThrow(/Unknown metric.*Received: metrics\[1\]="f1"/);
  expect(() => layers.dense({ units: 2, activation: 'gelu' as 'relu' })).toThrow(/Unknown activation.*Received: activation="gelu"/);
  expect(() => layers.dense({ units: 0 })).toThrow('Received: units=0');
  try {
    m.compile({ optimizer: 'adam', loss: 'msee' as 'mse' });
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    expect((e as KerasmError).code).toBe('UNKNOWN_NAME');
  }
});

describe('data checks', () => {
  const m = model();
  m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });

  test('wrong feature count', async () => {
    const bad = new Tensor(new Float32Array(8), [4, 2]);
    await expect(m.fit(bad, y, { verbose: 0 })).rejects.toThrow(/expected samples of shape \[3\].*Received: x with shape \[4, 2\]/);
    await expect(m.predict(bad)).rejects.toThrow(/Received: x with shape \[4, 2\]/);
  });

  test('x and y sample counts differ', async () => {
    await expect(m.fit(x, new Tensor(new Float32Array(3), [3]), { verbose: 0 })).rejects.toThrow(/Received: x with 4 samples, y with 3/);
  });

  test('NaN and empty data', async () => {
    const nan = new Tensor(Float32Array.from(x.data), [4, 3]);
    nan.data[7] = NaN;
    await expect(m.fit(nan, y, { verbose: 0 })).rejects.toThrow(/finite numbers.*Received: x\[flat index 7\]=NaN/);
    await expect(m.fit(new Tensor(new Float32Array(0), [0, 3]), new Tensor(new Float32Array(0), [0]), { verbose: 0 })).rejects.toThrow(
      /at least one sample/,
    );
  });

  test('labels out of range come back from the engine as a ValueError', async () => {
    const err = await m.fit(x, new Tensor(Float32Array.from([0, 1, 3, 1]), [4]), { verbose: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as KerasmError).code).toBe('LABEL_OUT_OF_RANGE');
    expect(String((err as Error).message)).toMatch(/3/);
  });

  test('bad fit options', async () => {
    await expect(m.fit(x, y, { epochs: 0 })).rejects.toThrow('Received: epochs=0');
    await expect(m.fit(x, y, { batchSize: 2.5 })).rejects.toThrow('Received: batchSize=2.5');
    await expect(m.fit(x, y, { validationSplit: 1.5 })).rejects.toThrow('Received: validationSplit=1.5');
  });

  test('a failed fit leaves the weights and optimizer as they were', async () => {
    const before = m.getWeights().map((w) => Array.from(w.data));
    await expect(m.fit(x, new Tensor(Float32Array.from([0, 1, 9, 1]), [4]), { verbose: 0 })).rejects.toThrow(ValueError);
    expect(m.getWeights().map((w) => Array.from(w.data))).toEqual(before);
  });
});

test('setWeights checks shapes and is all or nothing', () => {
  const m = model();
  const weights = m.getWeights();
  expect(() => m.setWeights(weights.slice(1))).toThrow(/shapes \[3, 4\], \[4\], \[4, 3\], \[3\]. Received: \[4\], \[4, 3\], \[3\]/);
  const before = m.getWeights().map((w) => Array.from(w.data));
  const wrong = [...weights];
  wrong[3] = new Tensor(new Float32Array(4), [4]);
  expect(() => m.setWeights(wrong)).toThrow(ValueError);
  expect(m.getWeights().map((w) => Array.from(w.data))).toEqual(before);
});

test('the first layer needs an input shape', () => {
  expect(() => new Sequential([layers.dense({ units: 3 })])).toThrow(/needs an input shape/);
});
