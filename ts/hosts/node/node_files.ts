/**
 * Files for the Node host: reads that are bounded and say why they failed, and atomic replacing
 * writes (a reader, or the file after a crash, is the old file or the new one, never a part).
 */
import { closeSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KerasmError, StateError, ValueError } from '../../errors';
import type { FileData, HostFiles, ReadLimits } from '../host';

/** Without a caller's limit, no file larger than this is read into memory (a cap against `/dev/zero`-like inputs). */
const DEFAULT_MAX_READ_BYTES = 4 * 1024 ** 3;

/** Why a file operation failed, in words, from Node's error code. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'the file does not exist';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    default:
      return (error as Error).message;
  }
}

/** The disk failed under a valid path (full, I/O error) — a state, not a bad argument. */
const STATE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE']);

function writeError(path: string, purpose: string, error: unknown): KerasmError {
  if (error instanceof KerasmError) return error;
  const message = `Cannot write ${purpose} to "${path}": ${reasonOf(error)}. Received: path=${path}`;
  return STATE_CODES.has((error as NodeJS.ErrnoException).code ?? '') ? new StateError(message, 'FILE_WRITE_FAILED') : new ValueError(message, 'FILE_NOT_WRITABLE');
}

function checkPath(path: unknown, purpose: string, code: string): asserts path is string {
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
    throw new ValueError(`Expected a file path for ${purpose}. Received: path=${JSON.stringify(path)}`, code);
  }
}

function readBytes(path: string, purpose: string, limits: ReadLimits = {}): Uint8Array {
  checkPath(path, purpose, 'FILE_NOT_READABLE');
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  let fd: number | undefined;
  try {
    // Non-blocking, so opening a FIFO with no writer returns at once instead of waiting forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
      throw new ValueError(`Cannot read ${purpose} from "${path}": it is ${kind}, not a regular file. Received: path=${path}`, 'FILE_NOT_READABLE');
    }
    if (stat.size > maxBytes) {
      throw new ValueError(`Cannot read ${purpose} from "${path}": it is larger than the ${maxBytes}-byte limit. Received: ${stat.size} bytes`, 'FILE_TOO_LARGE');
    }
    // Read what stat announced and no more: a file that grows while read is cut at its size then.
    const bytes = new Uint8Array(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } catch (error) {
    if (error instanceof KerasmError) throw error;
    throw new ValueError(`Cannot read ${purpose} from "${path}": ${reasonOf(error)}. Received: path=${path}`, 'FILE_NOT_READABLE');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file a write replaces: a symbolic link's target (so the link survives), else `path` itself. */
function replacedFile(path: string): string {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return path; // nothing there yet
  }
  const target = stat.isSymbolicLink() ? realpathSync(path) : path;
  if (!statSync(target).isFile()) {
    throw new ValueError(`Cannot write to "${path}": it exists and is not a regular file, so kerasm will not replace it. Received: path=${path}`, 'FILE_NOT_WRITABLE');
  }
  return target;
}

let temporaries = 0;

function writeChunks(fd: number, data: FileData): void {
  const chunks = typeof data === 'string' ? [new TextEncoder().encode(data)] : data instanceof Uint8Array ? [data] : data;
  for (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; ) offset += writeSync(fd, chunk, offset);
  }
}

/** Flushes a directory's entries, so a rename in it survives a power cut; some platforms cannot (Windows) and need not. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the rename itself is already atomic for every reader.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeBytes(path: string, data: FileData, purpose = 'the file'): void {
  checkPath(path, purpose, 'FILE_NOT_WRITABLE');
  let temporary: string | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const target = replacedFile(path);
    const directory = dirname(target);
    // Same directory, so the rename stays on one file system and is atomic; unique per process and call.
    temporary = join(directory, `.${basename(target)}.${process.pid}.${temporaries++}.tmp`);
    const fd = openSync(temporary, 'wx');
    try {
      writeChunks(fd, data);
      // Flushed before the rename: after a crash the new name never points at unwritten blocks.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
    temporary = undefined;
    syncDirectory(directory);
  } catch (error) {
    if (temporary !== undefined) rmSync(temporary, { force: true });
    throw writeError(path, purpose, error);
  }
}

/**
 * Appends with one `write` of the whole text to a file opened for appending: rows already there
 * are never rewritten, so a crash can cut at most the row being written.
 */
function appendText(path: string, text: string, purpose = 'the file'): void {
  checkPath(path, purpose, 'FILE_NOT_WRITABLE');
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a');
    if (!fstatSync(fd).isFile()) throw new ValueError(`Cannot append ${purpose} to "${path}": it is not a regular file. Received: path=${path}`, 'FILE_NOT_WRITABLE');
    writeChunks(fd, text);
  } catch (error) {
    throw writeError(path, purpose, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Node's files. */
export const nodeFiles: HostFiles = { readBytes, writeBytes, appendText, isFile, joinPath: join };
