import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { IntegrationNotRespondingError, SandboxExitedError } from '../../src/errors.js';
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
const created = (uniqueId: string | null = null): FlowResult => ({
  type: 'create_entry',
  flowId: 'f1',
  title: 'T',
  data: {},
  options: {},
  version: 1,
  minorVersion: 1,
  uniqueId,
  subentries: [],
});

function flow(results: FlowResult[], options: { duplicate?: string } = {}) {
  const log: string[] = [];
  let next = 0;
  const machine = configFlowMachine.provide({
    actors: {
      init: fromPromise(async () => results[next++]!),
      step: fromPromise(async () => {
        const result = results[next++];
        if (!result) throw new Error('step failed');
        return result;
      }),
      abortFlow: fromPromise(async () => {
        log.push('abortFlow');
      }),
      finish: fromPromise(async () => {
        log.push('finish');
        return 'entry-1';
      }),
    },
    guards: {
      isDuplicate: ({ context }) => !!options.duplicate && context.result?.uniqueId === options.duplicate,
    },
  });
  const actor = createActor(machine, { input: { flowId: 'f1', domain: 'demo' } }).start();
  const rest = () =>
    waitFor(actor, (s) => (['waiting', 'done', 'aborted'] as const).some((v) => s.matches(v)));
  return { actor, log, rest };
}

describe('config flow on the host', () => {
  it('waits on a form, steps, and finishes by creating the entry', async () => {
    const { actor, log, rest } = flow([form('user'), created()]);
    expect((await rest()).value).toBe('waiting');
    actor.send({ type: 'step', input: { host: 'x' } });
    const done = await rest();
    expect(done.value).toBe('done');
    expect(done.context.entryId).toBe('entry-1');
    expect(log).toEqual(['finish']);
  });

  it('aborts with already_configured and aborts the flow behind it when the unique id is taken', async () => {
    const { actor, log, rest } = flow([form('user'), form('confirm', 'dev-1')], { duplicate: 'dev-1' });
    await rest();
    actor.send({ type: 'step', input: {} });
    const snapshot = await rest();
    expect(snapshot.value).toBe('aborted');
    expect(snapshot.context.result).toMatchObject({
      type: 'abort',
      reason: 'already_configured',
      uniqueId: 'dev-1',
    });
    expect(log).toEqual(['abortFlow']);
  });

  it('aborts an unsupported result type on the host and behind it', async () => {
    const external = { ...form('user'), type: 'external_step' } as unknown as FlowResult;
    const { log, rest } = flow([external]);
    const snapshot = await rest();
    expect(snapshot.value).toBe('aborted');
    expect(snapshot.context.result).toMatchObject({ type: 'abort', reason: 'unsupported_result' });
    expect(log).toEqual(['abortFlow']);
  });

  it('keeps the flow on its step when a step fails, with the error for the caller', async () => {
    const { actor, rest } = flow([form('user')]);
    await rest();
    actor.send({ type: 'step', input: {} });
    const snapshot = await rest();
    expect(snapshot.value).toBe('waiting');
    expect(snapshot.context.stepError?.message).toBe('step failed');
    expect(snapshot.context.result).toMatchObject({ type: 'form', stepId: 'user' });
  });

  it('ends without aborting behind it when the flow itself aborted', async () => {
    const aborted: FlowResult = {
      type: 'abort',
      flowId: 'f1',
      reason: 'no_devices',
      descriptionPlaceholders: {},
      uniqueId: null,
    };
    const { log, rest } = flow([aborted]);
    expect((await rest()).value).toBe('aborted');
    expect(log).toEqual([]);
  });

  it('aborts behind it when the user aborts', async () => {
    const { actor, log, rest } = flow([form('user')]);
    await rest();
    actor.send({ type: 'abort' });
    const snapshot = await rest();
    expect(snapshot.context.result).toMatchObject({ type: 'abort', reason: 'user' });
    expect(log).toEqual(['abortFlow']);
  });

  it('an init the integration does not answer aborts as not_responding and tells the user why', async () => {
    const machine = configFlowMachine.provide({
      actors: {
        init: fromPromise<FlowResult, { flowId: string }>(async () => {
          throw new IntegrationNotRespondingError('custom', 'flow_init', 8_000);
        }),
      },
    });
    const actor = createActor(machine, { input: { flowId: 'f1', domain: 'demo' } }).start();
    const snapshot = await waitFor(actor, (s) => s.status === 'done');
    expect(snapshot.context.result).toMatchObject({
      type: 'abort',
      reason: 'not_responding',
      descriptionPlaceholders: { error: expect.stringContaining('the integration is not responding') },
    });
  });

  it('a step the integration does not answer aborts the flow instead of waiting on a flow the sandbox dropped', async () => {
    const log: string[] = [];
    const machine = configFlowMachine.provide({
      actors: {
        init: fromPromise(async () => form('user')),
        step: fromPromise<FlowResult, { flowId: string; input: Record<string, unknown> | undefined }>(
          async () => {
            throw new IntegrationNotRespondingError('custom', 'flow_step', 8_000);
          },
        ),
        abortFlow: fromPromise(async () => {
          log.push('abortFlow');
        }),
      },
    });
    const actor = createActor(machine, { input: { flowId: 'f1', domain: 'demo' } }).start();
    await waitFor(actor, (s) => s.matches('waiting'));
    actor.send({ type: 'step', input: {} });
    const snapshot = await waitFor(actor, (s) => s.status === 'done');
    expect(snapshot.value).toBe('aborted');
    expect(snapshot.context.result).toMatchObject({ type: 'abort', reason: 'not_responding' });
    expect(snapshot.context.stepError?.message).toMatch(
      /the integration is not responding.*flow_step within 8 s/,
    );
    expect(log).toEqual(['abortFlow']);
  });

  it('an init whose sandbox died aborts as sandbox_exited and says how it died', async () => {
    const machine = configFlowMachine.provide({
      actors: {
        init: fromPromise<FlowResult, { flowId: string }>(async () => {
          throw new SandboxExitedError('custom', 'flow_init', 'exited with code 1');
        }),
      },
    });
    const actor = createActor(machine, { input: { flowId: 'f1', domain: 'demo' } }).start();
    const snapshot = await waitFor(actor, (s) => s.status === 'done');
    expect(snapshot.context.result).toMatchObject({
      type: 'abort',
      reason: 'sandbox_exited',
      descriptionPlaceholders: {
        error: `the integration's sandbox "custom" exited with code 1 during flow_init`,
      },
    });
  });
});
