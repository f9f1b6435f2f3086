import { hostFiles, type HostFiles } from '../hosts/host';
import { ValueError } from '../errors';

/** The host's files for a data set loader; hosts without files (browsers) get an error saying what to do instead. */
export function dataFiles(loader: string): HostFiles {
  return hostFiles(`${loader}({ path })`, 'load the files as bytes yourself and decode them with io.gunzip, io.readIdx or io.readCsv');
}

/**
 * One of a loader's files under the user's `path`, found either in the data set's own sub-folder
 * of a data root laid out as `shared/data` (`<path>/imdb/train.jsonl.gz`) or directly in `path`
 * (`<path>/train.jsonl.gz`), with its bytes. A missing file is an error naming where it was expected.
 */
export function readDataFile(path: string | undefined, folder: string, name: string, loader: string, purpose: string): { file: string; bytes: Uint8Array } {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(
      `${loader}: \`path\` must name the directory holding the raw data (e.g. the data root with ${folder}/${name}), or be left out for Keras's files. Received: path=${String(path)}`,
    );
  }
  const files = dataFiles(loader);
  const candidates = [files.joinPath(files.joinPath(path, folder), name), files.joinPath(path, name)];
  const file = candidates.find((candidate) => files.isFile(candidate));
  if (!file) {
    throw new ValueError(
      `${loader}: cannot find ${purpose}: expected the file ${candidates[0]} (or ${candidates[1]}). Received: path=${path}`, 'FILE_NOT_FOUND',
    );
  }
  return { file, bytes: files.readBytes(file, purpose) };
}

/** Whether `path` names one of Keras's `.npz` data set files rather than a directory of raw files. */
export function isNpz(path: unknown): path is string {
  return typeof path === 'string' && path.toLowerCase().endsWith('.npz');
}
