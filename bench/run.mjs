// `npm run bench`: kerasm against TensorFlow.js (wasm and cpu backends) and brain.js, on the same
// inputs and the same initial weights, in one run (issue 5, item 1). Every engine runs every
// workload in a child process of its own (so each peak RSS is that engine's), engines take turns
// within a workload, and the table shows medians of the timed repetitions (warm-ups excluded).
//
//   node bench/run.mjs [--quick] [--only <name>[,<name>...]] [--data <dir>]
//
// --quick   small sizes, one timed repetition: a smoke test in seconds (results go to
//           bench/results/tmp/, targets are not judged)
// --only    runs the workloads whose name contains one of the given strings (e.g. gemm, imdb)
// --data    the shared data directory (default ../shared/data from the repository root)
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cacheKey } from './dataset_cache.mjs';
import { loadSnapshot, machineInfo } from './machine_info.mjs';
import { METHOD } from './method.mjs';
import { formatSeconds, median } from './stats.mjs';
import { judgeTargets } from './targets.mjs';
import { engineSpecs, workloads } from './workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, data: { type: 'string' } },
});
const quick = args.quick;
const dataDir = resolve(root, args.data ?? '../shared/data');
const distFile = join(root, 'dist', 'index.mjs');
if (!existsSync(distFile)) {
  console.error('bench: kerasm is not built (dist/index.mjs is missing). Run `npm run build` first, or `npm run bench`, which builds.');
  process.exit(1);
}

const cores = os.availableParallelism();
const engines = engineSpecs(cores);
const baseline = engines.kerasmDefault.id;
const oneThread = engines.kerasmOneThread?.id ?? baseline;
const filters = args.only?.split(',').map((s) => s.trim()).filter(Boolean);
const all = workloads({ quick, cores });
const selected = filters ? all.filter((w) => filters.some((f) => w.name.includes(f))) : all;
if (selected.length === 0) {
  console.error(`bench: --only matched no workload. Expected part of one of: ${all.map((w) => w.name).join(', ')}. Received: --only ${args.only}`);
  process.exit(1);
}

const started = loadSnapshot();
const machine = machineInfo(root);
console.log(`kerasm bench${quick ? ' (--quick: small sizes, 1 repetition)' : ''} on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node} / V8 ${machine.v8}`);
console.log(`load average at start: ${started.loadAverage1m.toFixed(2)} (the machine is shared)`);

const cacheDir = await prepareDatasets(selected);
const childTimeoutMs = (quick ? 5 : 30) * 60 * 1000;
const runs = new Map(); // "workload|engine" -> list of child results
const totalChildren = selected.reduce((n, w) => n + w.engines.reduce((m, e) => m + w.plan(e).rounds, 0), 0);
let childIndex = 0;
for (const workload of selected) {
  const rounds = Math.max(...workload.engines.map((e) => workload.plan(e).rounds));
  for (let round = 0; round < rounds; round++) {
    // Alternate the order too, so neither engine always runs right after the other's warm-up.
    const order = round % 2 === 0 ? workload.engines : [...workload.engines].reverse();
    for (const engine of order) {
      const { rounds: engineRounds, reps } = workload.plan(engine);
      if (round >= engineRounds) continue;
      childIndex++;
      const label = `[${childIndex}/${totalChildren}] ${workload.name} ${engine.id} (round ${round + 1}/${engineRounds})`;
      const result = await runChild({ workload, engine, reps, minRepSeconds: quick ? 0.02 : 0.25, cacheDir });
      const key = `${workload.name}|${engine.id}`;
      runs.set(key, [...(runs.get(key) ?? []), result]);
      if (result.error) {
        console.log(`${label}: FAILED — ${result.error}`);
      } else {
        const m = median(result.seconds);
        const rate = workload.rate(m);
        console.log(`${label}: ${formatSeconds(m)} (${formatRate(rate)}), peak RSS ${megabytes(result.maxRssBytes)}`);
      }
    }
  }
}

const summary = selected.map((workload) => summarise(workload));
const lookup = (name, engineId) => {
  const r = summary.find((w) => w.name === name)?.results.find((x) => x.engine === engineId);
  return r && r.medianSeconds !== undefined ? { seconds: r.medianSeconds, rate: r.rate, peakRssBytes: r.peakRssBytes } : undefined;
};
const targets = quick ? [] : judgeTargets(lookup, { baseline, oneThread, workloadNames: selected.map((w) => w.name) });
const finished = loadSnapshot();

printTable(summary);
if (targets.length > 0) printTargets(targets);
console.log(`load average at end: ${finished.loadAverage1m.toFixed(2)}`);

const date = new Date().toISOString().slice(0, 10);
const outDir = quick ? join(here, 'results', 'tmp') : join(here, 'results');
mkdirSync(outDir, { recursive: true });
// A later run of the same day gets the number after the day's last one: results are never
// overwritten, and the numbers keep the order the runs were made in.
const stem = `${date}-${os.hostname()}${quick ? '-quick' : ''}`;
const runNumber = (name) => {
  if (name === `${stem}.json`) return 1;
  const match = name.match(/^(.*)-run(\d+)\.json$/);
  return match && match[1] === stem ? Number(match[2]) : 0;
};
const last = quick ? 0 : Math.max(0, ...readdirSync(outDir).map(runNumber));
const outFile = join(outDir, last === 0 ? `${stem}.json` : `${stem}-run${last + 1}.json`);
writeFileSync(
  outFile,
  `${JSON.stringify(
    {
      createdAt: finished.at,
      quick,
      only: filters ?? null,
      machine,
      load: { start: started, end: finished },
      method: METHOD,
      baseline,
      workloads: summary,
      targets,
    },
    null,
    2,
  )}\n`,
);
console.log(`results: ${outFile}`);
const failures = summary.flatMap((w) => w.results.filter((r) => r.errors.length > 0));
process.exitCode = failures.length > 0 ? 1 : 0;

