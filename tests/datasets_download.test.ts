/**
 * loadData() without a path downloads the files Keras serves into the data set cache (issue 12,
 * item 2). Real downloads cannot run here, so a local server (tests/helpers/fixture_server.cjs, on
 * 127.0.0.1, in its own process) serves the fixture files and KERASM_DATASETS_URL points the
 * loaders at it: first load downloads, the second is a cache hit with no request, a file that does
 * not match Keras's pinned hash is refused and not cached, an interrupted download leaves no file,
 * and an unreachable origin says which file to place where.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { datasets, KerasmError } from 'kerasm';

const fixtures = path.join(__dirname, 'data_fixtures', 'keras');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-home-'));
const cache = path.join(home, 'datasets');
let server: ChildProcess;
let base = '';
const saved = { home: process.env.KERASM_HOME, url: process.env.KERASM_DATASETS_URL };

beforeAll(async () => {
  server = spawn(process.execPath, [path.join(__dirname, 'helpers', 'fixture_server.cjs'), fixtures], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout?.on('data', (d) => resolve(/port (\d+)/.exec(String(d))?.[1] ?? '')));
  base = `http://127.0.0.1:${port}`;
  process.env.KERASM_HOME = home;
});
afterAll(() => {
  server.kill();
  fs.rmSync(home, { recursive: true, force: true });
  for (const [key, value] of [['KERASM_HOME', saved.home], ['KERASM_DATASETS_URL', saved.url]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const counts = async (): Promise<Record<string, number>> => (await fetch(`${base}/__count`)).json();
const cached = () => (fs.existsSync(cache) ? fs.readdirSync(cache, { recursive: true }).map(String).sort() : []);

function codeOf(fn: () => unknown): KerasmError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KerasmError);
    return error as KerasmError;
  }
  throw new Error('expected an error');
}

test('an interrupted download leaves no file in the cache', () => {
  process.env.KERASM_DATASETS_URL = `${base}/broken/`;
  const error = codeOf(() => datasets.fashionMnist.loadData({ quiet: true }));
  expect(error.code).toBe('DOWNLOAD_FAILED');
  expect(error.message).toMatch(/ended after \d+ of \d+ bytes|terminated|aborted|closed|ECONNRESET/);
  expect(cached().filter((f) => f.endsWith('.gz') || f.endsWith('.part'))).toEqual([]);
});

test('the first load downloads each file once; the second is served from the cache without a request', async () => {
  process.env.KERASM_DATASETS_URL = `${base}/ok/`;
  const [[xTrain, yTrain], [xTest, yTest]] = datasets.fashionMnist.loadData({ quiet: true });
  expect(xTrain.shape).toEqual([6, 28, 28]);
  expect(yTrain.shape).toEqual([6]);
  expect(xTest.shape).toEqual([4, 28, 28]);
  expect(yTest.shape).toEqual([4]);
  const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
  expect(cached()).toEqual(['fashion-mnist', ...names.map((n) => path.join('fashion-mnist', n)).sort()]);
  for (const name of names) expect(fs.readFileSync(path.join(cache, 'fashion-mnist', name)).equals(fs.readFileSync(path.join(fixtures, name)))).toBe(true);
  const before = await counts();
  expect(names.map((n) => before[`/ok/${n}`])).toEqual([1, 1, 1, 1]);
  const again = datasets.fashionMnist.loadData({ quiet: true });
  expect([...again[0][0].data]).toEqual([...xTrain.data]);
  expect(await counts()).toEqual(before);
});

test("a file that does not match Keras's pinned sha256 is refused and not cached", () => {
  process.env.KERASM_DATASETS_URL = `${base}/ok/`;
  // The fixture imdb.npz is not Keras's file, so its sha256 differs from the one Keras pins.
  const error = codeOf(() => datasets.imdb.loadData({ quiet: true }));
  expect(error.code).toBe('HASH_MISMATCH');
  expect(error.message).toMatch(/69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f/);
  expect(cached().filter((f) => f.startsWith('imdb'))).toEqual([]);
});

test('offline, the error says which file to place where', () => {
  process.env.KERASM_DATASETS_URL = 'http://127.0.0.1:9/';
  const error = codeOf(() => datasets.reuters.loadData({ quiet: true }));
  expect(error.code).toBe('DOWNLOAD_FAILED');
  expect(error.message).toContain(`https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz yourself and place it at ${path.join(cache, 'reuters.npz')}`);
  expect(error.message).toContain('sha256 d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916');
});

test('a file in the cache that does not match its hash is downloaded again, as Keras does', async () => {
  // A stand-in with the wrong hash: the loader tries to download the real one again (as Keras does).
  process.env.KERASM_DATASETS_URL = `${base}/ok/`;
  fs.writeFileSync(path.join(cache, 'reuters.npz'), 'not the file');
  const before = (await counts())['/ok/reuters.npz'] ?? 0;
  expect(codeOf(() => datasets.reuters.loadData({ quiet: true })).code).toBe('HASH_MISMATCH');
  expect((await counts())['/ok/reuters.npz']).toBe(before + 1);
});
