/** Files for the Node host: reads that say why they failed, and atomic replacing writes. */
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ValueError } from '../../errors';
import type { HostFiles } from '../host';

function readBytes(path: string, purpose: string): Uint8Array {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`Expected a file path for ${purpose}. Received: path=${String(path)}`, 'FILE_NOT_READABLE');
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
    throw new ValueError(`Cannot read ${purpose} from "${path}": ${reason}. Received: path=${path}`, 'FILE_NOT_READABLE');
  }
}

let temporaries = 0;

function writeBytes(path: string, data: Uint8Array | string): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  // Same directory, so the rename stays on one file system and is atomic; unique per process and call.
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${temporaries++}.tmp`);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      // Flushed before the rename: after a crash the new name never points at unwritten blocks.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function appendText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, text);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Node's files. */
export const nodeFiles: HostFiles = { readBytes, writeBytes, appendText, isFile, joinPath: join };
