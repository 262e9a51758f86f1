import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { StoreCorruptError, StoreError, StoreKeyError, StoreVersionError } from '../../src/errors.js';
import {
  FileStoreBackend,
  isValidStoreKey,
  MemoryStoreBackend,
  persistedFrom,
  type StoreBackend,
  type StoreEnvelope,
  StoreManager,
  validateStoreKey,
} from '../../src/host/store.js';
import type { Logger } from '../../src/logger.js';
import { settle, sleep, until } from '../support/async.js';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'corral-store-')), 'storage');
});
afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

const quiet: Logger = () => {};

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = ((level, message) => void lines.push(`${level}: ${message}`)) as Logger & {
    lines: string[];
  };
  logger.lines = lines;
  return logger;
}

/** A backend that records every write and can hold writes until released. */
class SlowBackend implements StoreBackend {
  readonly inner = new MemoryStoreBackend();
  readonly written: unknown[] = [];
  failKeys = new Set<string>();
  /** `delayMs` may depend on the data, so unserialised writes would finish out of order. */
  constructor(private readonly delayMs: number | ((data: unknown) => number) = 0) {}
  read(key: string) {
    return this.inner.read(key);
  }
  async write(key: string, envelope: StoreEnvelope) {
    const delay = typeof this.delayMs === 'number' ? this.delayMs : this.delayMs(envelope.data);
    if (delay > 0) await sleep(delay);
    if (this.failKeys.has(key)) throw new Error(`disk full writing ${key}`);
    this.written.push(envelope.data);
    await this.inner.write(key, envelope);
  }
  remove(key: string) {
    return this.inner.remove(key);
  }
  keys() {
    return this.inner.keys();
  }
}

