/** The Node host: the engine from the package's own `pkg/`, pool workers on worker_threads, files with `node:fs`. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { ValueError } from '../../errors';
import type { EngineVariant, Host, PoolWorker, WasmLocation, WorkerInit } from '../host';
import { datasetFile } from './dataset_cache';
import { nodeFiles } from './node_files';
import { renderPng } from './render_png';

// dist/index.{cjs,mjs} and dist/worker.cjs sit one level below the package root, beside pkg/.
const packageRoot = resolve(__dirname, '..');

function wasmPath(variant: EngineVariant, location?: WasmLocation): string {
  if (location === undefined) return join(packageRoot, 'pkg', variant, 'kerasm_bg.wasm');
  const text = typeof location === 'string' ? location : location.href;
  // A path, unless it starts with a scheme (file:///..., https://...).
  if (!/^[a-z][a-z0-9+.-]+:\/\//i.test(text)) return text;
  const url = new URL(text);
  if (url.protocol !== 'file:') {
    throw new ValueError(`In Node the engine is read from a file: pass a path or a file: URL. Received: wasm.${variant}=${text}`);
  }
  return fileURLToPath(url);
}

/** Node's host. */
export const nodeHost: Host = {
  name: 'node',

  async compileWasm(variant, location) {
    return WebAssembly.compile(nodeFiles.readBytes(wasmPath(variant, location), `the kerasm engine (${variant})`) as BufferSource);
  },

  compileWasmSync(variant) {
    return new WebAssembly.Module(readFileSync(wasmPath(variant)));
  },

  /** `KERASM_ENGINE=single` asks for the single-thread build (no workers). */
  supportsThreads() {
    return process.env.KERASM_ENGINE !== 'single';
  },

  defaultThreads() {
    return availableParallelism();
  },

  spawnWorker(init: WorkerInit): Promise<PoolWorker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(join(packageRoot, 'dist', 'worker.cjs'), { workerData: init });
      // An idle pool must not keep the process alive after the user's script ends.
      worker.unref();
      worker.once('message', () => resolve({ threadId: worker.threadId }));
      worker.once('error', reject);
    });
  },

  datasetFile,
  files: nodeFiles,
  renderPng,

  /** setImmediate runs after the loop's timers, I/O and signal callbacks. */
  yieldToEventLoop() {
    return new Promise((resolve) => setImmediate(resolve));
  },

  collectGarbage() {
    fullCollection ??= exposedGc();
    fullCollection();
  },
};

let fullCollection: (() => void) | undefined;

/**
 * V8's `gc()`: the global one when node runs with --expose-gc, else from a fresh context once
 * the flag is set (Node's documented way to reach it at run time). Called rarely: after tens of
 * MiB of engine memory were allocated (models/engine_memory.ts).
 */
function exposedGc(): () => void {
  const global = (globalThis as { gc?: () => void }).gc;
  if (global) return global;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
