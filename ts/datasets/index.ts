/**
 * The notes' data sets, loaded from local files into Keras's `[[xTrain, yTrain], [xTest, yTest]]`
 * shape: IMDB reviews, Reuters newswires, Boston housing (embedded) and Fashion-MNIST.
 */
export * as imdb from './imdb';
export * as reuters from './reuters';
export * as bostonHousing from './boston_housing';
export * as fashionMnist from './fashion_mnist';
export type { DatasetSplit } from './dataset_split';
export type { SequenceOptions } from './keras_sequences';
