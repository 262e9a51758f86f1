import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StoreVersionError, ValidationError } from '../../src/errors.js';
import {
  parseRestoreState,
  RESTORE_STATE_STORE_KEY,
  RestoreStateStore,
  restoreStateFromJson,
  restoreStateToJson,
  type StoredState,
} from '../../src/host/restore-state.js';
import {
  FileStoreBackend,
  MemoryStoreBackend,
  type StoreBackend,
  StoreManager,
} from '../../src/host/store.js';
import type { State } from '../../src/host/types.js';
import type { Logger } from '../../src/logger.js';
import type { JsonValue } from '../../src/wire/json.js';

const quiet: Logger = () => {};
const DAY = 24 * 60 * 60_000;

function state(entityId: string, value: string, attributes: Record<string, unknown> = {}, at = 1_000): State {
  return {
    entityId,
    state: value,
    attributes,
    lastChanged: at,
    lastUpdated: at + 1,
    context: { id: '01J0000000000000000000000', parentId: null, userId: null },
  };
}

/** A hub run: a state table, a clock and a restore-state store over a shared backend. */
function run(backend: StoreBackend, now = { t: 10 * DAY }) {
  const states = new Map<string, State>();
  const stores = new StoreManager({ backend, delaySaveMs: 60_000, logger: quiet });
  const restore = new RestoreStateStore(stores, (entityId) => states.get(entityId), {
    clock: { now: () => now.t },
    logger: quiet,
  });
  return { states, stores, restore, now };
}

async function stored(backend: StoreBackend): Promise<StoredState[]> {
  return ((await backend.read(RESTORE_STATE_STORE_KEY))?.data ?? []) as StoredState[];
}

describe('RestoreStateStore', () => {
  test('dump stores the current states of tracked entities only, once the delay passes or on flush', async () => {
    const backend = new MemoryStoreBackend();
    const { states, stores, restore } = run(backend);
    states.set('light.kitchen', state('light.kitchen', 'on', { brightness: 200 }));
    states.set('sensor.untracked', state('sensor.untracked', '21'));
    restore.track('light.kitchen');

    restore.dump();
    expect(await backend.read(RESTORE_STATE_STORE_KEY)).toBeUndefined();
    await stores.flush();
    expect(await stored(backend)).toEqual([
      {
        entityId: 'light.kitchen',
        state: 'on',
        attributes: { brightness: 200 },
        lastChanged: 1_000,
        lastUpdated: 1_001,
        lastSeen: 10 * DAY,
      },
    ]);
  });

  test('lastState after load returns what the previous run stored', async () => {
    const backend = new MemoryStoreBackend();
    const first = run(backend);
    first.states.set('switch.pump', state('switch.pump', 'off', { reason: 'schedule' }));
    first.restore.track('switch.pump');
    await first.restore.flushNow();

    const second = run(backend);
    expect(second.restore.lastState('switch.pump')).toBeUndefined();
    await second.restore.load();
    expect(second.restore.lastState('switch.pump')).toMatchObject({
      state: 'off',
      attributes: { reason: 'schedule' },
      lastChanged: 1_000,
    });
    expect(second.restore.lastState('switch.other')).toBeUndefined();
  });

  test('an unavailable state never overwrites the last real state', async () => {
    const backend = new MemoryStoreBackend();
    const first = run(backend);
    first.states.set('light.porch', state('light.porch', 'on'));
    first.restore.track('light.porch');
    await first.restore.flushNow();

    const second = run(backend);
    await second.restore.load();
    second.restore.track('light.porch');
    second.states.set('light.porch', state('light.porch', 'unavailable'));
    await second.restore.flushNow();
    expect((await stored(backend)).map((entry) => entry.state)).toEqual(['on']);
  });

  test('untrack keeps the state an entity had, so an entity re-added by a reload gets it back', async () => {
    const { states, restore } = run(new MemoryStoreBackend());
    states.set('cover.garage', state('cover.garage', 'open'));
    restore.track('cover.garage');
    restore.untrack('cover.garage');
    states.delete('cover.garage');
    expect(restore.isTracked('cover.garage')).toBe(false);
    expect(restore.lastState('cover.garage')?.state).toBe('open');
  });

  test('entries of entities that are not tracked are kept until they have not been seen for the expiry', async () => {
    const backend = new MemoryStoreBackend();
    const first = run(backend);
    first.states.set('sensor.slow', state('sensor.slow', '7'));
    first.restore.track('sensor.slow');
    await first.restore.flushNow();

    // Next run: the integration has not set the entity up yet.
    const second = run(backend, { t: 10 * DAY + 6 * DAY });
    await second.restore.load();
    await second.restore.flushNow();
    expect((await stored(backend)).map((entry) => entry.entityId)).toEqual(['sensor.slow']);

    const third = run(backend, { t: 10 * DAY + 7 * DAY + 1 });
    await third.restore.load();
    await third.restore.flushNow();
    expect(await stored(backend)).toEqual([]);
  });

  test('flushNow writes at once and replaces a pending dump', async () => {
    const backend = new MemoryStoreBackend();
    const { states, stores, restore } = run(backend);
    states.set('light.a', state('light.a', 'on'));
    restore.track('light.a');
    restore.dump();
    await restore.flushNow();
    expect(stores.pendingKeys()).toEqual([]);
    expect((await stored(backend)).map((entry) => entry.state)).toEqual(['on']);
  });

  test('attributes that are not JSON are stored in their JSON-safe form', async () => {
    const { states, restore } = run(new MemoryStoreBackend());
    states.set(
      'sensor.odd',
      state('sensor.odd', '1', { at: new Date(0), tags: new Set(['a']), big: 10n, fn: undefined }),
    );
    restore.track('sensor.odd');
    expect(restore.snapshot().get('sensor.odd')?.attributes).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      tags: ['a'],
      big: '10',
    });
  });

  test('a corrupt restore-state file is moved aside and restore-state starts empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corral-restore-'));
    try {
      const backend = new FileStoreBackend(dir, { logger: quiet });
      await backend.keys();
      writeFileSync(join(dir, RESTORE_STATE_STORE_KEY), '[{"entityId": "light.a", "sta');
      const { restore } = run(backend);
      await restore.load();
      expect(restore.lastState('light.a')).toBeUndefined();
      expect(readdirSync(dir).some((name) => name.startsWith(`${RESTORE_STATE_STORE_KEY}~corrupt-`))).toBe(
        true,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('restore-state of a newer release is not loaded and not overwritten', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write(RESTORE_STATE_STORE_KEY, {
      version: 9,
      minor_version: 1,
      key: RESTORE_STATE_STORE_KEY,
      data: 'future',
    });
    const { restore } = run(backend);
    await expect(restore.load()).rejects.toBeInstanceOf(StoreVersionError);
    await expect(restore.flushNow()).rejects.toBeInstanceOf(StoreVersionError);
    expect((await backend.read(RESTORE_STATE_STORE_KEY))?.data).toBe('future');
  });

  test('malformed entries in the stored file are skipped and the rest restored', async () => {
    const backend = new MemoryStoreBackend();
    await backend.write(RESTORE_STATE_STORE_KEY, {
      version: 1,
      minor_version: 1,
      key: RESTORE_STATE_STORE_KEY,
      data: [
        { entityId: 'light.ok', state: 'on', attributes: {}, lastChanged: 1, lastUpdated: 2 },
        { entityId: 'Not An Id', state: 'on', attributes: {}, lastChanged: 1, lastUpdated: 2 },
      ],
    });
    const { restore } = run(backend);
    await restore.load();
    expect(restore.lastState('light.ok')).toMatchObject({ state: 'on', lastSeen: 2 });
  });
});

