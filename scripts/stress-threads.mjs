// Stress of the threaded engine (issue 13, item 1): a child process runs Reuters-shaped threaded
// fits in a loop (64-64-46 dense on a sparse 10 000-wide multi-hot input, batch 512, a hold-out
// evaluated every epoch) while busy sibling processes load the CPU. This process is the
// supervisor, outside the engine's threads: the child reports each fit on stdout; when no report
// comes for --stall seconds, every thread of the child is dumped (gdb `thread apply all bt` and
// /proc/PID/task/*/{stat,wchan}), the child is killed, the stall counted, and a fresh child
// goes on with the fits left. Exits 1 on any stall or crash.
//
//   npm run stress:threads -- [--fits 200] [--duration SECONDS] [--busy 3] [--threads 2]
//                             [--stall 30] [--rows 1024] [--epochs 2] [--dump-dir DIR]
//
// --fits and --duration both bound the run (whichever ends it first); --busy 0 runs alone.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const defaults = { fits: 200, duration: Infinity, busy: 3, threads: 2, stall: 30, rows: 1024, epochs: 2, dumpDir: '' };

function parseArgs(argv) {
  const options = { ...defaults };
  let child = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--child') {
      child = true;
      continue;
    }
    const key = flag.replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (!(key in defaults) || i + 1 >= argv.length) throw new Error(`stress-threads: unknown option or missing value: ${flag}`);
    const value = argv[++i];
    options[key] = key === 'dumpDir' ? value : Number(value);
    if (key !== 'dumpDir' && !(options[key] >= 0)) throw new Error(`stress-threads: ${flag} expects a number >= 0. Received: ${value}`);
  }
  return { child, options };
}

// ---- the child: fits in a loop, one stdout line per fit ----------------------------------------

async function runChild({ fits, threads, rows, epochs }) {
  const { layers, preprocessing, Random, Sequential, setRandomSeed, setThreads } = await import(join(root, 'dist/index.mjs'));
  const words = 10000;
  const topics = 46;
  // Reuters-shaped synthetic newswires (about as many distinct words per row as the real ones),
  // seeded: the same data every run, and no data folder needed.
  const random = new Random(13);
  const newswire = () => Array.from({ length: 60 + random.nextInt(120) }, () => random.nextInt(words));
  const sequences = Array.from({ length: rows }, newswire);
  const labels = Array.from({ length: rows }, () => random.nextInt(topics));
  const validation = Math.floor(rows / 4);
  const x = preprocessing.vectorizeSequences(sequences.slice(validation), words, { sparse: true });
  const xVal = preprocessing.vectorizeSequences(sequences.slice(0, validation), words, { sparse: true });
  const y = preprocessing.toCategorical(labels.slice(validation), topics);
  const yVal = preprocessing.toCategorical(labels.slice(0, validation), topics);
  await setThreads(threads);
  setRandomSeed(7);
  for (let fit = 1; fit <= fits; fit++) {
    const model = new Sequential();
    model.add(layers.dense({ units: 64, activation: 'relu', inputShape: [words] }));
    model.add(layers.dense({ units: 64, activation: 'relu' }));
    model.add(layers.dense({ units: topics, activation: 'softmax' }));
    model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['acc'] });
    await model.fit(x, y, { epochs, batchSize: 512, validationData: [xVal, yVal], verbose: 0 });
    model.dispose();
    process.stdout.write(`fit ${fit}\n`);
  }
}

// ---- the supervisor ------------------------------------------------------------------------------

/** Siblings that keep every core busy, napping 0.1 ms every few ms: each wake-up preempts a pool
 *  thread at a random point, as a loaded machine's scheduler does. */
function startBusySiblings(count) {
  const source =
    'const cell = new Int32Array(new SharedArrayBuffer(4));' +
    'for (;;) { const end = performance.now() + 4; while (performance.now() < end); Atomics.wait(cell, 0, 0, 0.1); }';
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', source], { stdio: 'ignore' }));
}

