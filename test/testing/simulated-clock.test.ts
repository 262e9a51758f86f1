import { createTestHub, type TestHub } from 'corral/testing';
import { afterEach, expect, test } from 'vitest';
import { EXAMPLES, KITCHEN } from './support.js';

const START = Date.UTC(2030, 0, 1);

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

test('entry retries wait for simulated time: the default 5 s and 10 s delays pass on advance, not before', async () => {
  t = await createTestHub({ clock: 'simulated', integrationDirs: [EXAMPLES], startTime: START });
  const answer = await t.runFlow('flaky', [{ fail_setup_times: 2 }]);
  const entryId = answer.entryId!;
  expect(t.hub.entries.state(entryId)).toBe('setup_retry');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(t.hub.entries.state(entryId)).toBe('setup_retry'); // real time does not count

  await t.advance(4_999);
  expect(t.hub.entries.reason(entryId)).toBe('flaky is not ready (attempt 1 of 3)');
  await t.advance(1);
  expect(t.hub.entries.reason(entryId)).toBe('flaky is not ready (attempt 2 of 3)');
  await t.advance(10_000);
  expect(t.hub.entries.state(entryId)).toBe('loaded');
  expect(t.clock?.now()).toBe(START + 15_000);
});

test('states and events are stamped with the simulated time', async () => {
  t = await createTestHub({ clock: 'simulated', integrationDirs: [EXAMPLES], startTime: START });
  await t.setup('demo_light', [KITCHEN]);
  expect(t.hub.states.get('light.kitchen_1')?.lastChanged).toBe(START);
  await t.advance(60_000);
  await t.callService('light', 'turn_on', {}, { entity_id: 'light.kitchen_1' });
  expect(t.hub.states.get('light.kitchen_1')).toMatchObject({ state: 'on', lastChanged: START + 60_000 });
});

test('advance with no timer due just moves the clock', async () => {
  t = await createTestHub({ clock: 'simulated', integrationDirs: [EXAMPLES], startTime: START });
  await t.advance(0);
  await t.advance(1_234);
  expect(t.clock?.now()).toBe(START + 1_234);
  await expect(t.advance(-1)).rejects.toThrow(RangeError);
});
