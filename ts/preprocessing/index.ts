/**
 * Turning raw data into tensors a network can learn from: one-hot and multi-hot encoding,
 * feature scaling fitted on training data only, missing values, and text tokenisation.
 */
export { toCategorical } from './to_categorical';
export { vectorizeSequences } from './vectorize_sequences';
export type { MatrixLike } from './feature_matrix';
export { StandardScaler } from './standard_scaler';
export { MinMaxScaler, type MinMaxScalerOptions } from './min_max_scaler';
export { fillMissing, missingColumns, warnMissingAtTest, type FilledMatrix } from './missing_values';
export { standardize, tokenize } from './standardize';
export { textToWordSequence, DEFAULT_FILTERS, type TextToWordSequenceOptions } from './text_to_word_sequence';
export { Tokenizer, type TokenizerOptions, type MatrixMode } from './tokenizer';
export { padSequences, type PadSequencesOptions } from './pad_sequences';
export {
  TextVectorization,
  textVectorization,
  type TextVectorizationOptions,
  type StandardizeMode,
  type SplitMode,
  type TextOutputMode,
} from './text_vectorization';
