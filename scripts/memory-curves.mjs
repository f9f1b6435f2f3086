// WASM memory over loops that build, fit and evaluate a model per cycle, with and without
// dispose(): a Boston K-fold-shaped loop (13-64-64-1, rmsprop, batch 16) and an IMDB-shaped one
// (10000-wide input, 16-16-1, rmsprop, batch 512). Forgotten models must be freed too
// (ts/models/engine_memory.ts), so both curves stay flat. Run after npm run build:
//   node scripts/memory-curves.mjs [bostonCycles] [imdbCycles]   (defaults 500 and 2000)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const k = require('../dist/index.cjs');

function data(rows, width, density, seed) {
  const rng = new k.Random(seed);
  const x = new Float32Array(rows * width);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let score = 0;
    for (let j = 0; j < width; j++) {
      if (rng.nextFloat() < density) {
        x[i * width + j] = 1;
        score += j < width / 2 ? 1 : -1;
      }
    }
    y[i] = score > 0 ? 1 : 0;
  }
  return [new k.Tensor(x, [rows, width]), new k.Tensor(y, [rows])];
}

const shapes = {
  boston: { width: 13, units: [64, 64], last: [1, 'linear'], loss: 'mse', batchSize: 16, rows: 303, epochs: 5, cycles: Number(process.argv[2] ?? 500) },
  imdb: { width: 10000, units: [16, 16], last: [1, 'sigmoid'], loss: 'binary_crossentropy', batchSize: 512, rows: 200, epochs: 1, cycles: Number(process.argv[3] ?? 2000) },
};

for (const [name, s] of Object.entries(shapes)) {
  const [x, y] = data(s.rows, s.width, name === 'imdb' ? 0.02 : 0.5, 1);
  for (const dispose of [true, false]) {
    const curve = [];
    const start = performance.now();
    for (let cycle = 1; cycle <= s.cycles; cycle++) {
      const model = new k.Sequential();
      model.add(k.layers.dense({ units: s.units[0], activation: 'relu', inputShape: [s.width] }));
      model.add(k.layers.dense({ units: s.units[1], activation: 'relu' }));
      model.add(k.layers.dense({ units: s.last[0], activation: s.last[1] }));
      model.compile({ optimizer: 'rmsprop', loss: s.loss, metrics: [name === 'imdb' ? 'acc' : 'mae'] });
      await model.fit(x, y, { epochs: s.epochs, batchSize: s.batchSize, verbose: 0 });
      await model.evaluate(x, y, { verbose: 0 });
      if (dispose) model.dispose();
      if (cycle === 1 || cycle % Math.ceil(s.cycles / 10) === 0) curve.push(`${cycle}:${(k.wasmMemoryBytes() / 2 ** 20).toFixed(1)}`);
    }
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`${name} ${dispose ? 'with dispose()   ' : 'without dispose()'} WASM MiB by cycle  ${curve.join('  ')}  (${seconds} s)`);
  }
}
