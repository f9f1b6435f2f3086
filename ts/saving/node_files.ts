/**
 * The host-specific file access of saving and of the file-writing callbacks, for Node. Everything
 * else works on bytes and strings, so a browser build swaps just this file.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ValueError } from '../errors';

/** The bytes of the file at `path`; the error says what the file was needed for. */
export function readBytes(path: string, purpose: string): Uint8Array {
  try {
    const buffer = readFileSync(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a directory, not a file' : (error as Error).message;
    throw new ValueError(`Cannot read ${purpose} from "${path}": ${reason}. Received: path=${path}`, 'FILE_NOT_READABLE');
  }
}

/** Writes `data` to `path`, creating its directory and replacing the file. */
export function writeBytes(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Appends `text` to `path`, creating the file (and its directory) when needed. */
export function appendText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, text);
}

/** The text of `path`, or undefined when there is no such file. */
export function readTextIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
