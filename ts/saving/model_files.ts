/** A model's `.kerasm` files by path, through the host's files (Node); other hosts use the in-memory forms. */
import { hostFiles } from '../hosts/host';
import type { Model } from '../models/model';
import { packArchive, unpackArchive } from './archive';
import { restoreWeights } from './restore_weights';
import { checkExtension, modelArtifacts, weightsArtifacts } from './serialize';

/** Writes the whole model to a `.kerasm` file, atomically. */
export function saveModelFile(model: Model, filepath: string): void {
  const path = checkExtension(filepath, '.kerasm', 'model.save');
  hostFiles('model.save(path)', 'use model.saveToBuffers() and store its buffers').writeBytes(path, packArchive(modelArtifacts(model)));
}

/** Writes the weights (and optimizer state) to a `.weights.kerasm` file, atomically. */
export function saveWeightsFile(model: Model, filepath: string): void {
  const path = checkExtension(filepath, '.weights.kerasm', 'model.saveWeights');
  hostFiles('model.saveWeights(path)', 'use model.getWeights() (and getOptimizerState()) and store them').writeBytes(path, packArchive(weightsArtifacts(model)));
}

/** Reads weights (and optimizer state) from a `.weights.kerasm` or `.kerasm` file into `model`. */
export function loadWeightsFile(model: Model, filepath: string): void {
  const files = hostFiles('model.loadWeights(path)', 'use model.setWeights(tensors), or loadModelFromBuffers(bytes) for a whole model');
  restoreWeights(model, unpackArchive(files.readBytes(filepath, 'the weights'), filepath), filepath);
}
