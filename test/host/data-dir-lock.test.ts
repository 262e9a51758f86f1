/**
 * One hub per data directory: `createHub` takes `<configDir>/.corral/hub.lock` and a
 * second hub there refuses, while a lock whose holder is gone never blocks a start.
 * The race test spawns real processes and uses dist/: run `npm run build` first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DataDirLockedError } from '../../src/errors.js';
import { acquireDataDirLock, lockFileOf, processStartTime } from '../../src/host/data-dir-lock.js';
import { createHub, type Hub } from '../../src/host/hub.js';

const BUILT_LOCK = fileURLToPath(new URL('../../dist/src/host/data-dir-lock.js', import.meta.url));

let dir: string;
const hubs: Hub[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corral-lock-'));
});

afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
  await rm(dir, { recursive: true, force: true });
});

async function hubOn(configDir: string): Promise<Hub> {
  const hub = await createHub({ configDir });
  hubs.push(hub);
  return hub;
}

/** A lock file as a hub with this pid and start time would have left it. */
async function plantLock(content: string): Promise<void> {
  await mkdir(join(dir, '.corral'), { recursive: true });
  writeFileSync(lockFileOf(dir), content);
}

/** The pid of a process that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('createHub and the data directory lock', () => {
  test('a second hub on the same directory refuses, naming the holder pid and the way out', async () => {
    const first = await hubOn(dir);
    await first.start();
    const refused = await createHub({ configDir: dir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).type).toBe('data_dir_locked');
    expect((refused as DataDirLockedError).holderPid).toBe(process.pid);
    expect((refused as Error).message).toMatch(
      new RegExp(`another hub \\(pid ${process.pid}\\) is running on .*stop it first.*--config`),
    );
  });

  test('a created hub holds the lock before it starts, and stop() releases it', async () => {
    const first = await hubOn(dir);
    await expect(createHub({ configDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    await first.stop();
    expect(existsSync(lockFileOf(dir))).toBe(false);
    const second = await hubOn(dir);
    await second.start();
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8'))).toEqual({
      pid: process.pid,
      startTime: processStartTime(process.pid),
    });
  });

  test('a stopped hub takes the lock again when it starts again', async () => {
    const hub = await hubOn(dir);
    await hub.start();
    await hub.stop();
    await hub.start();
    await expect(createHub({ configDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
  });

  test('hubs on different directories do not block each other', async () => {
    const other = await mkdtemp(join(tmpdir(), 'corral-lock-other-'));
    try {
      await (await hubOn(dir)).start();
      const second = await createHub({ configDir: other });
      await second.start();
      await second.stop();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  test('a lock whose pid is gone (a SIGKILLed hub) is taken over', async () => {
    await plantLock(JSON.stringify({ pid: deadPid(), startTime: '1' }));
    await (await hubOn(dir)).start();
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')).pid).toBe(process.pid);
  });

  test('a lock whose pid runs with another start time (a reused pid) is taken over', async () => {
    await plantLock(JSON.stringify({ pid: process.ppid, startTime: 'not-its-start-time' }));
    await (await hubOn(dir)).start();
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')).pid).toBe(process.pid);
  });

  test('a lock file that is not a lock (edited by hand, cut short) is taken over', async () => {
    await plantLock('{"pid":');
    await (await hubOn(dir)).start();
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')).pid).toBe(process.pid);
  });

  test('a lock held by another running process, with its real start time, is respected', async () => {
    await plantLock(JSON.stringify({ pid: process.ppid, startTime: processStartTime(process.ppid) }));
    await expect(createHub({ configDir: dir })).rejects.toMatchObject({
      type: 'data_dir_locked',
      holderPid: process.ppid,
    });
    // The refused hub left the holder's lock as it was.
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')).pid).toBe(process.ppid);
  });

  test('release() removes only the lock this process holds, not one taken over since', () => {
    const lock = acquireDataDirLock(dir);
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: process.ppid, startTime: 'someone-else' }));
    lock.release();
    expect(existsSync(lockFileOf(dir))).toBe(true);
  });
});

describe('taking over a stale lock, raced by real processes', () => {
  test('of eight processes racing for one stale lock, exactly one wins', async () => {
    await plantLock(JSON.stringify({ pid: deadPid(), startTime: '1' }));
    const script = `
      const { acquireDataDirLock } = await import(${JSON.stringify(BUILT_LOCK)});
      try { acquireDataDirLock(${JSON.stringify(dir)}); process.stdout.write('won'); }
      catch (error) { process.stdout.write(error.type ?? String(error)); }
      process.stdin.resume(); // hold the lock until the test ends this process
    `;
    const racers = Array.from({ length: 8 }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }),
    );
    try {
      const outcomes = await Promise.all(
        racers.map(
          (child) =>
            new Promise<string>((resolve) => {
              let out = '';
              child.stdout.on('data', (chunk: Buffer) => {
                out += chunk.toString();
                if (out === 'won' || out === 'data_dir_locked') resolve(out);
              });
              child.once('exit', () => resolve(out));
            }),
        ),
      );
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'data_dir_locked')).toHaveLength(7);
      const winner = racers[outcomes.indexOf('won')]!;
      expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')).pid).toBe(winner.pid);
    } finally {
      for (const child of racers) child.kill('SIGKILL');
    }
  });
});
