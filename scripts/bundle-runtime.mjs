// Bundles the sandbox runtime entry into one minified file: a sandbox start-up
// then parses one file instead of resolving a module graph, which is most of
// its cost over a bare `node` (see docs/performance.md).
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/sandbox/main.js'],
  outfile: 'dist/runtime/sandbox.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
