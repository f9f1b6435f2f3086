/** The shipped engine: SIMD and shared memory really in use, threads that start, resize and exit. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { engineVariant, getThreads, ops, setThreads, Tensor } from 'kerasm';

const root = path.resolve(__dirname, '..');
const wasm = (variant: string) => fs.readFileSync(path.join(root, 'pkg', variant, 'kerasm_bg.wasm'));

/** Occurrences of `f32x4.mul` (0xFD 0xE6 0x01) in the binary: only SIMD code contains them. */
function f32x4MulCount(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0xfd); i >= 0 && i < bytes.length - 2; i = bytes.indexOf(0xfd, i + 1)) {
    if (bytes[i + 1] === 0xe6 && bytes[i + 2] === 0x01) n++;
  }
  return n;
}

function targetFeatures(bytes: Buffer): string {
  const module = new WebAssembly.Module(new Uint8Array(bytes));
  return Buffer.from(WebAssembly.Module.customSections(module, 'target_features')[0]).toString('latin1');
}

describe('shipped modules', () => {
  test.each(['threads', 'single'])('%s validates and uses SIMD', (variant) => {
    const bytes = wasm(variant);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(targetFeatures(bytes)).toContain('simd128');
    expect(f32x4MulCount(bytes)).toBeGreaterThan(10);
  });

  test('the threaded module needs a shared memory, the single one has its own', () => {
    const threaded = new WebAssembly.Module(wasm('threads'));
    expect(targetFeatures(wasm('threads'))).toContain('atomics');
    const memoryImport = WebAssembly.Module.imports(threaded).find((i) => i.kind === 'memory');
    expect(memoryImport).toBeDefined();
    const imports: Record<string, Record<string, unknown>> = {};
    for (const i of WebAssembly.Module.imports(threaded)) {
      (imports[i.module] ??= {})[i.name] = i.kind === 'memory' ? new WebAssembly.Memory({ initial: 32, maximum: 65536 }) : () => undefined;
    }
    // An unshared memory is refused: the module declares its memory shared.
    expect(() => new WebAssembly.Instance(threaded, imports as WebAssembly.Imports)).toThrow(WebAssembly.LinkError);
    expect(targetFeatures(wasm('single'))).not.toContain('atomics');
  });

  test('Node runs the threaded build', () => {
    expect(engineVariant()).toBe('threads');
  });
});

describe('thread pool', () => {
  const a = new Tensor<'float32'>(Float32Array.from({ length: 300 * 257 }, (_, i) => Math.sin(i)), [300, 257]);
  const b = new Tensor<'float32'>(Float32Array.from({ length: 257 * 130 }, (_, i) => Math.cos(i)), [257, 130]);

  test('setThreads resizes the pool and results stay bitwise identical', async () => {
    const results: Float32Array[] = [];
    for (const threads of [1, 2, 3, 1]) {
      await setThreads(threads);
      expect(getThreads()).toBe(threads);
      results.push(ops.matMul(a, b).data as Float32Array);
    }
    for (const r of results.slice(1)) expect(Buffer.from(r.buffer).equals(Buffer.from(results[0].buffer))).toBe(true);
  });

  test('rejects a bad thread count', () => {
    expect(() => setThreads(0)).toThrow(/setThreads expects an integer from 1 to 256. Received: threads=0/);
  });

  test('a script that trains on the pool exits by itself', () => {
    const script = `
      const { Sequential, layers, setThreads } = require(${JSON.stringify(path.join(root, 'dist/index.cjs'))});
      (async () => {
        await setThreads(2);
        const m = new Sequential([layers.dense({ units: 4, inputShape: [3] }), layers.dense({ units: 1 })]);
        m.compile({ optimizer: 'sgd', loss: 'mse' });
        await m.fit([[1, 2, 3], [4, 5, 6]], [1, 2], { epochs: 2, verbose: 0 });
        console.log('trained');
      })();`;
    const out = execFileSync(process.execPath, ['-e', script], { timeout: 30000, encoding: 'utf8' });
    expect(out.trim()).toBe('trained');
  });
});

test('the single-thread build trains to the same bits as the threaded one', () => {
  const script = `
    const { Sequential, layers, engineVariant, getThreads } = require(${JSON.stringify(path.join(root, 'dist/index.cjs'))});
    (async () => {
      const m = new Sequential({ seed: 3 });
      m.add(layers.dense({ units: 32, activation: 'relu', inputShape: [20] }));
      m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
      m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
      const x = Array.from({ length: 256 }, (_, i) => Array.from({ length: 20 }, (_, j) => Math.sin(i * 20 + j)));
      const y = x.map((r) => (r[0] + r[1] > 0 ? 1 : 0));
      await m.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0, seed: 5 });
      const w = m.getWeights().map((t) => Buffer.from(t.data.buffer).toString('base64')).join(',');
      console.log(JSON.stringify({ variant: engineVariant(), threads: getThreads(), w }));
    })();`;
  const run = (env: NodeJS.ProcessEnv) =>
    JSON.parse(execFileSync(process.execPath, ['-e', script], { timeout: 30000, encoding: 'utf8', env: { ...process.env, ...env } }));
  const single = run({ KERASM_ENGINE: 'single' });
  const threaded = run({});
  expect(single.variant).toBe('single');
  expect(single.threads).toBe(1);
  expect(threaded.variant).toBe('threads');
  expect(threaded.threads).toBeGreaterThanOrEqual(1);
  expect(single.w).toBe(threaded.w);
});
