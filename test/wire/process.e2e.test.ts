/**
 * The real runtime in a real child process, over both production transports.
 * Needs the built runtime (`npm run build`).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type LaunchedSandbox,
  type LaunchOptions,
  launchSandbox,
  runtimeEntryPath,
} from '../../src/actors/launch.js';
import { ChannelClosedError } from '../../src/errors.js';
import type { LogLevel } from '../../src/logger.js';
import { decodeJson } from '../../src/wire/json.js';
import { Msg, PROTOCOL_VERSION } from '../../src/wire/protocol.js';
import { until, within } from '../support/async.js';
import { toBigInt } from '../support/protocol-arbitraries.js';

const launched: LaunchedSandbox[] = [];
afterEach(async () => {
  for (const sandbox of launched.splice(0)) {
    sandbox.kill('SIGKILL');
    await sandbox.exited;
  }
});

async function launch(options: LaunchOptions): Promise<LaunchedSandbox> {
  const sandbox = await launchSandbox({ connectTimeoutMs: 5_000, ...options });
  launched.push(sandbox);
  return sandbox;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each(['pipe', 'unix'] as const)('a sandbox process over %s', (transport) => {
  const group = `e2e-${transport}`;

  test('sends ready with its group, pid and protocol version', async () => {
    const sandbox = await launch({ group, transport });
    const ready = await within(5_000, sandbox.ready, 'ready');
    expect(ready).toMatchObject({ group, pid: sandbox.pid, protocolVersion: PROTOCOL_VERSION });
    expect(ready.runtimeVersion).toBe(process.version);
  });

  test('answers ping with a resident set size above zero', async () => {
    const sandbox = await launch({ group, transport });
    await within(5_000, sandbox.ready, 'ready');
    const pong = await sandbox.channel.call(Msg.Ping, { sentAtMs: Date.now() }, { timeoutMs: 5_000 });
    expect(toBigInt(pong.rssBytes)).toBeGreaterThan(0n);
    expect(toBigInt(pong.heapUsedBytes)).toBeGreaterThan(0n);
    expect(pong.uptimeMs).toBeGreaterThan(0);
  });

  test('replies to shutdown with decodable restore state, then exits with code 0', async () => {
    const sandbox = await launch({ group, transport });
    await within(5_000, sandbox.ready, 'ready');
    const reply = await sandbox.channel.call(Msg.Shutdown, { reason: 'test' }, { timeoutMs: 5_000 });
    expect(decodeJson(reply.restoreState)).toEqual({});
    expect(await within(5_000, sandbox.exited, 'exit')).toEqual({ code: 0, signal: null });
    expect(isAlive(sandbox.pid)).toBe(false);
  });

  test('exits promptly when the host closes its end of the channel, leaving no orphan', async () => {
    const sandbox = await launch({ group, transport });
    await within(5_000, sandbox.ready, 'ready');
    await sandbox.channel.close();
    const exit = await within(3_000, sandbox.exited, 'exit after the host closed');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(() => process.kill(sandbox.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  test('a pending call rejects with ChannelClosedError when the process dies', async () => {
    const sandbox = await launch({ group, transport });
    await within(5_000, sandbox.ready, 'ready');
    // No language: refused at once, so an error reply crosses before the process dies.
    const call = sandbox.channel.call(Msg.GetTranslations, {}, { timeoutMs: 0 });
    await expect(call).rejects.toMatchObject({ type: 'validation_error' });
    const pending = sandbox.channel.call(Msg.Ping, {}, { timeoutMs: 0 });
    sandbox.kill('SIGKILL');
    await expect(within(3_000, pending, 'pending call')).rejects.toBeInstanceOf(ChannelClosedError);
    await sandbox.channel.closed;
    expect(sandbox.channel.state).toBe('closed');
  });
});

describe('the unix socket', () => {
  test('its file and private directory are gone once the sandbox has connected', async () => {
    const sandbox = await launch({ group: 'e2e-socket', transport: 'unix' });
    const url = sandbox.child.spawnargs[sandbox.child.spawnargs.indexOf('--url') + 1] ?? '';
    expect(url).toMatch(/^unix:\/\//);
    const path = url.slice('unix://'.length);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(path))).toBe(false);
    await within(5_000, sandbox.ready, 'ready');
  });
});

describe("the child's output", () => {
  let dir: string;
  let entry: string;
  beforeAll(() => {
    // A plugin-like entry: it prints, then runs the real built runtime in the same process.
    dir = mkdtempSync(join(tmpdir(), 'corral-entry-'));
    entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      [
        "console.log('plugin says hello');",
        "console.error('plugin warns');",
        `await import(${JSON.stringify(pathToFileURL(runtimeEntryPath()).href)});`,
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(['pipe', 'unix'] as const)(
    'stdout and stderr lines reach the logger tagged with the group and pid (%s)',
    async (transport) => {
      const lines: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
      const sandbox = await launch({
        group: 'e2e-logs',
        transport,
        entry,
        logger: (level, message, fields) => lines.push({ level, message, fields }),
      });
      await within(5_000, sandbox.ready, 'ready');
      await until(() => lines.length >= 2, 3_000, 'two log lines');
      expect(lines).toEqual(
        expect.arrayContaining([
          {
            level: 'info',
            message: 'plugin says hello',
            fields: { group: 'e2e-logs', pid: sandbox.pid, stream: 'stdout' },
          },
          {
            level: 'warn',
            message: 'plugin warns',
            fields: { group: 'e2e-logs', pid: sandbox.pid, stream: 'stderr' },
          },
        ]),
      );
    },
  );
});
