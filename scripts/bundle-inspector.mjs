// Builds the inspector page into dist/inspector/: index.html, assets/app.js and
// assets/style.css, the three files the hub serves on loopback. One bundle with
// no external imports, so the page works with no internet.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const source = 'src/inspector/web';
const out = 'dist/inspector';

mkdirSync(`${out}/assets`, { recursive: true });
await build({
  entryPoints: [`${source}/app.ts`],
  outfile: `${out}/assets/app.js`,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: false,
  sourcemap: false,
  logLevel: 'warning',
});
copyFileSync(`${source}/index.html`, `${out}/index.html`);
copyFileSync(`${source}/style.css`, `${out}/assets/style.css`);