describe('store keys', () => {
  test.each([
    ['../x', 'climbs out of the directory'],
    ['a/b', 'names a subdirectory'],
    ['a\\b', 'uses a Windows separator'],
    ['..', 'is the parent directory'],
    ['.', 'is the directory itself'],
    ['.hidden', 'is a dot file (temp files are dot files)'],
    ['', 'is empty'],
    ['x'.repeat(129), 'is 129 characters long'],
    ['a b', 'contains a space'],
    ['a\u0000b', 'contains a NUL'],
    ['ü', 'is not ASCII'],
    ['k~corrupt-1', 'uses the moved-aside marker'],
  ])('validateStoreKey refuses %j because it %s', (key) => {
    expect(() => validateStoreKey(key)).toThrow(StoreKeyError);
    expect(isValidStoreKey(key)).toBe(false);
  });

  test('validateStoreKey refuses a key that is not a string', () => {
    expect(() => validateStoreKey(42)).toThrow(StoreKeyError);
  });

  test.each(['core.entity_registry', 'a', 'x'.repeat(128), 'A-b_c.9', 'a..b'])(
    'validateStoreKey accepts %j',
    (key) => {
      expect(() => validateStoreKey(key)).not.toThrow();
    },
  );

  test('the file backend refuses a bad key before touching the disk', async () => {
    const backend = new FileStoreBackend(dir, { logger: quiet });
    const envelope = { version: 1, minor_version: 1, key: '../escape', data: 1 };
    await expect(backend.write('../escape', envelope)).rejects.toBeInstanceOf(StoreKeyError);
    await expect(backend.read('a/b')).rejects.toBeInstanceOf(StoreKeyError);
    await expect(backend.remove('..')).rejects.toBeInstanceOf(StoreKeyError);
    expect(existsSync(join(dir, '..', 'escape'))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  test('the manager refuses a bad key when the store is created', () => {
    const manager = new StoreManager({ backend: new MemoryStoreBackend(), logger: quiet });
    expect(() => manager.store('../x', { version: 1 })).toThrow(StoreKeyError);
  });
});

describe('FileStoreBackend', () => {
  test('a saved value loads back unchanged through a new manager on the same directory', async () => {
    const data = { entries: [{ id: 'a', n: 1.5, nested: { ok: true, none: null } }], text: 'é\n"' };
    const first = new StoreManager({ backend: new FileStoreBackend(dir), logger: quiet });
    await first.store('core.thing', { version: 2, minorVersion: 3 }).save(data);

    const second = new StoreManager({ backend: new FileStoreBackend(dir), logger: quiet });
    expect(await second.store('core.thing', { version: 2, minorVersion: 3 }).load()).toEqual(data);
  });

  test('the key file holds a {version, minor_version, key, data} envelope', async () => {
    const backend = new FileStoreBackend(dir);
    await backend.write('core.thing', { version: 2, minor_version: 3, key: 'ignored', data: [1, 2] });
    expect(JSON.parse(readFileSync(join(dir, 'core.thing'), 'utf8'))).toEqual({
      version: 2,
      minor_version: 3,
      key: 'core.thing',
      data: [1, 2],
    });
  });

  // POSIX modes: Corral's supported platforms are POSIX (Linux, macOS).
  test('the directory is created on demand with mode 0700 and files with mode 0600', async () => {
    const backend = new FileStoreBackend(dir);
    expect(existsSync(dir)).toBe(false);
    await backend.write('k', { version: 1, minor_version: 1, key: 'k', data: 'secret' });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'k')).mode & 0o777).toBe(0o600);
  });

  test('a missing key reads as undefined and remove deletes a key', async () => {
    const backend = new FileStoreBackend(dir);
    expect(await backend.read('absent')).toBeUndefined();
    await backend.write('k', { version: 1, minor_version: 1, key: 'k', data: 1 });
    await backend.remove('k');
    await backend.remove('k');
    expect(await backend.read('k')).toBeUndefined();
    expect(await backend.keys()).toEqual([]);
  });

  test('keys lists stored keys only, never temp or moved-aside files', async () => {
    const backend = new FileStoreBackend(dir, { logger: quiet });
    await backend.write('b', { version: 1, minor_version: 1, key: 'b', data: 1 });
    await backend.write('a', { version: 1, minor_version: 1, key: 'a', data: 1 });
    writeFileSync(join(dir, 'bad'), '{');
    await expect(backend.read('bad')).rejects.toBeInstanceOf(StoreCorruptError);
    writeFileSync(join(dir, `.a.${process.ppid}-0000-1.tmp`), '{"half');
    expect(await backend.keys()).toEqual(['a', 'b']);
  });

  test('a corrupt file fails the read with StoreCorruptError naming it, and is moved aside intact', async () => {
    const clock = { now: () => 1_700_000_000_000 };
    const logger = recordingLogger();
    const backend = new FileStoreBackend(dir, { clock, logger });
    await backend.write('core.thing', { version: 1, minor_version: 1, key: 'core.thing', data: 1 });
    writeFileSync(join(dir, 'core.thing'), '{"version": 1, "minor_ver');

    const error = await backend.read('core.thing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreCorruptError);
    const corrupt = error as StoreCorruptError;
    expect(corrupt).toBeInstanceOf(StoreError);
    expect(corrupt.file).toBe(join(dir, 'core.thing'));
    expect(corrupt.message).toContain(join(dir, 'core.thing'));
    expect(corrupt.movedTo).toBe(join(dir, 'core.thing~corrupt-1700000000000'));
    expect(readFileSync(corrupt.movedTo!, 'utf8')).toBe('{"version": 1, "minor_ver');
    expect(logger.lines.some((line) => line.startsWith('error:') && line.includes('core.thing'))).toBe(true);

    // The key starts empty and the next save works.
    expect(await backend.read('core.thing')).toBeUndefined();
    await backend.write('core.thing', { version: 1, minor_version: 1, key: 'core.thing', data: 2 });
    expect((await backend.read('core.thing'))?.data).toBe(2);
  });

  test.each([
    ['an empty file', ''],
    ['JSON that is not an envelope', '{"data": 1}'],
    ['an envelope with a fractional version', '{"version": 1.5, "minor_version": 1, "key": "k", "data": 1}'],
    ['an envelope without data', '{"version": 1, "minor_version": 1, "key": "k"}'],
  ])('%s counts as corrupt', async (_, text) => {
    const backend = new FileStoreBackend(dir, { logger: quiet });
    await backend.keys();
    writeFileSync(join(dir, 'k'), text);
    await expect(backend.read('k')).rejects.toBeInstanceOf(StoreCorruptError);
    expect(existsSync(join(dir, 'k'))).toBe(false);
  });

  test('two corrupt files in the same millisecond are both kept', async () => {
    const backend = new FileStoreBackend(dir, { clock: { now: () => 5 }, logger: quiet });
    await backend.keys();
    writeFileSync(join(dir, 'k'), 'one');
    await expect(backend.read('k')).rejects.toBeInstanceOf(StoreCorruptError);
    writeFileSync(join(dir, 'k'), 'two');
    await expect(backend.read('k')).rejects.toBeInstanceOf(StoreCorruptError);
    expect(readdirSync(dir).sort()).toEqual(['k~corrupt-5', 'k~corrupt-5-1']);
  });

  test('data that is not JSON is refused before anything is written', async () => {
    const backend = new FileStoreBackend(dir);
    await backend.write('k', { version: 1, minor_version: 1, key: 'k', data: 'kept' });
    await expect(
      backend.write('k', { version: 1, minor_version: 1, key: 'k', data: { n: 1n } }),
    ).rejects.toThrow(/not JSON/);
    await expect(
      backend.write('k', { version: 1, minor_version: 1, key: 'k', data: undefined }),
    ).rejects.toThrow(StoreError);
    expect((await backend.read('k'))?.data).toBe('kept');
    expect(readdirSync(dir)).toEqual(['k']);
  });

  test('temp files of dead writers are swept when a backend starts; a live writer’s are kept', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    await new FileStoreBackend(dir).keys();
    const dead = `.k.${deadPid}-abcd1234-1.tmp`;
    const earlierRunOfThisPid = `.k.${process.pid}-00000000-7.tmp`;
    const live = `.k.${process.ppid}-abcd1234-1.tmp`;
    for (const name of [dead, earlierRunOfThisPid, live]) writeFileSync(join(dir, name), '{"half');

    await new FileStoreBackend(dir).keys();
    expect(readdirSync(dir)).toEqual([live]);
  });
});

