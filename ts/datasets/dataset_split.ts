/** Keras's `load_data` return shape: `[[xTrain, yTrain], [xTest, yTest]]`. */
export type DatasetSplit<X, Y> = [[X, Y], [X, Y]];
