// Time to load models of many layers, to show loading is linear in the layer count (issue 13,
// item 8: 4 000 layers took 5.5 s and 20 000 over 20 s before). Run after a build:
//   node scripts/load_time.mjs [layer counts...]     (default 4000 20000)
// For each count: a Sequential chain and a Functional chain whose config lists its layers in
// reverse order (the worst order for replaying layer calls), built, saved to buffers and loaded.
import { input, layers, loadModelFromBuffers, model, modelFromJSON, Sequential } from '../dist/index.mjs';

const counts = process.argv.slice(2).map(Number);
const time = (fn) => {
  const started = performance.now();
  const result = fn();
  return [result, Math.round(performance.now() - started)];
};
for (const n of counts.length ? counts : [4000, 20000]) {
  const [sequential, buildMs] = time(() => {
    const m = new Sequential({ seed: 1 });
    m.add(layers.dense({ units: 2, inputShape: [2] }));
    for (let i = 1; i < n; i++) m.add(layers.dense({ units: 2 }));
    return m;
  });
  const [loaded, loadMs] = time(() => loadModelFromBuffers(sequential.saveToBuffers()));
  loaded.dispose();
  const x = input({ shape: [2] });
  let y = x;
  for (let i = 0; i < n; i++) y = layers.dense({ units: 2 }).apply(y);
  const functional = model({ inputs: x, outputs: y });
  const config = JSON.parse(functional.toJSON());
  config.config.layers.reverse();
  const [reversed, reversedMs] = time(() => modelFromJSON(config));
  reversed.dispose();
  console.log(`${n} layers: Sequential built in ${buildMs} ms, loaded in ${loadMs} ms; Functional config in reverse order rebuilt in ${reversedMs} ms`);
}
