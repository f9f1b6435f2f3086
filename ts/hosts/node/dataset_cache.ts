/**
 * The Node host's data set cache: `~/.kerasm/datasets` (or `$KERASM_HOME/datasets`), filled once per
 * file from Keras's origin (or `$KERASM_DATASETS_URL`). A download goes to a `.part` file beside its
 * target, is checked against the hash Keras pins, then renamed into place, so the cache never holds
 * half a file. The loaders are synchronous, as Keras's `load_data` is, so the download runs in a
 * child Node process (fetch, streaming to disk, progress on stderr) that this one waits for.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { StateError, ValueError } from '../../errors';
import type { DatasetFileRequest } from '../host';

/** The cache directory: `$KERASM_HOME/datasets`, else `~/.kerasm/datasets`. */
export function datasetCacheDir(): string {
  return join(process.env.KERASM_HOME || join(homedir(), '.kerasm'), 'datasets');
}

// The child: downloads argv[1] to argv[2], with a progress line on stderr unless argv[3] is 'quiet';
// on failure prints the reason on stdout and exits 1. Plain JS run with `node -e`, so the package
// needs no extra built file.
const DOWNLOADER = `
const fs = require('node:fs');
const [url, file, quiet] = process.argv.slice(1);
const tty = process.stderr.isTTY;
const mb = (n) => (n / 1e6).toFixed(1);
const fail = (reason) => {
  process.stdout.write(reason);
  process.exit(1);
};
(async () => {
  const response = await fetch(url);
  if (!response.ok || !response.body) fail('HTTP ' + response.status + ' ' + response.statusText);
  const total = Number(response.headers.get('content-length')) || 0;
  const fd = fs.openSync(file, 'w');
  let got = 0;
  let shown = 0;
  if (quiet !== 'quiet') process.stderr.write('Downloading data from ' + url + (tty ? '' : '\\n'));
  for await (const chunk of response.body) {
    for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at);
    got += chunk.length;
    if (quiet !== 'quiet' && tty && Date.now() - shown > 200) {
      shown = Date.now();
      process.stderr.write('\\r\\x1b[2KDownloading data from ' + url + ': ' + mb(got) + (total ? ' / ' + mb(total) : '') + ' MB');
    }
  }
  if (total && got !== total) fail('the connection ended after ' + got + ' of ' + total + ' bytes');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  if (quiet !== 'quiet') process.stderr.write((tty ? '\\r\\x1b[2KDownloaded ' : 'Downloaded ') + url + ' (' + mb(got) + ' MB)\\n');
})().catch((error) => fail(String(error && error.cause ? error.message + ': ' + error.cause.message : error && error.message)));
`;

function hashOf(file: string, algorithm: 'sha256' | 'md5'): string {
  const hash = createHash(algorithm);
  const fd = openSync(file, 'r');
  try {
    const buffer = new Uint8Array(1 << 20);
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Flushes a directory's entries after a rename; best effort, as for every atomic write (see node_files.ts). */
function syncDirectory(directory: string): void {
  try {
    const fd = openSync(directory, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename is atomic all the same.
  }
}

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The local path of the requested file, downloading it first when the cache lacks it (or holds a copy with the wrong hash, as Keras re-downloads then). */
export function datasetFile(request: DatasetFileRequest): string {
  const target = join(datasetCacheDir(), request.cacheName);
  const matches = (file: string) => !request.hash || hashOf(file, request.hash.algorithm) === request.hash.hex.toLowerCase();
  if (isFile(target)) {
    if (matches(target)) return target;
    if (!request.quiet) process.stderr.write(`${target} does not match its ${request.hash?.algorithm} hash; downloading it again.\n`);
  }
  const base = process.env.KERASM_DATASETS_URL || request.origin;
  const url = `${base}${base.endsWith('/') ? '' : '/'}${request.name}`;
  const partial = `${target}.${process.pid}.part`;
  const placeYourself = `To work offline, download ${request.origin}${request.name} yourself and place it at ${target}${request.hash ? ` (${request.hash.algorithm} ${request.hash.hex})` : ''}, or pass { path } to the loader`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    try {
      execFileSync(process.execPath, ['-e', DOWNLOADER, url, partial, request.quiet ? 'quiet' : ''], { stdio: ['ignore', 'pipe', request.quiet ? 'ignore' : 'inherit'] });
    } catch (error) {
      const reason = String((error as { stdout?: Buffer }).stdout ?? '').trim() || (error as Error).message;
      throw new StateError(`${request.caller} could not download ${url}: ${reason}. ${placeYourself}. Received: no ${request.cacheName} in the cache`, 'DOWNLOAD_FAILED');
    }
    if (!matches(partial)) {
      const got = request.hash ? hashOf(partial, request.hash.algorithm) : '';
      throw new ValueError(
        `${request.caller}: the file downloaded from ${url} does not match the ${request.hash?.algorithm} hash Keras pins, so it was not kept; expected ${request.hash?.hex}. Received: ${got}`,
        'HASH_MISMATCH',
      );
    }
    renameSync(partial, target);
    syncDirectory(dirname(target));
    return target;
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof StateError || error instanceof ValueError) throw error;
    throw new StateError(`${request.caller} could not store ${request.cacheName} in ${datasetCacheDir()}: ${(error as Error).message}. ${placeYourself}. Received: a cache it cannot write`, 'DOWNLOAD_FAILED');
  }
}
