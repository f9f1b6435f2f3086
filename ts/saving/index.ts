/** Saving and loading models: `.kerasm` files (Node), in-memory artifacts (any host), JSON configs. */
export { loadModel, loadModelFromBuffers, modelFromJSON, modelFromConfig } from './deserialize';
export { packArchive, unpackArchive, type ModelArtifacts, type WeightsArtifacts, type Metadata, type WeightEntry } from './archive';
