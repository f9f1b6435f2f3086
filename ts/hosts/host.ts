/**
 * What kerasm needs from the platform it runs on — the engine's `.wasm`, pool workers, a thread
 * count, files, PNG rendering — as one interface. The core never imports a platform module: each
 * entry point (`ts/node.ts`, `ts/browser.ts`) installs its host before the user's code runs.
 */
import { StateError } from '../errors';

/**
 * Which engine build: SIMD with threads (shared memory), or SIMD on one thread.
 *
 * @example
 * ```ts
 * const variant: EngineVariant = engineVariant();
 * ```
 */
export type EngineVariant = 'threads' | 'single';

/**
 * Where to find an engine build: the path or URL of its `kerasm_bg.wasm`, as text or a `URL`
 * (typed by its `href`, so the declarations need neither the DOM's nor Node's types).
 */
export type WasmLocation = string | { readonly href: string };

/** What a pool worker needs to join the engine: the same module on the same shared memory. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

/** A running pool worker; it exits by itself when its pool is dropped. */
export interface PoolWorker {
  readonly threadId: number;
}

/** What a write takes: bytes, text (written as UTF-8), or chunks of bytes written one after the other (a large file never in one buffer). */
export type FileData = Uint8Array | string | Iterable<Uint8Array>;

/** Bounds on a read of a file that may come from anyone. */
export interface ReadLimits {
  /** Refuse a file larger than this many bytes (checked from its size before anything is read). */
  maxBytes?: number;
}

/**
 * Files by path, where the host has them (Node). Errors are `ValueError`s (or
 * `StateError`s when the disk fails) whose message names the path and what it was for.
 */
export interface HostFiles {
  /**
   * The bytes of the regular file at `path`; `purpose` (e.g. "the model") goes into the error when
   * it cannot be read. Devices, FIFOs and directories are refused, and so is a file over
   * `limits.maxBytes` (`FILE_TOO_LARGE`).
   */
  readBytes(path: string, purpose: string, limits?: ReadLimits): Uint8Array;
  /**
   * Replaces the file at `path` (creating its directory) atomically: a reader, or the file after a
   * crash, sees the old file or the new one, never a part (a temporary file in the same directory,
   * written, flushed, renamed over the target, the directory flushed; the temporary removed when
   * anything fails). A chunk iterable that throws leaves the old file as it was.
   */
  writeBytes(path: string, data: FileData, purpose?: string): void;
  /** Appends `text` to `path` in one write, creating the file and its directory when needed. */
  appendText(path: string, text: string, purpose?: string): void;
  /** True when `path` names an existing regular file. */
  isFile(path: string): boolean;
  /** `directory` and `name` joined with the host's separator. */
  joinPath(directory: string, name: string): string;
}

/** A file of a data set as Keras serves it: where it comes from, where it is cached, how it is checked. */
export interface DatasetFileRequest {
  /** The file's name at the origin, e.g. `'imdb.npz'`. */
  name: string;
  /** Where Keras downloads it from (the name is appended); a host may let the user move it (Node: `KERASM_DATASETS_URL`). */
  origin: string;
  /** Its path inside the cache, e.g. `'imdb.npz'` or `'fashion-mnist/train-labels-idx1-ubyte.gz'`. */
  cacheName: string;
  /** Its hash as Keras pins it (`sha256` or `md5`, hex); absent where Keras pins none (Fashion-MNIST). */
  hash?: { algorithm: 'sha256' | 'md5'; hex: string };
  /** No progress display. */
  quiet: boolean;
  /** The call that needs it, for errors, e.g. `'datasets.imdb.loadData()'`. */
  caller: string;
}

/** A platform kerasm runs on. Optional members are what some hosts cannot do. */
export interface Host {
  /** Named in errors: `'node'` or `'web'`. */
  readonly name: string;
  /** Compiles an engine build, from `location` when given, else from where the package keeps it. */
  compileWasm(variant: EngineVariant, location?: WasmLocation): Promise<WebAssembly.Module>;
  /** The same, synchronously, for hosts that can read their own files (Node loads on first use). */
  compileWasmSync?(variant: EngineVariant): WebAssembly.Module;
  /** Whether the threaded build may run here (shared memory is available and allowed). */
  supportsThreads(): boolean;
  /** The pool size used when the user never called `setThreads`. */
  defaultThreads(): number;
  /** Starts a pool worker on the engine's module and memory; resolves once it waits for work. */
  spawnWorker(init: WorkerInit): Promise<PoolWorker>;
  /**
   * The local path of a data set file, downloaded once into the host's cache (verified against its
   * hash, written atomically) and taken from there afterwards; absent where there is no cache (browsers).
   */
  datasetFile?(request: DatasetFileRequest): string;
  /** Files by path; absent where there are none (browsers). */
  readonly files?: HostFiles;
  /** SVG text → PNG bytes at `scale` × its size; absent where there is no renderer. */
  renderPng?(svg: string, scale: number): Uint8Array;
  /**
   * Resolves in a new macrotask, once the event loop has run what is pending (timers, I/O,
   * signal handlers, a page's input and rendering). A microtask would not do: it runs before any
   * of those. `fit`, `evaluate` and `predict` await it between engine calls.
   */
  yieldToEventLoop(): Promise<void>;
  /**
   * A full garbage collection now, so forgotten models can be freed (their WASM memory is
   * invisible to the collector); absent where the platform offers none (browsers).
   */
  collectGarbage?(): void;
}

let installed: Host | undefined;

/** Makes `host` the one kerasm uses (each entry point does this once, on import). */
export function installHost(host: Host): void {
  installed = host;
}

/** The installed host. */
export function currentHost(): Host {
  if (!installed) {
    throw new StateError(
      "No kerasm host is installed: import the package as 'kerasm' (its Node or browser entry installs one), not a file inside it. Received: no host",
      'NO_HOST',
    );
  }
  return installed;
}

/**
 * The host's files, for `caller` (e.g. "model.save(path)"); where there are none, an error that
 * names `alternative`, what to use instead in this host.
 */
export function hostFiles(caller: string, alternative: string): HostFiles {
  const host = currentHost();
  if (!host.files) {
    throw new StateError(`${caller} works on files, which this host (${host.name}) does not have; ${alternative}. Received: a file path`, 'NO_FILES');
  }
  return host.files;
}

/** The host's PNG renderer, for `caller`; where there is none, an error saying to use the SVG. */
export function hostPngRenderer(caller: string): (svg: string, scale: number) => Uint8Array {
  const host = currentHost();
  if (!host.renderPng) {
    throw new StateError(
      `${caller} cannot render a PNG in this host (${host.name}); use the SVG text instead (e.g. as an <img> source or inline in the page). Received: a .png request`,
      'NO_PNG_RENDERER',
    );
  }
  return host.renderPng.bind(host);
}
