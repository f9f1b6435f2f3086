/**
 * Everything the engine needs from its host, for Node. This is the one host-specific file of the
 * engine: a browser build swaps it for one that fetches the module and spawns Web Workers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** What a pool worker needs to join the engine: the same module on the same shared memory. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

/** A running pool worker; it exits by itself when its pool is dropped. */
export interface PoolWorker {
  readonly threadId: number;
}

// dist/index.{cjs,mjs} and dist/worker.cjs sit one level below the package root, beside pkg/.
const packageRoot = path.resolve(__dirname, '..');

export const host = {
  readWasm(variant: 'threads' | 'single'): Uint8Array {
    return fs.readFileSync(path.join(packageRoot, 'pkg', variant, 'kerasm_bg.wasm'));
  },

  /** Node always can; `KERASM_ENGINE=single` asks for the single-thread build (no workers). */
  supportsThreads(): boolean {
    return process.env.KERASM_ENGINE !== 'single';
  },

  defaultThreads(): number {
    return os.availableParallelism();
  },

  /** Starts a worker and resolves once it waits for its rayon thread. */
  spawnWorker(init: WorkerInit): Promise<PoolWorker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(path.join(packageRoot, 'dist', 'worker.cjs'), { workerData: init });
      // An idle pool must not keep the process alive after the user's script ends.
      worker.unref();
      worker.once('message', () => resolve({ threadId: worker.threadId }));
      worker.once('error', reject);
    });
  },
};
