/**
 * Where envelopes live: `FileStoreBackend` (one file per key) and
 * `MemoryStoreBackend` (tests), plus store-key validation.
 *
 * On disk:
 * - `<dir>/<key>` is always a complete envelope or absent: a write goes to a
 *   dot-named temp file in the same directory, is fsynced, renamed over the key and
 *   the directory is fsynced. A writer killed at any moment leaves the previous or
 *   the new envelope, never a mix.
 * - A writer killed mid-write leaves its temp file (`.<key>.<pid>-<token>-<n>.tmp`).
 *   The next backend on the directory deletes temp files whose writer is gone, before
 *   its first operation.
 * - A file at a key's path that is not a complete envelope (edited by hand, or cut
 *   short by a file system without ordered writes) is moved to
 *   `<key>~corrupt-<ms since epoch>` and the read fails with `StoreCorruptError`;
 *   the key then starts empty, so the next save works and the user keeps the old
 *   bytes. Temp and corrupt names can never be store keys (a key neither starts with
 *   `.` nor contains `~`), so `keys()` never lists them and no key can collide.
 */

import { randomBytes } from 'node:crypto';
import { access, type FileHandle, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StoreCorruptError, StoreError, StoreKeyError } from '../errors.js';
import { consoleLogger, type Logger } from '../logger.js';
import { defaultStorePolicy } from '../policy.js';
import { type HostClock, systemClock } from './types.js';

/** What one key holds. `data` is any JSON value. */
export interface StoreEnvelope {
  readonly version: number;
  readonly minor_version: number;
  readonly key: string;
  readonly data: unknown;
}

