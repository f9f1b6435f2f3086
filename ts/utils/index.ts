/** Utilities with Keras's names (`keras.utils`). */
export { Progbar, type ProgbarOptions, type ProgressStream, type ProgressValues } from './progbar';
export { checkOptions, optionNames } from './options';
