/**
 * package.json's claims about the built package: a bundler may drop any module that
 * `sideEffects` does not list once none of its exports is used, so every built file that runs
 * code on load — the layer registrations `deserialize` and `loadModel` rely on, the pool
 * worker's entry — must be listed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** A `sideEffects` entry as a RegExp over "./"-relative paths (`*` within a folder, `**` across). */
function pattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*');
  return new RegExp(`^${escaped}$`);
}

describe('package.json', () => {
  const declared = (pkg.sideEffects as string[]).map(pattern);
  const built = fs.readdirSync(path.join(root, 'dist')).filter((f) => /\.(c|m)?js$/.test(f)).map((f) => `./dist/${f}`);

  test('every built file that registers layers, or is the worker entry, is declared to have side effects', () => {
    const withEffects = built.filter((file) => {
      const code = fs.readFileSync(path.join(root, file), 'utf8');
      return /registerLayer\("\w+",/.test(code) || file.endsWith('worker.cjs');
    });
    expect(withEffects.length).toBeGreaterThanOrEqual(3); // the ESM and CJS bundles, the worker
    for (const file of withEffects) expect(declared.some((p) => p.test(file))).toBe(true);
  });

  test('the license file says what package.json says', () => {
    expect(pkg.license).toBe('MIT');
    expect(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });
});

describe('source maps', () => {
  test('with --enable-source-maps, a stack frame inside kerasm names its TypeScript source', () => {
    const script = "try { require('./dist/index.cjs').tensor([[1, 2], [3]]); } catch (e) { console.log(e.stack); }";
    const stack = execFileSync(process.execPath, ['--enable-source-maps', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(stack).toMatch(/\bts\/[\w/]+\.ts:\d+:\d+/);
  });
});
