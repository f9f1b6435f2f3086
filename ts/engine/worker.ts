/**
 * A pool worker (Node worker_threads): joins the engine's shared memory, runs one rayon thread
 * until its pool is dropped, then frees its stack and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initSync, start_worker } from '../../pkg/threads/kerasm.js';
import type { WorkerInit } from '../hosts/host';

const init = workerData as WorkerInit;
const exports = initSync({ module: init.module, memory: init.memory });
parentPort?.postMessage('ready');
start_worker();
exports.__wbindgen_thread_destroy();
