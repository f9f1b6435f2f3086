/**
 * The engine's model and dataset handles as the models use them (crates/kerasm-wasm/src/model.rs
 * exports them). Data crosses once per `fit`/`evaluate`/`predict`; a training epoch is one call.
 */
import type { Float32Rows } from '../data/array_input';
import { call, type Engine } from '../engine/wasm';

/** A built model in WASM memory: graph, weights, and after `compile` losses, metrics and optimizer. */
export type ModelHandle = InstanceType<Engine['ModelHandle']>;

/** Inputs, targets and sample weights copied into WASM memory. */
export type DatasetHandle = Engine['DatasetHandle']['prototype'];

/** Builds the engine model for a ModelSpec. */
export function newModelHandle(specJson: string): ModelHandle {
  return call('building the model', (e) => new e.ModelHandle(specJson));
}

/**
 * A dense input crosses in chunks of whole rows of about this size, so WASM memory never holds a
 * second full copy of a large input. With threads a pool thread checks and stores each chunk (as
 * CSR while it is mostly zeros) while this one copies the next; at 1 MiB the wake-up per chunk
 * cost as much as the overlap saved on IMDB, at 4 MiB the dense IMDB `fit` took 150–173 ms on two
 * threads against 181–230 on one.
 */
const INGEST_CHUNK_BYTES = 4 << 20;

function streamRows(builder: InstanceType<Engine['DatasetBuilder']>, x: Float32Rows, argument: string, firstIndex: number): void {
  const rows = x.shape[0];
  const width = rows === 0 ? 0 : x.data.length / rows;
  builder.begin_input(rows, Uint32Array.from(x.shape.slice(1)), argument, firstIndex);
  const chunkRows = Math.max(1, Math.floor(INGEST_CHUNK_BYTES / (4 * Math.max(1, width))));
  for (let start = 0; start < rows && width > 0; start += chunkRows) {
    builder.append_input(x.data.subarray(start * width, Math.min(rows, start + chunkRows) * width));
  }
}

/**
 * Copies one array per model input, per output (none for `predict`) and the optional sample
 * weights into the engine, which checks every value is finite (naming each array by its
 * `argument`). Targets of shape `[n]` become samples of shape `[1]`.
 */
export function newDataset(inputs: Float32Rows[], targets: Float32Rows[], sampleWeight: Float32Array | undefined, argument: string): DatasetHandle {
  return call(`copying ${argument} into the engine`, (e) => {
    const builder = new e.DatasetBuilder();
    try {
      inputs.forEach((x, i) => {
        const argument = x.argument ?? `inputs[${i}]`;
        const firstIndex = x.firstIndex ?? 0;
        if (x.sparse) {
          // Int32 views read as Uint32 without a copy: the SparseTensor checked they are ≥ 0.
          const { indptr, indices, values, shape } = x.sparse;
          builder.add_sparse_input(
            new Uint32Array(indptr.buffer, indptr.byteOffset, indptr.length),
            new Uint32Array(indices.buffer, indices.byteOffset, indices.length),
            values,
            shape[1],
            argument,
            firstIndex / shape[1],
          );
        } else {
          streamRows(builder, x, argument, firstIndex);
        }
      });
      targets.forEach((y, i) =>
        builder.add_target(y.data, Uint32Array.from(y.shape.length === 1 ? [1] : y.shape.slice(1)), y.argument ?? `targets[${i}]`, y.firstIndex ?? 0),
      );
      if (sampleWeight) builder.set_sample_weight(sampleWeight);
      return builder.build();
    } finally {
      builder.free();
    }
  });
}
