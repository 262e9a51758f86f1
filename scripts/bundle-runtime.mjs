// Bundles the sandbox runtime entry into one minified file: a sandbox start-up
// then parses one file instead of resolving a module graph, which is most of
// its cost over a bare `node` (see docs/performance.md). Code the runtime
// imports lazily (flows and their schema library) goes into split chunks that
// load with the first flow, not at start-up.
import { build } from 'esbuild';

await build({
  entryPoints: { sandbox: 'dist/src/sandbox/main.js' },
  outdir: 'dist/runtime',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
