import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type FlowSteps,
  InputEndedError,
  type Prompter,
  parseAnswer,
  walkFlow,
} from '../../src/cli/flow-prompt.js';
import type { Hub } from '../../src/host/hub.js';
import { type ExampleHub, startExampleHub } from '../support/example-hub.js';

describe('parseAnswer', () => {
  test('an empty answer takes the default, or skips a field without one', () => {
    expect(parseAnswer('', { type: 'integer', default: 3 })).toEqual({ value: 3 });
    expect(parseAnswer('   ', { type: 'number', default: 0 })).toEqual({ value: 0 });
    expect(parseAnswer('', { type: 'string' })).toEqual({ skip: true });
  });

  test('a choice is picked by its number or by its name', () => {
    const area = { type: 'string', enum: ['Living Room', 'Kitchen', 'Office'] };
    expect(parseAnswer('2', area)).toEqual({ value: 'Kitchen' });
    expect(parseAnswer(' Office ', area)).toEqual({ value: 'Office' });
  });

  test('a choice that is neither a listed number nor a name is an error', () => {
    const area = { type: 'string', enum: ['Living Room', 'Kitchen'] };
    expect(parseAnswer('0', area)).toEqual({ error: 'pick 1-2 or one of the names' });
    expect(parseAnswer('3', area)).toHaveProperty('error');
    expect(parseAnswer('kitchen', area)).toHaveProperty('error');
  });

  test('a numeric choice is found by name when its number is out of range', () => {
    expect(parseAnswer('20', { type: 'integer', enum: [10, 20] })).toEqual({ value: 20 });
  });

  test('an integer must be whole and within the bounds', () => {
    const count = { type: 'integer', minimum: 1, maximum: 10 };
    expect(parseAnswer('4', count)).toEqual({ value: 4 });
    expect(parseAnswer('2.5', count)).toEqual({ error: 'expected a whole number' });
    expect(parseAnswer('four', count)).toEqual({ error: 'expected a whole number' });
    expect(parseAnswer('0', count)).toEqual({ error: 'at least 1' });
    expect(parseAnswer('11', count)).toEqual({ error: 'at most 10' });
  });

  test('a number may be fractional but must be finite', () => {
    expect(parseAnswer('0.5', { type: 'number' })).toEqual({ value: 0.5 });
    expect(parseAnswer('Infinity', { type: 'number' })).toEqual({ error: 'expected a number' });
    expect(parseAnswer('1e400', { type: 'number' })).toEqual({ error: 'expected a number' });
  });

  test('the first of several types decides', () => {
    expect(parseAnswer('7', { type: ['integer', 'null'] })).toEqual({ value: 7 });
  });

  test('a yes/no answer is a boolean; anything else is an error', () => {
    for (const yes of ['y', 'Yes', 'TRUE', 'on', '1'])
      expect(parseAnswer(yes, { type: 'boolean' })).toEqual({ value: true });
    for (const no of ['n', 'NO', 'false', 'off', '0'])
      expect(parseAnswer(no, { type: 'boolean' })).toEqual({ value: false });
    expect(parseAnswer('maybe', { type: 'boolean' })).toEqual({ error: 'answer yes or no' });
  });

  test('a list is split on commas, blanks dropped', () => {
    expect(parseAnswer('light, sensor,,  weather ', { type: 'array' })).toEqual({
      value: ['light', 'sensor', 'weather'],
    });
  });

  test('text is taken as typed, without the surrounding blanks', () => {
    expect(parseAnswer('  hub.local ', { type: 'string' })).toEqual({ value: 'hub.local' });
  });
});

/** A prompter that answers from a script and records what it was asked and told. */
function scripted(answers: readonly string[]) {
  const queue = [...answers];
  const asked: string[] = [];
  const said: string[] = [];
  const prompter: Prompter = {
    async ask(question) {
      asked.push(question);
      return queue.shift();
    },
    say: (line) => void said.push(line),
  };
  return { prompter, asked, said, left: () => queue.length };
}

