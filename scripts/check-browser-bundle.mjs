// Bundles kerasm's browser entry (ts/browser.ts: the public API with the web host) and its pool
// worker for the browser with esbuild, and fails if anything Node-only is reached: a Node builtin
// (`node:fs`, `fs`, `worker_threads`, ...), a Node-only package, or anything esbuild cannot
// resolve for a browser. Nothing is marked external, so every import is followed.
//   node scripts/check-browser-bundle.mjs [entry.ts ...]     (npm run check:browser-bundle)
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const entries = process.argv.length > 2 ? process.argv.slice(2) : ['ts/browser.ts', 'ts/hosts/web/pool_worker.ts'];
/** Packages that only work in Node (native addons). */
const nodeOnlyPackages = ['@resvg/resvg-js'];
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

const nodeOnly = [];
const refuseNodeOnly = {
  name: 'refuse-node-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
      if (builtins.has(args.path) || builtins.has(bare) || args.path.startsWith('node:') || nodeOnlyPackages.includes(bare)) {
        nodeOnly.push(`${args.importer.replace(root, '')} imports "${args.path}"`);
        return { path: args.path, namespace: 'node-only' };
      }
      return undefined;
    });
    // Stand-ins so the bundle completes and every offending import is listed, not just the first.
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

let result;
try {
  result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    outdir: 'browser-bundle-check',
    metafile: true,
    logLevel: 'silent',
    plugins: [refuseNodeOnly],
  });
} catch (error) {
  for (const message of error.errors ?? [error]) {
    const where = message.location ? `${message.location.file}:${message.location.line}: ` : '';
    console.error(`${where}${message.text ?? message.message}`);
  }
  console.error('The browser bundle failed.');
  process.exit(1);
}

if (nodeOnly.length > 0) {
  console.error(`The browser bundle reaches ${nodeOnly.length} Node-only import(s):`);
  for (const line of nodeOnly) console.error(`  ${line}`);
  process.exit(1);
}
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  console.log(`${file}: ${(output.bytes / 1024).toFixed(0)} KiB from ${Object.keys(output.inputs).length} modules`);
}
console.log(`The browser bundle of ${entries.join(' and ')} reaches no Node-only import.`);
