import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { defaultSandboxCapsPolicy } from '../../src/policy.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function loadYaml(yaml: string) {
  const dir = await mkdtemp(join(tmpdir(), 'corral-config-caps-'));
  dirs.push(dir);
  await writeFile(join(dir, 'corral.yaml'), yaml);
  return loadConfig(dir);
}

describe('the caps section of corral.yaml', () => {
  test('absent or empty, it is defaultSandboxCapsPolicy', async () => {
    expect((await loadYaml('host:\n')).caps).toEqual(defaultSandboxCapsPolicy);
    expect((await loadYaml('caps:\n')).caps).toEqual(defaultSandboxCapsPolicy);
  });

  test('an override keeps the other defaults', async () => {
    const config = await loadYaml('caps:\n  maxEntitiesPerGroup: 50000\n  eventsPerSecond: 2.5\n');
    expect(config.caps).toEqual({
      ...defaultSandboxCapsPolicy,
      maxEntitiesPerGroup: 50_000,
      eventsPerSecond: 2.5,
    });
  });

  test('a bad value or an unknown key is reported at its key', async () => {
    const error = await loadYaml('caps:\n  eventsPerSecond: 0\n  maxFlows: 3\n').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map(({ line, key }) => ({ line, key }))).toEqual(
      expect.arrayContaining([
        { line: 2, key: 'caps.eventsPerSecond' },
        expect.objectContaining({ key: expect.stringMatching(/^caps/) }),
      ]),
    );
  });
});