/** Every thread's state: comm, state (R running, S sleeping), CPU ticks and wait channel. */
function threadTable(pid) {
  const lines = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [state, utime, stime] = [fields[0], Number(fields[11]), Number(fields[12])];
      const wchan = readFileSync(`/proc/${pid}/task/${tid}/wchan`, 'utf8') || '-';
      lines.push(`${tid.padStart(7)} ${comm.padEnd(16)} ${state} cpu=${String(utime + stime).padStart(7)} ticks wchan=${wchan}`);
    } catch {
      // The thread ended while being read.
    }
  }
  return lines;
}

/** Writes the stalled child's thread states to a file and returns a summary for the log. */
function dumpStall(pid, file) {
  const before = threadTable(pid);
  const out = openSync(file, 'w');
  writeFileSync(out, `# /proc/${pid}/task/*/{stat,wchan}\n${before.join('\n')}\n\n# gdb -p ${pid} -batch -ex 'thread apply all bt'\n`);
  const gdb = spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt'], { stdio: ['ignore', out, out], timeout: 120_000 });
  if (gdb.error) writeFileSync(out, `gdb failed: ${gdb.error.message}\n`);
  // A second look: which threads kept burning CPU while gdb ran.
  writeFileSync(out, `\n# /proc/${pid}/task/*/{stat,wchan} after gdb\n${threadTable(pid).join('\n')}\n`);
  closeSync(out);
  return before;
}

function runChildUntilStallOrEnd(options, fitsLeft, onFit) {
  return new Promise((resolve) => {
    const args = [fileURLToPath(import.meta.url), '--child', '--fits', String(fitsLeft), '--threads', String(options.threads), '--rows', String(options.rows), '--epochs', String(options.epochs)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = Date.now();
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      resolve(outcome);
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('fit ')) return;
      last = Date.now();
      if (!onFit()) {
        child.kill('SIGKILL');
        finish({ kind: 'end' });
      }
    });
    child.on('exit', (code, signal) => finish(code === 0 ? { kind: 'end' } : { kind: 'crash', code, signal }));
    const watch = setInterval(() => {
      if (Date.now() - last < options.stall * 1000) return;
      clearInterval(watch);
      finish({ kind: 'stall', child });
    }, 250);
  });
}

async function supervise(options) {
  const dumpDir = options.dumpDir || join(tmpdir(), `kerasm-stress-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const started = Date.now();
  const deadline = started + options.duration * 1000;
  const siblings = startBusySiblings(options.busy);
  let fits = 0;
  let stalls = 0;
  let crashes = 0;
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(0);
  const onFit = () => {
    fits++;
    if (fits % 100 === 0) console.log(`stress-threads: ${fits} fits, ${stalls} stalls, ${elapsed()} s`);
    return fits < options.fits && Date.now() < deadline;
  };
  console.log(
    `stress-threads: up to ${options.fits} fits${Number.isFinite(options.duration) ? ` or ${options.duration} s` : ''}, ${options.threads} threads, ` +
      `${options.busy} busy siblings, ${options.rows} rows, ${options.epochs} epochs, stall after ${options.stall} s without a fit`,
  );
  try {
    while (fits < options.fits && Date.now() < deadline) {
      const outcome = await runChildUntilStallOrEnd(options, options.fits - fits, onFit);
      if (outcome.kind === 'stall') {
        stalls++;
        mkdirSync(dumpDir, { recursive: true });
        const file = join(dumpDir, `stall-${stalls}.txt`);
        const table = dumpStall(outcome.child.pid, file);
        outcome.child.kill('SIGKILL');
        console.log(`stress-threads: STALL ${stalls} after fit ${fits} (${elapsed()} s): no fit for ${options.stall} s; threads:\n${table.join('\n')}\n  full dump: ${file}`);
      } else if (outcome.kind === 'crash') {
        crashes++;
        console.log(`stress-threads: the child died (code ${outcome.code}, signal ${outcome.signal}) after fit ${fits}`);
        if (crashes >= 3) break;
      }
    }
  } finally {
    for (const sibling of siblings) sibling.kill('SIGKILL');
  }
  console.log(`stress-threads: ${fits} fits, ${stalls} stalls, ${crashes} crashes in ${elapsed()} s`);
  process.exitCode = stalls > 0 || crashes > 0 ? 1 : 0;
}

const { child, options } = parseArgs(process.argv.slice(2));
if (child) await runChild(options);
else await supervise(options);
