// Regenerates the static protobuf code and its types from proto/corral.proto.
// `node scripts/gen-proto.mjs [outDir]` (default src/wire/gen); the drift test
// generates into a temp dir and compares with the checked-in files.
// pbts reads the JSDoc of a commented build; the shipped JS has no comments,
// which keeps the sandbox's start-up parse small.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'src/wire/gen'));
const proto = join(root, 'proto/corral.proto');
const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('protobufjs-cli/package.json'));
const node = (script, args) =>
  execFileSync(process.execPath, [join(cliDir, 'bin', script), ...args], { cwd: root, stdio: 'inherit' });
const common = [
  '-t',
  'static-module',
  '-w',
  'es6',
  '--no-beautify',
  '--no-delimited',
  '--no-verify',
  '--no-convert',
];

mkdirSync(outDir, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'corral-gen-'));
try {
  const commented = join(scratch, 'corral.js');
  node('pbjs', [...common, '-o', commented, proto]);
  node('pbts', ['--no-comments', '-o', join(outDir, 'corral.d.ts'), commented]);
  node('pbjs', [...common, '--no-comments', '-o', join(outDir, 'corral.js'), proto]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
