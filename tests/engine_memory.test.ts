/**
 * Models the user forgets are freed: a loop that builds, fits and evaluates an IMDB-shaped model
 * (10000-wide input, 16-16-1, about 2 MB of WASM memory each) per cycle keeps WASM memory flat
 * with and without dispose(). Measured by the engine's memory size, not RSS. Before, every
 * forgotten model stayed: +2 MB a cycle. scripts/memory-curves.mjs prints the longer curves.
 */
import { layers, Sequential, Tensor, wasmMemoryBytes } from 'kerasm';

const width = 10000;
const rows = 64;
const x = new Tensor(new Float32Array(rows * width).map((_, i) => (i % 97 === 0 ? 1 : 0)), [rows, width]);
const y = new Tensor(new Float32Array(rows).map((_, i) => i % 2), [rows]);

async function cycle(dispose: boolean): Promise<void> {
  const model = new Sequential();
  model.add(layers.dense({ units: 16, activation: 'relu', inputShape: [width] }));
  model.add(layers.dense({ units: 16, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });
  await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
  await model.evaluate(x, y, { verbose: 0 });
  if (dispose) model.dispose();
}

const MiB = 2 ** 20;

test.each([true, false])('80 IMDB-shaped cycles keep WASM memory flat (dispose: %s)', async (dispose) => {
  // Warm-up: the allocator's first growth, and (without dispose) the first collection's threshold.
  for (let i = 0; i < 20; i++) await cycle(dispose);
  const afterWarmUp = wasmMemoryBytes();
  for (let i = 0; i < 60; i++) await cycle(dispose);
  const growth = (wasmMemoryBytes() - afterWarmUp) / MiB;
  // 60 forgotten models would hold ~120 MiB; freed ones are reused, so growth stays well below a collection's threshold.
  expect(growth).toBeLessThan(dispose ? 1 : 40);
});
