import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'corral-drift-'));

describe('generated wire code', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('matches what proto/corral.proto generates today (run "npm run gen" after editing the .proto)', () => {
    execFileSync(process.execPath, [join(root, 'scripts/gen-proto.mjs'), scratch], {
      cwd: root,
      stdio: 'pipe',
    });
    for (const file of ['corral.js', 'corral.d.ts']) {
      const fresh = readFileSync(join(scratch, file), 'utf8');
      const checkedIn = readFileSync(join(root, 'src/wire/gen', file), 'utf8');
      expect(checkedIn, `src/wire/gen/${file} is stale`).toBe(fresh);
    }
  }, 60_000);
});
