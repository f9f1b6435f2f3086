/** A model's `.kerasm` files by path, through the host's files (Node); other hosts use the in-memory forms. */
import { strToU8 } from 'fflate';
import { ValueError } from '../errors';
import { hostFiles } from '../hosts/host';
import type { Model } from '../models/model';
import { MAX_ARCHIVE_BYTES, unpackArchive } from './archive';
import { type ArchiveEntry, archiveChunks, float32Chunks } from './archive_chunks';
import { restoreWeights } from './restore_weights';
import { checkExtension, modelConfig, type WeightsPayload, weightsPayload } from './serialize';

/**
 * Refuses to write a model whose weights or optimizer state hold NaN or ±Infinity — a diverged
 * model — before any file is touched: such a file could not be loaded, and it would replace a good one.
 */
function checkFinite(payload: WeightsPayload, method: string, path: string): void {
  const groups: [string, Float32Array[], string[]][] = [
    ['weight', payload.weights, payload.metadata.weights.map((w) => w.name)],
    ['optimizer variable', payload.optimizer ?? [], (payload.optimizer ?? []).map((_, i) => String(i))],
  ];
  for (const [kind, arrays, names] of groups) {
    arrays.forEach((array, i) => {
      const bad = array.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new ValueError(
          `${method} refuses to write a model with non-finite values (it has diverged; lower the learning rate, or keep the last good epoch with callbacks.terminateOnNaN / earlyStopping({ restoreBestWeights })); "${path}" is left as it was. Received: ${kind} ${names[i]}[${bad}]=${array[bad]}`,
          'NON_FINITE',
        );
      }
    });
  }
}

/** The zip's files for `payload`, the weights streamed from their arrays. */
function payloadEntries(payload: WeightsPayload, config?: Record<string, unknown>): ArchiveEntry[] {
  return [
    ...(config ? [{ name: 'config.json', chunks: [strToU8(JSON.stringify(config))], deflate: true }] : []),
    { name: 'metadata.json', chunks: [strToU8(JSON.stringify(payload.metadata))], deflate: true },
    { name: 'model.weights.bin', chunks: float32Chunks(payload.weights), deflate: false },
    ...(payload.optimizer ? [{ name: 'optimizer.bin', chunks: float32Chunks(payload.optimizer), deflate: false }] : []),
  ];
}

/** Writes the whole model to a `.kerasm` file, atomically. */
export function saveModelFile(model: Model, filepath: string): void {
  const path = checkExtension(filepath, '.kerasm', 'model.save');
  const files = hostFiles('model.save(path)', 'use model.saveToBuffers() and store its buffers');
  const payload = weightsPayload(model);
  checkFinite(payload, 'model.save', path);
  files.writeBytes(path, archiveChunks(payloadEntries(payload, modelConfig(model))), 'the model');
}

/** Writes the weights (and optimizer state) to a `.weights.kerasm` file, atomically. */
export function saveWeightsFile(model: Model, filepath: string): void {
  const path = checkExtension(filepath, '.weights.kerasm', 'model.saveWeights');
  const files = hostFiles('model.saveWeights(path)', 'use model.getWeights() (and getOptimizerState()) and store them');
  const payload = weightsPayload(model);
  checkFinite(payload, 'model.saveWeights', path);
  files.writeBytes(path, archiveChunks(payloadEntries(payload)), 'the weights');
}

/** Reads weights (and optimizer state) from a `.weights.kerasm` or `.kerasm` file into `model`. */
export function loadWeightsFile(model: Model, filepath: string): void {
  const files = hostFiles('model.loadWeights(path)', 'use model.setWeights(tensors), or loadModelFromBuffers(bytes) for a whole model');
  restoreWeights(model, unpackArchive(files.readBytes(filepath, 'the weights', { maxBytes: MAX_ARCHIVE_BYTES }), filepath), filepath);
}
