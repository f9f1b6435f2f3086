/**
 * `model.summary()` prints Keras 3's table (keras/src/utils/summary_utils.py) as Keras renders it
 * in a captured, 80-column console: the IMDB model below is the notes' model, whose Keras
 * summary reads 160,016 / 272 / 17 parameters and "Total params: 160,305 (626.19 KB)".
 */
import { input, layers, model, Sequential, Tensor } from 'kerasm';

test("the IMDB model's summary, as Keras prints it", () => {
  const m = new Sequential({ name: 'sequential' });
  m.add(layers.dense({ units: 16, activation: 'relu', inputShape: [10000], name: 'dense' }));
  m.add(layers.dense({ units: 16, activation: 'relu', name: 'dense_1' }));
  m.add(layers.dense({ units: 1, activation: 'sigmoid', name: 'dense_2' }));
  let printed = '';
  const text = m.summary({ printFn: (t) => (printed = t) });
  expect(printed).toBe(text);
  expect(text).toBe(
    [
      'Model: "sequential"',
      '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
      '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
      '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
      '│ dense (Dense)                   │ (None, 16)             │       160,016 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dense_1 (Dense)                 │ (None, 16)             │           272 │',
      '├─────────────────────────────────┼────────────────────────┼───────────────┤',
      '│ dense_2 (Dense)                 │ (None, 1)              │            17 │',
      '└─────────────────────────────────┴────────────────────────┴───────────────┘',
      ' Total params: 160,305 (626.19 KB)',
      ' Trainable params: 160,305 (626.19 KB)',
      ' Non-trainable params: 0 (0.00 B)',
      '',
    ].join('\n'),
  );
  expect(m.countParams()).toBe(160305);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  m.summary();
  expect(log).toHaveBeenCalledWith(text.replace(/\n$/, ''));
  log.mockRestore();
});

test('a functional summary lists InputLayers and "Connected to"; long names wrap; non-trainable weights counted apart', () => {
  const title = input({ shape: [100], name: 'title' });
  const body = input({ shape: [50], name: 'body' });
  const merged = layers.concatenate({ name: 'merged' }).apply([
    layers.dense({ units: 8, name: 'title_features' }).apply(title),
    layers.dense({ units: 8, name: 'body_features' }).apply(body),
  ]);
  const normalized = layers.batchNormalization({ name: 'batch_normalization_of_merged_x' }).apply(merged);
  const m = model({ inputs: [title, body], outputs: layers.dense({ units: 1, name: 'out' }).apply(normalized), name: 'tickets' });
  const text = m.summary({ printFn: () => undefined });
  const lines = text.split('\n');
  expect(lines[0]).toBe('Model: "tickets"');
  expect(lines[2]).toBe('┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃');
  expect(lines).toContain('│ title (InputLayer)            │ (None, 100)               │               0 │ -                          │');
  expect(lines).toContain('│ merged (Concatenate)          │ (None, 16)                │               0 │ title_features[0][0],      │');
  expect(lines).toContain('│                               │                           │                 │ body_features[0][0]        │');
  // A name wider than its column is cut with an ellipsis, as rich does.
  const bn = lines.indexOf('│ batch_normalization_of_merge… │ (None, 16)                │              64 │ merged[0][0]               │');
  expect(bn).toBeGreaterThan(0);
  expect(lines[bn + 1]).toBe('│ (BatchNormalization)          │                           │                 │                            │');
  expect(text).toContain(' Total params: 1,297 (5.07 KB)');
  expect(text).toContain(' Trainable params: 1,265 (4.94 KB)');
  expect(text).toContain(' Non-trainable params: 32 (128.00 B)');
  expect(lines.every((l) => l === '' || l.startsWith('Model') || l.startsWith(' ') || [...l].length === 108)).toBe(true);
});

test('after training, the optimizer\'s variables are counted too (Keras\'s "Optimizer params")', async () => {
  const m = new Sequential([layers.dense({ units: 2, inputShape: [3] })]);
  m.compile({ optimizer: 'adam', loss: 'mse' });
  expect(m.summary({ printFn: () => undefined })).not.toContain('Optimizer params');
  await m.fit(new Tensor(new Float32Array(6), [2, 3]), new Tensor(new Float32Array(4), [2, 2]), { verbose: 0 });
  const text = m.summary({ printFn: () => undefined });
  // Adam keeps a momentum and a velocity per weight: 2 × 8.
  expect(text).toContain(' Optimizer params: 16 (64.00 B)');
  expect(text).toContain(' Total params: 24 (96.00 B)');
});
