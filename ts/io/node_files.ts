/**
 * The only host-specific code of the data utilities: reading and writing files with Node's
 * `fs`. Everything else works on bytes and strings, so a browser build swaps just this file.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The bytes of the file at `path`; a missing or unreadable file is an error that names it and
 * says what it was needed for (`purpose`, e.g. "the IMDB training reviews").
 */
export function readFileBytes(path: string, purpose: string): Uint8Array {
  if (typeof path !== 'string' || path.length === 0) {
    throw new Error(`Expected a file path for ${purpose}. Received: path=${String(path)}`);
  }
  try {
    const buffer = readFileSync(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EISDIR'
          ? 'it is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new Error(`Cannot read ${purpose} from "${path}": ${reason}. Received: path=${path}`);
  }
}

/** Writes `data` to `path`, replacing the file. */
export function writeFileContents(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data);
}

/** Joins a directory and a file name with the host's separator. */
export function joinPath(directory: string, name: string): string {
  return join(directory, name);
}

/** True when `path` names an existing regular file. */
export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
