import { defineConfig } from 'tsup';

const common = {
  target: 'es2022',
  sourcemap: true,
} as const;

export default defineConfig([
  // Node (ESM and CommonJS). tsup names the CommonJS declarations index.d.ts whatever outExtension
  // says (they are built in a worker); `npm run build` renames them index.d.cts, beside index.d.mts.
  {
    ...common,
    platform: 'node',
    shims: true,
    entry: { index: 'ts/node.ts' },
    format: ['cjs', 'esm'],
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
    dts: true,
  },
  // The Node pool worker: one CommonJS file that both Node builds spawn.
  { ...common, platform: 'node', shims: true, entry: { worker: 'ts/engine/worker.ts' }, format: ['cjs'], outExtension: () => ({ js: '.cjs' }) },
  // Browsers (pages and Web Workers) and their pool worker: self-contained ES modules, so a plain
  // <script type="module"> needs no import map; the .wasm files stay in pkg/, found from here.
  {
    ...common,
    platform: 'browser',
    entry: { browser: 'ts/browser.ts', web_pool_worker: 'ts/hosts/web/pool_worker.ts' },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    splitting: false,
    noExternal: ['fflate', 'papaparse'],
  },
]);
