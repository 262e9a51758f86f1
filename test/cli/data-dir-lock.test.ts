/**
 * One hub per config directory, with real `corral run` processes: a second one
 * refuses, and a SIGKILLed one does not keep the next from starting. Uses dist/:
 * run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../support/processes.js';
import { configDir, corral, isGone, killAll, type RunningCorral, startRun } from './support.js';

/** The ids of the config entries saved in `dir`'s `.storage`. */
function savedEntryIds(dir: string): string[] {
  const file = join(dir, '.storage', 'core.config_entries');
  if (!existsSync(file)) return [];
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { data: { entries: { entryId: string }[] } };
  return saved.data.entries.map((e) => e.entryId);
}

/** The processes `pid` started (its sandboxes), so none outlives a SIGKILLed hub. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('corral run: one hub per config directory', () => {
  let dir: string;
  const started: RunningCorral[] = [];
  const sandboxes = new Set<number>();
  let entriesBefore: string[];

  beforeAll(async () => {
    dir = await configDir('  heartbeatIntervalMs: 0');
    const first = startRun(dir);
    started.push(first);
    await first.waitFor(/ms {2}ready$/m);
    for (const pid of childrenOf(first.pid)) sandboxes.add(pid);
    // Saves are delayed (about a second): wait until the entry is on disk.
    await eventually(() => savedEntryIds(dir).length === 1, 'the setup entry to be saved', 15_000);
    entriesBefore = savedEntryIds(dir);
  });

  afterAll(async () => {
    killAll(started.map((r) => r.pid));
    killAll(sandboxes);
    await rm(dir, { recursive: true, force: true });
  });

  test('the first hub created its setup entry', () => {
    expect(started[0]!.stdout).toContain('setup: demo_light -> entry "Desk" created');
    expect(entriesBefore).toHaveLength(1);
  });

  test('a second corral run on the same directory exits 1 at once, naming the running hub', async () => {
    const first = started[0]!;
    const second = await corral(['run', '--config', dir, '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `corral: data_dir_locked: another hub (pid ${first.pid}) is running on ${dir}`,
    );
    expect(second.stderr).toMatch(/stop it first \(Ctrl-C in its terminal, or kill \d+\)/);
    // It started nothing and wrote nothing: no sandbox, no API, the first hub's entry intact.
    expect(second.stdout).not.toMatch(/sandbox|inspector:|ready/);
    expect(savedEntryIds(dir)).toEqual(entriesBefore);
    expect(isGone(first.pid)).toBe(false);
  });

  test('after the first hub is SIGKILLed, the next one starts on its lock and keeps its entry', async () => {
    const first = started[0]!;
    for (const pid of childrenOf(first.pid)) sandboxes.add(pid);
    first.child.kill('SIGKILL');
    await first.exited;
    await eventually(() => [...sandboxes].every(isGone), 'the killed hub’s sandboxes to exit', 10_000);

    const next = startRun(dir);
    started.push(next);
    const [, url] = await next.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+)\//);
    await next.waitFor(/ms {2}ready$/m);
    // The entry came from .storage: no setup flow ran again, nothing was lost.
    expect(next.stdout).not.toContain('setup: demo_light');
    expect(savedEntryIds(dir)).toEqual(entriesBefore);
    const listed = await corral(['--url', url!, '--config', dir, '--json', 'entries']);
    expect((JSON.parse(listed.stdout) as { entryId: string; state: string }[]).map((e) => e.entryId)).toEqual(
      entriesBefore,
    );

    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
    expect(savedEntryIds(dir)).toEqual(entriesBefore);
  });
});
