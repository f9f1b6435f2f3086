/**
 * The files Keras 3's `load_data` functions download, with the origin and hashes pinned in Keras's
 * sources (`keras/src/datasets/*.py`, at keras-team/keras 3422977a5e): fetched once through the host's
 * data set cache (Node: `~/.kerasm/datasets`, moved by `KERASM_HOME`; origin moved by `KERASM_DATASETS_URL`).
 */
import { StateError } from '../errors';
import { currentHost, type DatasetFileRequest } from '../hosts/host';

/** Keras's origin for every built-in data set. */
export const KERAS_DATASETS_ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

type KerasFile = Pick<DatasetFileRequest, 'name' | 'cacheName' | 'hash'>;

const sha256 = (hex: string) => ({ algorithm: 'sha256' as const, hex });
const md5 = (hex: string) => ({ algorithm: 'md5' as const, hex });

/** Each file, by its name at the origin. Fashion-MNIST's files have no hash in Keras: their IDX headers and sizes are checked instead. */
export const KERAS_FILES = {
  imdb: { name: 'imdb.npz', cacheName: 'imdb.npz', hash: sha256('69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f') },
  imdbWordIndex: { name: 'imdb_word_index.json', cacheName: 'imdb_word_index.json', hash: md5('bfafd718b763782e994055a2d397834f') },
  reuters: { name: 'reuters.npz', cacheName: 'reuters.npz', hash: sha256('d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916') },
  reutersWordIndex: { name: 'reuters_word_index.json', cacheName: 'reuters_word_index.json', hash: md5('4d44cc38712099c9e383dc6e5f11a921') },
  bostonHousing: { name: 'boston_housing.npz', cacheName: 'boston_housing.npz', hash: sha256('f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5') },
  fashionMnist: (name: string): KerasFile => ({ name, cacheName: `fashion-mnist/${name}` }),
} as const;

/** The local path of `file`, downloaded into the cache on first use; `caller` names the loader in errors. */
export function kerasDatasetFile(file: KerasFile, caller: string, quiet = false): string {
  const host = currentHost();
  if (!host.datasetFile) {
    throw new StateError(
      `${caller} downloads ${file.name} into a cache on disk, which this host (${host.name}) does not have; fetch ${KERAS_DATASETS_ORIGIN}${file.name} yourself and read it with io.readNpz / io.readIdx. Received: no path`,
      'NO_FILES',
    );
  }
  return host.datasetFile({ ...file, origin: KERAS_DATASETS_ORIGIN, quiet, caller });
}
