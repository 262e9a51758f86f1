/**
 * demo_light tested through `corral/testing`, the way an integration author
 * would: at whatever isolation the suite runs at (`CORRAL_ISOLATION`), against
 * the built integration.
 */
import { fileURLToPath } from 'node:url';
import { createTestHub, type TestHub, type TestIsolation } from 'corral/testing';
import { afterEach, describe, expect, test } from 'vitest';

const BUILT = fileURLToPath(new URL('../../../dist/examples/integrations', import.meta.url));
const isolation = (process.env.CORRAL_ISOLATION ?? 'inline') as TestIsolation;
/** Crashes need a sandbox to kill: the in-process run of this suite uses processes for them. */
const sandboxed: TestIsolation = isolation === 'inline' ? 'process' : isolation;
const KITCHEN = { name: 'Kitchen', count: 2, area: 'Kitchen' };

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close(); // stops the hub, removes its config dir, fails if a sandbox outlived it
  t = undefined;
});

describe('demo_light through corral/testing', () => {
  test('a count above 10 is refused on the count field', async () => {
    t = await createTestHub({ isolation, integrationDirs: [BUILT] });
    await expect(t.runFlow('demo_light', [{ ...KITCHEN, count: 11 }])).rejects.toMatchObject({
      type: 'flow_form_errors',
      errors: { count: expect.any(String) },
    });
  });

  test('turn_on aimed at the area turns both lights on', async () => {
    t = await createTestHub({ isolation, integrationDirs: [BUILT] });
    await t.setup('demo_light', [KITCHEN]);
    await t.callService('light', 'turn_on', { brightness: 128 }, { area_id: 'kitchen' });
    await t.waitForState('light.kitchen_2', (s) => s.attributes.brightness === 128);
    expect(t.hub.states.get('light.kitchen_1')?.state).toBe('on');
  });

  test('after a crash the lights go unavailable and come back as they were', async () => {
    t = await createTestHub({ isolation: sandboxed, integrationDirs: [BUILT] });
    await t.setup('demo_light', [KITCHEN]);
    await t.callService('light', 'turn_on', {}, { entity_id: 'light.kitchen_1' });

    const group = t.groupOf('demo_light');
    t.faults(group).crash();
    await t.waitForState('light.kitchen_1', 'unavailable');
    await t.waitForState('light.kitchen_1', 'on', { timeoutMs: 10_000 });
    expect(t.transitions(group)).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
  });

  test('a second crash waits out its backoff in simulated time', async () => {
    t = await createTestHub({ isolation: sandboxed, clock: 'simulated', integrationDirs: [BUILT] });
    await t.setup('demo_light', [KITCHEN]);
    const group = t.groupOf('demo_light');
    t.faults(group).crash(); // the first restart is immediate
    await t.waitForSandbox(group, 'starting');
    await t.waitForSandbox(group, 'running');
    t.faults(group).crash(); // the second waits 500 ms ± 20 % of simulated time
    await t.waitForSandbox(group, 'backoff');
    await t.advance(600);
    await t.waitForState('light.kitchen_1', 'off', { timeoutMs: 10_000 });
    expect(t.transitions(group).slice(-4)).toEqual(['crashed', 'backoff', 'starting', 'running']);
  });
});
