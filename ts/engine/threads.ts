/**
 * The compute thread pool. It starts on first use with the host's core count; `setThreads(n)`
 * replaces it. Kernels split work the same way whatever the pool size, so results are bitwise
 * identical on every thread count.
 */
import { ValueError } from '../errors';
import { currentHost, type PoolWorker } from '../hosts/host';
import { engine, loadedModule } from './wasm';

let requested: number | undefined;
let running = 1;
let workers: PoolWorker[] = [];
let change: Promise<void> = Promise.resolve();

/**
 * Sets how many threads kernels run on (1 = no pool, the calling thread only). Resolves once the
 * new pool is ready. Without a call, the first `fit` starts `os.availableParallelism()` threads.
 *
 * @example
 * ```ts
 * await setThreads(1); // deterministic anyway; this only changes speed
 * ```
 */
export function setThreads(threads: number): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new ValueError(`setThreads expects an integer from 1 to 256. Received: threads=${threads}`);
  }
  requested = threads;
  change = change.then(() => resize(threads));
  return change;
}

/** Threads kernels use right now. */
export function getThreads(): number {
  return running;
}

/** Starts the default pool if no size was ever set; resolves when the pool is ready. */
export function ensureThreads(): Promise<void> {
  if (requested === undefined) return setThreads(loadedModule().variant === 'threads' ? currentHost().defaultThreads() : 1);
  return change;
}

async function resize(threads: number): Promise<void> {
  const { variant, module, memory } = loadedModule();
  const target = variant === 'threads' ? threads : 1;
  if (target === running && (target === 1 || workers.length > 0)) return;
  if (target > 1) {
    const fresh = await Promise.all(Array.from({ length: target }, () => currentHost().spawnWorker({ module, memory })));
    engine().build_pool(target); // drops the previous pool too
    workers = fresh;
  } else {
    engine().drop_pool();
    workers = [];
  }
  running = target;
}
