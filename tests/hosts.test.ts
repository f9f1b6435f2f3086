/**
 * The hosts behind the one API: the Node host's atomic saves, and the web host (dist/browser.mjs,
 * the browser entry) run in a Node child process whose `fetch` reads local files — it must load
 * nothing Node-only, need `await init()`, find the .wasm beside the module (or where init says),
 * train to the same bits as Node, and refuse file work with errors that name the alternative.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { layers, Sequential, Tensor } from 'kerasm';

const root = path.join(__dirname, '..');

function tinyModel(): Sequential {
  const m = new Sequential({ seed: 11 });
  m.add(layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
  m.add(layers.dense({ units: 1 }));
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}

describe('the Node host writes files atomically', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-hosts-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a save replaces the file whole, creates missing directories and leaves no temporary file', () => {
    const file = path.join(dir, 'nested', 'deeper', 'm.kerasm');
    const m = tinyModel();
    m.save(file);
    const first = fs.readFileSync(file);
    m.setWeights(m.getWeights().map((w) => new Tensor(new Float32Array(w.size).fill(0.5), w.shape)));
    m.save(file);
    const second = fs.readFileSync(file);
    expect(second.equals(first)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['m.kerasm']);
  });

  test('a failed save leaves the old file and no temporary file', () => {
    const file = path.join(dir, 'kept.weights.kerasm');
    const m = tinyModel();
    m.saveWeights(file);
    const before = fs.readFileSync(file);
    // A directory where the file should go: the rename fails after the temporary file was written.
    const blocked = path.join(dir, 'blocked.weights.kerasm');
    fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    expect(() => m.saveWeights(blocked)).toThrow();
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

test('in Node, init({ wasm }) reads the engine from a path or file: URL, and refuses other URLs', () => {
  const wasm = path.join(root, 'pkg', 'threads', 'kerasm_bg.wasm');
  const script = `
    const k = require(${JSON.stringify(path.join(root, 'dist', 'index.cjs'))});
    const { pathToFileURL } = require('node:url');
    const errorOf = (p) => p.then(() => undefined, (e) => ({ name: e.name, code: e.code, message: e.message }));
    (async () => {
      const missing = await errorOf(k.init({ wasm: { threads: '/nowhere/kerasm_bg.wasm' } }));
      const remote = await errorOf(k.init({ wasm: { threads: 'https://example.com/kerasm_bg.wasm' } }));
      await k.init({ wasm: { threads: pathToFileURL(${JSON.stringify(wasm)}) } });
      console.log(JSON.stringify({ missing, remote, variant: k.engineVariant() }));
    })();`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { timeout: 60000, encoding: 'utf8' }));
  expect(out.missing).toMatchObject({ name: 'ValueError', code: 'FILE_NOT_READABLE', message: expect.stringContaining('"/nowhere/kerasm_bg.wasm": the file does not exist') });
  expect(out.remote).toMatchObject({ name: 'ValueError', message: expect.stringContaining('a path or a file: URL') });
  expect(out.variant).toBe('threads');
});

/** Runs `body` (an async function body) in a child process that imports the browser entry. */
function inWebHost(body: string): Record<string, unknown> {
  const script = `
    import { readFile } from 'node:fs/promises';
    import { fileURLToPath } from 'node:url';
    const requested = [];
    // A browser's fetch, for file: URLs: the web host streams the .wasm with compileStreaming.
    globalThis.fetch = async (url) => {
      requested.push(String(url));
      return new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': 'application/wasm' } });
    };
    const k = await import(${JSON.stringify(path.join(root, 'dist', 'browser.mjs'))});
    const errorOf = async (fn) => { try { await fn(); return undefined; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
    const result = await (async () => { ${body} })();
    console.log(JSON.stringify({ ...result, requested }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 60000, encoding: 'utf8' }));
}

const TRAIN = `
  const m = new k.Sequential({ seed: 11 });
  m.add(k.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
  m.add(k.layers.dense({ units: 1 }));
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  await m.fit([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [1, 2, 3], { epochs: 3, batchSize: 2, seed: 5, verbose: 0 });
  const weights = m.getWeights().map((t) => Buffer.from(t.data.buffer).toString('base64')).join(',');
  const predicted = Buffer.from((await m.predict([[1, 1, 1]], { verbose: 0 })).data.buffer).toString('base64');`;

describe('the web host (dist/browser.mjs)', () => {
  test('an engine call before init() is a StateError saying to await init()', () => {
    const out = inWebHost(`return { error: await errorOf(() => new k.Sequential([k.layers.dense({ units: 1, inputShape: [2] })]).compile({ optimizer: 'sgd', loss: 'mse' })) };`);
    expect(out.error).toEqual({ name: 'StateError', code: 'NOT_INITIALIZED', message: expect.stringContaining('`await init()`') });
    expect(out.requested).toEqual([]);
  });

  test('init() fetches the single-thread build beside the module and trains to the same bits as Node', () => {
    const web = inWebHost(`await k.init(); ${TRAIN} return { variant: k.engineVariant(), weights, predicted };`);
    expect(web.variant).toBe('single'); // no cross-origin isolation here
    expect(web.requested).toEqual([new URL('../pkg/single/kerasm_bg.wasm', `file://${path.join(root, 'dist', 'browser.mjs')}`).href]);
    const nodeScript = `
      const k = require(${JSON.stringify(path.join(root, 'dist', 'index.cjs'))});
      (async () => { ${TRAIN} console.log(JSON.stringify({ weights, predicted })); })();`;
    const node = JSON.parse(execFileSync(process.execPath, ['-e', nodeScript], { timeout: 60000, encoding: 'utf8', env: { ...process.env, KERASM_ENGINE: 'single' } }));
    expect(web.weights).toBe(node.weights);
    expect(web.predicted).toBe(node.predicted);
  });

  test('init({ wasm }) takes the .wasm from where it says; a missing one is an error naming the URL', () => {
    const wasm = `file://${path.join(root, 'pkg', 'single', 'kerasm_bg.wasm')}`;
    const out = inWebHost(`
      const missing = await errorOf(() => k.init({ wasm: { single: 'file:///nowhere/kerasm_bg.wasm' } }));
      await k.init({ wasm: { single: ${JSON.stringify(wasm)} } });
      const late = await errorOf(() => k.init({ wasm: { single: ${JSON.stringify(wasm)} } }));
      return { missing, late, variant: k.engineVariant() };`);
    expect(out.missing).toMatchObject({ name: 'ValueError', code: 'ENGINE_NOT_FOUND', message: expect.stringContaining('file:///nowhere/kerasm_bg.wasm') });
    expect(out.variant).toBe('single');
    expect(out.requested).toEqual(['file:///nowhere/kerasm_bg.wasm', wasm]);
    expect(out.late).toMatchObject({ name: 'StateError', message: expect.stringContaining('before the engine') });
  });

  test('file work is refused with an error that names what to use instead', () => {
    const out = inWebHost(`
      await k.init();
      const m = new k.Sequential([k.layers.dense({ units: 1, inputShape: [2] })]);
      return {
        save: await errorOf(() => m.save('m.kerasm')),
        saveWeights: await errorOf(() => m.saveWeights('m.weights.kerasm')),
        loadWeights: await errorOf(() => m.loadWeights('m.weights.kerasm')),
        loadModel: await errorOf(() => k.loadModel('m.kerasm')),
        csvLogger: await errorOf(() => k.callbacks.csvLogger({ filename: 'log.csv' })),
        checkpoint: await errorOf(() => k.callbacks.modelCheckpoint({ filepath: 'best.kerasm' })),
        imdb: await errorOf(() => k.datasets.imdb.loadData({ path: 'data' })),
        readNpy: await errorOf(() => k.io.readNpyFile('x.npy')),
        plot: await errorOf(() => k.plotHistory({ history: { loss: [1, 0.5] } }, { file: 'curves.svg' })),
        png: await errorOf(() => k.svgToPng(k.plotHistory({ history: { loss: [1, 0.5] } }))),
        boston: k.datasets.bostonHousing.loadData()[0][0].shape,
      };`);
    const refused = (alternative: string) => ({ name: 'StateError', code: 'NO_FILES', message: expect.stringContaining(alternative) });
    expect(out.save).toEqual(refused('model.saveToBuffers()'));
    expect(out.saveWeights).toEqual(refused('model.getWeights()'));
    expect(out.loadWeights).toEqual(refused('model.setWeights(tensors)'));
    expect(out.loadModel).toEqual(refused('loadModelFromBuffers(bytes)'));
    expect(out.csvLogger).toEqual(refused('LambdaCallback'));
    expect(out.checkpoint).toEqual(refused('model.saveToBuffers()'));
    expect(out.imdb).toEqual(refused('io.gunzip'));
    expect(out.readNpy).toEqual(refused('io.readNpy(bytes)'));
    expect(out.plot).toEqual(refused('use the SVG text plotHistory returns'));
    expect(out.png).toEqual({ name: 'StateError', code: 'NO_PNG_RENDERER', message: expect.stringContaining('use the SVG text') });
    expect(out.boston).toEqual([404, 13]); // the embedded copy needs no files
  });
});
