import { isFile, joinPath } from '../io/node_files';

/**
 * Where a loader finds one of its files under the user's `path`: either in the data set's own
 * sub-folder of a data root laid out as `shared/data` (`<path>/imdb/train.jsonl.gz`) or directly
 * in `path` (`<path>/train.jsonl.gz`). A missing file is an error naming where it was expected.
 */
export function locateDataFile(path: string | undefined, folder: string, name: string, loader: string, purpose: string): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new Error(
      `${loader}: \`path\` must name the directory holding the data (e.g. the data root with ${folder}/${name}); nothing is downloaded. Received: path=${String(path)}`,
    );
  }
  const candidates = [joinPath(joinPath(path, folder), name), joinPath(path, name)];
  const found = candidates.find(isFile);
  if (!found) {
    throw new Error(
      `${loader}: cannot find ${purpose}: expected the file ${candidates[0]} (or ${candidates[1]}). Received: path=${path}`,
    );
  }
  return found;
}
