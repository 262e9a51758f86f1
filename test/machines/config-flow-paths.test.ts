/**
 * Config flow statechart paths the host relies on: what each actor is given, the
 * built-in actors' failures, results that are missing altogether, and the output.
 */
import { describe, expect, test } from 'vitest';
import { createActor, fromPromise, toPromise, waitFor } from 'xstate';
import { configFlowMachine } from '../../src/machines/config-flow.js';
import type { FlowResult } from '../../src/sdk/types.js';

const form = (stepId: string, uniqueId: string | null = null): FlowResult => ({
  type: 'form',
  flowId: 'f1',
  stepId,
  schema: null,
  errors: {},
  descriptionPlaceholders: {},
  lastStep: null,
  uniqueId,
});
const created: FlowResult = {
  type: 'create_entry',
  flowId: 'f1',
  title: 'T',
  data: { host: 'x' },
  options: {},
  version: 1,
  minorVersion: 1,
  uniqueId: null,
  subentries: [],
};

const start = (machine: typeof configFlowMachine) =>
  createActor(machine, { input: { flowId: 'f1', domain: 'demo' } }).start();
const rest = (actor: ReturnType<typeof start>) =>
  waitFor(actor, (s) => (['waiting', 'done', 'aborted'] as const).some((v) => s.matches(v)));

describe('config flow actors and their inputs', () => {
  test('init, step and finish get the flow id, the step its input, finish the result; output is result and entry', async () => {
    const inputs: Record<string, unknown[]> = { init: [], step: [], finish: [] };
    const machine = configFlowMachine.provide({
      actors: {
        init: fromPromise(async ({ input }) => {
          inputs.init!.push(input);
          return form('user');
        }),
        step: fromPromise(async ({ input }) => {
          inputs.step!.push(input);
          return created;
        }),
        finish: fromPromise(async ({ input }) => {
          inputs.finish!.push(input);
          return 'entry-9';
        }),
      },
    });
    const actor = start(machine);
    await rest(actor);
    actor.send({ type: 'step', input: { host: 'x' } });
    const output = await toPromise(actor);
    expect(inputs).toEqual({
      init: [{ flowId: 'f1' }],
      step: [{ flowId: 'f1', input: { host: 'x' } }],
      finish: [{ flowId: 'f1', result: created }],
    });
    expect(output).toStrictEqual({ result: created, entryId: 'entry-9' });
  });

  test('abortFlow is told which flow to abort', async () => {
    const aborted: unknown[] = [];
    const machine = configFlowMachine.provide({
      actors: {
        init: fromPromise(async () => form('user')),
        abortFlow: fromPromise(async ({ input }) => {
          aborted.push(input);
        }),
      },
    });
    const actor = start(machine);
    await rest(actor);
    actor.send({ type: 'abort' });
    const output = await toPromise(actor);
    expect(aborted).toEqual([{ flowId: 'f1' }]);
    expect(output.entryId).toBeNull();
    expect(output.result).toMatchObject({ type: 'abort', reason: 'user', flowId: 'f1' });
  });

  test('a flow starts with its id and domain and nothing else decided', () => {
    const machine = configFlowMachine.provide({
      actors: { init: fromPromise(() => new Promise<FlowResult>(() => {})) },
    });
    const actor = start(machine);
    expect(actor.getSnapshot().value).toBe('initializing');
    expect(actor.getSnapshot().context).toStrictEqual({
      flowId: 'f1',
      domain: 'demo',
      result: null,
      entryId: null,
      stepError: null,
      abortReason: null,
    });
    actor.stop();
  });

  test('a user abort keeps the unique id of the result on screen', async () => {
    const machine = configFlowMachine.provide({
      actors: { init: fromPromise(async () => form('user', 'dev-7')) },
    });
    const actor = start(machine);
    await rest(actor);
    actor.send({ type: 'abort' });
    const { result } = await toPromise(actor);
    expect(result).toMatchObject({ type: 'abort', reason: 'user', uniqueId: 'dev-7' });
  });
});

describe('config flow without provided actors', () => {
  test('the built-in init fails: the flow aborts as init_failed with an explanatory error and no unique id', async () => {
    const actor = start(configFlowMachine);
    const snapshot = await rest(actor);
    expect(snapshot.value).toBe('aborted');
    expect(snapshot.context.abortReason).toBe('init_failed');
    expect(snapshot.context.result).toStrictEqual({
      type: 'abort',
      flowId: 'f1',
      reason: 'init_failed',
      descriptionPlaceholders: {},
      uniqueId: null,
    });
    expect(snapshot.context.stepError).toBeInstanceOf(Error);
    expect(snapshot.context.stepError?.message).not.toBe('');
  });

  test('the built-in duplicate check lets a result through, and the built-in step fails with an explanation', async () => {
    const machine = configFlowMachine.provide({
      actors: { init: fromPromise(async () => form('user', 'dev-1')) },
    });
    const actor = start(machine);
    const waiting = await rest(actor);
    expect(waiting.value).toBe('waiting');
    expect(waiting.context.abortReason).toBeNull();
    actor.send({ type: 'step', input: {} });
    const after = await waitFor(actor, (s) => s.matches('waiting') && s.context.stepError !== null);
    expect(after.context.stepError).toBeInstanceOf(Error);
    expect(after.context.stepError?.message).not.toBe('');
    expect(after.context.result).toMatchObject({ type: 'form', stepId: 'user' });
    actor.stop();
  });

  test('the built-in finish fails: the flow aborts as create_failed with an explanatory error', async () => {
    const machine = configFlowMachine.provide({
      actors: { init: fromPromise(async (): Promise<FlowResult> => created) },
    });
    const actor = start(machine);
    const snapshot = await rest(actor);
    expect(snapshot.value).toBe('aborted');
    expect(snapshot.context.abortReason).toBe('create_failed');
    expect(snapshot.context.entryId).toBeNull();
    expect(snapshot.context.stepError?.message).not.toBe('');
  });
});

describe('config flow with a missing result', () => {
  test('an init that resolves with nothing leaves the flow waiting, and an abort then has no unique id', async () => {
    const machine = configFlowMachine.provide({
      actors: { init: fromPromise(async () => undefined as unknown as FlowResult) },
    });
    const actor = start(machine);
    const snapshot = await rest(actor);
    expect(snapshot.status).toBe('active');
    expect(snapshot.value).toBe('waiting');
    actor.send({ type: 'abort' });
    const { result } = await toPromise(actor);
    expect(result).toMatchObject({ type: 'abort', reason: 'user', uniqueId: null });
  });
});