/** Builds the cached data sets the selected workloads need (in a child: tokenising is heavy). */
async function prepareDatasets(list) {
  const names = [...new Set(list.map((w) => w.dataset).filter(Boolean))];
  if (names.length === 0) return undefined;
  const tmp = join(here, 'results', 'tmp');
  const dir = join(tmp, `data-${cacheKey(distFile, dataDir)}`);
  mkdirSync(tmp, { recursive: true });
  // Caches keyed on an older build or older data are stale: drop them.
  for (const entry of readdirSync(tmp)) {
    if (entry.startsWith('data-') && join(tmp, entry) !== dir) rmSync(join(tmp, entry), { recursive: true, force: true });
  }
  const start = performance.now();
  const child = fork(join(here, 'prepare_datasets.mjs'), [dir, dataDir, ...names], { stdio: 'inherit' });
  return new Promise((resolveDir, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench: preparing the data sets (${names.join(', ')}) failed with exit code ${code}`));
      else {
        console.log(`data sets ready (${names.join(', ')}) in ${formatSeconds((performance.now() - start) / 1e3)}`);
        resolveDir(dir);
      }
    });
  });
}

/** Runs one child; resolves to its result message, or to `{ error }` if it failed or hung. */
async function runChild(spec) {
  const loadBefore = os.loadavg()[0];
  const child = fork(join(here, 'child.mjs'), [JSON.stringify(spec)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let message;
  child.on('message', (m) => (message = m));
  const timer = setTimeout(() => child.kill('SIGKILL'), childTimeoutMs);
  const [code, signal] = await new Promise((done) => child.on('exit', (c, s) => done([c, s])));
  clearTimeout(timer);
  if (message) return { ...message, loadBefore };
  const tail = output.trim().split('\n').slice(-6).join(' | ');
  return { error: `exit ${code ?? signal}${signal === 'SIGKILL' ? ' (killed: timeout or out of memory)' : ''}: ${tail}`, loadBefore };
}

/** Pools a workload's rounds per engine: median of all timed repetitions, largest peak RSS. */
function summarise(workload) {
  const results = workload.engines.map((engine) => {
    const list = runs.get(`${workload.name}|${engine.id}`) ?? [];
    const ok = list.filter((r) => !r.error);
    const seconds = ok.flatMap((r) => r.seconds);
    const medianSeconds = seconds.length > 0 ? median(seconds) : undefined;
    const peak = ok.reduce((best, r) => (best && best.maxRssBytes >= r.maxRssBytes ? best : r), undefined);
    return {
      engine: engine.id,
      engineInfo: ok[0]?.engineInfo,
      rounds: list.length,
      repsPerRound: workload.plan(engine).reps,
      callsPerRep: ok.map((r) => r.calls),
      warmupSeconds: ok.map((r) => r.warmupSeconds),
      seconds,
      medianSeconds,
      rate: medianSeconds === undefined ? undefined : workload.rate(medianSeconds),
      peakRssBytes: peak?.maxRssBytes,
      // What the model and the calls added on top of the loaded engine and the built inputs.
      peakRssOverInputsBytes: peak?.inputs?.rssBeforeRunBytes === undefined ? undefined : peak.maxRssBytes - peak.inputs.rssBeforeRunBytes,
      loadAverageBefore: list.map((r) => r.loadBefore),
      check: ok.at(-1)?.check,
      inputs: ok[0]?.inputs,
      errors: list.filter((r) => r.error).map((r) => r.error),
    };
  });
  const base = results.find((r) => r.engine === baseline)?.medianSeconds;
  for (const r of results) r.timeVsBaseline = base && r.medianSeconds ? r.medianSeconds / base : undefined;
  const { name, kind, title, op, rows, batchSize, arch, loss } = workload;
  return { name, kind, title, params: { op, rows, batchSize, arch, loss }, results };
}

function printTable(list) {
  console.log(`\nMedians; "× ${baseline}" = engine time / ${baseline} time (above 1: kerasm is faster);`);
  console.log('"over inputs" = peak RSS minus the resident memory once the engine and the inputs were loaded.');
  const header = ['workload', 'engine', 'median', 'rate', `× ${baseline}`, 'peak RSS', 'over inputs', 'timed reps'];
  const body = list.flatMap((w) =>
    w.results.map((r) => [
      w.name,
      r.engine,
      r.medianSeconds === undefined ? 'failed' : formatSeconds(r.medianSeconds),
      r.rate ? formatRate(r.rate) : '',
      r.engine === baseline || r.timeVsBaseline === undefined ? '' : `${r.timeVsBaseline.toFixed(r.timeVsBaseline >= 10 ? 0 : 2)}×`,
      r.peakRssBytes ? megabytes(r.peakRssBytes) : '',
      r.peakRssOverInputsBytes === undefined ? '' : megabytes(r.peakRssOverInputsBytes),
      `${r.seconds.length}`,
    ]),
  );
  printMarkdown(header, body);
}

function printTargets(rows) {
  console.log('\nIssue 5 targets:');
  printMarkdown(
    ['target', 'measured', 'met'],
    rows.map((t) => [t.target, t.measured, t.met === null ? '—' : t.met ? 'yes' : 'NO']),
  );
}

function printMarkdown(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
}

function formatRate({ value, unit }) {
  const digits = value >= 1000 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function megabytes(bytes) {
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MB`;
}
