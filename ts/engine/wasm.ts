/**
 * The generated wasm-bindgen layer, loaded once per process. Only `ts/engine` touches it; the rest
 * of the package goes through `engine()`, so users never see `pkg/`.
 */
import * as threadedGlue from '../../pkg/threads/kerasm.js';
import * as singleGlue from '../../pkg/single/kerasm.js';
import { InternalError, KerasmError, StateError, ValueError } from '../errors';
import { host } from './host';

/** The exports of the engine (both builds share them; the threaded one adds the pool). */
export type Engine = typeof threadedGlue;

/** Which build is running: SIMD with threads (shared memory) or SIMD on one thread. */
export type EngineVariant = 'threads' | 'single';

interface Loaded {
  engine: Engine;
  variant: EngineVariant;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

let loaded: Loaded | undefined;

/** Shared memory needs SharedArrayBuffer (in browsers: a cross-origin isolated page). */
function pickVariant(): EngineVariant {
  return typeof SharedArrayBuffer === 'function' && host.supportsThreads() ? 'threads' : 'single';
}

function load(): Loaded {
  const variant = pickVariant();
  const glue = (variant === 'threads' ? threadedGlue : singleGlue) as Engine;
  const module = new WebAssembly.Module(host.readWasm(variant) as BufferSource);
  const exports = glue.initSync({ module });
  return { engine: glue, variant, module, memory: exports.memory };
}

/** The engine, loaded on first use. */
export function engine(): Engine {
  loaded ??= load();
  return loaded.engine;
}

/** The loaded module and its memory, for spawning workers on the same memory. */
export function loadedModule(): Loaded {
  engine();
  return loaded as Loaded;
}

/** Which build is running (`'threads'` in Node). */
export function engineVariant(): EngineVariant {
  return loadedModule().variant;
}

/** Bytes of WASM linear memory (grows, never shrinks; kerasm reuses what it freed). */
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
  const [, code, text] = match;
  return code === 'NOT_COMPILED' || code === 'INVALID_STATE' ? new StateError(text, code) : new ValueError(text, code);
}
