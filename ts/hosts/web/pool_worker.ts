/**
 * A pool worker in a browser (a module Web Worker, built as dist/web_pool_worker.mjs): joins the
 * engine's shared memory, runs one rayon thread until its pool is dropped, then frees its stack
 * and closes.
 */
import { initSync, start_worker } from '../../../pkg/threads/kerasm.js';
import type { WorkerInit } from '../host';

/** The part of a dedicated worker's global scope this script uses. */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerInit>) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = ({ data }) => {
  scope.onmessage = null;
  const exports = initSync({ module: data.module, memory: data.memory });
  scope.postMessage('ready');
  start_worker();
  exports.__wbindgen_thread_destroy();
  scope.close();
};
