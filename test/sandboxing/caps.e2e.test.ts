/**
 * The caps against a real sandbox process: an integration that registers past its
 * group's entity cap has its setup refused with cap_exceeded, and the group's other
 * entry keeps working.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleHub, runFlow, startExampleHub, waitForState } from '../support/example-hub.js';
import { eventually } from '../support/processes.js';

let example: ExampleHub | undefined;
afterEach(async () => {
  await example?.cleanup();
  example = undefined;
});

describe('caps on a sandboxed integration', () => {
  it('refuses the entities past the group cap with cap_exceeded and leaves the group working', async () => {
    const warnings: string[] = [];
    example = await startExampleHub({
      isolation: 'process',
      sandboxing: {
        caps: { maxEntitiesPerGroup: 3 },
        logger: (level, message) => {
          if (level === 'warn') warnings.push(message);
        },
      },
    });
    const { hub } = example;
    const first = await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
    expect(hub.entries.state(first.entryId!)).toBe('loaded');
    const second = await runFlow(hub, 'demo_light', [{ name: 'Hall', count: 2, area: 'Kitchen' }]);
    await eventually(
      () => hub.entries.state(second.entryId!) !== 'setup_in_progress',
      'the second setup to end',
    );
    expect(hub.entries.state(second.entryId!)).toBe('setup_error');
    expect(hub.entries.reason(second.entryId!)).toContain('maxEntitiesPerGroup');
    expect(warnings.some((line) => line.includes('maxEntitiesPerGroup'))).toBe(true);
    // The cap's three: the first entry's two, and the one light of the second that fit (its setup
    // failed, so it is released and unavailable, as after any failed setup).
    expect(hub.states.all('light').map((state) => [state.entityId, state.state])).toEqual([
      ['light.desk_1', 'off'],
      ['light.desk_2', 'off'],
      ['light.hall_1', 'unavailable'],
    ]);
    await hub.services.call('light', 'turn_on', {}, { target: { entity_id: 'light.desk_1' } });
    await waitForState(hub, 'light.desk_1', (state) => state.state === 'on');
  });
});