describe('StoreManager', () => {
  function manager(backend: StoreBackend = new MemoryStoreBackend(), extra: { clock?: SimulatedClock } = {}) {
    return new StoreManager({ backend, logger: quiet, ...extra });
  }

  test('load calls migrate with the stored version and minor version and returns its result', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write('k', { version: 1, minor_version: 2, key: 'k', data: { names: ['a'] } });
    const migrate = vi.fn((_major: number, _minor: number, data: unknown) => ({
      items: (data as { names: string[] }).names.map((name) => ({ name })),
    }));
    const store = manager(backend).store('k', { version: 2, minorVersion: 1, migrate });

    expect(await store.load()).toEqual({ items: [{ name: 'a' }] });
    expect(migrate).toHaveBeenCalledWith(1, 2, { names: ['a'] });
    // Written back, so the next start does not migrate again.
    expect(await backend.read('k')).toEqual({
      version: 2,
      minor_version: 1,
      key: 'k',
      data: { items: [{ name: 'a' }] },
    });
  });

  test('an older minor version calls migrate too', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write('k', { version: 1, minor_version: 1, key: 'k', data: 1 });
    const migrate = vi.fn(() => 2);
    expect(await manager(backend).store('k', { version: 1, minorVersion: 2, migrate }).load()).toBe(2);
    expect(migrate).toHaveBeenCalledWith(1, 1, 1);
  });

  test('matching versions do not call migrate', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write('k', { version: 1, minor_version: 1, key: 'k', data: 1 });
    const migrate = vi.fn(() => 2);
    expect(await manager(backend).store('k', { version: 1, migrate }).load()).toBe(1);
    expect(migrate).not.toHaveBeenCalled();
  });

  test('a different minor version without migrate loads as is', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write('k', { version: 1, minor_version: 4, key: 'k', data: 'newer minor' });
    expect(await manager(backend).store('k', { version: 1, minorVersion: 2 }).load()).toBe('newer minor');
  });

  test('a newer stored major version is refused and the store will not overwrite it', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write('k', { version: 3, minor_version: 1, key: 'k', data: 'from the future' });
    const store = manager(backend).store('k', { version: 2, migrate: () => 'migrated' });

    const error = await store.load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreVersionError);
    expect(error).toMatchObject({ storedVersion: 3, supportedVersion: 2, key: 'k' });
    await expect(store.save('older shape')).rejects.toBeInstanceOf(StoreVersionError);
    store.delaySave(() => 'older shape', 0);
    await sleep(5);
    expect((await backend.read('k'))?.data).toBe('from the future');
  });

  test('an older major version without migrate is refused', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write('k', { version: 1, minor_version: 1, key: 'k', data: 1 });
    await expect(manager(backend).store('k', { version: 2 }).load()).rejects.toBeInstanceOf(
      StoreVersionError,
    );
  });

  test('a failing migration rejects with StoreError and leaves the stored data alone', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write('k', { version: 1, minor_version: 1, key: 'k', data: 'old' });
    const store = manager(backend).store('k', {
      version: 2,
      migrate: () => {
        throw new Error('unexpected shape');
      },
    });
    await expect(store.load()).rejects.toThrow(/from 1\.1 to 2\.1 failed: unexpected shape/);
    expect(await backend.read('k')).toMatchObject({ version: 1, data: 'old' });
  });

  test('concurrent saves land in order and the last one wins', async () => {
    // Earlier values take longer to write: only a serialised queue keeps them in order.
    const backend = new SlowBackend((data) => 20 - (data as number));
    const store = manager(backend).store<number>('k', { version: 1 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(i)));
    expect((await backend.read('k'))?.data).toBe(19);
    const written = backend.written as number[];
    expect(written).toEqual([...written].sort((a, b) => a - b));
    expect(written.at(-1)).toBe(19);
  });

  test('concurrent saves to a file end with the last value on disk', async () => {
    const store = manager(new FileStoreBackend(dir)).store<{ i: number }>('k', { version: 1 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.save({ i })));
    expect(JSON.parse(readFileSync(join(dir, 'k'), 'utf8')).data).toEqual({ i: 29 });
  });

  test('a load issued after a save sees that save', async () => {
    const store = manager(new SlowBackend(5)).store<string>('k', { version: 1 });
    void store.save('first');
    const loaded = store.load();
    void store.save('second');
    expect(await loaded).toBe('first');
  });

  test('asking for the same key again returns the same store; other versions are refused', () => {
    const stores = manager();
    const store = stores.store('k', { version: 1 });
    expect(stores.store('k', { version: 1 })).toBe(store);
    expect(() => stores.store('k', { version: 2 })).toThrow(StoreError);
    expect(() => stores.store('other', { version: 0 })).toThrow(StoreError);
  });

  describe('delayed saves on a simulated clock', () => {
    test('delaySave writes once, after the delay since the last call, with the latest producer', async () => {
      const clock = new SimulatedClock();
      const backend = new SlowBackend();
      const store = manager(backend, { clock }).store<string>('k', { version: 1 });
      const producers = ['a', 'b', 'c'].map((value) => vi.fn(() => value));

      store.delaySave(producers[0]!, 1_000);
      clock.increment(400);
      store.delaySave(producers[1]!, 1_000);
      clock.increment(400);
      store.delaySave(producers[2]!, 1_000);
      clock.increment(999);
      await settle();
      expect(backend.written).toEqual([]);

      clock.increment(1);
      await settle();
      expect(backend.written).toEqual(['c']);
      expect(producers.map((producer) => producer.mock.calls.length)).toEqual([0, 0, 1]);
    });

    test('the default delay comes from the manager', async () => {
      const clock = new SimulatedClock();
      const backend = new SlowBackend();
      const stores = new StoreManager({ backend, clock, delaySaveMs: 250, logger: quiet });
      stores.store<number>('k', { version: 1 }).delaySave(() => 1);
      clock.increment(249);
      await settle();
      expect(backend.written).toEqual([]);
      clock.increment(1);
      await settle();
      expect(backend.written).toEqual([1]);
    });

    test('a delayed save postponed again and again is written after delaySaveMaxMs', async () => {
      const clock = new SimulatedClock();
      const backend = new SlowBackend();
      const stores = new StoreManager({
        backend,
        clock,
        delaySaveMs: 1_000,
        delaySaveMaxMs: 5_000,
        logger: quiet,
      });
      const store = stores.store<number>('k', { version: 1 });
      for (let t = 0; t < 5_000; t += 500) {
        store.delaySave(() => t);
        clock.increment(500);
        await settle();
      }
      expect(backend.written).toEqual([4_500]);
    });

    test('save replaces a pending delayed save', async () => {
      const clock = new SimulatedClock();
      const backend = new SlowBackend();
      const store = manager(backend, { clock }).store<string>('k', { version: 1 });
      store.delaySave(() => 'delayed', 1_000);
      await store.save('now');
      clock.increment(5_000);
      await settle();
      expect(backend.written).toEqual(['now']);
    });

    test('remove cancels a pending delayed save', async () => {
      const clock = new SimulatedClock();
      const backend = new SlowBackend();
      const store = manager(backend, { clock }).store<string>('k', { version: 1 });
      await store.save('stored');
      store.delaySave(() => 'delayed', 1_000);
      await store.remove();
      clock.increment(5_000);
      await settle();
      expect(await backend.read('k')).toBeUndefined();
    });

    test('load returns the data of a pending delayed save', async () => {
      const clock = new SimulatedClock();
      const store = manager(new SlowBackend(), { clock }).store<string>('k', { version: 1 });
      await store.save('written');
      store.delaySave(() => 'pending', 1_000);
      expect(await store.load()).toBe('pending');
    });

    test('a throwing producer is logged and nothing is written', async () => {
      const clock = new SimulatedClock();
      const backend = new SlowBackend();
      const logger = recordingLogger();
      const store = new StoreManager({ backend, clock, logger }).store<string>('k', { version: 1 });
      store.delaySave(() => {
        throw new Error('boom');
      }, 10);
      clock.increment(10);
      await settle();
      expect(backend.written).toEqual([]);
      expect(logger.lines).toEqual([
        expect.stringMatching(/^error: delayed save of store "k" failed: .*boom/),
      ]);
    });
  });

  test('with real timers a delayed save lands on disk after its delay, not before', async () => {
    const stores = new StoreManager({ backend: new FileStoreBackend(dir), logger: quiet });
    stores.store<string>('k', { version: 1 }).delaySave(() => 'later', 40);
    await sleep(10);
    expect(existsSync(join(dir, 'k'))).toBe(false);
    expect(stores.pendingKeys()).toEqual(['k']);
    await until(() => existsSync(join(dir, 'k')), 2_000, 'delayed save');
    expect(JSON.parse(readFileSync(join(dir, 'k'), 'utf8')).data).toBe('later');
  });

  test('with vi fake timers delaySave debounces to one write', async () => {
    vi.useFakeTimers();
    try {
      const backend = new SlowBackend();
      const store = new StoreManager({ backend, delaySaveMs: 100, logger: quiet }).store<number>('k', {
        version: 1,
      });
      for (let i = 0; i < 5; i++) {
        store.delaySave(() => i);
        await vi.advanceTimersByTimeAsync(50);
      }
      expect(backend.written).toEqual([]);
      await vi.advanceTimersByTimeAsync(100);
      expect(backend.written).toEqual([4]);
    } finally {
      vi.useRealTimers();
    }
  });

  test('flush writes every pending delayed save and leaves nothing pending', async () => {
    const stores = new StoreManager({
      backend: new FileStoreBackend(dir),
      delaySaveMs: 60_000,
      logger: quiet,
    });
    stores.store<string>('a', { version: 1 }).delaySave(() => 'A');
    stores.store<string>('b', { version: 1 }).delaySave(() => 'B');
    const inFlight = stores.store<string>('c', { version: 1 }).save('C');
    expect(stores.pendingKeys()).toEqual(['a', 'b', 'c']);

    await stores.flush();
    expect(stores.pendingKeys()).toEqual([]);
    await inFlight;
    for (const [key, value] of [
      ['a', 'A'],
      ['b', 'B'],
      ['c', 'C'],
    ]) {
      expect(JSON.parse(readFileSync(join(dir, key!), 'utf8')).data).toBe(value);
    }
  });

  test('flush tries every key and then reports the ones that failed', async () => {
    const backend = new SlowBackend();
    backend.failKeys.add('bad');
    const stores = new StoreManager({ backend, delaySaveMs: 60_000, logger: quiet });
    stores.store<string>('bad', { version: 1 }).delaySave(() => 'x');
    stores.store<string>('good', { version: 1 }).delaySave(() => 'y');

    const error = await stores.flush().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/"bad" .*disk full/);
    expect((await backend.read('good'))?.data).toBe('y');
    expect(stores.pendingKeys()).toEqual([]);
  });

  test('persistedFrom loads through the store and saves delayed', async () => {
    const clock = new SimulatedClock();
    const backend = new SlowBackend();
    await backend.write('registry', { version: 1, minor_version: 1, key: 'registry', data: { items: [1] } });
    const stores = new StoreManager({ backend, clock, delaySaveMs: 1_000, logger: quiet });
    const persisted = persistedFrom(stores.store<{ items: number[] }>('registry', { version: 1 }));

    expect(await persisted.load()).toEqual({ items: [1] });
    persisted.save({ items: [1, 2] });
    persisted.save({ items: [1, 2, 3] });
    await settle();
    expect(backend.written).toEqual([{ items: [1] }]);
    clock.increment(1_000);
    await settle();
    expect(backend.written.at(-1)).toEqual({ items: [1, 2, 3] });
    expect(backend.written).toHaveLength(2);
  });
});
