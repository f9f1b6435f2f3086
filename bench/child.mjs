// One engine on one workload, in a process of its own so that its peak RSS is its alone.
// run.mjs forks it with a JSON spec as the only argument and receives one result message.
// Timings: a warm-up of at least 0.5 s (JIT, WASM tier-up, first-touch of memory), then `reps` timed
// repetitions. A call shorter than `minRepSeconds` is repeated within a repetition, and the
// repetition's time is divided by the number of calls, so timer resolution and noise stay small.
import { readData } from './dataset_cache.mjs';
import { initialWeights } from './initial_weights.mjs';
import { uniformArray } from './random_values.mjs';

const WEIGHT_SEED = 7;
const spec = JSON.parse(process.argv[2]);
const { workload, engine } = spec;
const adapter = await import(`./engines/${engine.adapter}.mjs`);
const engineInfo = await adapter.init(engine);

// Resident memory once the engine's module and the inputs are loaded: the baseline of the growth.
const rssNow = () => process.memoryUsage().rss;
let task;
let inputs;
if (workload.kind === 'probe') {
  inputs = { rssBeforeRunBytes: rssNow() };
  task = adapter.probeTask(workload.op);
} else if (workload.kind === 'gemm') {
  const { m, k, n } = workload.op;
  const a = uniformArray(m * k, 1);
  const b = uniformArray(k * n, 2);
  inputs = { rssBeforeRunBytes: rssNow() };
  task = adapter.gemmTask(workload.op, a, b);
} else {
  const data = readData(spec.cacheDir, workload.dataset, workload.rows, { sparse: Boolean(engine.sparse) });
  const weights = initialWeights(workload.arch, WEIGHT_SEED);
  inputs = { rows: data.rows, cols: data.cols, density: data.nonZeros / (data.rows * data.cols), rssBeforeRunBytes: rssNow() };
  task = workload.kind === 'fit' ? adapter.fitTask(workload, data, weights, engine) : adapter.predictTask(workload, data, weights, engine);
}

const collectGarbage = globalThis.gc ?? (() => {});
async function secondsPerCall(calls) {
  collectGarbage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await task.run();
  return (performance.now() - start) / 1e3 / calls;
}

// Warm-up, not counted: calls for at least WARMUP_SECONDS (one call when a call takes longer).
// V8 compiles WebAssembly in tiers and swaps the optimised code in while it runs, so a single
// short call would leave the first timed repetitions on the baseline code.
const WARMUP_SECONDS = 0.5;
const warmupStart = performance.now();
let warmupCalls = 0;
do {
  await task.run();
  warmupCalls++;
} while (performance.now() - warmupStart < WARMUP_SECONDS * 1e3);
const warmupSeconds = (performance.now() - warmupStart) / 1e3 / warmupCalls;
let calls = 1;
if (warmupSeconds < spec.minRepSeconds) calls = Math.max(1, Math.ceil(spec.minRepSeconds / (await secondsPerCall(1))));
const seconds = [];
for (let r = 0; r < spec.reps; r++) seconds.push(await secondsPerCall(calls));

process.send(
  { engineInfo, inputs, warmupSeconds, calls, seconds, check: task.check(), maxRssBytes: process.resourceUsage().maxRSS * 1024 },
  () => process.exit(0),
);