/** Where envelopes live. Keys reaching a backend have passed `validateStoreKey`. */
export interface StoreBackend {
  read(key: string): Promise<StoreEnvelope | undefined>;
  write(key: string, envelope: StoreEnvelope): Promise<void>;
  remove(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

const KEY_CHARS = /^[A-Za-z0-9._-]+$/;

/** True when `key` passes `validateStoreKey`. */
export function isValidStoreKey(key: unknown, maxLength = defaultStorePolicy.maxKeyLength): key is string {
  return storeKeyProblem(key, maxLength) === undefined;
}

/**
 * Gate: a store key becomes a file name on main, so a key that could leave the
 * store's directory (`..`, `a/b`, `a\b`), hide as a dot file or overflow a file name
 * is refused — a sandbox could otherwise read or overwrite any file main can.
 */
export function validateStoreKey(
  key: unknown,
  maxLength = defaultStorePolicy.maxKeyLength,
): asserts key is string {
  const problem = storeKeyProblem(key, maxLength);
  if (problem !== undefined) throw new StoreKeyError(typeof key === 'string' ? key : String(key), problem);
}

function storeKeyProblem(key: unknown, maxLength: number): string | undefined {
  if (typeof key !== 'string') return `it is a ${typeof key}, not a string`;
  if (key.length === 0) return 'it is empty';
  if (key.length > maxLength) return `it is ${key.length} characters long (at most ${maxLength})`;
  if (key.startsWith('.')) return 'it starts with "."';
  if (!KEY_CHARS.test(key)) {
    const bad = [...key].find((char) => !KEY_CHARS.test(char)) ?? '';
    return `it contains ${JSON.stringify(bad)}`;
  }
  return undefined;
}

export function isEnvelope(value: unknown): value is StoreEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const envelope = value as Record<string, unknown>;
  return (
    isVersion(envelope.version) &&
    isVersion(envelope.minor_version) &&
    typeof envelope.key === 'string' &&
    'data' in envelope
  );
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The envelope in a file's text, or why there is none. */
function parseEnvelope(text: string): { envelope: StoreEnvelope } | { problem: string } {
  if (text.length === 0) return { problem: 'the file is empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON: ${errorMessage(error)}` };
  }
  return isEnvelope(parsed)
    ? { envelope: parsed }
    : { problem: 'not a {version, minor_version, key, data} envelope' };
}

/** JSON text of an envelope; refuses what JSON cannot hold rather than writing something else. */
function serialise(key: string, envelope: StoreEnvelope): string {
  if (envelope.data === undefined)
    throw new StoreError(key, `cannot save undefined under store key "${key}"`);
  try {
    return JSON.stringify({
      version: envelope.version,
      minor_version: envelope.minor_version,
      key,
      data: envelope.data,
    });
  } catch (error) {
    throw new StoreError(key, `data for store key "${key}" is not JSON: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Identifies this process's writers in temp-file names, so a restarted host with a recycled pid still sweeps. */
const PROCESS_TOKEN = randomBytes(4).toString('hex');
const TEMP_NAME = /^\.[A-Za-z0-9._-]+\.(\d+)-([0-9a-f]+)-\d+\.tmp$/;
let tempCounter = 0;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/**
 * Test seam (`corral/testing`'s `failNextStoreWrite`): a fault armed on a store
 * directory makes the next write there of a key it matches reject with
 * `StoreError` before anything touches the disk. None is armed outside tests,
 * and then a write pays one size check.
 */
export interface StoreWriteFault {
  /** Which keys the fault fires on; it fires once, on the first matching write. */
  readonly matches: (key: string) => boolean;
  /** Told when it fired, with the error the write rejected with. */
  readonly fired?: (key: string, error: StoreError) => void;
}

const writeFaults = new Map<string, StoreWriteFault[]>();

/** Arm `fault` on the store directory `dir`; returns the disarm, which is harmless once it fired. */
export function armStoreWriteFault(dir: string, fault: StoreWriteFault): () => void {
  const key = resolve(dir);
  writeFaults.set(key, [...(writeFaults.get(key) ?? []), fault]);
  return () => disarm(key, fault);
}

function disarm(dir: string, fault: StoreWriteFault): void {
  const left = (writeFaults.get(dir) ?? []).filter((armed) => armed !== fault);
  if (left.length > 0) writeFaults.set(dir, left);
  else writeFaults.delete(dir);
}

/** Throws if a fault armed on `dir` matches `key`, consuming it. */
function fireWriteFault(dir: string, key: string): void {
  const resolved = resolve(dir);
  const fault = writeFaults.get(resolved)?.find((armed) => armed.matches(key));
  if (!fault) return;
  disarm(resolved, fault);
  const error = new StoreError(key, `could not write store key "${key}": write failed (injected fault)`);
  fault.fired?.(key, error);
  throw error;
}

export interface FileStoreBackendOptions {
  /** Timestamps the names of files moved aside. */
  readonly clock?: HostClock;
  readonly logger?: Logger;
}

/** One JSON file per key in `dir` (created on demand, mode 0700), written atomically. */
export class FileStoreBackend implements StoreBackend {
  readonly dir: string;
  readonly #clock: HostClock;
  readonly #logger: Logger;
  #prepared: Promise<void> | undefined;

  constructor(dir: string, options: FileStoreBackendOptions = {}) {
    this.dir = dir;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? consoleLogger;
  }

  /** The file that holds `key`. */
  fileOf(key: string): string {
    validateStoreKey(key);
    return join(this.dir, key);
  }

  async read(key: string): Promise<StoreEnvelope | undefined> {
    const file = this.fileOf(key);
    await this.#prepare();
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw new StoreError(key, `could not read store file ${file}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const parsed = parseEnvelope(text);
    if ('envelope' in parsed) return parsed.envelope;
    const movedTo = await this.#moveAside(key, file);
    const error = new StoreCorruptError(key, file, movedTo, parsed.problem);
    this.#logger('error', error.message, { key, file, movedTo });
    throw error;
  }

  async write(key: string, envelope: StoreEnvelope): Promise<void> {
    const target = this.fileOf(key);
    const text = serialise(key, envelope);
    if (writeFaults.size > 0) fireWriteFault(this.dir, key);
    await this.#prepare();
    const temp = join(this.dir, `.${key}.${process.pid}-${PROCESS_TOKEN}-${++tempCounter}.tmp`);
    let handle: FileHandle | undefined;
    try {
      handle = await open(temp, 'wx', 0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, target);
    } catch (error) {
      await handle?.close().catch(() => {});
      await unlink(temp).catch(() => {});
      throw new StoreError(key, `could not write store file ${target}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    await this.#syncDir(key);
  }

  async remove(key: string): Promise<void> {
    const file = this.fileOf(key);
    await this.#prepare();
    try {
      await unlink(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw new StoreError(key, `could not remove store file ${file}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    await this.#syncDir(key);
  }

  async keys(): Promise<string[]> {
    await this.#prepare();
    const entries = await readdir(this.dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && isValidStoreKey(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  /** Creates the directory and deletes temp files of writers that died mid-write; once per backend. */
  #prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      for (const name of await readdir(this.dir)) {
        const match = TEMP_NAME.exec(name);
        if (!match) continue;
        const pid = Number(match[1]);
        const stale = pid === process.pid ? match[2] !== PROCESS_TOKEN : !isAlive(pid);
        if (!stale) continue;
        await unlink(join(this.dir, name)).catch((error: unknown) => {
          if (errorCode(error) !== 'ENOENT') {
            this.#logger('warn', `could not delete stale store temp file ${name}: ${errorMessage(error)}`);
          }
        });
      }
    })().catch((error: unknown) => {
      this.#prepared = undefined;
      throw new StoreError('', `could not prepare store directory ${this.dir}: ${errorMessage(error)}`, {
        cause: error,
      });
    });
    return this.#prepared;
  }

  async #moveAside(key: string, file: string): Promise<string | undefined> {
    const stamp = this.#clock.now();
    for (let attempt = 0; attempt < 100; attempt++) {
      const target = join(this.dir, `${key}~corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`);
      try {
        await access(target);
        continue;
      } catch {}
      try {
        await rename(file, target);
        await this.#syncDir(key);
        return target;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** Makes a rename or unlink durable; platforms that cannot open a directory skip it. */
  async #syncDir(key: string): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.dir, 'r');
      await handle.sync();
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'ENOTSUP') return;
      throw new StoreError(key, `could not sync store directory ${this.dir}: ${errorMessage(error)}`, {
        cause: error,
      });
    } finally {
      await handle?.close().catch(() => {});
    }
  }
}

/**
 * Envelopes in memory, for tests and hosts without a disk. Data is copied through
 * JSON on write, so what a later read returns is what a file would hold.
 */
export class MemoryStoreBackend implements StoreBackend {
  readonly #entries = new Map<string, string>();

  async read(key: string): Promise<StoreEnvelope | undefined> {
    validateStoreKey(key);
    const text = this.#entries.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as StoreEnvelope);
  }

  async write(key: string, envelope: StoreEnvelope): Promise<void> {
    validateStoreKey(key);
    this.#entries.set(key, serialise(key, envelope));
  }

  async remove(key: string): Promise<void> {
    validateStoreKey(key);
    this.#entries.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.#entries.keys()].sort();
  }
}