describe('restore-state JSON', () => {
  const entityId = fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.stringMatching(/^[a-z0-9_]{1,12}$/))
    .map(([domain, object]) => `${domain}.${object}`);
  const storedState = fc.record({
    entityId,
    state: fc.string({ maxLength: 255 }),
    // As JSON holds them: JSON has no -0, so a generated -0 arrives as 0.
    attributes: fc
      .dictionary(fc.string(), fc.jsonValue())
      .map((attributes) => JSON.parse(JSON.stringify(attributes)) as Record<string, JsonValue>),
    lastChanged: fc.nat(),
    lastUpdated: fc.nat(),
    lastSeen: fc.nat(),
  });

  test('any valid restore-state map survives toJson then fromJson unchanged (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(storedState, { selector: (entry) => entry.entityId }), (entries) => {
        const map = new Map(entries.map((entry) => [entry.entityId, entry as StoredState]));
        const back = restoreStateFromJson(restoreStateToJson(map));
        expect(back).toEqual(map);
      }),
      { numRuns: 100 },
    );
  });

  test('the JSON form is a list of {entityId, state, attributes, lastChanged, lastUpdated, lastSeen} sorted by entity id', () => {
    const entry = (id: string): StoredState => ({
      entityId: id,
      state: 's',
      attributes: {},
      lastChanged: 1,
      lastUpdated: 2,
      lastSeen: 3,
    });
    const map = new Map([
      ['light.b', entry('light.b')],
      ['light.a', entry('light.a')],
    ]);
    expect(JSON.parse(restoreStateToJson(map))).toEqual([entry('light.a'), entry('light.b')]);
  });

  test('fromJson lists every malformed entry by path', () => {
    const json = JSON.stringify([
      { entityId: 'light.ok', state: 'on', attributes: {}, lastChanged: 1, lastUpdated: 1 },
      { entityId: '../etc', state: 5, attributes: [], lastChanged: -1, lastUpdated: 'x' },
      'not an object',
      { entityId: 'light.ok', state: 'on', attributes: {}, lastChanged: 1, lastUpdated: 1 },
    ]);
    const error = (() => {
      try {
        restoreStateFromJson(json);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).invalid.map((field) => field.path.join('.'))).toEqual([
      '1.entityId',
      '1.state',
      '1.attributes',
      '1.lastChanged',
      '1.lastUpdated',
      '2',
      '3.entityId',
    ]);
  });

  test('fromJson refuses text that is not JSON or not a list', () => {
    expect(() => restoreStateFromJson('{')).toThrow(ValidationError);
    expect(() => restoreStateFromJson('{"light.a": {}}')).toThrow(ValidationError);
  });

  test('parseRestoreState never throws, whatever it is given (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const { states, invalid } = parseRestoreState(value);
        expect(states.size + invalid.length).toBeGreaterThanOrEqual(Array.isArray(value) ? 0 : 1);
      }),
    );
  });
});
