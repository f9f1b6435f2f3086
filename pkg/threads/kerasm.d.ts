/* tslint:disable */
/* eslint-disable */

/**
 * Builds a pool of `threads` rayon threads and makes kernels use it. Call it once `threads`
 * workers are waiting in `start_worker`. The previous pool, if any, is dropped (its workers return).
 */
export function build_pool(threads: number): void;

/**
 * Removes the pool: kernels run on the calling thread; the pool's workers return.
 */
export function drop_pool(): void;

/**
 * `op(A)·op(B)` for row-major `A` (m×k, or k×m when `trans_a`) and `B` (k×n, or n×k).
 */
export function matmul(a: Float32Array | number[], b: Float32Array | number[], m: number, n: number, k: number, trans_a: boolean, trans_b: boolean): Float32Array;

/**
 * Threads the kernels use now (1 without a pool).
 */
export function pool_threads(): number;

/**
 * Entry of a worker: blocks until `build_pool` hands it a rayon thread, then runs it until that
 * pool is dropped, and returns so the worker can exit.
 */
export function start_worker(): void;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly build_pool: (a: number) => [number, number];
    readonly drop_pool: () => void;
    readonly matmul: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number) => [number, number, number, number];
    readonly pool_threads: () => number;
    readonly start_worker: () => void;
    readonly memory: WebAssembly.Memory;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_thread_destroy: (a?: number, b?: number, c?: number) => void;
    readonly __wbindgen_start: (a: number) => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput, memory?: WebAssembly.Memory, thread_stack_size?: number }} module - Passing `SyncInitInput` directly is deprecated.
 * @param {WebAssembly.Memory} memory - Deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput, memory?: WebAssembly.Memory, thread_stack_size?: number } | SyncInitInput, memory?: WebAssembly.Memory): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput>, memory?: WebAssembly.Memory, thread_stack_size?: number }} module_or_path - Passing `InitInput` directly is deprecated.
 * @param {WebAssembly.Memory} memory - Deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput>, memory?: WebAssembly.Memory, thread_stack_size?: number } | InitInput | Promise<InitInput>, memory?: WebAssembly.Memory): Promise<InitOutput>;
