/**
 * The generated wasm-bindgen layer, loaded once per process. Only `ts/engine` touches it; the rest
 * of the package goes through `engine()`, so users never see `pkg/`.
 */
import * as threadedGlue from '../../pkg/threads/kerasm.js';
import * as singleGlue from '../../pkg/single/kerasm.js';
import { InternalError, KerasmError, StateError, ValueError } from '../errors';
import { currentHost, type EngineVariant, type WasmLocation } from '../hosts/host';
import { checkOptions, optionNames } from '../utils/options';
import { userMessage } from './engine_messages';

export type { EngineVariant } from '../hosts/host';

/** The exports of the engine (both builds share them; the threaded one adds the pool). */
export type Engine = typeof threadedGlue;

interface Loaded {
  engine: Engine;
  variant: EngineVariant;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

/**
 * Options of {@link init}.
 *
 * @example
 * ```ts browser
 * await init({ wasm: { threads: 'https://cdn.example.com/kerasm/pkg/threads/kerasm_bg.wasm', single: 'https://cdn.example.com/kerasm/pkg/single/kerasm_bg.wasm' } });
 * ```
 */
export interface InitOptions {
  /**
   * Where each engine build's `kerasm_bg.wasm` is, when not beside the package's own module (a
   * CDN, a bundler's asset URL): a URL in browsers, a path or `file:` URL in Node.
   */
  wasm?: Partial<Record<EngineVariant, WasmLocation>>;
}

const INIT_OPTIONS = optionNames<InitOptions>({ wasm: true });

let loaded: Loaded | undefined;
let loading: Promise<void> | undefined;

/** Shared memory needs SharedArrayBuffer (in browsers: a cross-origin isolated page). */
function pickVariant(): EngineVariant {
  return typeof SharedArrayBuffer === 'function' && currentHost().supportsThreads() ? 'threads' : 'single';
}

function glueOf(variant: EngineVariant): Engine {
  return (variant === 'threads' ? threadedGlue : singleGlue) as Engine;
}

function loadSync(): Loaded {
  const host = currentHost();
  if (!host.compileWasmSync) {
    throw new StateError(
      `The kerasm engine is not loaded yet: in this host (${host.name}) it is fetched, so call \`await init()\` once before using models or ops. Received: an engine call before init()`,
      'NOT_INITIALIZED',
    );
  }
  const variant = pickVariant();
  const glue = glueOf(variant);
  const module = host.compileWasmSync(variant);
  const exports = glue.initSync({ module });
  return { engine: glue, variant, module, memory: exports.memory };
}

async function loadAsync(options: InitOptions): Promise<void> {
  const variant = pickVariant();
  const glue = glueOf(variant);
  const module = await currentHost().compileWasm(variant, options.wasm?.[variant]);
  // Instantiated asynchronously: browsers refuse to instantiate a large module synchronously on a page's main thread.
  const exports = await glue.default({ module_or_path: module });
  loaded ??= { engine: glue, variant, module, memory: exports.memory };
}

/**
 * Loads the engine: fetches and compiles its `.wasm` (the threaded build where shared memory is
 * allowed, else the single-thread one). Browsers need it once before the first model; Node loads
 * the engine on first use anyway, so there it is optional. Resolves at once when already loaded.
 *
 * @example
 * ```ts
 * import { init, Sequential, layers } from 'kerasm';
 * await init(); // in a browser: fetches kerasm_bg.wasm from beside the module
 * const model = new Sequential([layers.dense({ units: 1, inputShape: [3] })]);
 * ```
 */
export function init(options: InitOptions = {}): Promise<void> {
  options = checkOptions(options, INIT_OPTIONS, 'init(options)');
  if (options.wasm !== undefined && (typeof options.wasm !== 'object' || options.wasm === null)) {
    return Promise.reject(new ValueError(`init's \`wasm\` must map 'threads' and/or 'single' to a URL. Received: wasm=${String(options.wasm)}`));
  }
  if (loaded) {
    if (options.wasm !== undefined) {
      return Promise.reject(new StateError(`init({ wasm }) must come before the engine's first use; it is loaded already. Received: wasm=${JSON.stringify(options.wasm)}`));
    }
    return Promise.resolve();
  }
  loading ??= loadAsync(options).finally(() => (loading = undefined));
  return loading;
}

/** The engine; hosts that read their own files (Node) load it on first use, others need {@link init}. */
export function engine(): Engine {
  loaded ??= loadSync();
  return loaded.engine;
}

/** The loaded module and its memory, for spawning workers on the same memory. */
export function loadedModule(): Loaded {
  engine();
  return loaded as Loaded;
}

/**
 * Which build is running: `'threads'` (Node, cross-origin isolated pages) or `'single'`.
 *
 * @example
 * ```ts
 * engineVariant(); // 'threads'
 * ```
 */
export function engineVariant(): EngineVariant {
  return loadedModule().variant;
}

/**
 * Bytes of WASM linear memory (grows, never shrinks; kerasm reuses what it freed).
 *
 * @example
 * ```ts
 * console.log(`${wasmMemoryBytes() / 2 ** 20} MiB of WASM memory`);
 * ```
 */
export function wasmMemoryBytes(): number {
  return loadedModule().memory.buffer.byteLength;
}

/**
 * Runs an engine call, turning its failures into kerasm errors. Rust returns errors as
 * `"CODE: message"`; a trap (`WebAssembly.RuntimeError`) means validation missed a case.
 */
export function call<T>(what: string, fn: (e: Engine) => T): T {
  try {
    return fn(engine());
  } catch (err) {
    throw toKerasmError(what, err);
  }
}

function toKerasmError(what: string, err: unknown): Error {
  if (err instanceof KerasmError) return err;
  if (err instanceof WebAssembly.RuntimeError) {
    return new InternalError(`The engine trapped in ${what} (${err.message}). This is a bug in kerasm; please report it.`, 'WASM_TRAP');
  }
  const message = err instanceof Error ? err.message : String(err);
  const match = /^([A-Z_]+): ([\s\S]*)$/.exec(message);
  if (!match) return new InternalError(`${what} failed: ${message}`);
  const [, code, engineText] = match;
  const text = userMessage(code, engineText);
  return code === 'NOT_COMPILED' || code === 'INVALID_STATE' ? new StateError(text, code) : new ValueError(text, code);
}
