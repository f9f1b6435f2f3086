// What a result depends on: the machine, its load, and every engine's version.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const PACKAGES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu', 'brain.js'];

/** Machine, runtime and package versions; `root` is the repository root. */
export function machineInfo(root) {
  const cpus = os.cpus();
  const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
    v8: process.versions.v8,
    packages: {
      kerasm: `${version(root)} (${gitRevision(root)})`,
      ...Object.fromEntries(PACKAGES.map((p) => [p, version(join(root, 'node_modules', p))])),
    },
  };
}

/**
 * The commit the bench ran on, marked `+changes` when the tree had uncommitted edits.
 * KERASM_BENCH_REVISION names it when the bench runs on an exported tree (`git archive`), which
 * keeps a run off other engineers' half-finished edits.
 */
function gitRevision(root) {
  if (process.env.KERASM_BENCH_REVISION) return process.env.KERASM_BENCH_REVISION;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return 'no git';
  }
}

/** The 1-minute load average: how busy the shared cores were (our own child counts for 1). */
export function loadSnapshot() {
  return { at: new Date().toISOString(), loadAverage1m: os.loadavg()[0] };
}
