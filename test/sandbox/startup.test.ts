import { describe, expect, test } from 'vitest';
import { Msg, PROTOCOL_VERSION } from '../../src/wire/protocol.js';
import { within } from '../support/async.js';
import { startSandbox } from './harness.js';

describe('sandbox start-up', () => {
  test('ready is the last frame of start-up, after the restore-state warm-load', async () => {
    const harness = await startSandbox();
    expect(harness.sent.map((frame) => frame.type)).toEqual(['store_load', 'ready']);
    expect(harness.of('store_load')).toEqual([expect.objectContaining({ key: 'core.restore_state' })]);
    expect(await harness.ready).toMatchObject({ group: 'test', protocolVersion: PROTOCOL_VERSION });
  });

  test('ready waits for the warm-load to be answered, however slow the host is', async () => {
    let answered = false;
    let answeredAtReady: boolean | undefined;
    await startSandbox({
      configure: (harness) =>
        harness.host.register('store_load', async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          answered = true;
          return { found: false };
        }),
      onReady: () => {
        answeredAtReady = answered;
      },
    });
    expect(answeredAtReady).toBe(true);
  });

  test('a call the host sends the moment ready arrives is answered', async () => {
    let answered: Promise<unknown> | undefined;
    await startSandbox({
      // Sent from inside the ready push handler: every inbound handler must exist by now.
      onReady: (harness) => {
        answered = harness.host.call(Msg.EntryUnload, { entryId: 'nothing-here' });
      },
    });
    await expect(within(2_000, answered!, 'entry_unload')).resolves.toMatchObject({ unloaded: true });
  });

  test('a host that serves no store still gets ready, with nothing restored', async () => {
    const harness = await startSandbox({
      configure: (h) => h.host.register('store_load', () => Promise.reject(new Error('no store here'))),
    });
    expect(harness.sent.at(-1)?.type).toBe('ready');
    expect(harness.logs).toEqual([
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('no store here') }),
    ]);
  });

  test('the runtime exits when the host closes its end of the channel', async () => {
    const harness = await startSandbox();
    await harness.host.close();
    expect(await within(2_000, harness.exited, 'exit')).toBe(0);
  });

  test('shutdown is answered, then the runtime drains and exits with code 0', async () => {
    const harness = await startSandbox();
    const reply = await harness.host.call(Msg.Shutdown, { reason: 'test' });
    expect(reply.restoreState.length).toBeGreaterThan(0);
    expect(await within(2_000, harness.exited, 'exit')).toBe(0);
  });
});
