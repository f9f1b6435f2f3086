/**
 * Splitting data honestly: hold-out, K-fold, iterated K-fold, stratified and grouped K-fold, all
 * seeded and returning `Int32Array` row indices, plus {@link take} to apply them, and
 * {@link crossValidate}, which trains and scores a fresh model on every fold.
 */
export type { Fold } from './fold';
export { trainTestSplit, type TrainTestSplitOptions } from './train_test_split';
export { holdOut, type HoldOutOptions } from './hold_out';
export { kFold, type KFoldOptions } from './k_fold';
export { iteratedKFold, type IteratedKFoldOptions } from './iterated_k_fold';
export { stratifiedKFold, type StratifiedKFoldOptions } from './stratified_k_fold';
export { groupKFold, type GroupKFoldOptions } from './group_k_fold';
export type { SampleKeys } from './label_keys';
export { take } from './take';
export {
  crossValidate,
  type CrossValidateOptions,
  type CrossValidationData,
  type CrossValidationFitOptions,
  type CrossValidationFold,
  type CrossValidationResult,
} from './cross_validate';
