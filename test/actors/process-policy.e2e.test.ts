import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchSandbox } from '../../src/actors/launch.js';
import type { Logger } from '../../src/logger.js';
import { defaultProcessPolicy } from '../../src/policy.js';
import { eventually } from '../support/processes.js';

const root = join(import.meta.dirname, '..', '..');
const entry = join(root, 'test', 'fixtures', 'reads-outside.mjs');
const dir = mkdtempSync(join(tmpdir(), 'corral-secret-'));
const secret = join(dir, 'host-secret.json');
writeFileSync(secret, '{"token":"s3cret"}');
process.env.CORRAL_SECRET_FILE = secret;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(permissionModel: boolean) {
  const lines: string[] = [];
  const logger: Logger = (_level, message) => lines.push(message);
  const sandbox = await launchSandbox({
    group: 'built-in',
    entry,
    logger,
    policy: {
      ...defaultProcessPolicy,
      permissionModel,
      maxOldSpaceMiB: 64,
      passEnv: ['PATH', 'CORRAL_SECRET_FILE'],
    },
    readPaths: [join(root, 'dist', 'runtime', '*')],
  });
  await sandbox.ready;
  const pong = await sandbox.channel.call('ping', {});
  await eventually(() => lines.some((l) => l.startsWith('heap-limit-mib')), 'the fixture to report');
  await sandbox.channel.call('shutdown', {});
  await sandbox.exited;
  return { lines, pong };
}

describe('process policy', () => {
  it("under the permission model a sandbox cannot read the host's files, yet runs and answers", async () => {
    const { lines, pong } = await run(true);
    expect(lines).toContain('read: ERR_ACCESS_DENIED');
    expect(Number(pong.rssBytes)).toBeGreaterThan(0);
  });

  it('without the permission model the same read succeeds (the check above is not vacuous)', async () => {
    const { lines } = await run(false);
    expect(lines).toContain('read: allowed');
  });

  it('caps the V8 heap with --max-old-space-size', async () => {
    const { lines } = await run(false);
    const limit = Number(lines.find((l) => l.startsWith('heap-limit-mib'))?.split(': ')[1]);
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThan(200);
  });
});
