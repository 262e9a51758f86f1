/** Trust gates at launch: what the sandbox inherits, and which runtime the host accepts. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchSandbox } from '../../src/actors/launch.js';
import type { Logger } from '../../src/logger.js';
import { defaultProcessPolicy } from '../../src/policy.js';
import { eventually } from '../support/processes.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);
process.env.CORRAL_TEST_HOST_SECRET = 'hunter2';
afterAll(() => {
  delete process.env.CORRAL_TEST_HOST_SECRET;
});

async function envOf(passEnv: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  const logger: Logger = (_level, message) => lines.push(message);
  const sandbox = await launchSandbox({
    group: 'built-in',
    entry: fixture('prints-env.mjs'),
    logger,
    policy: { ...defaultProcessPolicy, passEnv },
  });
  await sandbox.ready;
  await eventually(() => lines.some((l) => l.startsWith('env: ')), 'the fixture to print its environment');
  await sandbox.channel.call('shutdown', {});
  await sandbox.exited;
  return JSON.parse(lines.find((l) => l.startsWith('env: '))?.slice('env: '.length) ?? '[]');
}

describe('sandbox environment', () => {
  it("a sandbox does not see the host's environment beyond the policy's allow-list", async () => {
    const env = await envOf(defaultProcessPolicy.passEnv);
    expect(env).not.toContain('CORRAL_TEST_HOST_SECRET');
    expect(env).toContain('PATH');
    expect(env).toContain('CORRAL_SANDBOX');
    expect(
      env.every((name) => name === 'CORRAL_SANDBOX' || defaultProcessPolicy.passEnv.includes(name)),
    ).toBe(true);
  });

  it('a variable named in passEnv does reach it (the check above is not vacuous)', async () => {
    const env = await envOf([...defaultProcessPolicy.passEnv, 'CORRAL_TEST_HOST_SECRET']);
    expect(env).toContain('CORRAL_TEST_HOST_SECRET');
  });
});

describe('protocol version handshake', () => {
  it('a runtime announcing another protocol version is refused and its channel closed', async () => {
    const sandbox = await launchSandbox({ group: 'built-in', entry: fixture('wrong-protocol.mjs') });
    await expect(sandbox.ready).rejects.toMatchObject({ type: 'protocol_error' });
    await expect(sandbox.ready).rejects.toThrow(/protocol 99/);
    await sandbox.channel.closed;
    expect(sandbox.channel.state).toBe('closed');
    await sandbox.exited;
  });
});