describe('walkFlow against the example integrations', () => {
  let example: ExampleHub;
  let hub: Hub;
  beforeAll(async () => {
    example = await startExampleHub({ isolation: 'inline' });
    hub = example.hub;
  });
  afterAll(() => example?.cleanup());

  function stepsOf(domain: string, aborted: string[] = []): FlowSteps {
    return {
      start: () => hub.flows.start(domain),
      step: (flowId, input) => hub.flows.configure(flowId, input),
      abort: (flowId) => {
        aborted.push(flowId);
        return hub.flows.abort(flowId);
      },
    };
  }

  test('a form asks each field with its type, range and default, re-asking a bad answer', async () => {
    const { prompter, asked, said } = scripted(['', '0', '12', '2', 'Garage', 'Kitchen']);
    const answer = await walkFlow(stepsOf('demo_light'), prompter);
    expect(answer).toMatchObject({ type: 'create_entry', title: 'Demo' });
    expect(asked).toEqual([
      '  name (string) ["Demo"]: ',
      '  count (integer 1..10) [3]: ',
      '  count (integer 1..10) [3]: ',
      '  count (integer 1..10) [3]: ',
      '  area (string) ["Living Room"]: ',
      '  area (string) ["Living Room"]: ',
    ]);
    expect(said).toContain('    at least 1');
    expect(said).toContain('    at most 10');
    expect(said).toContain('    2) Kitchen');
    expect(said).toContain('    pick 1-4 or one of the names');
    const entry = hub.entries.get(answer.type === 'create_entry' ? answer.entryId! : '');
    expect(entry?.data).toEqual({ name: 'Demo', count: 2, area: 'Kitchen' });
  });

  test("a form shown again shows the step's errors; a menu is picked by number or id", async () => {
    const { prompter, asked, said, left } = scripted([
      'unreachable', // the connection form: cannot_connect
      '', // port: its default
      'hub.local', // shown again, host defaults to what was typed
      '',
      '9', // the menu: out of range
      'both',
      'wrong', // the token: invalid_auth
      'secret',
    ]);
    const answer = await walkFlow(stepsOf('demo_hub'), prompter);
    expect(answer).toMatchObject({ type: 'create_entry', title: 'Demo Hub (hub.local)' });
    expect(left()).toBe(0);
    expect(said).toContain('  ! base: cannot_connect');
    expect(asked).toContain('  host (string) ["unreachable"]: ');
    expect(said).toContain('-- menu "platforms"');
    expect(said).toEqual(expect.arrayContaining(['  1) Lights', '  2) Sensors', '  3) Both']));
    expect(said).toContain('  pick 1-3');
    expect(said).toContain('  ! token: invalid_auth');
    const entry = hub.entries.get(answer.type === 'create_entry' ? answer.entryId! : '');
    expect(entry?.data).toMatchObject({
      host: 'hub.local',
      port: 8080,
      platforms: ['light', 'sensor'],
      token: 'secret',
    });
  });

  test('a required field left blank is asked again', async () => {
    const { prompter, said } = scripted(['', 'hub.other', '', '1', 'secret']);
    const answer = await walkFlow(stepsOf('demo_hub'), prompter);
    expect(said).toContain('    host is required');
    expect(answer).toMatchObject({ type: 'create_entry', title: 'Demo Hub (hub.other)' });
  });

  test('a flow that aborts itself ends the walk with its abort answer', async () => {
    // hub.local is configured already: the hub aborts the duplicate after the connection form.
    const { prompter, left } = scripted(['hub.local', '', 'both', 'secret']);
    const answer = await walkFlow(stepsOf('demo_hub'), prompter);
    expect(answer).toMatchObject({ type: 'abort', reason: 'already_configured' });
    expect(left()).toBeGreaterThan(0);
  });

  test('input that ends mid-flow aborts the flow on the hub and throws InputEndedError', async () => {
    const aborted: string[] = [];
    const { prompter } = scripted(['Half']);
    const walking = walkFlow(stepsOf('demo_light', aborted), prompter);
    await expect(walking).rejects.toBeInstanceOf(InputEndedError);
    expect(aborted).toHaveLength(1);
    // The aborted flow cannot go on to create an entry.
    const next = await hub.flows.configure(aborted[0]!, {}).catch((error: { type?: string }) => error.type);
    expect(next === 'unknown_flow' || (typeof next === 'object' && next.type === 'abort')).toBe(true);
  });
});
