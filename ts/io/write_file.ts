import { ValueError } from '../errors';
import { hostFiles } from '../hosts/host';

/**
 * Writes `data` (bytes, or text as UTF-8) to `path` atomically, as kerasm writes its own files
 * (Node): a temporary file in the same directory, flushed, then renamed over `path` — a reader,
 * or the file after a crash, is the old file or the new one, never a part.
 *
 * @example
 * ```ts
 * io.writeFile('report.json', JSON.stringify({ folds: 4, meanValidationMae: 2.66 }));
 * ```
 */
export function writeFile(path: string, data: Uint8Array | string): void {
  if (!(data instanceof Uint8Array) && typeof data !== 'string') {
    throw new ValueError(`io.writeFile needs bytes (a Uint8Array) or text. Received: data of type ${data === null ? 'null' : typeof data}`);
  }
  hostFiles('io.writeFile(path)', 'keep the data in memory or offer it as a download').writeBytes(path, data);
}
