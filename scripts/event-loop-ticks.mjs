// How often the event loop runs during a few-second fit: a 10 ms interval timer counts its ticks
// while an IMDB-shaped model (16-16-1, rmsprop, batch 32) trains on synthetic multi-hot rows.
// Before fit yielded between engine calls this printed 0 ticks. Run after npm run build:
//   node scripts/event-loop-ticks.mjs [epochs]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const k = require('../dist/index.cjs');

const rows = 6000;
const width = 2000;
const epochs = Number(process.argv[2] ?? 20);
const rng = new k.Random(1);
const x = new Float32Array(rows * width);
const y = new Float32Array(rows);
for (let i = 0; i < rows; i++) {
  let score = 0;
  for (let j = 0; j < width; j++) {
    if (rng.nextFloat() < 0.05) {
      x[i * width + j] = 1;
      score += j < width / 2 ? 1 : -1;
    }
  }
  y[i] = score > 0 ? 1 : 0;
}
const model = new k.Sequential({ seed: 1 });
model.add(k.layers.dense({ units: 16, activation: 'relu', inputShape: [width] }));
model.add(k.layers.dense({ units: 16, activation: 'relu' }));
model.add(k.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc'] });

const gaps = [];
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  gaps.push(now - last);
  last = now;
}, 10);
const start = performance.now();
await model.fit(new k.Tensor(x, [rows, width]), new k.Tensor(y, [rows]), { epochs, batchSize: 32, validationSplit: 0.2, verbose: 0, seed: 2 });
const ms = performance.now() - start;
clearInterval(timer);
gaps.sort((a, b) => a - b);
const pct = (p) => (gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))].toFixed(1) : '-');
console.log(`fit: ${epochs} epochs in ${(ms / 1000).toFixed(2)} s on ${k.getThreads()} threads`);
console.log(`10 ms timer: ${gaps.length} ticks (${Math.floor(ms / 10)} if never delayed); gap between ticks median ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${pct(1)} ms`);
