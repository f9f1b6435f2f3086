/* tslint:disable */
/* eslint-disable */

/**
 * Collects a dataset's arrays one call at a time (each copied into WASM memory once), so JS
 * never concatenates them first. A dense input streams in chunks of rows (`begin_input`, then
 * `append_input` until every row is in), checked and stored as CSR while it is mostly zeros.
 */
export class DatasetBuilder {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The next model input as a CSR matrix of `cols` columns (see `CsrView`): only the
     * non-zeros cross the boundary, are checked and stay CSR in WASM memory (a Dense layer
     * reading them runs on the non-zeros). `first_row` is the user's row of the first one
     * (for a non-finite value's flat index).
     */
    add_sparse_input(indptr: Uint32Array | number[], indices: Uint32Array | number[], values: Float32Array | number[], cols: number, argument: string, first_row: number): void;
    /**
     * The next model output's targets (named as in `begin_input`).
     */
    add_target(data: Float32Array | number[], sample_shape: Uint32Array | number[], argument: string, first_index: number): void;
    /**
     * The next whole rows of the input `begin_input` started, row-major.
     */
    append_input(values: Float32Array | number[]): void;
    /**
     * Starts the next model input: `rows` samples of `sample_shape`. `argument` names the
     * user's array in errors and `first_index` is the flat index of its first value there.
     */
    begin_input(rows: number, sample_shape: Uint32Array | number[], argument: string, first_index: number): void;
    /**
     * The checked dataset; the builder is left empty.
     */
    build(): DatasetHandle;
    constructor();
    /**
     * One loss weight per sample.
     */
    set_sample_weight(weights: Float32Array | number[]): void;
}

/**
 * Samples, targets and weights copied into WASM memory once per `fit`/`evaluate`/`predict`.
 */
export class DatasetHandle {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    rows(): number;
}

export class ModelHandle {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Sets losses, optimizer and metrics from a CompileSpec JSON; resets the optimizer state.
     */
    compile(spec_json: string): void;
    iterations(): number;
    /**
     * The current learning rate (a schedule's value at the current step).
     */
    learning_rate(): number;
    /**
     * `["loss", "acc", ...]`: the keys of `metric_results`, as Keras names them.
     */
    metric_names(): string[];
    metric_results(): Float64Array;
    /**
     * Builds the graph from a ModelSpec JSON and initialises its weights from the spec's seed.
     */
    constructor(spec_json: string);
    /**
     * The optimizer's state arrays, concatenated in `optimizer_state_info` order.
     */
    optimizer_state_flat(): Float32Array;
    /**
     * The sizes of the optimizer's state arrays, as a JSON array (`[]` before `compile`).
     */
    optimizer_state_info(): string;
    /**
     * Every output for every row of `data`'s inputs, output after output, each row-major.
     */
    predict(data: DatasetHandle, batch_size: number): Float32Array;
    reset_metrics(): void;
    set_learning_rate(lr: number): void;
    /**
     * Restores the optimizer's state (arrays of `sizes`, concatenated) and step count; all or
     * nothing.
     */
    set_optimizer_state(values: Float32Array | number[], sizes: Uint32Array | number[], iterations: number): void;
    /**
     * Replaces every weight from one concatenated array (all or nothing).
     */
    set_weights_flat(values: Float32Array | number[]): void;
    test_batches(data: DatasetHandle, batch_size: number): void;
    /**
     * One optimizer step per batch of `order` (rows of `data`), with no call back into JS.
     */
    train_batches(data: DatasetHandle, order: Uint32Array | number[], batch_size: number): void;
    /**
     * `[{ "name": "dense/kernel", "shape": [10, 16], "trainable": true }, ...]` as JSON.
     */
    weight_info(): string;
    /**
     * Every weight's values, concatenated in `weight_info` order.
     */
    weights_flat(): Float32Array;
}

/**
 * Every accepted name by kind: `{ layers, activations, initializers, losses, metrics,
 * optimizers, regularizers, schedules, expression_ops }`, each a list of strings.
 */
export function catalogue(): string;

/**
 * `{ config, output_shapes, weights: [{ name, shape, trainable }] }` of a layer of `kind`
 * whose `config_json` holds snake_case Keras arguments, called on inputs of per-sample
 * shapes `input_shapes_json` (a list of shapes).
 */
export function describe_layer(kind: string, config_json: string, input_shapes_json: string): string;

/**
 * Every layer kind's examples: `[{ kind, config, input_shapes, indices_below }]`.
 */
export function layer_examples(): string;

/**
 * `op(A)·op(B)` for row-major `A` (m×k, or k×m when `trans_a`) and `B` (k×n, or n×k).
 */
export function matmul(a: Float32Array | number[], b: Float32Array | number[], m: number, n: number, k: number, trans_a: boolean, trans_b: boolean): Float32Array;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_datasetbuilder_free: (a: number, b: number) => void;
    readonly __wbg_datasethandle_free: (a: number, b: number) => void;
    readonly __wbg_modelhandle_free: (a: number, b: number) => void;
    readonly catalogue: () => [number, number];
    readonly datasetbuilder_add_sparse_input: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number) => [number, number];
    readonly datasetbuilder_add_target: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) => void;
    readonly datasetbuilder_append_input: (a: number, b: number, c: number) => [number, number];
    readonly datasetbuilder_begin_input: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => [number, number];
    readonly datasetbuilder_build: (a: number) => [number, number, number];
    readonly datasetbuilder_new: () => number;
    readonly datasetbuilder_set_sample_weight: (a: number, b: number, c: number) => void;
    readonly datasethandle_rows: (a: number) => number;
    readonly describe_layer: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number, number];
    readonly layer_examples: () => [number, number];
    readonly matmul: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number) => [number, number, number, number];
    readonly modelhandle_compile: (a: number, b: number, c: number) => [number, number];
    readonly modelhandle_iterations: (a: number) => number;
    readonly modelhandle_learning_rate: (a: number) => number;
    readonly modelhandle_metric_names: (a: number) => [number, number];
    readonly modelhandle_metric_results: (a: number) => [number, number];
    readonly modelhandle_new: (a: number, b: number) => [number, number, number];
    readonly modelhandle_optimizer_state_flat: (a: number) => [number, number];
    readonly modelhandle_optimizer_state_info: (a: number) => [number, number];
    readonly modelhandle_predict: (a: number, b: number, c: number) => [number, number, number, number];
    readonly modelhandle_reset_metrics: (a: number) => void;
    readonly modelhandle_set_learning_rate: (a: number, b: number) => void;
    readonly modelhandle_set_optimizer_state: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number];
    readonly modelhandle_set_weights_flat: (a: number, b: number, c: number) => [number, number];
    readonly modelhandle_test_batches: (a: number, b: number, c: number) => [number, number];
    readonly modelhandle_train_batches: (a: number, b: number, c: number, d: number, e: number) => [number, number];
    readonly modelhandle_weight_info: (a: number) => [number, number];
    readonly modelhandle_weights_flat: (a: number) => [number, number];
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __externref_drop_slice: (a: number, b: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
