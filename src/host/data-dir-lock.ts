/**
 * One hub per data directory. Two hubs on one `.storage` each write their own
 * `core.config_entries` over the other's, so an entry made on one vanishes; the
 * lock makes the second hub refuse before it reads or writes anything.
 *
 * Node has no `flock`, so the lock is a file, `<dataDir>/.corral/hub.lock`, holding
 * the holder's pid and that process's start time (field 22 of `/proc/<pid>/stat`).
 * - Taking it is atomic: the content is written under a private name first and
 *   hard-linked into place, and `link` fails when the lock exists, so a reader
 *   never sees a half-written lock and two starters never both win.
 * - A lock is stale when its pid is gone (or a zombie), or runs with another start
 *   time (the pid was reused), or its content is not a lock: a SIGKILLed hub never
 *   blocks the next start.
 * - Removing a stale lock is claimed first, by creating `hub.lock.takeover-<inode>`
 *   exclusively, and done only if the lock still has that inode and content. Two
 *   starters that both saw the stale lock cannot both remove it, nor can a slow one
 *   remove the fresh lock the winner put in its place.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataDirLockedError } from '../errors.js';

/** Who holds a lock: a pid, and when that process started (`null` where `/proc` is missing). */
export interface LockHolder {
  readonly pid: number;
  readonly startTime: string | null;
}

export interface DataDirLock {
  /** The lock file. */
  readonly file: string;
  /** Remove the lock if it is still this process's; idempotent. */
  release(): void;
}

/** A takeover claim older than this was left by a starter that died mid-takeover (which takes microseconds). */
const ABANDONED_CLAIM_MS = 10_000;
const MAX_ATTEMPTS = 50;

export function lockFileOf(dataDir: string): string {
  return join(resolve(dataDir), '.corral', 'hub.lock');
}

/** Take the lock on `dataDir` for this process, or throw `DataDirLockedError` naming the running holder. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = lockFileOf(dataDir);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const content = JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid) });
  const temp = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, content, { flag: 'wx', mode: 0o600 });
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        linkSync(temp, file);
        return heldLock(file, content, statSync(temp).ino);
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw error;
      }
      const seen = readLock(file);
      if (!seen) continue; // released in between: try again
      if (seen.holder && isRunning(seen.holder)) {
        throw new DataDirLockedError(resolve(dataDir), file, seen.holder.pid);
      }
      removeStaleLock(file, seen, content);
    }
  } finally {
    unlinkSync(temp);
  }
  const seen = readLock(file);
  throw new DataDirLockedError(resolve(dataDir), file, seen?.holder?.pid ?? null);
}

interface SeenLock {
  readonly ino: number;
  readonly text: string;
  /** Undefined when the file is not a lock (edited by hand, or cut short by a crash of the file system). */
  readonly holder: LockHolder | undefined;
}

function readLock(file: string): SeenLock | undefined {
  try {
    const ino = statSync(file).ino;
    const text = readFileSync(file, 'utf8');
    // The inode must still be the one whose text was read.
    if (statSync(file).ino !== ino) return undefined;
    return { ino, text, holder: parseHolder(text) };
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as { pid?: unknown; startTime?: unknown };
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined;
    if (value.startTime !== null && typeof value.startTime !== 'string') return undefined;
    return { pid: value.pid as number, startTime: value.startTime };
  } catch {
    return undefined;
  }
}

/** Removes the stale lock `seen` if it is still in place and this starter wins the claim on it. */
function removeStaleLock(file: string, seen: SeenLock, claimContent: string): void {
  const claim = `${file}.takeover-${seen.ino}`;
  try {
    writeFileSync(claim, claimContent, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw error;
    // Another starter is taking this lock over: give it a moment, then look again.
    const age = Date.now() - mtimeOf(claim);
    if (age > ABANDONED_CLAIM_MS) unlinkQuietly(claim);
    else sleep(5);
    return;
  }
  try {
    const now = readLock(file);
    if (now && now.ino === seen.ino && now.text === seen.text) unlinkSync(file);
  } finally {
    unlinkQuietly(claim);
  }
}

function heldLock(file: string, content: string, ino: number): DataDirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    const now = readLock(file);
    if (now && now.ino === ino && now.text === content) unlinkQuietly(file);
  };
  // A hub that exits without stopping (process.exit, an uncaught error) leaves no lock behind.
  process.on('exit', release);
  return { file, release };
}

/** Running, with the start time the lock recorded: not gone, not a zombie, not a reused pid. */
export function isRunning(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if (codeOf(error) !== 'EPERM') return false;
  }
  const stat = procStat(holder.pid);
  if (stat === undefined) return true; // no /proc: the pid is all there is to go on
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return holder.startTime === null || holder.startTime === stat.startTime;
}

/** Field 22 of `/proc/<pid>/stat`: clock ticks from boot to the process's start; `null` without `/proc`. */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.startTime ?? null;
}

function procStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields 3… follow the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[22 - 3];
  if (!state || !startTime) return undefined;
  return { state, startTime };
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Gone already.
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
