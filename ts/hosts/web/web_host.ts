/**
 * The web host, for a page or a Web Worker: the engine fetched from beside this module (or from
 * where `init({ wasm })` says), pool workers as module Web Workers, no files and no PNG renderer.
 */
import { KerasmError, ValueError } from '../../errors';
import type { EngineVariant, Host, PoolWorker, WasmLocation, WorkerInit } from '../host';

// Relative to the built module (dist/browser.mjs sits one level below pkg/). Literal URLs, one
// per build, so bundlers that follow `new URL(..., import.meta.url)` copy the files along.
function packagedWasm(variant: EngineVariant): URL {
  return variant === 'threads' ? new URL('../pkg/threads/kerasm_bg.wasm', import.meta.url) : new URL('../pkg/single/kerasm_bg.wasm', import.meta.url);
}

async function fetchWasm(variant: EngineVariant, location: WasmLocation): Promise<Response> {
  const url = typeof location === 'string' ? location : location.href;
  const fix = `serve kerasm's pkg/ folder beside dist/, or pass its URL: await init({ wasm: { ${variant}: url } })`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ValueError(`Cannot fetch the kerasm engine (${variant}) from ${url}: ${(error as Error).message}; ${fix}. Received: ${url}`, 'ENGINE_NOT_FOUND');
  }
  if (!response.ok) {
    throw new ValueError(`Cannot fetch the kerasm engine (${variant}) from ${url}: HTTP ${response.status}; ${fix}. Received: ${url}`, 'ENGINE_NOT_FOUND');
  }
  return response;
}

let spawned = 0;

/** Resolvers waiting for the next message on {@link macrotaskChannel}, oldest first. */
const waiting: (() => void)[] = [];
let channel: MessageChannel | undefined;

/** Node's ports (where the web build runs under Node) keep the process alive while ref'd. */
type NodePort = { ref?: () => void; unref?: () => void };

function macrotaskChannel(): MessageChannel {
  if (!channel) {
    const port = (channel = new MessageChannel()).port1;
    port.onmessage = () => {
      waiting.shift()?.();
      // Idle again: an open port must not keep a Node process alive.
      if (waiting.length === 0) (port as NodePort).unref?.();
    };
  }
  return channel;
}

/**
 * A macrotask without setTimeout's clamp (browsers delay nested timeouts to 4 ms or more, and
 * background tabs to 1 s): a message posted to our own channel.
 */
function nextMacrotask(): Promise<void> {
  const { port1, port2 } = macrotaskChannel();
  return new Promise((resolve) => {
    waiting.push(resolve);
    (port1 as NodePort).ref?.();
    port2.postMessage(undefined);
  });
}

/** The web host. */
export const webHost: Host = {
  name: 'web',

  async compileWasm(variant, location) {
    const response = await fetchWasm(variant, location ?? packagedWasm(variant));
    // Streaming compilation needs the application/wasm type, which not every static server sends.
    if (response.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
    return WebAssembly.compile(await response.arrayBuffer());
  },

  /** Shared memory is only allowed on cross-origin isolated pages (COOP/COEP headers). */
  supportsThreads() {
    return globalThis.crossOriginIsolated === true;
  },

  defaultThreads() {
    return globalThis.navigator?.hardwareConcurrency ?? 1;
  },

  spawnWorker(init: WorkerInit): Promise<PoolWorker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./web_pool_worker.mjs', import.meta.url), { type: 'module', name: 'kerasm-pool' });
      const threadId = ++spawned;
      worker.addEventListener('message', () => resolve({ threadId }), { once: true });
      worker.addEventListener('error', (event) => reject(new KerasmError('WORKER_FAILED', `A kerasm pool worker failed to start: ${event.message}`)), { once: true });
      worker.postMessage(init);
    });
  },

  yieldToEventLoop: nextMacrotask,
};
