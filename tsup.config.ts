import { defineConfig } from 'tsup';

const common = {
  target: 'es2022',
  platform: 'node',
  shims: true,
  sourcemap: false,
} as const;

export default defineConfig([
  {
    ...common,
    entry: { index: 'ts/index.ts' },
    format: ['cjs', 'esm'],
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
    dts: true,
  },
  // The pool worker: one CommonJS file that both builds of the package spawn.
  { ...common, entry: { worker: 'ts/engine/worker.ts' }, format: ['cjs'], outExtension: () => ({ js: '.cjs' }) },
]);
